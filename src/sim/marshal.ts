// What every system-call marshaller shares: the pending call (Op), the Call shape, and helpers
// to put arguments into the kernel's transfer buffer.
import { SYSNO_OF, type KernelExports } from './abi.js';
import type { HostProc, Simulation } from './simulation.js';

export interface Op {
  name: string;
  args: any[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  blocked: boolean;
  state: any;
}

export interface Call {
  run(sim: Simulation, hp: HostProc, op: Op): number;
  value?(sim: Simulation, hp: HostProc, op: Op, raw: number): unknown;
}

const encoder = new TextEncoder();

export function n(name: string): number {
  return SYSNO_OF[name];
}

/** Puts a string into the transfer buffer; returns its length in bytes. */
export function putString(sim: Simulation, s: string): number {
  const bytes = encoder.encode(s);
  if (bytes.length > sim.xferSize) return -1;
  sim.mem().set(bytes, sim.xfer);
  return bytes.length;
}

export function pathCall(invoke: (k: KernelExports, pid: number, len: number, op: Op) => number): Call {
  return {
    run(sim, hp, op) {
      const len = putString(sim, op.args[0]);
      if (len < 0) return -36; // ENAMETOOLONG
      return invoke(sim.k, hp.pid, len, op);
    },
  };
}

