// System calls on processes, credentials, time and signals (kernel/fork.c, kernel/exit.c,
// kernel/sys.c, kernel/signal.c).
import { Proc, procs, procGet, procFork, procExit, reap, S_ZOMBIE, S_DEAD, INIT_PID } from './proc';
import { sleepOn, W_CHILD } from './wait';
import { sleepUntil, now } from './sched';
import { ROOT_CAPS, CAP_SETUID, CAP_SETGID, CAP_KILL } from './param';
import { sendSignal, signalPending, validSignal, clearPending, sigBit, SIG_DFL, SIG_IGN,
  SIG_HANDLER, SIGKILL, SIGSTOP } from './signal';
import { ECHILD, EINVAL, EPERM, ESRCH, ERESTARTSYS, ERESTARTNOHAND, BLOCKED, DIED } from './errno';

export let waitStatus: i32 = 0; // status of the child the last waitpid returned

const WNOHANG: i32 = 1;
const WUNTRACED: i32 = 2;
const WCONTINUED: i32 = 8;
const __WALL: i32 = 0x40000000;
const __WCLONE: i32 = 0x80000000;

export function doFork(p: Proc, program: i32): i32 {
  // copy_process: a signal pending before the child exists makes fork back off (Linux says
  // -ERESTARTNOINTR), so that a fatal one kills the parent alone and no child is left behind
  // that the caller never learns of.
  if (signalPending(p)) return -ERESTARTNOHAND;
  return procFork(p, program);
}

export function doExit(p: Proc, code: i32): i32 {
  procExit(p, (code & 0xff) << 8);
  return DIED;
}

function matches(p: Proc, c: Proc, pid: i32): bool {
  if (c.ppid != p.pid || c.state == S_DEAD) return false;
  // Every process of a run shares one process group, so 0 and -pgid mean any child.
  return pid == -1 || pid == 0 || pid < -1 || c.pid == pid;
}

export function doWaitpid(p: Proc, pid: i32, options: i32): i32 {
  if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE)) != 0) return -EINVAL;
  let found = false;
  const all = procs.values();
  for (let i = 0; i < all.length; i++) {
    const c = unchecked(all[i]);
    if (!matches(p, c, pid)) continue;
    found = true;
    if (c.state == S_ZOMBIE) {
      waitStatus = c.exitStatus;
      reap(c);
      return c.pid;
    }
  }
  if (!found) return -ECHILD;
  if ((options & WNOHANG) != 0) return 0;
  if (signalPending(p)) return -ERESTARTSYS;
  sleepOn(p, p.childWait, W_CHILD, pid);
  return BLOCKED;
}

export function doSleep(p: Proc, ns: i64): i32 {
  if (p.inSyscall) {
    if (p.timedOut) return 0;
    return -ERESTARTNOHAND; // woken by a signal
  }
  if (ns <= 0) return 0;
  sleepUntil(p, now + ns);
  return BLOCKED;
}

function recomputeCaps(p: Proc): void {
  // Leaving euid 0 drops the effective capabilities (capabilities(7), "Effect of user ID changes").
  p.caps = p.euid == 0 ? ROOT_CAPS : 0;
}

export function doSetuid(p: Proc, uid: i32): i32 {
  if (uid < 0) return -EINVAL;
  if (p.capable(CAP_SETUID)) {
    p.uid = p.euid = p.suid = uid;
  } else if (uid == p.uid || uid == p.suid) {
    p.euid = uid;
  } else {
    return -EPERM;
  }
  recomputeCaps(p);
  return 0;
}

export function doSetgid(p: Proc, gid: i32): i32 {
  if (gid < 0) return -EINVAL;
  if (p.capable(CAP_SETGID)) {
    p.gid = p.egid = p.sgid = gid;
  } else if (gid == p.gid || gid == p.sgid) {
    p.egid = gid;
  } else {
    return -EPERM;
  }
  return 0;
}

/** kill_ok_by_cred: privileged, or a real/effective uid matching the target's real/saved uid. */
function mayKill(p: Proc, t: Proc): bool {
  if (p.capable(CAP_KILL)) return true;
  return p.euid == t.suid || p.euid == t.uid || p.uid == t.suid || p.uid == t.uid;
}

export function doKill(p: Proc, pid: i32, sig: i32): i32 {
  if (sig != 0 && !validSignal(sig)) return -EINVAL;
  if (pid > 0) {
    const t = procGet(pid);
    if (t === null || t.pid == INIT_PID) return -ESRCH;
    if (!mayKill(p, t)) return -EPERM;
    if (sig != 0 && t.state != S_ZOMBIE) sendSignal(t, sig);
    return 0;
  }
  // A group (0, -pgid) or everyone (-1): every process of the run, init excluded.
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
    if (sig != 0 && t.state != S_ZOMBIE) sendSignal(t, sig);
  }
  if (sent > 0) return 0;
  return denied > 0 ? -EPERM : -ESRCH;
}

export function doSigaction(p: Proc, sig: i32, action: i32, flags: u32, mask: u64): i32 {
  if (!validSignal(sig) || sig == SIGKILL || sig == SIGSTOP) return -EINVAL;
  if (action != SIG_DFL && action != SIG_IGN && action != SIG_HANDLER) return -EINVAL;
  const s = p.sig;
  s.action[sig] = action;
  s.saFlags[sig] = flags;
  s.saMask[sig] = mask;
  // Setting SIG_IGN (or SIG_DFL of a default-ignored signal) discards a pending instance.
  if (s.ignores(sig)) clearPending(p, sig);
  return 0;
}

/** sigprocmask: how 0 block, 1 unblock, 2 set. SIGKILL and SIGSTOP are silently kept out. */
export function doSigprocmask(p: Proc, how: i32, set: u64): i32 {
  const s = p.sig;
  const clean = set & ~(sigBit(SIGKILL) | sigBit(SIGSTOP));
  if (how == 0) s.blocked |= clean;
  else if (how == 1) s.blocked &= ~clean;
  else if (how == 2) s.blocked = clean;
  else return -EINVAL;
  return 0;
}

/** Death by a signal's default action. */
export function doExitSignal(p: Proc, sig: i32): void {
  procExit(p, sig & 0x7f);
}
