// Handlers written in JavaScript, run by the host as part of their process. A call that answers
// HANDLER has finished in the kernel (or is to be made again), and the kernel has pushed one frame
// per signal to handle, with the handlers' masks in place. The host takes the call's result at
// once (the handlers' own calls reuse the transfer buffer), runs the frames newest first, each
// ended by a sigreturn (a system call: signals unblocked by it are delivered there, in new frames
// run before the older ones go on), and only then settles the interrupted call, or makes it again.
import { KernelPanic } from '../api/errors.js';
import { constants as C } from '../api/constants.js';
import { makeSigInfo } from '../api/sigset.js';
import type { SigInfo } from '../api/types.js';
import { BLOCKED } from './abi.js';
import { sigKernel } from './calls-signal.js';
import type { Call, Op } from './marshal.js';
import type { HostProc, Simulation } from './simulation.js';

export type HandlerFn = (signo: number, info: SigInfo) => void | Promise<void>;

/** A frame as the host runs it: the handler installed when the signal was delivered. */
export interface HandlerFrame {
  fn: HandlerFn | undefined;
  signo: number;
  info: SigInfo | undefined; // only with SA_SIGINFO, as in C
}

/** Called by Simulation.execute when `op`'s call answered HANDLER. */
export function deliverSignals(sim: Simulation, hp: HostProc, op: Op, call: Call): void {
  const k = sigKernel(sim);
  let outcome = k.sig_outcome(hp.pid);
  if (call.outcome) outcome = call.outcome(sim, hp, op, outcome);
  const base = k.sig_base(hp.pid);
  const depth = k.sig_depth(hp.pid);
  if (hp.frames.length !== base) {
    throw new KernelPanic(`pid ${hp.pid}: ${hp.frames.length} handler frames, kernel has ${base}`, 'sim', sim.seed, 0);
  }
  hp.op = null;
  // Settled after the handlers: the result is taken now, and a new sigaction is in force already.
  const settle = outcome === BLOCKED ? restart(sim, hp, op) : sim.complete(hp, op, call, outcome);
  for (let i = base; i < depth; i++) hp.frames.push(frameAt(sim, hp, i));
  // Not in this turn: the scheduler that called us must return before the process runs again.
  queueMicrotask(() => {
    runFrames(sim, hp, base).then(settle, (err) => op.reject(err));
  });
}

function restart(sim: Simulation, hp: HostProc, op: Op): () => void {
  return () => {
    hp.op = op;
    sim.schedule();
  };
}

function frameAt(sim: Simulation, hp: HostProc, i: number): HandlerFrame {
  const k = sigKernel(sim);
  const signo = k.sig_frame_at(hp.pid, i);
  const dv = new DataView(sim.mem().buffer, k.siginfo_ptr(), 20);
  const flags = dv.getUint32(16, true);
  const info = flags & C.SA_SIGINFO
    ? makeSigInfo(signo, dv.getInt32(0, true), dv.getInt32(4, true), dv.getInt32(8, true), dv.getInt32(12, true))
    : undefined;
  return { fn: hp.handlers.get(signo), signo, info };
}

/**
 * Runs hp's frames above `base`, newest first. A handler that throws does not stop the others:
 * its error is thrown, after them, by the call it interrupted.
 */
async function runFrames(sim: Simulation, hp: HostProc, base: number): Promise<void> {
  let failure: { error: unknown } | null = null;
  while (hp.frames.length > base) {
    const f = hp.frames[hp.frames.length - 1];
    try {
      if (f.fn === undefined) {
        throw new KernelPanic(`pid ${hp.pid}: signal ${f.signo} caught without a handler`, 'sim', sim.seed, 0);
      }
      await f.fn(f.signo, f.info as SigInfo);
    } catch (error) {
      failure ??= { error };
    }
    hp.frames.pop();
    await sim.syscall(hp, '$sigreturn', []);
  }
  if (failure) throw failure.error;
}
