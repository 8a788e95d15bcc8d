// System V semaphores on the real kernel: semget, semop, semtimedop and semctl through libc, with
// struct sembuf, semid_ds and seminfo in x86_64 layouts (src/api/sem.ts). semctl's 4th argument,
// union semun, is passed by value: a pointer, or SETVAL's int. A semop that must wait blocks this
// process's only thread, as it would block a C process.
import { constants as C } from '../api/constants.js';
import { ERRNO } from '../api/errno.js';
import { SysError } from '../api/errors.js';
import {
  mergeSemidSet, packSops, readSemidDs, readSemInfo, semctlArg, timespecOf, writeSemidSet,
  SEMBUF_SIZE, SEMID_DS_SIZE, SEMINFO_SIZE, SET_GID, SET_MODE, SET_NOBUF, SET_UID, type SemSet,
} from '../api/sem.js';
import type { Sembuf } from '../api/types.js';
import { errno, libc } from './libc.js';

const IPCMNI_MASK = 0x7fff;
const ARRAY_MAX = 1 << 16; // GETALL/SETALL buffer, in unsigned shorts: past any sem_nsems we make
const UNSET = 0xffff; // never a semaphore value (SEMVMX is 32767): marks GETALL's unwritten tail

const stat = new Uint8Array(SEMID_DS_SIZE);
const info = new Uint8Array(SEMINFO_SIZE);
const array = new Uint16Array(ARRAY_MAX);

function fail(name: string, err = errno()): never {
  throw new SysError(err, name);
}

/**
 * semget. `created` is told of a set this call made, so that the run removes it at its end; a set
 * that existed before is never recorded. With IPC_CREAT alone, whether this call creates the set
 * is learnt by asking with IPC_EXCL first (the same checks in the same order when the key is
 * free; EEXIST when it is not, and then the plain call).
 */
export function semget(key: number, nsems: number, flg: number, created: (id: number, key: number) => void): number {
  const lib = libc();
  const creating = key === C.IPC_PRIVATE || (flg & C.IPC_CREAT) !== 0;
  if (creating && key !== C.IPC_PRIVATE && (flg & C.IPC_EXCL) === 0) {
    const id = lib.semget(key, nsems, flg | C.IPC_EXCL);
    if (id >= 0) {
      created(id, key);
      return id;
    }
    if (errno() !== ERRNO.EEXIST) fail('semget');
    const old = lib.semget(key, nsems, flg);
    return old < 0 ? fail('semget') : old;
  }
  const id = lib.semget(key, nsems, flg);
  if (id < 0) fail('semget');
  if (creating) created(id, key);
  return id;
}

function sopsBuffer(sops: Sembuf[]): Uint8Array {
  const buf = new Uint8Array(Math.max(1, sops.length * SEMBUF_SIZE));
  packSops(sops, new DataView(buf.buffer));
  return buf;
}

export function semop(semid: number, sops: Sembuf[]): void {
  if (libc().semop(semid, sopsBuffer(sops), sops.length) < 0) fail('semop');
}

export function semtimedop(semid: number, sops: Sembuf[], timeoutMs: number | null): void {
  let ts: Uint8Array | null = null;
  if (timeoutMs !== null) {
    const { sec, nsec } = timespecOf(timeoutMs, 'semtimedop');
    ts = new Uint8Array(16); // struct timespec: tv_sec, tv_nsec (longs)
    const dv = new DataView(ts.buffer);
    dv.setBigInt64(0, BigInt(sec), true);
    dv.setBigInt64(8, BigInt(nsec), true);
  }
  if (libc().semtimedop(semid, sopsBuffer(sops), sops.length, ts) < 0) fail('semtimedop');
}

export function semctl(semid: number, semnum: number, cmd: number, rawArg: unknown): unknown {
  const lib = libc();
  const arg = semctlArg(cmd, rawArg);
  const check = (r: number): number => (r < 0 ? fail('semctl') : r);
  switch (cmd) {
    case C.SETVAL:
      check(lib.semctlInt(semid, semnum, cmd, arg as number));
      return undefined;
    case C.GETALL: {
      array.fill(UNSET);
      check(lib.semctl(semid, semnum, cmd, new Uint8Array(array.buffer)));
      const n = array.indexOf(UNSET);
      return Array.from(array.subarray(0, n < 0 ? ARRAY_MAX : n));
    }
    case C.SETALL: {
      const values = arg as number[];
      array.fill(0); // values not given are 0, as on the simulator
      array.set(values.slice(0, ARRAY_MAX));
      check(lib.semctl(semid, semnum, cmd, new Uint8Array(array.buffer)));
      return undefined;
    }
    case C.IPC_STAT: case C.SEM_STAT: case C.SEM_STAT_ANY: {
      const r = check(lib.semctl(semid, semnum, cmd, stat));
      const ds = readSemidDs(new DataView(stat.buffer));
      return cmd === C.IPC_STAT ? ds : { ...ds, semid: r };
    }
    case C.IPC_INFO: case C.SEM_INFO: {
      const r = check(lib.semctl(semid, semnum, cmd, info));
      return { ...readSemInfo(new DataView(info.buffer)), max_idx: r };
    }
    case C.IPC_SET: {
      const dv = new DataView(stat.buffer);
      const mask = writeSemidSet(dv, 0, arg as SemSet);
      if (mask === SET_NOBUF) {
        check(lib.semctl(semid, semnum, cmd, null));
        return undefined;
      }
      if ((mask & (SET_UID | SET_GID | SET_MODE)) !== (SET_UID | SET_GID | SET_MODE)) keepCurrent(semid, dv, mask);
      check(lib.semctl(semid, semnum, cmd, stat));
      return undefined;
    }
    default: {
      const r = check(lib.semctl(semid, semnum, cmd, null));
      return cmd === C.IPC_RMID ? undefined : r;
    }
  }
}

/**
 * A partial IPC_SET keeps the other fields: they are read with SEM_STAT_ANY, which needs no
 * permission (IPC_SET needs none either). If the id names no set, nothing is merged and the
 * kernel's IPC_SET reports the error.
 */
function keepCurrent(semid: number, dv: DataView, mask: number): void {
  if (semid < 0) return;
  const cur = new Uint8Array(SEMID_DS_SIZE);
  if (libc().semctl(semid & IPCMNI_MASK, 0, C.SEM_STAT_ANY, cur) !== semid) return;
  mergeSemidSet(dv, 0, mask, new DataView(cur.buffer));
}
