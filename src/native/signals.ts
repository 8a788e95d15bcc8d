// Signals on the real kernel: dispositions, masks and pending sets through the raw rt_* system
// calls (the kernel's 8-byte sigset, not glibc's 128-byte one), pause, sigsuspend, alarm and
// sigqueue through libc, and handlers written in JavaScript: the kernel's handler is the catcher
// (catcher.ts), and NativeSys runs the JavaScript ones at system-call boundaries (handlers.ts).
//
// Node's own threads are made to block every signal a program may catch (shieldThreads, at the
// start of each process), so that process-directed signals reach the main thread alone: blocked
// there, they stay pending; caught there, they interrupt its system call, as in a C program.
// SIGCHLD is left to them: libuv learns of child exits through it even while the program blocks
// it; a program's SIGCHLD handler is chained in front of libuv's.
import { createRequire } from 'node:module';
import { ERRNO } from '../api/errno.js';
import { SysError } from '../api/errors.js';
import { constants as C } from '../api/constants.js';
import { sigsetNames, sigsetOf } from '../api/sigset.js';
import type { SigHandler, SigInfo } from '../api/types.js';
import { catching, caughtCount, currentHandler, installCatcher, shieldThreads } from './catcher.js';

const SYS_rt_sigaction = 13;
const SYS_rt_sigprocmask = 14;
const SYS_rt_sigpending = 127;
const SYS_rt_sigsuspend = 130;

type Fn = (...args: unknown[]) => any;
let sys: {
  syscall: Fn; pause: Fn; alarm: Fn; sigqueue: Fn; sigaction: Fn; nanosleep: Fn; waitid: Fn; errno: () => number;
} | null = null;

function raw(): NonNullable<typeof sys> {
  if (sys) return sys;
  const koffi = createRequire(import.meta.url)('koffi');
  const lib = koffi.load('libc.so.6');
  sys = {
    syscall: lib.func('long syscall(long number, ...)'),
    pause: lib.func('int pause()'),
    alarm: lib.func('uint32_t alarm(uint32_t seconds)'),
    // union sigval is passed as one 8-byte integer (class INTEGER on x86_64).
    sigqueue: lib.func('int sigqueue(int pid, int sig, intptr_t value)'),
    sigaction: lib.func('int sigaction(int sig, const void *act, void *oldact)'),
    nanosleep: lib.func('int clock_nanosleep(int clock, int flags, const void *request, void *remain)'),
    waitid: lib.func('int waitid(int idtype, int id, void *infop, int options)'),
    errno: () => koffi.errno(),
  };
  return sys;
}

function check(r: number | bigint, name: string): void {
  if (Number(r) < 0) throw new SysError(raw().errno() || ERRNO.EINVAL, name);
}

const bit = (sig: number): bigint => 1n << BigInt(sig - 1);
const UNBLOCKABLE = bit(C.SIGKILL) | bit(C.SIGSTOP);
// A fault's handler would return into the faulting instruction: no JavaScript handler for these.
const FAULTS = new Set<number>([C.SIGSEGV, C.SIGBUS, C.SIGILL, C.SIGFPE, C.SIGTRAP, C.SIGSYS]);
// What Node's other threads block: all but faults, SIGKILL and SIGSTOP, SIGCHLD (libuv's) and
// glibc's own 32 and 33 (thread cancellation and setuid across threads).
const SHIELDED = (() => {
  let m = 0n;
  for (let s = 1; s <= 64; s++) {
    if (!FAULTS.has(s) && s !== C.SIGKILL && s !== C.SIGSTOP && s !== C.SIGCHLD && s !== 32 && s !== 33) m |= bit(s);
  }
  return m;
})();

export type HandlerFn = (signo: number, info: SigInfo) => void | Promise<void>;

/** A JavaScript handler as sigaction installed it. */
export interface Disposition { fn: HandlerFn; flags: number; mask: bigint }

const handlers = new Map<number, Disposition>();
const ignored = new Set<number>(); // set to SIG_IGN by the program: a forked child keeps them
let libuvChild: Buffer | null = null; // libuv's SIGCHLD action, while a program handler is in front

/** Any JavaScript handler installed: calls then go through handlers.ts. */
export function handling(): boolean {
  return handlers.size > 0;
}

export function disposition(sig: number): Disposition | undefined {
  return handlers.get(sig);
}

/** SA_RESETHAND: the kernel put SIG_DFL back when it delivered the signal. */
export function resetHandler(sig: number): void {
  handlers.delete(sig);
}

/** sigaction(sig, handler, { flags, mask }). */
export function sigaction(sig: number, handler: SigHandler, opts: { flags?: number; mask?: string[] } | undefined): void {
  const flags = (opts?.flags ?? 0) >>> 0;
  const mask = sigsetOf(opts?.mask ?? [], 'sigaction', 'opts.mask') & ~UNBLOCKABLE;
  if (sig < 1 || sig > 64 || sig === C.SIGKILL || sig === C.SIGSTOP) throw new SysError(ERRNO.EINVAL, 'sigaction');
  if (typeof handler === 'function') {
    if (FAULTS.has(sig)) throw new SysError(ERRNO.ENOSYS, 'sigaction');
    if (sig === C.SIGCHLD && !libuvChild && !catching(sig) && currentHandler(sig) > 1n) libuvChild = saveAction(sig);
    // The catcher runs with the program's sa_mask, SA_NODEFER and SA_RESETHAND, so that the kernel
    // orders nested signals as it would order the handlers; never SA_RESTART: the interrupted
    // call comes back to NativeSys, which runs the handler and then makes the call again itself.
    const kflags = flags & (C.SA_NODEFER | C.SA_RESETHAND);
    const err = installCatcher(sig, kflags, mask, sig === C.SIGCHLD);
    if (err !== 0) throw new SysError(err, 'sigaction');
    handlers.set(sig, { fn: handler, flags, mask });
    ignored.delete(sig);
    return;
  }
  handlers.delete(sig);
  if (handler === 'SIG_IGN') ignored.add(sig);
  else ignored.delete(sig);
  if (sig === C.SIGCHLD && handler === 'SIG_DFL' && libuvChild) {
    // SIGCHLD's default is to be ignored, which libuv's handler does for the program.
    check(raw().sigaction(sig, libuvChild, null), 'sigaction');
    libuvChild = null;
    return;
  }
  const act = Buffer.alloc(32); // struct kernel_sigaction
  act.writeBigUInt64LE(handler === 'SIG_IGN' ? 1n : 0n, 0);
  act.writeBigUInt64LE(BigInt(flags), 8);
  act.writeBigUInt64LE(mask, 24);
  check(raw().syscall(SYS_rt_sigaction, 'int', sig, 'void *', act, 'void *', null, 'size_t', 8), 'sigaction');
}

function saveAction(sig: number): Buffer {
  const old = Buffer.alloc(152);
  raw().sigaction(sig, null, old);
  return old;
}

/** After a fork: libuv installs its SIGCHLD handler at the first spawn; the catcher goes back in front. */
export function afterSpawn(): void {
  const d = handlers.get(C.SIGCHLD);
  if (d === undefined || catching(C.SIGCHLD)) return;
  libuvChild = saveAction(C.SIGCHLD);
  installCatcher(C.SIGCHLD, d.flags & (C.SA_NODEFER | C.SA_RESETHAND), d.mask, true);
}

function procmask(how: number, set: bigint | null, name: string): bigint {
  const nset = set === null ? null : Buffer.alloc(8);
  nset?.writeBigUInt64LE(set!, 0);
  const old = Buffer.alloc(8);
  check(raw().syscall(SYS_rt_sigprocmask, 'int', how, 'void *', nset, 'void *', old, 'size_t', 8), name);
  return old.readBigUInt64LE(0);
}

/** sigprocmask(how, set): the old mask, by name. Affects the calling (main) thread, as in C. */
export function sigprocmask(how: number, set: unknown): string[] {
  return sigsetNames(procmask(how, sigsetOf(set, 'sigprocmask'), 'sigprocmask'));
}

/** Blocks `mask` more (a handler's frame); returns the mask to restore. */
export function blockForHandler(mask: bigint): bigint {
  return procmask(C.SIG_BLOCK, mask, 'sigreturn');
}

/** rt_sigreturn's part: the mask from before the handler comes back. */
export function restoreMask(mask: bigint): void {
  procmask(C.SIG_SETMASK, mask, 'sigreturn');
}

export function sigpending(): string[] {
  const set = Buffer.alloc(8);
  check(raw().syscall(SYS_rt_sigpending, 'void *', set, 'size_t', 8), 'sigpending');
  return sigsetNames(set.readBigUInt64LE(0));
}

/** sigsuspend(mask): -1 EINTR once a handler ran (NativeSys runs the JavaScript one). */
export function sigsuspend(mask: unknown): never {
  const set = Buffer.alloc(8);
  set.writeBigUInt64LE(sigsetOf(mask, 'sigsuspend', 'mask'), 0);
  raw().syscall(SYS_rt_sigsuspend, 'void *', set, 'size_t', 8);
  throw new SysError(raw().errno(), 'sigsuspend');
}

/** pause(): -1 EINTR once a handler ran. */
export function pause(): never {
  raw().pause();
  throw new SysError(raw().errno(), 'pause');
}

export function alarm(seconds: number): number {
  return raw().alarm(seconds >>> 0);
}

export function sigqueue(pid: number, sig: number, value: number): void {
  check(raw().sigqueue(pid, sig, value), 'sigqueue');
}

// While handlers are installed, the waits that NativeSys otherwise leaves to the event loop (sleep,
// waitpid) are made in the kernel, where a signal interrupts them.
const CLOCK_MONOTONIC = 1; // libuv's clock, and performance.now()'s
const TIMER_ABSTIME = 1;
const P_ALL = 0;
const P_PID = 1;
const WEXITED = 4;
const WNOWAIT = 0x01000000;

/** sleep(ms) as nanosleep: -1 EINTR after a handler; a signal of Node's own does not end it. */
export function sleepInKernel(ms: number): void {
  const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  const ts = Buffer.alloc(16);
  ts.writeBigInt64LE(end / 1_000_000_000n, 0);
  ts.writeBigInt64LE(end % 1_000_000_000n, 8);
  for (;;) {
    const err = raw().nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, ts, null); // returns the error
    if (err === 0) return;
    if (err !== ERRNO.EINTR || caughtCount() > 0) throw new SysError(err, 'sleep');
  }
}

/**
 * Waits in the kernel until child `pid` (or any, for pid <= 0) has exited, leaving it for libuv to
 * reap (WNOWAIT): NativeSys then takes its status from the event loop as usual.
 */
export function waitInKernel(pid: number): void {
  const info = Buffer.alloc(128);
  for (;;) {
    if (raw().waitid(pid > 0 ? P_PID : P_ALL, pid > 0 ? pid : 0, info, WEXITED | WNOWAIT) === 0) return;
    const err = raw().errno();
    if (err === ERRNO.ECHILD) return; // reaped already: its exit is on its way
    if (err !== ERRNO.EINTR || caughtCount() > 0) throw new SysError(err, 'waitpid');
  }
}

/** What a forked child inherits: ignored signals and the mask (caught ones go back to SIG_DFL). */
export interface SignalInherit { ignored: number[]; blocked: string }

export function forkState(): SignalInherit {
  return { ignored: [...ignored], blocked: procmask(C.SIG_BLOCK, null, 'fork').toString(16) };
}

/**
 * Run at the start of each process, before its credentials change (which closes /proc/self):
 * Node's threads stop taking signals, and a forked child gets what its parent had.
 */
export function startProcess(inherit: SignalInherit | undefined): string | null {
  let warning: string | null = null;
  try {
    const missed = shieldThreads(SHIELDED);
    if (missed > 0) warning = `${missed} of Node's threads still take signals`;
  } catch (err) {
    warning = `Node's threads still take signals: ${(err as Error).message}`;
  }
  for (const sig of inherit?.ignored ?? []) sigaction(sig, 'SIG_IGN', undefined);
  if (inherit) procmask(C.SIG_SETMASK, BigInt(`0x${inherit.blocked}`), 'fork');
  return warning;
}
