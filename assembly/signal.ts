// Signals (kernel/signal.c): dispositions, the blocked mask, the two pending sets (the thread's own
// and the process's shared one, each with the siginfo of what it holds), default actions, and the
// frames of handlers. Handlers are written in JavaScript and run in the host: on the way out of a
// system call leave() (syscall.ts) pushes one frame per signal to handle and answers HANDLER; the
// host runs the handlers, newest frame first, and ends each with sigreturn, which pops its frame.
import { Proc, S_SLEEPING, makeRunnable, procSig } from './proc';
import { RLIMIT_SIGPENDING } from './param';
import { kassert, P_SIGNAL } from './panic';

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
export const SIGSYS: i32 = 31;
export const SIGRTMIN: i32 = 32; // the kernel's; glibc keeps 32 and 33 for itself
export const NSIG: i32 = 65;

export const SIG_DFL: i32 = 0;
export const SIG_IGN: i32 = 1;
export const SIG_HANDLER: i32 = 2;

export const SA_SIGINFO: u32 = 0x4;
export const SA_RESTART: u32 = 0x10000000;
export const SA_NODEFER: u32 = 0x40000000;
export const SA_RESETHAND: u32 = 0x80000000;

// si_code (include/uapi/asm-generic/siginfo.h).
export const SI_USER: i32 = 0;
export const SI_KERNEL: i32 = 0x80;
export const SI_QUEUE: i32 = -1;
export const SI_TKILL: i32 = -6;
export const CLD_EXITED: i32 = 1;
export const CLD_KILLED: i32 = 2;
export const CLD_DUMPED: i32 = 3;

@inline function bit(sig: i32): u64 {
  return <u64>1 << <u64>(sig - 1);
}

const UNBLOCKABLE: u64 = bit(SIGKILL) | bit(SIGSTOP);
// Faults are taken before anything else (next_signal's SYNCHRONOUS_MASK).
const SYNCHRONOUS: u64 = bit(SIGSEGV) | bit(SIGBUS) | bit(SIGILL) | bit(SIGTRAP) | bit(SIGFPE) | bit(SIGSYS);

/** Default action ignores the signal (signal(7): Ign). */
export function defaultIgnored(sig: i32): bool {
  return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

// Pending signals charged to each real uid, as RLIMIT_SIGPENDING counts them (struct ucounts).
const charged = new Map<i32, i32>();

function charge(uid: i32, overrideLimit: bool): bool {
  const n = charged.has(uid) ? charged.get(uid) : 0;
  if (n >= RLIMIT_SIGPENDING && !overrideLimit) return false;
  charged.set(uid, n + 1);
  return true;
}

function uncharge(uid: i32): void {
  if (uid >= 0) charged.set(uid, charged.get(uid) - 1);
}

/** A queued real-time signal (struct sigqueue). */
class SigQueued {
  constructor(public signo: i32, public code: i32, public pid: i32, public uid: i32,
    public value: i32, public chargedUid: i32) {}
}

/**
 * One set of pending signals (struct sigpending): a bit per signal; the siginfo of each pending
 * standard signal (they do not queue); the queue of real-time ones, in the order they came.
 */
export class PendingSet {
  bits: u64 = 0;
  code: StaticArray<i32> = new StaticArray<i32>(NSIG);
  pid: StaticArray<i32> = new StaticArray<i32>(NSIG);
  uid: StaticArray<i32> = new StaticArray<i32>(NSIG);
  value: StaticArray<i32> = new StaticArray<i32>(NSIG);
  chargedUid: StaticArray<i32> = new StaticArray<i32>(NSIG); // -1: the info was not charged
  rt: Array<SigQueued> = new Array<SigQueued>();

  has(sig: i32): bool {
    return (this.bits & bit(sig)) != 0;
  }

  /** Drops every instance of `sig` (flush_sigqueue_mask). */
  discard(sig: i32): void {
    if (!this.has(sig)) return;
    this.bits &= ~bit(sig);
    if (sig < SIGRTMIN) {
      uncharge(unchecked(this.chargedUid[sig]));
      return;
    }
    for (let i = 0; i < this.rt.length; ) {
      const q = unchecked(this.rt[i]);
      if (q.signo == sig) {
        uncharge(q.chargedUid);
        this.removeAt(i);
      } else {
        i++;
      }
    }
  }

  /** Takes one instance of `sig` into `taken` (collect_signal). */
  take(sig: i32): void {
    kassert(this.has(sig), P_SIGNAL, sig); // only a pending signal is taken
    if (sig < SIGRTMIN) {
      this.bits &= ~bit(sig);
      setTaken(sig, unchecked(this.code[sig]), unchecked(this.pid[sig]), unchecked(this.uid[sig]),
        unchecked(this.value[sig]));
      uncharge(unchecked(this.chargedUid[sig]));
      return;
    }
    let first = -1;
    let more = false;
    for (let i = 0; i < this.rt.length; i++) {
      if (unchecked(this.rt[i]).signo != sig) continue;
      if (first < 0) first = i;
      else {
        more = true;
        break;
      }
    }
    if (!more) this.bits &= ~bit(sig);
    if (first < 0) {
      setTaken(sig, SI_USER, 0, 0, 0); // queued without its info (over RLIMIT_SIGPENDING)
      return;
    }
    const q = this.rt[first];
    this.removeAt(first);
    setTaken(sig, q.code, q.pid, q.uid, q.value);
    uncharge(q.chargedUid);
  }

  clear(): void {
    for (let sig = 1; sig < NSIG; sig++) this.discard(sig);
  }

  /** Takes queue entry i out, keeping the order of the rest (without splice's new array). */
  private removeAt(i: i32): void {
    const rt = this.rt;
    for (let j = i; j < rt.length - 1; j++) unchecked((rt[j] = rt[j + 1]));
    rt.pop();
  }
}

/** A handler's frame (struct rt_sigframe): what it was called with, and the mask to restore. */
export class SigFrame {
  signo: i32 = 0;
  code: i32 = 0;
  pid: i32 = 0;
  uid: i32 = 0;
  value: i32 = 0;
  flags: u32 = 0; // sa_flags at delivery
  savedMask: u64 = 0; // uc_sigmask: restored by sigreturn
}

export class SigState {
  action: StaticArray<i32> = new StaticArray<i32>(NSIG); // SIG_DFL, SIG_IGN or SIG_HANDLER
  saFlags: StaticArray<u32> = new StaticArray<u32>(NSIG);
  saMask: StaticArray<u64> = new StaticArray<u64>(NSIG);
  blocked: u64 = 0;
  own: PendingSet = new PendingSet(); // thread-directed (raise, SIGPIPE)
  shared: PendingSet = new PendingSet(); // process-directed (kill, sigqueue, alarm, SIGCHLD)

  // sigsuspend's mask swap: the mask to put back on the way out (saved_sigmask and
  // TIF_RESTORE_SIGMASK); a handler frame takes it as the mask it restores.
  savedMask: u64 = 0;
  restoreMask: bool = false;

  frames: Array<SigFrame> = new Array<SigFrame>(); // reused: frames[0 .. depth)
  depth: i32 = 0;
  outcome: f64 = 0; // the interrupted call's result for the host, or BLOCKED: restart it
  base: i32 = 0; // depth before the last delivery pushed its frames
  deferTotal: i32 = 0; // a host's write chunk of this many bytes, after which the write goes on

  alarmAt: i64 = 0; // ITIMER_REAL's expiry in virtual ns (0: none)
  alarmListed: bool = false; // on sched.ts's list of alarms

  /** What a child inherits at fork: as after execve, caught signals go back to SIG_DFL. */
  inheritFrom(parent: SigState): void {
    for (let i = 0; i < NSIG; i++) {
      const a = unchecked(parent.action[i]);
      unchecked((this.action[i] = a == SIG_HANDLER ? SIG_DFL : a));
      unchecked((this.saFlags[i] = a == SIG_HANDLER ? 0 : parent.saFlags[i]));
      unchecked((this.saMask[i] = a == SIG_HANDLER ? 0 : parent.saMask[i]));
    }
    // In a handler, the mask the child keeps is the handler's, as fork copies the live one.
    this.blocked = parent.blocked;
  }

  ignores(sig: i32): bool {
    const a = this.action[sig];
    return a == SIG_IGN || (a == SIG_DFL && defaultIgnored(sig));
  }

  isBlocked(sig: i32): bool {
    return (this.blocked & bit(sig) & ~UNBLOCKABLE) != 0;
  }

  // pendingBits and deliverable are inlined (leave() asks by address: sigDeliverable).
  @inline pendingBits(): u64 {
    return this.own.bits | this.shared.bits;
  }

  /** Pending and not blocked. */
  @inline deliverable(): u64 {
    return sigDeliverable(changetype<usize>(this));
  }

  setBlocked(mask: u64): void {
    this.blocked = mask & ~UNBLOCKABLE;
  }

  /** Drops every pending instance of `sig`, in both sets. */
  discard(sig: i32): void {
    this.own.discard(sig);
    this.shared.discard(sig);
  }
}

export function validSignal(sig: i32): bool {
  return sig >= 1 && sig < NSIG;
}

/**
 * Sends `sig` with its siginfo (__send_signal_locked): an ignored, unblocked signal is dropped at
 * once; a standard signal already pending in the set is dropped (they do not queue); a real-time
 * one is queued, which sigqueue may be refused (EAGAIN) past RLIMIT_SIGPENDING. A sleeper that the
 * signal can interrupt is woken. `thread`: thread-directed (raise) rather than process-directed.
 */
export function sendSignalInfo(t: Proc, sig: i32, code: i32, pid: i32, uid: i32, value: i32, thread: bool): i32 {
  const s = t.sig;
  const blocked = s.isBlocked(sig);
  if (!blocked && s.ignores(sig)) return 0;
  const set = thread ? s.own : s.shared;
  const b = bit(sig);
  if (sig < SIGRTMIN && (set.bits & b) != 0) return 0; // legacy_queue
  if (sig == SIGKILL) {
    set.bits |= b;
    set.chargedUid[sig] = -1;
  } else if (sig < SIGRTMIN) {
    // The info may be lost, never the signal (kill cannot fail for want of memory).
    const ok = charge(t.uid, code >= 0);
    set.code[sig] = ok ? code : SI_USER;
    set.pid[sig] = ok ? pid : 0;
    set.uid[sig] = ok ? uid : 0;
    set.value[sig] = ok ? value : 0;
    set.chargedUid[sig] = ok ? t.uid : -1;
    set.bits |= b;
  } else if (charge(t.uid, false)) {
    set.rt.push(new SigQueued(sig, code, pid, uid, value, t.uid));
    set.bits |= b;
  } else {
    if (code != SI_USER) return -11; // EAGAIN: queue overflow, the sender learns of it
    set.bits |= b;
  }
  if (!blocked && t.state == S_SLEEPING) interrupt(t);
  return 0;
}

/** A signal the kernel raises for a process (SI_KERNEL): SIGALRM and the like. */
export function sendSignal(t: Proc, sig: i32): void {
  sendSignalInfo(t, sig, SI_KERNEL, 0, 0, 0, false);
}

/** SIGPIPE: sent to the writing thread itself, as send_sig does (SI_USER from itself). */
export function sendSigpipe(p: Proc): void {
  sendSignalInfo(p, SIGPIPE, SI_USER, p.pid, p.uid, 0, true);
}

/** SIGCHLD to a parent for a child that ended with wait status `status` (do_notify_parent). */
export function notifyParent(parent: Proc, child: Proc, status: i32): void {
  const sig = status & 0x7f;
  const code = sig == 0 ? CLD_EXITED : (status & 0x80) != 0 ? CLD_DUMPED : CLD_KILLED;
  sendSignalInfo(parent, SIGCHLD, code, child.pid, child.uid, sig == 0 ? (status >> 8) & 0xff : sig, false);
}

/** Wakes a sleeper so that its system call sees the signal (signal_wake_up). */
function interrupt(p: Proc): void {
  if (p.wq !== null) p.wq!.remove(p);
  p.timerAt = 0;
  makeRunnable(p);
}

export function signalPending(p: Proc): bool {
  return sigDeliverable(procSig(changetype<usize>(p))) != 0;
}

// A signal state by address (s = procSig(p)), for leave()'s every-call tests without a
// shadow-stack frame (see proc.ts's procPid). Scalar fields only; own and shared are never replaced.

/** s.deliverable() */
@inline export function sigDeliverable(s: usize): u64 {
  const own = load<usize>(s, offsetof<SigState>('own'));
  const shared = load<usize>(s, offsetof<SigState>('shared'));
  const pending = load<u64>(own, offsetof<PendingSet>('bits')) | load<u64>(shared, offsetof<PendingSet>('bits'));
  return pending & ~(load<u64>(s, offsetof<SigState>('blocked')) & ~UNBLOCKABLE);
}

/** s.restoreMask: sigsuspend's mask is to be put back on the way out. */
@inline export function sigRestoreMask(s: usize): bool {
  return load<bool>(s, offsetof<SigState>('restoreMask'));
}

/** Takes s.deferTotal (a host's write chunk, see SigState), leaving 0. */
@inline export function sigTakeDeferTotal(s: usize): i32 {
  const chunk = load<i32>(s, offsetof<SigState>('deferTotal'));
  if (chunk != 0) store<i32>(s, 0, offsetof<SigState>('deferTotal'));
  return chunk;
}

/** The signal dequeue_signal would take next: faults first, then the lowest; own set first. */
function pick(set: u64): i32 {
  if (set == 0) return 0;
  const sync = set & SYNCHRONOUS;
  return <i32>ctz(sync != 0 ? sync : set) + 1;
}

// The siginfo of the last signal dequeued.
export let takenSigno: i32 = 0;
export let takenCode: i32 = 0;
export let takenPid: i32 = 0;
export let takenUid: i32 = 0;
export let takenValue: i32 = 0;

function setTaken(sig: i32, code: i32, pid: i32, uid: i32, value: i32): void {
  takenSigno = sig;
  takenCode = code;
  takenPid = pid;
  takenUid = uid;
  takenValue = value;
}

/** Dequeues the next deliverable signal into taken*; returns it, or 0 when there is none. */
export function dequeueSignal(p: Proc): i32 {
  const s = p.sig;
  const unblocked = ~(s.blocked & ~UNBLOCKABLE);
  let sig = pick(s.own.bits & unblocked);
  if (sig != 0) {
    s.own.take(sig);
    return sig;
  }
  sig = pick(s.shared.bits & unblocked);
  if (sig != 0) s.shared.take(sig);
  return sig;
}

/**
 * Sets up a frame for the handler of the signal just dequeued (handle_signal, signal_delivered):
 * the frame keeps the mask to restore, and the handler runs with sa_mask and, unless SA_NODEFER,
 * the signal itself blocked. SA_RESETHAND puts the default action back.
 */
export function pushFrame(p: Proc, sig: i32): void {
  const s = p.sig;
  if (s.depth == s.frames.length) s.frames.push(new SigFrame());
  const f = s.frames[s.depth++];
  f.signo = sig;
  f.code = takenCode;
  f.pid = takenPid;
  f.uid = takenUid;
  f.value = takenValue;
  const flags = s.saFlags[sig];
  f.flags = flags;
  f.savedMask = s.restoreMask ? s.savedMask : s.blocked;
  s.restoreMask = false;
  let mask = s.blocked | s.saMask[sig];
  if ((flags & SA_NODEFER) == 0) mask |= bit(sig);
  s.setBlocked(mask);
  if ((flags & SA_RESETHAND) != 0) s.action[sig] = SIG_DFL;
}

/** rt_sigreturn: the newest frame ends and its mask comes back. */
export function popFrame(p: Proc): void {
  const s = p.sig;
  kassert(s.depth > 0, P_SIGNAL, p.pid); // sigreturn without a frame
  const f = s.frames[--s.depth];
  s.setBlocked(f.savedMask);
}

/** Everything pending goes when the process exits (its charges with it). */
export function flushSignals(p: Proc): void {
  p.sig.own.clear();
  p.sig.shared.clear();
  p.sig.alarmAt = 0;
}

export function sigBit(sig: i32): u64 {
  return bit(sig);
}
