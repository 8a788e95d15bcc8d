// Wait queues: FIFO lists of sleeping processes, linked through the process itself (a process
// sleeps on at most one queue). Linux's exclusive waits: a waker takes sleepers from the head,
// and a woken process whose condition is still false sleeps again at the tail
// (kernel/sched/wait.c, prepare_to_wait_event).
import { Proc, S_RUNNABLE, S_SLEEPING, makeRunnable } from './proc';
import { kassert, P_WAITQ } from './panic';

export class WaitQueue {
  head: Proc | null = null;
  tail: Proc | null = null;
  count: i32 = 0;

  add(p: Proc): void {
    kassert(p.wq === null, P_WAITQ, p.pid);
    p.wq = this;
    p.wqPrev = this.tail;
    p.wqNext = null;
    const tail = this.tail;
    if (tail !== null) tail.wqNext = p;
    else this.head = p;
    this.tail = p;
    this.count++;
  }

  remove(p: Proc): void {
    kassert(p.wq === this, P_WAITQ, p.pid);
    const prev = p.wqPrev;
    const next = p.wqNext;
    if (prev !== null) prev.wqNext = next;
    else this.head = next;
    if (next !== null) next.wqPrev = prev;
    else this.tail = prev;
    p.wq = null;
    p.wqPrev = null;
    p.wqNext = null;
    this.count--;
    kassert(this.count >= 0, P_WAITQ, this.count);
  }

  /** Wakes up to `nr` sleepers from the head (nr <= 0: all), as wake_up_nr does. */
  wake(nr: i32): void {
    let woken = 0;
    while (this.head !== null && (nr <= 0 || woken < nr)) {
      const p = this.head!;
      this.remove(p);
      kassert(p.state == S_SLEEPING, P_WAITQ, p.pid);
      p.timerAt = 0; // a timed wait that ends early cancels its timer
      makeRunnable(p);
      woken++;
    }
  }

  wakeAll(): void {
    this.wake(0);
  }

  wakeOne(): void {
    this.wake(1);
  }

  /** The pid of the i-th sleeper, for snapshots. */
  pidAt(i: i32): i32 {
    let p = this.head;
    while (p !== null && i > 0) {
      p = p.wqNext;
      i--;
    }
    return p === null ? 0 : p.pid;
  }
}

// What a sleeper waits for, for deadlock reports and the TUI (src/sim/abi.ts WAIT_KINDS).
export const W_NONE: i32 = 0;
export const W_PIPE_READ: i32 = 1;
export const W_PIPE_WRITE: i32 = 2;
export const W_FIFO_OPEN: i32 = 3;
export const W_CHILD: i32 = 4;
export const W_TIMER: i32 = 5;
export const W_MSG_SEND: i32 = 6;
export const W_MSG_RECV: i32 = 7;
export const W_SEM: i32 = 8;
export const W_SIGNAL: i32 = 9;

/** Puts `p` to sleep on `wq`; the caller returns BLOCKED and is called again once woken. */
export function sleepOn(p: Proc, wq: WaitQueue, kind: i32, obj: i32): void {
  kassert(p.state == S_RUNNABLE, P_WAITQ, p.pid);
  p.waitKind = kind;
  p.waitObj = obj;
  wq.add(p);
  p.sleep();
}
