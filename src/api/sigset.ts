// Signal sets and siginfo as programs see them, shared by both backends: a set is an array of names
// (or numbers) and becomes the kernel's 64-bit mask; a handler's SigInfo is built from the raw
// fields of siginfo_t the same way on both.
import { constants as C, signalName, signalNumber } from './constants.js';
import { SysError } from './errors.js';
import type { SigInfo } from './types.js';

const EINVAL = 22;

/** The mask of a set of signals; sigaddset's EINVAL for a name or number that is no signal. */
export function sigsetOf(set: unknown, syscall: string, arg = 'set'): bigint {
  if (!Array.isArray(set)) throw new TypeError(`${syscall}: argument '${arg}' must be an array of signal names`);
  let mask = 0n;
  for (const s of set) {
    const n = typeof s === 'string' || typeof s === 'number' ? signalNumber(s) : undefined;
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > 64) throw new SysError(EINVAL, syscall);
    mask |= 1n << BigInt(n - 1);
  }
  return mask;
}

/** The names of the signals in a mask, lowest first. */
export function sigsetNames(mask: bigint): string[] {
  const out: string[] = [];
  for (let i = 1; i <= 64; i++) if (mask & (1n << BigInt(i - 1))) out.push(signalName(i));
  return out;
}

/** The low and high 32 bits of a mask, as the kernel's exports take them. */
export function maskHalves(mask: bigint): [number, number] {
  return [Number(mask & 0xffffffffn), Number(mask >> 32n)];
}

const CLD_FIRST = 1;
const CLD_LAST = 6; // CLD_EXITED ... CLD_CONTINUED

/**
 * A handler's SigInfo from siginfo_t's fields: si_value only where the sender gave one (sigqueue,
 * timers, message queues), si_status only for SIGCHLD.
 */
export function makeSigInfo(signo: number, code: number, pid: number, uid: number, value: number): SigInfo {
  const info: SigInfo = { si_signo: signo, si_code: code, si_pid: pid, si_uid: uid };
  if (signo === C.SIGCHLD && code >= CLD_FIRST && code <= CLD_LAST) info.si_status = value;
  else if (code === C.SI_QUEUE || code === C.SI_TIMER || code === C.SI_MESGQ || code === C.SI_ASYNCIO) info.si_value = value;
  return info;
}
