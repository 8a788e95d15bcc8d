// The Sys a simulated process receives: SysBase's checks, then the simulator's scheduler.
import { SysBase } from '../api/sys-base.js';
import { SysError } from '../api/errors.js';
import type { Mapping } from '../api/types.js';
import type { Simulation } from './simulation.js';

export class SimSys extends SysBase {
  readonly pid: number;
  private readonly sim: Simulation;

  constructor(sim: Simulation, pid: number) {
    super();
    this.sim = sim;
    this.pid = pid;
  }

  protected call(name: string, args: unknown[]): Promise<any> {
    return this.sim.syscall(this.sim.procs.get(this.pid)!, name, args);
  }

  mappingAt(_addr: number): Mapping {
    throw new SysError(14, 'mappingAt'); // EFAULT: no mappings until the memory issue lands
  }
}
