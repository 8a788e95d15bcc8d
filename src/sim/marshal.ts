// What every system-call marshaller shares: the pending call (Op), the Call shape, and helpers
// to put arguments into the kernel's transfer buffer.
import { SYSNO_OF, type KernelExports } from './abi.js';
import type { HostProc, Simulation } from './simulation.js';

export interface Op {
  name: string;
  args: any[];
  /** Settle the program's promise. Called as methods (op.resolve(v)), see settleLater. */
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  blocked: boolean;
  state: any;
  /** Settled before the program's promise existed: 1 resolved, 2 rejected, with `value`. */
  settled: number;
  value: unknown;
}

/**
 * Until a call has to wait, its promise does not exist: settling records the outcome on the op,
 * and the caller returns an already settled promise (the common case: no closure, no executor).
 */
export function settleLater(this: Op, v: unknown): void {
  this.settled = 1;
  this.value = v;
}

export function failLater(this: Op, e: unknown): void {
  this.settled = 2;
  this.value = e;
}

export interface Call {
  run(sim: Simulation, hp: HostProc, op: Op): number;
  value?(sim: Simulation, hp: HostProc, op: Op, raw: number): unknown;
  /**
   * When run() answered HANDLER: the call's result from the kernel's (sig_outcome: a result,
   * -errno, or BLOCKED to make the call again), for calls whose run() makes several kernel calls.
   */
  outcome?(sim: Simulation, hp: HostProc, op: Op, kernel: number): number;
}

const encoder = new TextEncoder();

// Copies of a few bytes are made by hand; longer ones by slice() and set(), which cost about as
// much as a loop over 10 bytes but then copy at memcpy speed (measured on Node 20: a 64-byte loop
// costs five times a set()).
const COPY_BY_HAND = 8;

/** Bytes out of kernel memory into a new array. */
export function copyOut(mem: Uint8Array, at: number, n: number): Uint8Array {
  if (n > COPY_BY_HAND) return mem.slice(at, at + n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = mem[at + i];
  return out;
}

/** data[from, to) into kernel memory at `at`. */
export function copyIn(mem: Uint8Array, at: number, data: Uint8Array, from: number, to: number): void {
  if (to - from > COPY_BY_HAND) {
    mem.set(from === 0 && to === data.length ? data : data.subarray(from, to), at);
    return;
  }
  for (let i = from; i < to; i++) mem[at + i - from] = data[i];
}

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

