// System calls on signals (kernel/signal.c, kernel/time/itimer.c) and what the host asks about
// handler frames. A call that ends with handlers to run answers HANDLER (see syscall.ts leave);
// the host then reads the call's own result (sig_outcome), the frames to run (sig_base up to
// sig_depth, each with sig_frame_at), runs them newest first and ends each with sys_sigreturn.
import { Proc, procs, procGet, S_ZOMBIE, INIT_PID } from './proc';
import { enter, leave, leaveLong } from './syscall';
import { alarmArm, now } from './sched';
import { W_SIGNAL } from './wait';
import { CAP_KILL } from './param';
import {
  sendSignalInfo, signalPending, validSignal, popFrame, sigBit, SigState,
  SIG_DFL, SIG_IGN, SIG_HANDLER, SIGKILL, SIGSTOP, SI_USER, SI_QUEUE, SI_TKILL,
} from './signal';
import { EINVAL, EPERM, ESRCH, ERESTARTNOHAND, BLOCKED } from './errno';

const UNBLOCKABLE: u64 = sigBit(SIGKILL) | sigBit(SIGSTOP);
const NS_PER_SEC: i64 = 1_000_000_000;

// Out of the transfer buffer, which may still hold the interrupted call's data.
const sigbuf: usize = heap.alloc(64);

export function siginfo_ptr(): usize {
  return sigbuf;
}

// ---- sending ----

/** kill_ok_by_cred: privileged, or a real/effective uid matching the target's real/saved uid. */
function mayKill(p: Proc, t: Proc): bool {
  if (p.capable(CAP_KILL)) return true;
  return p.euid == t.suid || p.euid == t.uid || p.uid == t.suid || p.uid == t.uid;
}

/** group_send_sig_info: the checks (EINVAL, then EPERM), then the signal itself unless 0. */
function sendChecked(p: Proc, t: Proc, sig: i32, code: i32, value: i32, thread: bool): i32 {
  if (sig != 0 && !validSignal(sig)) return -EINVAL;
  if (!mayKill(p, t)) return -EPERM;
  if (sig == 0 || t.state == S_ZOMBIE) return 0;
  return sendSignalInfo(t, sig, code, p.pid, p.uid, value, thread);
}

/** kill(2), si_code SI_USER. Every process of a run shares one process group. */
export function doKill(p: Proc, pid: i32, sig: i32): i32 {
  if (pid > 0) {
    const t = procGet(pid);
    if (t === null || t.pid == INIT_PID) return -ESRCH;
    return sendChecked(p, t, sig, SI_USER, 0, false);
  }
  if (sig != 0 && !validSignal(sig)) return -EINVAL;
  // A group (0, -pgid) or everyone (-1): every process of the run, init excluded, and for -1 the
  // caller too.
  let sent = 0;
  let denied = 0;
  const all = procs.values();
  for (let i = 0; i < all.length; i++) {
    const t = unchecked(all[i]);
    if (t.pid == INIT_PID || (pid == -1 && t.pid == p.pid)) continue;
    if (!mayKill(p, t)) {
      denied++;
      continue;
    }
    sent++;
    if (sig != 0 && t.state != S_ZOMBIE) sendSignalInfo(t, sig, SI_USER, p.pid, p.uid, 0, false);
  }
  if (sent > 0) return 0;
  return denied > 0 ? -EPERM : -ESRCH;
}

export function sys_kill(pid: i32, sysno: i32, target: i32, sig: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, doKill(p, target, sig));
}

/** raise(3): glibc's tgkill to the calling thread itself, si_code SI_TKILL. */
export function sys_tkill(pid: i32, sysno: i32, sig: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, sendChecked(p, p, sig, SI_TKILL, 0, true));
}

/** sigqueue(3): rt_sigqueueinfo with SI_QUEUE and si_value; no process groups. */
export function sys_sigqueue(pid: i32, sysno: i32, target: i32, sig: i32, value: i32): i32 {
  const p = enter(pid, sysno);
  const t = target > 0 ? procGet(target) : null;
  if (t === null || t.pid == INIT_PID) return leave(p, -ESRCH);
  return leave(p, sendChecked(p, t, sig, SI_QUEUE, value, false));
}

// ---- dispositions and masks ----

/** sigaction(2): `action` SIG_DFL, SIG_IGN or SIG_HANDLER (the host keeps the function). */
export function sys_sigaction(pid: i32, sysno: i32, sig: i32, action: i32, flags: u32, lo: u32, hi: u32): i32 {
  const p = enter(pid, sysno);
  return leave(p, doSigaction(p, sig, action, flags, (<u64>hi << 32) | <u64>lo));
}

function doSigaction(p: Proc, sig: i32, action: i32, flags: u32, mask: u64): i32 {
  if (!validSignal(sig) || sig == SIGKILL || sig == SIGSTOP) return -EINVAL;
  if (action != SIG_DFL && action != SIG_IGN && action != SIG_HANDLER) return -EINVAL;
  const s = p.sig;
  s.action[sig] = action;
  s.saFlags[sig] = flags;
  s.saMask[sig] = mask & ~UNBLOCKABLE;
  // Setting SIG_IGN (or SIG_DFL of a default-ignored signal) discards a pending instance, also a
  // blocked one (POSIX: "shall cause the pending signal to be discarded, whether or not it is
  // blocked").
  if (s.ignores(sig)) s.discard(sig);
  return 0;
}

/** sigprocmask: how 0 block, 1 unblock, 2 set; the old mask goes to siginfo_ptr() as a u64. */
export function sys_sigprocmask(pid: i32, sysno: i32, how: i32, lo: u32, hi: u32): i32 {
  const p = enter(pid, sysno);
  const s = p.sig;
  store<u64>(sigbuf, s.blocked);
  const set = (<u64>hi << 32) | <u64>lo;
  let r = 0;
  if (how == 0) s.setBlocked(s.blocked | set);
  else if (how == 1) s.setBlocked(s.blocked & ~set);
  else if (how == 2) s.setBlocked(set);
  else r = -EINVAL;
  return leave(p, r);
}

/** sigpending: blocked signals pending in either set, into sigbuf. */
export function sys_sigpending(pid: i32, sysno: i32): i32 {
  const p = enter(pid, sysno);
  store<u64>(sigbuf, p.sig.pendingBits() & p.sig.blocked);
  return leave(p, 0);
}

// ---- waiting for signals ----

/** Sleeps until a signal wakes the process (sendSignalInfo's interrupt). */
function sleepForSignal(p: Proc): i32 {
  p.waitKind = W_SIGNAL;
  p.waitObj = 0;
  p.sleep();
  return BLOCKED;
}

/** pause(2): returns only through a handler (EINTR); an ignored signal does not end it. */
export function sys_pause(pid: i32, sysno: i32): i32 {
  const p = enter(pid, sysno);
  if (p.inSyscall || signalPending(p)) return leave(p, -ERESTARTNOHAND);
  return leave(p, sleepForSignal(p));
}

/**
 * sigsuspend(2): waits with `mask` in place of the blocked mask; the old mask comes back on the
 * way out, after the handler when there is one (the handler's frame restores it).
 */
export function sys_sigsuspend(pid: i32, sysno: i32, lo: u32, hi: u32): i32 {
  const p = enter(pid, sysno);
  if (p.inSyscall) return leave(p, -ERESTARTNOHAND);
  const s = p.sig;
  s.savedMask = s.blocked;
  s.restoreMask = true;
  s.setBlocked((<u64>hi << 32) | <u64>lo);
  if (signalPending(p)) return leave(p, -ERESTARTNOHAND);
  return leave(p, sleepForSignal(p));
}

/**
 * alarm(2): SIGALRM in `seconds` of virtual time (0 cancels); returns the seconds that were left,
 * rounded to the nearest, and 1 rather than 0 while an alarm is pending (alarm_setitimer).
 */
export function sys_alarm(pid: i32, sysno: i32, seconds: f64): f64 {
  const p = enter(pid, sysno);
  const s = p.sig;
  let left: i64 = 0;
  if (s.alarmAt != 0) {
    const ns = s.alarmAt - now;
    left = ns / NS_PER_SEC;
    const frac = ns % NS_PER_SEC;
    if ((left == 0 && frac > 0) || frac >= NS_PER_SEC / 2) left++;
  }
  const secs = <i64>(<u32>seconds);
  alarmArm(p, secs == 0 ? 0 : now + secs * NS_PER_SEC);
  return leaveLong(p, left);
}

// ---- handler frames ----

/** rt_sigreturn: the newest handler has returned; its frame goes and the mask comes back. */
export function sys_sigreturn(pid: i32, sysno: i32): i32 {
  const p = enter(pid, sysno);
  popFrame(p);
  return leave(p, 0);
}

function sigOf(pid: i32): SigState {
  return procGet(pid)!.sig;
}

/** The result of the call that answered HANDLER, or BLOCKED: make it again after the handlers. */
export function sig_outcome(pid: i32): f64 {
  return sigOf(pid).outcome;
}

/** The number of frames that were there before the last delivery added its own. */
export function sig_base(pid: i32): i32 {
  return sigOf(pid).base;
}

export function sig_depth(pid: i32): i32 {
  const p = procGet(pid);
  return p === null ? 0 : p.sig.depth;
}

/**
 * Frame `i` (0 is the oldest): returns its signal and puts its si_code, si_pid, si_uid, si_value
 * and sa_flags at siginfo_ptr() as five i32.
 */
export function sig_frame_at(pid: i32, i: i32): i32 {
  const f = sigOf(pid).frames[i];
  store<i32>(sigbuf, f.code);
  store<i32>(sigbuf, f.pid, 4);
  store<i32>(sigbuf, f.uid, 8);
  store<i32>(sigbuf, f.value, 12);
  store<u32>(sigbuf, f.flags, 16);
  return f.signo;
}

/**
 * The host's write goes on in another chunk of the same call: if this chunk moves all its `total`
 * bytes, signals are not acted on at its end but at the end of the last chunk.
 */
export function sig_defer(pid: i32, total: i32): void {
  sigOf(pid).deferTotal = total;
}

/**
 * A process's signals for snapshots, as four u64 at siginfo_ptr(): pending (both sets), blocked,
 * caught (a handler), ignored (SIG_IGN). Returns 0, or -1 for an unknown pid.
 */
export function proc_sigstate(pid: i32): i32 {
  const p = procGet(pid);
  if (p === null) return -1;
  const s = p.sig;
  let caught: u64 = 0;
  let ignored: u64 = 0;
  for (let sig = 1; sig < 65; sig++) {
    if (s.action[sig] == SIG_HANDLER) caught |= sigBit(sig);
    else if (s.action[sig] == SIG_IGN) ignored |= sigBit(sig);
  }
  store<u64>(sigbuf, s.pendingBits());
  store<u64>(sigbuf, s.blocked, 8);
  store<u64>(sigbuf, caught, 16);
  store<u64>(sigbuf, ignored, 24);
  return 0;
}
