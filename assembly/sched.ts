// The deterministic scheduler and virtual clock. Every system call is a scheduling point: the host
// asks schedNext() which runnable process makes its next call, and the seeded PRNG decides. Time
// advances by SYSCALL_NS per call and jumps to the next timer when nothing can run.
import { Proc, S_SLEEPING, makeRunnable, runqLength, runqAt, liveCount, procPid } from './proc';
import { prngBelow } from './prng';
import { W_TIMER } from './wait';
import { kassert, P_RUNQ } from './panic';
import { sendSignal, SIGALRM } from './signal';

export const SYSCALL_NS: i64 = 1000; // each system call takes one virtual microsecond
export let now: i64 = 0; // virtual ns since the run began
export let steps: i64 = 0; // system calls entered
// `now` again, as an f64 in memory: the host reads it there after every call (src/sim's now()),
// which costs it a load instead of a call into the kernel.
export const clockCell: usize = memory.data(8);

const timers = new Array<Proc>(); // sleepers with a deadline
let nextTimerAt: i64 = i64.MAX_VALUE;

/** Arms p's timer for `at` ns; the sleeper wakes with p.timedOut set unless woken earlier. */
export function timerArm(p: Proc, at: i64): void {
  if (p.timerAt == 0) timers.push(p);
  p.timerAt = at;
  if (at < nextTimerAt) nextTimerAt = at;
}

const alarms = new Array<Proc>(); // processes with an alarm (ITIMER_REAL) set

/** Sets p's alarm to go off at `at` ns, or cancels it (0). SIGALRM is sent when it expires. */
export function alarmArm(p: Proc, at: i64): void {
  if (!p.sig.alarmListed && at != 0) {
    alarms.push(p);
    p.sig.alarmListed = true;
  }
  p.sig.alarmAt = at;
  if (at != 0 && at < nextTimerAt) nextTimerAt = at;
}

/** Sleeps on the timer alone (sleep(), nanosleep). */
export function sleepUntil(p: Proc, at: i64): void {
  timerArm(p, at);
  p.waitKind = W_TIMER;
  p.waitObj = 0;
  p.sleep();
}

/**
 * Fires every timer due at `now`. Inlined so that the common case (nothing due) is one compare at
 * the call site: the out-of-line body sets up a shadow-stack frame before it can return.
 */
@inline function fireTimers(): void {
  if (nextTimerAt <= now) fireDue();
}

function fireDue(): void {
  let earliest = i64.MAX_VALUE;
  for (let i = 0; i < timers.length; ) {
    const p = unchecked(timers[i]);
    if (p.timerAt == 0 || p.state != S_SLEEPING) {
      // Cancelled, or the process was woken or killed some other way.
      p.timerAt = 0;
      timers[i] = timers[timers.length - 1];
      timers.pop();
      continue;
    }
    if (p.timerAt <= now) {
      p.timerAt = 0;
      p.timedOut = true;
      if (p.wq !== null) p.wq!.remove(p);
      makeRunnable(p);
      timers[i] = timers[timers.length - 1];
      timers.pop();
      continue;
    }
    if (p.timerAt < earliest) earliest = p.timerAt;
    i++;
  }
  nextTimerAt = fireAlarms(earliest);
}

/** Sends SIGALRM for every alarm due (it_real_fn); returns the earliest deadline left. */
function fireAlarms(earliest: i64): i64 {
  for (let i = 0; i < alarms.length; ) {
    const p = unchecked(alarms[i]);
    const at = p.sig.alarmAt;
    if (at == 0 || at <= now) {
      // Cancelled, or due (a dead process's alarm was cleared with its signals).
      alarms[i] = alarms[alarms.length - 1];
      alarms.pop();
      p.sig.alarmListed = false;
      if (at == 0) continue;
      p.sig.alarmAt = 0;
      sendSignal(p, SIGALRM);
      continue;
    }
    if (at < earliest) earliest = at;
    i++;
  }
  return earliest;
}

/** Called at the start of every system call. */
export function tick(): void {
  now += SYSCALL_NS;
  store<f64>(clockCell, <f64>now);
  steps++;
  fireTimers();
}

/**
 * The pid of the process to run next; 0 when every live process sleeps with no timer pending
 * (a deadlock); -1 when no process is left.
 */
export function schedNext(): i32 {
  fireTimers();
  while (runqLength() == 0) {
    // Nothing can run: jump to the earliest live deadline (cancelled ones are dropped first).
    nextTimerAt = now;
    fireTimers();
    if (nextTimerAt == i64.MAX_VALUE) return liveCount() > 0 ? 0 : -1;
    kassert(nextTimerAt > now, P_RUNQ, 0);
    now = nextTimerAt;
    store<f64>(clockCell, <f64>now);
    fireTimers();
  }
  return procPid(runqAt(prngBelow(<u32>runqLength()))); // by address: no shadow-stack frame
}
