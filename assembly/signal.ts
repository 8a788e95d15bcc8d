// Signals: dispositions, the blocked mask and pending sets, default actions, and delivery on the
// way out of a system call (kernel/signal.c). Handlers written in JavaScript run in the host,
// which the kernel asks for through the HANDLER status.
import { Proc, S_SLEEPING, makeRunnable } from './proc';

export const SIGHUP: i32 = 1;
export const SIGINT: i32 = 2;
export const SIGQUIT: i32 = 3;
export const SIGILL: i32 = 4;
export const SIGTRAP: i32 = 5;
export const SIGABRT: i32 = 6;
export const SIGBUS: i32 = 7;
export const SIGFPE: i32 = 8;
export const SIGKILL: i32 = 9;
export const SIGUSR1: i32 = 10;
export const SIGSEGV: i32 = 11;
export const SIGUSR2: i32 = 12;
export const SIGPIPE: i32 = 13;
export const SIGALRM: i32 = 14;
export const SIGTERM: i32 = 15;
export const SIGCHLD: i32 = 17;
export const SIGCONT: i32 = 18;
export const SIGSTOP: i32 = 19;
export const SIGTSTP: i32 = 20;
export const SIGURG: i32 = 23;
export const SIGWINCH: i32 = 28;
export const NSIG: i32 = 65;

export const SIG_DFL: i32 = 0;
export const SIG_IGN: i32 = 1;
export const SIG_HANDLER: i32 = 2;

export const SA_RESTART: u32 = 0x10000000;

@inline function bit(sig: i32): u64 {
  return <u64>1 << <u64>(sig - 1);
}

const UNBLOCKABLE: u64 = bit(SIGKILL) | bit(SIGSTOP);

/** Default action ignores the signal (signal(7): Ign). */
export function defaultIgnored(sig: i32): bool {
  return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

export class SigState {
  action: StaticArray<i32> = new StaticArray<i32>(NSIG); // SIG_DFL, SIG_IGN or SIG_HANDLER
  saFlags: StaticArray<u32> = new StaticArray<u32>(NSIG);
  saMask: StaticArray<u64> = new StaticArray<u64>(NSIG);
  blocked: u64 = 0;
  pending: u64 = 0;

  inheritFrom(parent: SigState): void {
    for (let i = 0; i < NSIG; i++) {
      unchecked((this.action[i] = parent.action[i]));
      unchecked((this.saFlags[i] = parent.saFlags[i]));
      unchecked((this.saMask[i] = parent.saMask[i]));
    }
    this.blocked = parent.blocked;
  }

  ignores(sig: i32): bool {
    const a = this.action[sig];
    return a == SIG_IGN || (a == SIG_DFL && defaultIgnored(sig));
  }

  /** Pending and not blocked. */
  deliverable(): u64 {
    return this.pending & ~(this.blocked & ~UNBLOCKABLE);
  }
}

export function validSignal(sig: i32): bool {
  return sig >= 1 && sig < NSIG;
}

/**
 * Sends `sig` to `p` (__send_signal): an ignored, unblocked signal is dropped at once; otherwise
 * it becomes pending (standard signals do not queue), and a sleeper it can interrupt is woken.
 */
export function sendSignal(p: Proc, sig: i32): void {
  const s = p.sig;
  const blocked = (s.blocked & bit(sig)) != 0 && (bit(sig) & UNBLOCKABLE) == 0;
  if (!blocked && s.ignores(sig)) return;
  s.pending |= bit(sig);
  if (!blocked && p.state == S_SLEEPING) interrupt(p);
}

/** Wakes a sleeper so that its system call sees the signal (signal_wake_up). */
function interrupt(p: Proc): void {
  if (p.wq !== null) p.wq!.remove(p);
  p.timerAt = 0;
  makeRunnable(p);
}

export function signalPending(p: Proc): bool {
  return p.sig.deliverable() != 0;
}

/** The lowest deliverable signal, or 0. */
export function nextSignal(p: Proc): i32 {
  const d = p.sig.deliverable();
  if (d == 0) return 0;
  return <i32>ctz(d) + 1;
}

export function clearPending(p: Proc, sig: i32): void {
  p.sig.pending &= ~bit(sig);
}

export function sigBit(sig: i32): u64 {
  return bit(sig);
}
