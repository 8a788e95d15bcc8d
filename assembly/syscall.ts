// The way into and out of every system call, shared by the sys_*.ts files: the transfer buffer,
// entering (the clock ticks, the process is checked) and leaving (signals are acted on).
import { Proc, procGet, S_RUNNABLE } from './proc';
import { tick } from './sched';
import { kassert, P_PROC } from './panic';
import { BLOCKED, DIED, EINTR, ERESTARTSYS, ERESTARTNOHAND } from './errno';
import { nextSignal, clearPending, defaultIgnored, SIG_DFL, SIG_IGN } from './signal';
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

export function enter(pid: i32, sysno: i32): Proc {
  const p = procGet(pid);
  kassert(p !== null && p.state == S_RUNNABLE, P_PROC, pid);
  tick();
  p!.sysno = sysno;
  return p!;
}

/**
 * Finishes a call: a sleeper keeps its progress; otherwise pending signals are acted on, as on the
 * way back to user mode. Default actions that terminate kill the process here (DIED).
 */
/** leave() for results wider than i32 (lseek offsets, pipe sizes): returned as f64. */
export function leaveLong(p: Proc, ret: i64): f64 {
  if (ret < 0) return <f64>leave(p, <i32>ret);
  const l = leave(p, 0);
  return l == 0 ? <f64>ret : <f64>l;
}

export function leave(p: Proc, ret: i32): i32 {
  if (ret == BLOCKED) {
    p.inSyscall = true;
    return BLOCKED;
  }
  const sig = nextSignal(p);
  if (sig != 0) {
    const action = p.sig.action[sig];
    if (action == SIG_IGN || (action == SIG_DFL && defaultIgnored(sig))) {
      clearPending(p, sig);
    } else if (action == SIG_DFL) {
      p.endSyscall();
      procExit(p, sig & 0x7f); // death by the default action
      return DIED;
    }
  }
  if (ret == -ERESTARTSYS || ret == -ERESTARTNOHAND) {
    // Interrupted by a signal that is gone now (ignored or handled): start the call afresh.
    p.endSyscall();
    return sig != 0 ? -EINTR : BLOCKED;
  }
  p.endSyscall();
  return ret;
}

