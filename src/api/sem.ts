// What both backends do alike for semop, semtimedop and semctl: pack the sops as struct sembuf,
// turn a timeout in milliseconds into a timespec, check semctl's 4th argument (union semun) for
// the command, and read and write struct semid_ds and struct seminfo as x86_64 Linux lays them
// out (shared/linux-ipc-facts.md section 10): the simulator's kernel uses the same layouts in its
// transfer buffer. A C caller's values are truncated the way C truncates them.
import { readIpcPerm } from './ipc-perm.js';
import { constants as C } from './constants.js';
import { checkInt } from './errors.js';
import type { IpcPerm, Sembuf, SemidDs, SemInfo } from './types.js';

export const SEMID_DS_SIZE = 104;
export const SEMINFO_SIZE = 40;
// IPC_SET: which fields the caller gave (the kernel keeps the others), stored after semid_ds.
export const SET_UID = 1;
export const SET_GID = 2;
export const SET_MODE = 4;
export const SET_NOBUF = 1 << 30;

/** sizeof(struct sembuf) on x86_64: u16 sem_num, i16 sem_op, i16 sem_flg. */
export const SEMBUF_SIZE = 6;

/** Packs sops into `view` at `offset` as an array of struct sembuf. */
export function packSops(sops: readonly Sembuf[], view: DataView, offset = 0): void {
  for (let i = 0; i < sops.length; i++) {
    const at = offset + i * SEMBUF_SIZE;
    view.setUint16(at, sops[i].sem_num, true);
    view.setInt16(at + 2, sops[i].sem_op, true);
    view.setInt16(at + 4, sops[i].sem_flg ?? 0, true);
  }
}

/** A relative timeout in ms as struct timespec { tv_sec, tv_nsec } (a negative one stays so). */
export function timespecOf(ms: number, syscall: string): { sec: number; nsec: number } {
  if (!Number.isFinite(ms)) throw new TypeError(`${syscall}: argument 'timeoutMs' must be a finite number, got ${ms}`);
  const sec = Math.floor(ms / 1000);
  const nsec = Math.round((ms - sec * 1000) * 1e6);
  return nsec >= 1e9 ? { sec: sec + 1, nsec: nsec - 1e9 } : { sec, nsec };
}

/** IPC_SET's changes: which of uid, gid and mode the caller gave; null: no buffer at all. */
export type SemSet = { uid?: number; gid?: number; mode?: number } | null;

/**
 * semctl's 4th argument for `cmd`, checked: SETVAL's value (an int), SETALL's values (unsigned
 * shorts), IPC_SET's fields (from `sem_perm`); for every other command it is ignored.
 */
export function semctlArg(cmd: number, arg: unknown): number | number[] | SemSet | undefined {
  switch (cmd) {
    case C.SETVAL:
      return checkInt(arg, 'arg', 'semctl') | 0;
    case C.SETALL: {
      if (!Array.isArray(arg)) throw new TypeError("semctl: argument 'arg' must be an array of values for SETALL");
      return arg.map((v, i) => checkInt(v, `arg[${i}]`, 'semctl') & 0xffff);
    }
    case C.IPC_SET: {
      if (arg === null || arg === undefined) return null; // a NULL buf: EFAULT, as in C
      if (typeof arg !== 'object') {
        throw new TypeError("semctl: argument 'arg' must be a SemidDs (or the fields to change) for IPC_SET");
      }
      const perm = ((arg as Partial<SemidDs>).sem_perm ?? {}) as Partial<IpcPerm>;
      const out: NonNullable<SemSet> = {};
      for (const f of ['uid', 'gid', 'mode'] as const) {
        if (perm[f] !== undefined) out[f] = checkInt(perm[f], `arg.sem_perm.${f}`, 'semctl') >>> 0;
      }
      return out;
    }
    default:
      return undefined;
  }
}

export function readSemidDs(dv: DataView, at = 0): SemidDs {
  return {
    sem_perm: readIpcPerm(dv, at),
    sem_otime: Number(dv.getBigInt64(at + 48, true)),
    sem_ctime: Number(dv.getBigInt64(at + 64, true)),
    sem_nsems: Number(dv.getBigUint64(at + 80, true)),
  };
}

const SEMINFO_FIELDS = ['semmap', 'semmni', 'semmns', 'semmnu', 'semmsl', 'semopm', 'semume', 'semusz',
  'semvmx', 'semaem'] as const;

export function readSemInfo(dv: DataView, at = 0): SemInfo {
  const out = {} as SemInfo;
  SEMINFO_FIELDS.forEach((f, i) => (out[f] = dv.getInt32(at + 4 * i, true)));
  return out;
}

/**
 * Writes IPC_SET's fields into a zeroed semid_ds at `at`; returns the SET_* mask of those given
 * (SET_NOBUF for no buffer).
 */
export function writeSemidSet(dv: DataView, at: number, set: SemSet): number {
  for (let i = 0; i < SEMID_DS_SIZE; i++) dv.setUint8(at + i, 0);
  if (set === null) return SET_NOBUF;
  let mask = 0;
  if (set.uid !== undefined) { dv.setUint32(at + 4, set.uid, true); mask |= SET_UID; }
  if (set.gid !== undefined) { dv.setUint32(at + 8, set.gid, true); mask |= SET_GID; }
  if (set.mode !== undefined) { dv.setUint32(at + 20, set.mode, true); mask |= SET_MODE; }
  return mask;
}

/** Fills the fields a partial IPC_SET left out from `cur`, the set's semid_ds (SEM_STAT_ANY). */
export function mergeSemidSet(dv: DataView, at: number, mask: number, cur: DataView): void {
  if (!(mask & SET_UID)) dv.setUint32(at + 4, cur.getUint32(4, true), true);
  if (!(mask & SET_GID)) dv.setUint32(at + 8, cur.getUint32(8, true), true);
  if (!(mask & SET_MODE)) dv.setUint32(at + 20, cur.getUint32(20, true), true);
}
