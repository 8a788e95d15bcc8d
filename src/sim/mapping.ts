// Mappings in the simulator: a Mapping reads and writes the kernel's page frames directly. Each
// access asks the kernel's MMU (mm_translate) for the frame of an address, which faults the page
// in as Linux would (a write allocates or breaks copy-on-write), and copies straight into or out of
// wasm linear memory, as many adjacent frames at a time as the kernel reports. An access the
// kernel refuses kills the process with SIGSEGV or SIGBUS, as the default action does natively.
import type { Mapping } from '../api/types.js';
import { checkInt32, checkLength, checkOffset, mappingData, mappingJSON } from '../api/mapping.js';
import { signalName } from '../api/constants.js';
import type { Simulation } from './simulation.js';

/** The kernel exports of page-mapped memory (assembly/sys_shm.ts, assembly/sys_mm.ts). */
export interface MmExports {
  sys_shmget(pid: number, sysno: number, key: number, size: number, flg: number): number;
  sys_shmat(pid: number, sysno: number, shmid: number, addr: number, flg: number): number;
  sys_shmdt(pid: number, sysno: number, addr: number): number;
  sys_shmctl(pid: number, sysno: number, shmid: number, cmd: number, mask: number, uid: number,
    gid: number, mode: number): number;
  sys_mmap(pid: number, sysno: number, addr: number, len: number, prot: number, flags: number,
    fd: number, off: number): number;
  sys_munmap(pid: number, sysno: number, addr: number, len: number): number;
  sys_mprotect(pid: number, sysno: number, addr: number, len: number, prot: number): number;
  sys_msync(pid: number, sysno: number, addr: number, len: number, flags: number): number;
  sys_shm_open(pid: number, sysno: number, len: number, oflag: number, mode: number): number;
  sys_shm_unlink(pid: number, sysno: number, len: number): number;
  mm_translate(pid: number, addr: number, want: number, write: number): number;
  mm_contig(): number;
  mm_fault(pid: number, sig: number): void;
  mm_region_end(pid: number, addr: number): number;
  frames_free(): number;
  frames_total(): number;
  shm_snapshot(): number;
}

export function mmKernel(sim: Simulation): MmExports {
  return sim.k as unknown as MmExports;
}

/**
 * Thrown out of a Mapping method when the access killed the process: the program must not go on
 * (the simulator's runProgram treats it as the death it already recorded).
 */
export class FaultSignal extends Error {
  readonly signal: string;
  constructor(signal: string) {
    super(`killed by ${signal}`);
    this.name = 'FaultSignal';
    this.signal = signal;
  }
}

export class SimMapping implements Mapping {
  private readonly scratch = new Uint8Array(4);
  constructor(private readonly sim: Simulation, private readonly pid: number,
    readonly addr: number, readonly length: number) {}

  /**
   * Runs `copy` over the linear-memory runs that back [offset, offset + n), faulting pages in;
   * `done` is how many bytes earlier runs covered.
   */
  private access(offset: number, n: number, write: boolean,
    copy: (mem: Uint8Array, ptr: number, done: number, len: number) => void): void {
    const sim = this.sim;
    const hp = sim.procs.get(this.pid);
    if (!hp || hp.exit) throw new FaultSignal(hp?.exit && 'signal' in hp.exit ? hp.exit.signal : 'SIGSEGV');
    const k = mmKernel(sim);
    const base = this.addr + offset;
    let done = 0;
    while (done < n) {
      const r = k.mm_translate(this.pid, base + done, n - done, write ? 1 : 0);
      if (r < 0) this.fault(-r);
      const len = k.mm_contig();
      copy(sim.mem(), r, done, len);
      done += len;
    }
  }

  private fault(sig: number): never {
    const sim = this.sim;
    mmKernel(sim).mm_fault(this.pid, sig);
    const hp = sim.procs.get(this.pid)!;
    sim.noteExit(hp);
    throw new FaultSignal(signalName(sig));
  }

  read(offset: number, length: number): Uint8Array {
    checkOffset(offset, 'offset', 'read');
    checkLength(length, 'read');
    const out = new Uint8Array(length);
    this.access(offset, length, false, (mem, ptr, done, len) => out.set(mem.subarray(ptr, ptr + len), done));
    return out;
  }

  write(offset: number, data: Uint8Array | string): void {
    checkOffset(offset, 'offset', 'write');
    const bytes = mappingData(data);
    this.access(offset, bytes.length, true, (mem, ptr, done, len) => mem.set(bytes.subarray(done, done + len), ptr));
  }

  readInt32(offset: number): number {
    checkOffset(offset, 'offset', 'readInt32');
    const b = this.scratch;
    this.access(offset, 4, false, (mem, ptr, done, len) => b.set(mem.subarray(ptr, ptr + len), done));
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24));
  }

  writeInt32(offset: number, value: number): void {
    checkOffset(offset, 'offset', 'writeInt32');
    const v = checkInt32(value);
    const b = this.scratch;
    b[0] = v & 0xff; b[1] = (v >>> 8) & 0xff; b[2] = (v >>> 16) & 0xff; b[3] = (v >>> 24) & 0xff;
    this.access(offset, 4, true, (mem, ptr, done, len) => mem.set(b.subarray(done, done + len), ptr));
  }

  toJSON(): { $mapping: number; length: number } {
    return mappingJSON(this);
  }
}

/** mappingAt: a Mapping from addr to the end of the region containing it, or null. */
export function simMappingAt(sim: Simulation, pid: number, addr: number): SimMapping | null {
  const end = mmKernel(sim).mm_region_end(pid, addr);
  return end < 0 ? null : new SimMapping(sim, pid, addr, end - addr);
}
