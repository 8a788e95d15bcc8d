// Marshalling of the signal calls (assembly/sys_signal.ts has the ABI). A handler function stays
// here in the host (HostProc.handlers); the kernel knows only that the signal is caught.
// src/sim/signals.ts runs the handlers when a call answers HANDLER.
import { maskHalves, sigsetNames, sigsetOf } from '../api/sigset.js';
import { SysError } from '../api/errors.js';
import { constants as C } from '../api/constants.js';
import type { SigHandler } from '../api/types.js';
import { n, type Call } from './marshal.js';
import type { Simulation } from './simulation.js';

/** The kernel's signal exports (assembly/sys_signal.ts). */
export interface SignalExports {
  sys_kill(pid: number, sysno: number, target: number, sig: number): number;
  sys_tkill(pid: number, sysno: number, sig: number): number;
  sys_sigqueue(pid: number, sysno: number, target: number, sig: number, value: number): number;
  sys_sigaction(pid: number, sysno: number, sig: number, action: number, flags: number, lo: number, hi: number): number;
  sys_sigprocmask(pid: number, sysno: number, how: number, lo: number, hi: number): number;
  sys_sigpending(pid: number, sysno: number): number;
  sys_pause(pid: number, sysno: number): number;
  sys_sigsuspend(pid: number, sysno: number, lo: number, hi: number): number;
  sys_alarm(pid: number, sysno: number, seconds: number): number;
  sys_sigreturn(pid: number, sysno: number): number;
  siginfo_ptr(): number;
  sig_outcome(pid: number): number;
  sig_base(pid: number): number;
  sig_depth(pid: number): number;
  sig_frame_at(pid: number, i: number): number;
  sig_defer(pid: number, total: number): void;
  proc_sigstate(pid: number): number;
}

export function sigKernel(sim: Simulation): SignalExports {
  return sim.k as unknown as SignalExports;
}

const ACTIONS: Record<string, number> = { SIG_DFL: 0, SIG_IGN: 1 };
const SIG_HANDLER = 2;
const FAULTS = new Set<number>([C.SIGSEGV, C.SIGBUS, C.SIGILL, C.SIGFPE, C.SIGTRAP, C.SIGSYS]);

/** A set's mask as the kernel takes it, or -EINVAL (sigaddset refused a name) to return at once. */
function maskArg(set: unknown, syscall: string, arg?: string): [number, number] | number {
  try {
    return maskHalves(sigsetOf(set, syscall, arg));
  } catch (err) {
    if (err instanceof SysError) return -err.errno;
    throw err;
  }
}

/** The u64 the kernel left at siginfo_ptr(), as signal names. */
function maskOut(sim: Simulation): string[] {
  const at = sigKernel(sim).siginfo_ptr();
  return sigsetNames(new DataView(sim.mem().buffer).getBigUint64(at, true));
}

export const SIGNAL_CALLS: Record<string, Call> = {
  kill: { run: (sim, hp, op) => sigKernel(sim).sys_kill(hp.pid, n('kill'), op.args[0], op.args[1]), value: () => undefined },
  raise: { run: (sim, hp, op) => sigKernel(sim).sys_tkill(hp.pid, n('raise'), op.args[0]), value: () => undefined },
  sigqueue: {
    run: (sim, hp, op) => sigKernel(sim).sys_sigqueue(hp.pid, n('sigqueue'), op.args[0], op.args[1], op.args[2]),
    value: () => undefined,
  },
  sigaction: {
    run(sim, hp, op) {
      const handler = op.args[1] as SigHandler;
      // A fault's handler would return into the faulting access: not offered (nor natively).
      if (typeof handler === 'function' && FAULTS.has(op.args[0])) return -38; // ENOSYS
      const action = typeof handler === 'function' ? SIG_HANDLER : ACTIONS[handler];
      const opts = op.args[2] as { flags?: number; mask?: string[] };
      const mask = maskArg(opts.mask ?? [], 'sigaction', 'opts.mask');
      if (typeof mask === 'number') return mask;
      const [lo, hi] = mask;
      return sigKernel(sim).sys_sigaction(hp.pid, n('sigaction'), op.args[0], action, (opts.flags ?? 0) >>> 0, lo, hi);
    },
    value(_sim, hp, op) {
      // The kernel took it: the function is what a caught signal now runs in this process.
      const handler = op.args[1] as SigHandler;
      if (typeof handler === 'function') hp.handlers.set(op.args[0], handler);
      else hp.handlers.delete(op.args[0]);
      return undefined;
    },
  },
  sigprocmask: {
    run(sim, hp, op) {
      const mask = maskArg(op.args[1], 'sigprocmask');
      if (typeof mask === 'number') return mask;
      const [lo, hi] = mask;
      return sigKernel(sim).sys_sigprocmask(hp.pid, n('sigprocmask'), op.args[0], lo, hi);
    },
    value: (sim) => maskOut(sim),
  },
  sigpending: { run: (sim, hp) => sigKernel(sim).sys_sigpending(hp.pid, n('sigpending')), value: (sim) => maskOut(sim) },
  sigsuspend: {
    run(sim, hp, op) {
      const mask = maskArg(op.args[0], 'sigsuspend', 'mask');
      if (typeof mask === 'number') return mask;
      const [lo, hi] = mask;
      return sigKernel(sim).sys_sigsuspend(hp.pid, n('sigsuspend'), lo, hi);
    },
    value: () => undefined,
  },
  pause: { run: (sim, hp) => sigKernel(sim).sys_pause(hp.pid, n('pause')), value: () => undefined },
  alarm: { run: (sim, hp, op) => sigKernel(sim).sys_alarm(hp.pid, n('alarm'), op.args[0] >>> 0) },
  // The end of a handler, made by the host (not traced: natively nobody sees it either).
  $sigreturn: { run: (sim, hp) => sigKernel(sim).sys_sigreturn(hp.pid, n('sigreturn')), value: () => undefined },
};
