// Marshalling of System V shared memory, mmap and POSIX shm calls (assembly/sys_shm.ts,
// assembly/sys_mm.ts). Addresses and *_ds structs come back through the transfer buffer as f64s.
import { constants as C } from '../api/constants.js';
import type { IpcPerm, ShmidDs, ShmInfo, ShmInfoLimits } from '../api/types.js';
import { n, pathCall, type Call } from './marshal.js';
import { mmKernel, SimMapping } from './mapping.js';
import type { Simulation } from './simulation.js';

function f64s(sim: Simulation, count: number): Float64Array {
  return new Float64Array(sim.mem().buffer.slice(sim.xfer, sim.xfer + count * 8));
}

function readShmidDs(v: Float64Array): ShmidDs {
  const shm_perm: IpcPerm = {
    __key: v[0], uid: v[1], gid: v[2], cuid: v[3], cgid: v[4], mode: v[5], __seq: v[6],
  };
  return {
    shm_perm, shm_segsz: v[7], shm_atime: v[8], shm_dtime: v[9], shm_ctime: v[10],
    shm_cpid: v[11], shm_lpid: v[12], shm_nattch: v[13],
  };
}

/** IPC_SET's fields: which are given (bits 1 uid, 2 gid, 4 mode) and their values. */
function setArgs(buf: Partial<ShmidDs> | undefined): [number, number, number, number] {
  const perm: Partial<IpcPerm> = buf?.shm_perm ?? {};
  let mask = 0;
  if (perm.uid !== undefined) mask |= 1;
  if (perm.gid !== undefined) mask |= 2;
  if (perm.mode !== undefined) mask |= 4;
  return [mask, perm.uid ?? 0, perm.gid ?? 0, perm.mode ?? 0];
}

function addressOf(v: unknown): number {
  return v === null || v === undefined ? 0 : (v as number);
}

export const SHM_CALLS: Record<string, Call> = {
  shmget: {
    run: (sim, hp, op) => mmKernel(sim).sys_shmget(hp.pid, n('shmget'), op.args[0], op.args[1], op.args[2]),
  },
  shmat: {
    run: (sim, hp, op) => mmKernel(sim).sys_shmat(hp.pid, n('shmat'), op.args[0], addressOf(op.args[1]), op.args[2]),
    value(sim, hp) {
      const v = f64s(sim, 2);
      return new SimMapping(sim, hp.pid, v[0], v[1]);
    },
  },
  shmdt: { run: (sim, hp, op) => mmKernel(sim).sys_shmdt(hp.pid, n('shmdt'), op.args[0]), value: () => undefined },
  shmctl: {
    run(sim, hp, op) {
      const [mask, uid, gid, mode] = op.args[1] === C.IPC_SET ? setArgs(op.args[2]) : [0, 0, 0, 0];
      return mmKernel(sim).sys_shmctl(hp.pid, n('shmctl'), op.args[0], op.args[1], mask, uid, gid, mode);
    },
    value(sim, _hp, op, raw) {
      switch (op.args[1]) {
        case C.IPC_STAT: return readShmidDs(f64s(sim, 14));
        // SHM_STAT and SHM_STAT_ANY also give the segment's id (their return value).
        case C.SHM_STAT: case C.SHM_STAT_ANY: return { ...readShmidDs(f64s(sim, 14)), shmid: raw };
        case C.IPC_INFO: {
          const v = f64s(sim, 5);
          const info: ShmInfoLimits = { shmmax: v[0], shmmin: v[1], shmmni: v[2], shmseg: v[3], shmall: v[4] };
          return { ...info, max_idx: raw };
        }
        case C.SHM_INFO: {
          const v = f64s(sim, 6);
          const info: ShmInfo = {
            used_ids: v[0], shm_tot: v[1], shm_rss: v[2], shm_swp: v[3], swap_attempts: v[4], swap_successes: v[5],
          };
          return { ...info, max_idx: raw };
        }
        default: return undefined;
      }
    },
  },

  mmap: {
    run(sim, hp, op) {
      const [length, prot, flags, fd, offset, addr] = op.args;
      return mmKernel(sim).sys_mmap(hp.pid, n('mmap'), addressOf(addr), length, prot, flags, fd, offset);
    },
    value: (sim, hp, op) => new SimMapping(sim, hp.pid, f64s(sim, 1)[0], op.args[0]),
  },
  munmap: {
    run: (sim, hp, op) => mmKernel(sim).sys_munmap(hp.pid, n('munmap'), op.args[0], op.args[1]),
    value: () => undefined,
  },
  mprotect: {
    run: (sim, hp, op) => mmKernel(sim).sys_mprotect(hp.pid, n('mprotect'), op.args[0], op.args[1], op.args[2]),
    value: () => undefined,
  },
  msync: {
    run: (sim, hp, op) => mmKernel(sim).sys_msync(hp.pid, n('msync'), op.args[0], op.args[2], op.args[1]),
    value: () => undefined,
  },
  shm_open: pathCall((k, pid, len, op) => (k as unknown as ReturnType<typeof mmKernel>)
    .sys_shm_open(pid, n('shm_open'), len, op.args[1], op.args[2])),
  shm_unlink: {
    ...pathCall((k, pid, len) => (k as unknown as ReturnType<typeof mmKernel>).sys_shm_unlink(pid, n('shm_unlink'), len)),
    value: () => undefined,
  },
};
