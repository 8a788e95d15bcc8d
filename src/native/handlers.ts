// JavaScript signal handlers on the native backend: NativeSys's calls go through callWithHandlers
// once a handler is installed. The catcher (catcher.ts) records signals as the kernel delivers
// them; here they are run at the points where the simulator runs them: before a call (a signal
// that came while JavaScript ran) and when a call returns (one that came during it). A call a
// signal interrupted comes back with EINTR, as the catcher never asks for SA_RESTART; then the
// handlers run, and the call is made again if Linux would have restarted it (signal(7): the first
// signal's SA_RESTART, for the calls that honour it), or fails with EINTR. An EINTR with nothing
// caught comes from a handler of Node's own (libuv's SIGCHLD): the call is simply made again.
import { constants as C } from '../api/constants.js';
import { SysError } from '../api/errors.js';
import { makeSigInfo } from '../api/sigset.js';
import type { SigInfo } from '../api/types.js';
import { caughtCount, takeCaught, type Caught } from './catcher.js';
import { blockForHandler, disposition, handling, resetHandler, restoreMask } from './signals.js';

const EINTR = 4;

// Restarted after a handler with SA_RESTART (signal(7), "Interruption of system calls"); the
// others (msgsnd, msgrcv, semop, semtimedop, pause, sigsuspend, sleep) always fail with EINTR.
const RESTARTABLE = new Set([
  'read', 'write', 'open', 'waitpid', 'ioctl', 'mq_send', 'mq_receive', 'mq_timedsend',
  'mq_timedreceive', 'sem_wait', 'sem_timedwait',
]);

/** What callWithHandlers needs of NativeSys. */
export interface CallHooks {
  perform(name: string, args: unknown[]): unknown;
  record(name: string, args: unknown[], result: unknown): void;
  failed(name: string, args: unknown[], err: unknown): unknown;
}

/** Are handlers to be looked after (installed, or caught signals left to run)? */
export function handlersActive(): boolean {
  return handling() || caughtCount() > 0;
}

type Attempt = { ok: true; result: unknown } | { ok: false; error: SysError };

function isEintr(err: unknown): err is SysError {
  return err instanceof SysError && err.errno === EINTR;
}

export function callWithHandlers(name: string, args: unknown[], h: CallHooks): Promise<unknown> {
  if (caughtCount() > 0) return handled(name, args, h, null);
  // The common case, nothing caught before or during a call that completes at once, costs about
  // what a call without handlers does.
  let first: Attempt;
  try {
    first = { ok: true, result: h.perform(name, args) };
  } catch (err) {
    if (!isEintr(err)) return Promise.reject(h.failed(name, args, err));
    first = { ok: false, error: err };
  }
  if (first.ok && !(first.result instanceof Promise) && caughtCount() === 0) {
    h.record(name, args, first.result);
    return Promise.resolve(first.result);
  }
  return handled(name, args, h, first);
}

/**
 * A call once signals are involved. `first`: the outcome of the attempt already made; without
 * one, the signals that came while JavaScript ran are handled before the call is made.
 */
async function handled(name: string, args: unknown[], h: CallHooks, first: Attempt | null): Promise<unknown> {
  if (first === null) await runCaught();
  for (;;) {
    let result: unknown;
    try {
      const attempt: Attempt = first ?? { ok: true, result: h.perform(name, args) };
      first = null;
      if (!attempt.ok) throw attempt.error;
      result = attempt.result instanceof Promise ? await attempt.result : attempt.result;
    } catch (err) {
      if (!isEintr(err)) throw h.failed(name, args, err);
      const caught = takeCaught();
      if (caught.length === 0) continue; // not the program's signal: as if it never came
      const restart = RESTARTABLE.has(name) && (firstFlags(caught) & C.SA_RESTART) !== 0;
      if (!restart) h.failed(name, args, err);
      await runHandlers(caught);
      await runCaught();
      if (restart) continue;
      throw err;
    }
    h.record(name, args, result);
    await runCaught();
    return result;
  }
}

/** Runs every handler of what the catcher holds, until nothing is left. */
export async function runCaught(): Promise<void> {
  for (;;) {
    const caught = takeCaught();
    if (caught.length === 0) return;
    await runHandlers(caught);
  }
}

/** The flags of the signal Linux would have dequeued first: the lowest. */
function firstFlags(caught: Caught[]): number {
  let first = caught[0];
  for (const c of caught) if (c.signo < first.signo) first = c;
  return disposition(first.signo)?.flags ?? 0;
}

/** Runs handlers in the order the kernel delivered; a handler's error is thrown after the rest. */
async function runHandlers(caught: Caught[]): Promise<void> {
  let failure: { error: unknown } | null = null;
  for (const c of caught) {
    try {
      await runHandler(c);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

/** One handler, with sa_mask and (unless SA_NODEFER) its signal blocked, as in its frame. */
async function runHandler(c: Caught): Promise<void> {
  const d = disposition(c.signo);
  if (d === undefined) return; // SIG_DFL or SIG_IGN since: nothing runs
  if (d.flags & C.SA_RESETHAND) resetHandler(c.signo);
  const self = d.flags & C.SA_NODEFER ? 0n : 1n << BigInt(c.signo - 1);
  const saved = blockForHandler(d.mask | self);
  const info = d.flags & C.SA_SIGINFO ? makeSigInfo(c.signo, c.code, c.pid, c.uid, c.value) : undefined;
  try {
    await d.fn(c.signo, info as SigInfo);
  } finally {
    restoreMask(saved);
  }
}
