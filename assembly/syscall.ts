// The way into and out of every system call, shared by the sys_*.ts files: the transfer buffer,
// entering (the clock ticks, the process is checked) and leaving (signals are acted on).
import { Proc, procGet, S_DEAD, S_RUNNABLE, procPid, procState, procSetSysno, procSetInSyscall, procEndSyscall,
  procSig } from './proc';
import { tick } from './sched';
import { kassert, P_PROC } from './panic';
import { BLOCKED, DIED, HANDLER, EINTR, ERESTARTSYS, ERESTARTNOHAND, ERESTARTNOINTR } from './errno';
import { dequeueSignal, pushFrame, defaultIgnored, SIG_DFL, SIG_IGN, SA_RESTART, sigDeliverable, sigRestoreMask,
  sigTakeDeferTotal } from './signal';
import { procExit } from './proc';

export const XFER_SIZE: i32 = 2 << 20;
export let xfer: usize = 0; // the transfer buffer: system-call data in and out

export function xferInit(): void {
  xfer = heap.alloc(XFER_SIZE);
}

/** A path the host put in the transfer buffer as `len` bytes of UTF-8. */
export function pathArg(len: i32): string {
  return String.UTF8.decodeUnsafe(xfer, len);
}

// Recent callers by pid (direct-mapped): calls come from a few processes, often alternating, so
// most need no lookup in the process table. A pid is never given twice, and a process leaves the
// table only as S_DEAD, so an entry for `pid` that is not dead is what procGet(pid) would return.
const RECENT: i32 = 16;
const recent = new StaticArray<Proc | null>(RECENT);

/** Checks that `pid` may make a call and starts it: the clock ticks. */
@inline export function enter(pid: i32, sysno: i32): Proc {
  return changetype<Proc>(enterAt(pid, sysno));
}

// enterAt and leaveAt are enter and leave with the process as an address: the hot calls (msgsnd,
// msgrcv) use them to keep every function on their way frame-free (see proc.ts's procPid). The
// process is in the process table, or in `recent`, throughout: no GC step can free it.
export function enterAt(pid: i32, sysno: i32): usize {
  let p = load<usize>(changetype<usize>(recent) + (<usize>(pid & (RECENT - 1)) << alignof<usize>()));
  if (p == 0 || procPid(p) != pid || procState(p) == S_DEAD) p = enterLookup(pid);
  kassert(p != 0 && procState(p) == S_RUNNABLE, P_PROC, pid);
  tick();
  procSetSysno(p, sysno);
  return p;
}

/** A miss in `recent`: the process table answers, and the cache keeps it (0 if none). */
function enterLookup(pid: i32): usize {
  const p = procGet(pid);
  unchecked((recent[pid & (RECENT - 1)] = p));
  return changetype<usize>(p);
}

/** leave() for results wider than i32 (lseek offsets, pipe sizes): returned as f64. */
export function leaveLong(p: Proc, ret: i64): f64 {
  if (ret < 0) return <f64>leave(p, <i32>ret);
  const l = leave(p, 0);
  if (l == HANDLER) p.sig.outcome = <f64>ret; // a completed call keeps its value for the host
  return l == 0 ? <f64>ret : <f64>l;
}

/**
 * Finishes a call, as the way back to user mode does (exit_to_user_mode_loop): a sleeper keeps its
 * progress; otherwise every deliverable signal is acted on, lowest first. An ignored one is
 * dropped; one whose default action terminates kills the process here (DIED); one with a handler
 * gets a frame, and the call answers HANDLER with its own result kept in p.sig.outcome, which the
 * first handled signal decides for an interrupted call (handle_signal): -ERESTARTSYS restarts
 * (BLOCKED) with SA_RESTART and is -EINTR without it; -ERESTARTNOHAND is -EINTR; -ERESTARTNOINTR
 * restarts. With no handler to run, an interrupted call restarts.
 */
export function leave(p: Proc, ret: i32): i32 {
  return leaveAt(changetype<usize>(p), ret);
}

/** leave(), with the process as an address (see enterAt). */
export function leaveAt(p: usize, ret: i32): i32 {
  if (ret == BLOCKED) {
    procSetInSyscall(p);
    return BLOCKED;
  }
  procEndSyscall(p);
  const s = procSig(p);
  // A whole chunk of a write the host goes on with: to the program this is one call, and its
  // signals wait for the end. A chunk cut short (by a signal) ends the call here.
  const chunk = sigTakeDeferTotal(s);
  if (chunk != 0 && ret == chunk) return ret;
  // The common case, nothing to deliver and no mask to restore, without leaveSignals' frame.
  if (sigDeliverable(s) == 0 && !sigRestoreMask(s)) return isRestart(ret) ? BLOCKED : ret;
  return leaveSignals(p, ret);
}

/** leave() once a signal is deliverable or sigsuspend's mask is to be restored. */
function leaveSignals(pAddr: usize, ret: i32): i32 {
  const p = changetype<Proc>(pAddr);
  const s = p.sig;
  const base = s.depth;
  let outcome = ret;
  while (s.deliverable() != 0) {
    const sig = dequeueSignal(p);
    const action = s.action[sig];
    if (action == SIG_IGN || (action == SIG_DFL && defaultIgnored(sig))) continue;
    if (action == SIG_DFL) {
      procExit(p, sig); // the default action (no core file: RLIMIT_CORE is 0, as usual)
      return DIED;
    }
    if (s.depth == base) outcome = restartOutcome(ret, s.saFlags[sig]);
    pushFrame(p, sig);
  }
  if (s.depth > base) {
    s.outcome = <f64>outcome;
    s.base = base;
    return HANDLER;
  }
  if (s.restoreMask) {
    s.setBlocked(s.savedMask); // sigsuspend's old mask, as restore_saved_sigmask
    s.restoreMask = false;
  }
  return isRestart(ret) ? BLOCKED : ret; // BLOCKED while runnable: made again from the start
}

@inline function isRestart(ret: i32): bool {
  return ret == -ERESTARTSYS || ret == -ERESTARTNOHAND || ret == -ERESTARTNOINTR;
}

function restartOutcome(ret: i32, flags: u32): i32 {
  if (ret == -ERESTARTNOHAND) return -EINTR;
  if (ret == -ERESTARTSYS) return (flags & SA_RESTART) != 0 ? BLOCKED : -EINTR;
  if (ret == -ERESTARTNOINTR) return BLOCKED;
  return ret;
}
