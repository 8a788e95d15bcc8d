// System calls on processes, credentials, time and signals (kernel/fork.c, kernel/exit.c,
// kernel/sys.c, kernel/signal.c).
import { Proc, procs, procFork, procExit, reap, S_ZOMBIE, S_DEAD } from './proc';
import { sleepOn, W_CHILD } from './wait';
import { sleepUntil, now } from './sched';
import { ROOT_CAPS, CAP_SETUID, CAP_SETGID } from './param';
import { signalPending } from './signal';
import { ECHILD, EINVAL, EPERM, ERESTARTSYS, ERESTARTNOHAND, ERESTARTNOINTR, BLOCKED, DIED } from './errno';

export let waitStatus: i32 = 0; // status of the child the last waitpid returned

const WNOHANG: i32 = 1;
const WUNTRACED: i32 = 2;
const WCONTINUED: i32 = 8;
const __WALL: i32 = 0x40000000;
const __WCLONE: i32 = 0x80000000;

export function doFork(p: Proc, program: i32): i32 {
  // copy_process: a signal pending before the child exists makes fork back off, to be made again
  // after the handlers ran (never EINTR), so that a fatal one kills the parent alone and no child
  // is left behind that the caller never learns of.
  if (signalPending(p)) return -ERESTARTNOINTR;
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
