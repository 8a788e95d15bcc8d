// The shared memory segments of a KernelSnapshot, from the kernel's shm_snapshot (see
// assembly/sys_shm.ts for the layout): each segment with the pids that map each of its pages.
import type { ShmSnapshot } from '../api/snapshot.js';
import { mmKernel } from './mapping.js';
import type { Simulation } from './simulation.js';

const SHM_DEST = 0o1000;

export function shmSegmentsSnapshot(sim: Simulation): ShmSnapshot[] {
  const count = mmKernel(sim).shm_snapshot();
  const dv = new DataView(sim.mem().buffer, sim.xfer);
  const out: ShmSnapshot[] = [];
  let at = 0;
  const next = (): number => {
    const v = dv.getInt32(at, true);
    at += 4;
    return v;
  };
  for (let i = 0; i < count; i++) {
    const id = next();
    const key = next();
    const mode = next();
    const size = next();
    const nattch = next();
    const npages = next();
    const pages: number[][] = [];
    for (let p = 0; p < npages; p++) {
      const n = next();
      const pids: number[] = [];
      for (let j = 0; j < n; j++) pids.push(next());
      pages.push(pids);
    }
    out.push({ id, key, mode: mode & 0o777, size, nattch, dest: (mode & SHM_DEST) !== 0, pages });
  }
  return out;
}
