// The Sys a simulated process receives: SysBase's checks, then the simulator's scheduler.
import { SysBase } from '../api/sys-base.js';
import { SysError } from '../api/errors.js';
import type { Mapping } from '../api/types.js';
import type { HostProc, Simulation } from './simulation.js';
import { simMappingAt } from './mapping.js';
import { checkInt } from '../api/errors.js';

export class SimSys extends SysBase {
  readonly pid: number;
  private readonly sim: Simulation;

  constructor(sim: Simulation, pid: number) {
    super();
    this.sim = sim;
    this.pid = pid;
  }

  private hp: HostProc | undefined; // this process, found once

  protected call(name: string, args: unknown[]): Promise<any> {
    return this.sim.syscall(this.hp ?? (this.hp = this.sim.procs.get(this.pid)!), name, args);
  }

  mappingAt(addr: number): Mapping {
    checkInt(addr, 'addr', 'mappingAt');
    const m = simMappingAt(this.sim, this.pid, addr);
    if (!m) throw new SysError(14, 'mappingAt'); // EFAULT: nothing is mapped there
    return m;
  }
}
