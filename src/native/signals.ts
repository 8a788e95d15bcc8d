// Signal dispositions and masks on the real kernel, through the raw rt_* system calls (the kernel's
// 8-byte sigset, not glibc's 128-byte one). Handlers written in JavaScript cannot run inside a
// blocked koffi call, so only SIG_DFL and SIG_IGN are offered natively for now.
import { createRequire } from 'node:module';
import { ERRNO } from '../api/errno.js';
import { SysError } from '../api/errors.js';
import { signalName, signalNumber } from '../api/constants.js';

const SYS_rt_sigaction = 13;
const SYS_rt_sigprocmask = 14;
const SYS_rt_sigpending = 127;

type Syscall = (n: number, ...args: unknown[]) => number | bigint;
let sys: { syscall: Syscall; errno: () => number } | null = null;

function raw(): { syscall: Syscall; errno: () => number } {
  if (sys) return sys;
  const koffi = createRequire(import.meta.url)('koffi');
  const lib = koffi.load('libc.so.6');
  const syscall = lib.func('long syscall(long number, ...)');
  sys = { syscall, errno: () => koffi.errno() };
  return sys;
}

function check(r: number | bigint, name: string): void {
  if (Number(r) < 0) throw new SysError(raw().errno() || ERRNO.EINVAL, name);
}

function maskOf(names: unknown, name: string): bigint {
  if (!Array.isArray(names)) throw new TypeError(`${name}: argument 'set' must be an array of signal names`);
  let m = 0n;
  for (const s of names) {
    const n = signalNumber(s as string | number);
    if (n === undefined || n < 1 || n > 64) throw new SysError(ERRNO.EINVAL, name);
    m |= 1n << BigInt(n - 1);
  }
  return m;
}

function namesOf(m: bigint): string[] {
  const out: string[] = [];
  for (let i = 1; i <= 64; i++) if (m & (1n << BigInt(i - 1))) out.push(signalName(i));
  return out;
}

/** sigaction(sig, 'SIG_DFL' | 'SIG_IGN', { flags }): struct kernel_sigaction is 32 bytes. */
export function sigaction(sig: number, handler: unknown, opts: { flags?: number } | undefined): void {
  if (handler !== 'SIG_DFL' && handler !== 'SIG_IGN') {
    throw new SysError(ERRNO.ENOSYS, 'sigaction'); // JavaScript handlers: not natively yet
  }
  const act = Buffer.alloc(32);
  act.writeBigUInt64LE(handler === 'SIG_IGN' ? 1n : 0n, 0);
  act.writeBigUInt64LE(BigInt((opts?.flags ?? 0) >>> 0), 8);
  check(raw().syscall(SYS_rt_sigaction, 'int', sig, 'void *', act, 'void *', null, 'size_t', 8), 'sigaction');
}

/** sigprocmask(how, set): the old mask, by name. Affects the calling (main) thread, as in C. */
export function sigprocmask(how: number, set: unknown): string[] {
  const m = maskOf(set, 'sigprocmask');
  const nset = Buffer.alloc(8);
  nset.writeBigUInt64LE(m, 0);
  const old = Buffer.alloc(8);
  check(raw().syscall(SYS_rt_sigprocmask, 'int', how, 'void *', nset, 'void *', old, 'size_t', 8), 'sigprocmask');
  return namesOf(old.readBigUInt64LE(0));
}

export function sigpending(): string[] {
  const set = Buffer.alloc(8);
  check(raw().syscall(SYS_rt_sigpending, 'void *', set, 'size_t', 8), 'sigpending');
  return namesOf(set.readBigUInt64LE(0));
}
