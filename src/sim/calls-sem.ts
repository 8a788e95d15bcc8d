// Marshalling of semget, semop, semtimedop and semctl to the wasm kernel (assembly/sys_sem.ts):
// sops go into the transfer buffer as packed struct sembuf; semctl's data goes in and out of it
// in the layouts sys_semctl documents. A semop that sleeps is called again when it is woken: the
// kernel kept the operation, so the arguments are simply passed again.
import { constants as C } from '../api/constants.js';
import {
  packSops, readSemidDs, readSemInfo, semctlArg, timespecOf, writeSemidSet, SEMBUF_SIZE, SEMID_DS_SIZE,
  SEMINFO_SIZE, type SemSet,
} from '../api/sem.js';
import type { Sembuf } from '../api/types.js';
import type { SemSetSnapshot } from '../api/snapshot.js';
import { n, type Call } from './marshal.js';
import type { Simulation } from './simulation.js';

/** The kernel's exports for semaphores (assembly/sys_sem.ts). */
export interface SemExports {
  sys_semget(pid: number, sysno: number, key: number, nsems: number, semflg: number): number;
  sys_semop(pid: number, sysno: number, semid: number, nsops: number): number;
  sys_semtimedop(pid: number, sysno: number, semid: number, nsops: number, sec: number, nsec: number): number;
  sys_semctl(pid: number, sysno: number, semid: number, semnum: number, cmd: number, arg: number): number;
  sem_blocked_on(pid: number): number;
  sems_snapshot(): number;
  sem_check(): void;
  sem_undo_records(): number;
}

export function semKernel(sim: Simulation): SemExports {
  return sim.k as unknown as SemExports;
}

function view(sim: Simulation, length = sim.xferSize): DataView {
  return new DataView(sim.mem().buffer, sim.xfer, length);
}

/** Puts the sops into xfer (unless they cannot fit: the kernel refuses them before reading). */
function putSops(sim: Simulation, sops: Sembuf[]): number {
  if (sops.length * SEMBUF_SIZE <= sim.xferSize) {
    packSops(sops, sim.view(), sim.xfer);
  }
  return Math.min(sops.length, 0x7fffffff);
}

export const SEM_CALLS: Record<string, Call> = {
  semget: {
    run: (sim, hp, op) => semKernel(sim).sys_semget(hp.pid, n('semget'), op.args[0], op.args[1], op.args[2]),
  },
  semop: {
    run: (sim, hp, op) => semKernel(sim).sys_semop(hp.pid, n('semop'), op.args[0], putSops(sim, op.args[1])),
    value: () => undefined,
  },
  semtimedop: {
    run(sim, hp, op) {
      const k = semKernel(sim);
      const nsops = putSops(sim, op.args[1]);
      if (op.args[2] === null) return k.sys_semop(hp.pid, n('semtimedop'), op.args[0], nsops);
      const ts = timespecOf(op.args[2], 'semtimedop');
      return k.sys_semtimedop(hp.pid, n('semtimedop'), op.args[0], nsops, ts.sec, ts.nsec);
    },
    value: () => undefined,
  },
  semctl: {
    run(sim, hp, op) {
      const [semid, semnum, cmd] = op.args as number[];
      const arg = semctlArg(cmd, op.args[3]);
      let a = 0;
      if (cmd === C.SETVAL) {
        a = arg as number;
      } else if (cmd === C.SETALL) {
        const values = arg as number[];
        const count = Math.min(values.length, Math.floor(sim.xferSize / 2));
        const dv = view(sim);
        for (let i = 0; i < count; i++) dv.setUint16(2 * i, values[i], true);
        a = count;
      } else if (cmd === C.IPC_SET) {
        const dv = view(sim, SEMID_DS_SIZE + 4);
        dv.setInt32(SEMID_DS_SIZE, writeSemidSet(dv, 0, arg as SemSet), true);
      }
      return semKernel(sim).sys_semctl(hp.pid, n('semctl'), semid, semnum, cmd, a);
    },
    value(sim, _hp, op, raw) {
      switch (op.args[2]) {
        case C.GETVAL: case C.GETPID: case C.GETNCNT: case C.GETZCNT: return raw;
        case C.GETALL: {
          const dv = view(sim);
          return Array.from({ length: dv.getInt32(0, true) }, (_, i) => dv.getUint16(4 + 2 * i, true));
        }
        case C.IPC_STAT: return readSemidDs(view(sim, SEMID_DS_SIZE));
        // SEM_STAT and SEM_STAT_ANY also give the set's id (their return value).
        case C.SEM_STAT: case C.SEM_STAT_ANY: return { ...readSemidDs(view(sim, SEMID_DS_SIZE)), semid: raw };
        // IPC_INFO and SEM_INFO also give the highest index in use (their return value).
        case C.IPC_INFO: case C.SEM_INFO: return { ...readSemInfo(view(sim, SEMINFO_SIZE)), max_idx: raw };
        default: return undefined;
      }
    },
  },
};

/** The semaphore sets for a KernelSnapshot (sems_snapshot's layout). */
export function semSetsSnapshot(sim: Simulation): SemSetSnapshot[] {
  const count = semKernel(sim).sems_snapshot();
  const dv = view(sim);
  let at = 0;
  const i32 = () => {
    const v = dv.getInt32(at, true);
    at += 4;
    return v;
  };
  const sets: SemSetSnapshot[] = [];
  for (let s = 0; s < count; s++) {
    const set: SemSetSnapshot = {
      id: i32(), key: i32(), mode: i32(), values: [], semncnt: [], semzcnt: [], sempid: [], sleepers: [],
    };
    const nsems = i32();
    for (let i = 0; i < nsems; i++) {
      set.values.push(i32());
      set.semncnt.push(i32());
      set.semzcnt.push(i32());
      set.sempid.push(i32());
    }
    const sleepers = i32();
    for (let j = 0; j < sleepers; j++) {
      const pid = i32();
      const nsops = i32();
      const sops = Array.from({ length: nsops }, () => ({ sem_num: i32(), sem_op: i32(), sem_flg: i32() }));
      set.sleepers.push({ pid, sops });
    }
    sets.push(set);
  }
  return sets;
}
