// System V semaphore sets as Linux keeps them (ipc/sem.c). A set holds its values, the pid of the
// last process that changed each one, and the operations that sleep on it: a single-sop operation
// waits on the list of its semaphore (pending_alter for decrements, pending_const for
// wait-for-zero), a multi-sop ("complex") one on the set's lists. While a complex alter operation
// sleeps, the single-sop alter lists are merged into the set's list so that update_queue sees
// every alter sleeper (merge_queues), and split again once none is left (unmerge_queues).
//
// A sleeper does not retry its own operation: whoever changes a value runs update_queue, which
// performs each sleeper's operation for it, in list order, and wakes it with the result in
// q.status (0, or -EAGAIN/-ERANGE/-EIDRM). The woken process only picks the status up.
import { KernIpcPerm, IpcIds, IPC_NOWAIT, nowNs } from './ipc';
import { WaitQueue } from './wait';
import { SEMVMX } from './param';
import { kassert, P_SEM } from './panic';
import { EAGAIN, ERANGE, EIDRM } from './errno';

export const SEM_UNDO: i32 = 0x1000;
export const SEMAEM: i32 = 32767; // include/uapi/linux/sem.h: adjust-on-exit maximum (semadj range)
export const SEMBUF_SIZE: i32 = 6; // struct sembuf: u16 sem_num, i16 sem_op, i16 sem_flg
export const Q_PENDING: i32 = 1; // q.status while nobody has completed the operation

export const semIds = new IpcIds();
export let usedSems: i32 = 0; // semaphores in all sets (ns->used_sems), against SEMMNS
export const sleepers = new Map<i32, SemQueue>(); // pid -> its queue, from its first sleep to exit

/** Counts semaphores created (+) or removed (-) against SEMMNS. */
export function accountSems(n: i32): void {
  usedSems += n;
}

/** p's own queue, for when its semop must sleep (allocated once per process). */
export function queueOf(pid: i32): SemQueue {
  if (sleepers.has(pid)) return sleepers.get(pid);
  const q = new SemQueue(pid);
  sleepers.set(pid, q);
  return q;
}

@inline export function sopNum(sops: usize, i: i32): i32 {
  return <i32>load<u16>(sops + <usize>(i * SEMBUF_SIZE));
}
@inline export function sopOp(sops: usize, i: i32): i32 {
  return <i32>load<i16>(sops + <usize>(i * SEMBUF_SIZE), 2);
}
@inline export function sopFlg(sops: usize, i: i32): i32 {
  return <i32>load<i16>(sops + <usize>(i * SEMBUF_SIZE), 4);
}

/** struct sem_queue: one sleeping semop, and the buffer its operations are kept in. */
export class SemQueue {
  pid: i32; // the sleeper (task_tgid)
  sops: usize = 0; // packed sembufs: the scratch queue points into xfer, a sleeper owns a copy
  cap: i32 = 0; // sembufs the owned buffer holds
  nsops: i32 = 0;
  undo: SemUndo | null = null;
  status: i32 = 0; // Q_PENDING while queued, then the result the waker chose
  blocking: i32 = 0; // index of the sop that could not proceed (for GETNCNT/GETZCNT)
  alter: bool = false; // some sop changes a value
  sma: SemArray | null = null; // the set it sleeps on
  list: SemList | null = null; // the list it is on, null once unlinked
  prev: SemQueue | null = null;
  next: SemQueue | null = null;
  expires: i64 = -1; // semtimedop's deadline in ns of the run's clock, -1 for none
  wait: WaitQueue = new WaitQueue(); // the sleeper alone: timers and signals find it here

  constructor(pid: i32) {
    this.pid = pid;
  }

  /** Copies `nsops` sembufs from `from` into the queue's own buffer. */
  own(from: usize, nsops: i32): void {
    if (nsops > this.cap) {
      if (this.sops != 0) heap.free(this.sops);
      this.sops = heap.alloc(<usize>(nsops * SEMBUF_SIZE));
      this.cap = nsops;
    }
    memory.copy(this.sops, from, <usize>(nsops * SEMBUF_SIZE));
    this.nsops = nsops;
  }

  release(): void {
    if (this.sops != 0) heap.free(this.sops);
    this.sops = 0;
    this.cap = 0;
  }
}

/** struct sem_undo: one process's adjustments for one set. */
export class SemUndo {
  semid: i32; // the set's id; -1 once the set is gone
  sma: SemArray | null;
  pid: i32; // the process it belongs to
  adj: StaticArray<i16>; // semadj, within [-32768, 32767]
  procPrev: SemUndo | null = null; // list_proc
  procNext: SemUndo | null = null;
  idPrev: SemUndo | null = null; // list_id
  idNext: SemUndo | null = null;

  constructor(sma: SemArray, pid: i32) {
    this.semid = sma.id;
    this.sma = sma;
    this.pid = pid;
    this.adj = new StaticArray<i16>(sma.nsems);
  }
}

/** A FIFO list of sleeping operations (list_head of sem_queue). */
export class SemList {
  head: SemQueue | null = null;
  tail: SemQueue | null = null;

  @inline get empty(): bool {
    return this.head === null;
  }

  addTail(q: SemQueue): void {
    kassert(q.list === null, P_SEM, q.pid);
    q.list = this;
    q.prev = this.tail;
    q.next = null;
    const tail = this.tail;
    if (tail !== null) tail.next = q;
    else this.head = q;
    this.tail = q;
  }

  remove(q: SemQueue): void {
    kassert(q.list === this, P_SEM, q.pid);
    const prev = q.prev;
    const next = q.next;
    if (prev !== null) prev.next = next;
    else this.head = next;
    if (next !== null) next.prev = prev;
    else this.tail = prev;
    q.list = null;
    q.prev = null;
    q.next = null;
  }

  /** Moves every entry to the front of `dst`, keeping their order (list_splice_init). */
  spliceFront(dst: SemList): void {
    let q: SemQueue | null = this.tail;
    while (q !== null) {
      const prev = q.prev;
      this.remove(q);
      const head = dst.head;
      q.list = dst;
      q.next = head;
      if (head !== null) head.prev = q;
      else dst.tail = q;
      dst.head = q;
      q = prev;
    }
  }

  count(): i32 {
    let n = 0;
    let q = this.head;
    while (q !== null) {
      n++;
      q = q.next;
    }
    return n;
  }
}

/** struct sem_array: the permission header, then the semaphores and what waits on them. */
export class SemArray extends KernIpcPerm {
  nsems: i32;
  semval: StaticArray<i32>; // current values, within [0, SEMVMX]
  sempid: StaticArray<i32>; // pid of the last change of each (semop, SETVAL, SETALL, exit undo)
  semAlter: StaticArray<SemList | null>; // per semaphore: sleeping single-sop decrements
  semConst: StaticArray<SemList | null>; // per semaphore: sleeping single-sop wait-for-zero
  pendingAlter: SemList = new SemList(); // complex alter ops (and merged simple ones)
  pendingConst: SemList = new SemList(); // complex ops that only wait for zero
  complexCount: i32 = 0; // complex ops queued
  undos: SemUndo | null = null; // list_id: every process's undo record for this set
  otime: i64 = 0; // last semop (sem_otime), ns of the run's clock

  constructor(nsems: i32) {
    super();
    this.nsems = nsems;
    this.semval = new StaticArray<i32>(nsems);
    this.sempid = new StaticArray<i32>(nsems);
    this.semAlter = new StaticArray<SemList | null>(nsems);
    this.semConst = new StaticArray<SemList | null>(nsems);
  }

  alterList(num: i32): SemList {
    let l = unchecked(this.semAlter[num]);
    if (l === null) {
      l = new SemList();
      unchecked((this.semAlter[num] = l));
    }
    return l;
  }

  constList(num: i32): SemList {
    let l = unchecked(this.semConst[num]);
    if (l === null) {
      l = new SemList();
      unchecked((this.semConst[num] = l));
    }
    return l;
  }
}

/**
 * perform_atomic_semop: applies every sop in order, or none. Returns 0 (done, sempids set), 1 (the
 * sop at q.blocking must wait), -EAGAIN (it must wait but has IPC_NOWAIT) or -ERANGE (a value
 * would pass SEMVMX, or a semadj would leave [-32768, 32767]). The same semaphore may appear
 * twice: each sop sees the values the earlier ones left, and a failure rolls them all back.
 */
export function performAtomic(sma: SemArray, q: SemQueue): i32 {
  const sops = q.sops;
  const n = q.nsops;
  const un = q.undo;
  let i = 0;
  let result = 0;
  for (; i < n; i++) {
    const num = sopNum(sops, i);
    const op = sopOp(sops, i);
    const flg = sopFlg(sops, i);
    let v = unchecked(sma.semval[num]);
    if (op == 0 && v != 0) {
      result = wouldBlock(q, i, flg);
      break;
    }
    v += op;
    if (v < 0) {
      result = wouldBlock(q, i, flg);
      break;
    }
    if (v > SEMVMX) {
      result = -ERANGE;
      break;
    }
    if ((flg & SEM_UNDO) != 0) {
      const adj = <i32>unchecked(un!.adj[num]) - op;
      if (adj < -SEMAEM - 1 || adj > SEMAEM) {
        result = -ERANGE;
        break;
      }
      unchecked((un!.adj[num] = <i16>adj));
    }
    unchecked((sma.semval[num] = v));
  }
  if (result == 0) {
    for (let j = 0; j < n; j++) unchecked((sma.sempid[sopNum(sops, j)] = q.pid));
    return 0;
  }
  // Roll back the sops before the one that failed, last first.
  for (let j = i - 1; j >= 0; j--) {
    const num = sopNum(sops, j);
    const op = sopOp(sops, j);
    unchecked((sma.semval[num] = unchecked(sma.semval[num]) - op));
    if ((sopFlg(sops, j) & SEM_UNDO) != 0) unchecked((un!.adj[num] = <i16>(<i32>unchecked(un!.adj[num]) + op)));
  }
  return result;
}

@inline function wouldBlock(q: SemQueue, i: i32, flg: i32): i32 {
  q.blocking = i;
  return (flg & IPC_NOWAIT) != 0 ? -EAGAIN : 1;
}

/** unlink_queue: takes q off its list. */
export function unlinkQueue(sma: SemArray, q: SemQueue): void {
  q.list!.remove(q);
  if (q.nsops > 1) sma.complexCount--;
  kassert(sma.complexCount >= 0, P_SEM, sma.complexCount);
}

/** wake_up_sem_queue_prepare and wake_up_q: hands the sleeper its result and wakes it. */
function wakeQueue(q: SemQueue, status: i32): void {
  q.status = status;
  q.wait.wakeOne(); // nothing to do if a timer or a signal woke it already
}

/** Queues q on the list Linux puts it on (do_semtimedop, before it sleeps). */
export function enqueue(sma: SemArray, q: SemQueue): void {
  q.sma = sma;
  q.status = Q_PENDING;
  if (q.nsops == 1) {
    const num = sopNum(q.sops, 0);
    if (!q.alter) sma.constList(num).addTail(q);
    else if (sma.complexCount > 0) sma.pendingAlter.addTail(q);
    else sma.alterList(num).addTail(q);
    return;
  }
  if (sma.complexCount == 0) mergeQueues(sma);
  if (q.alter) sma.pendingAlter.addTail(q);
  else sma.pendingConst.addTail(q);
  sma.complexCount++;
}

/** merge_queues: the single-sop alter sleepers join the set's list, ahead of what is there. */
function mergeQueues(sma: SemArray): void {
  for (let i = 0; i < sma.nsems; i++) {
    const l = unchecked(sma.semAlter[i]);
    if (l !== null) l.spliceFront(sma.pendingAlter);
  }
}

/**
 * unmerge_queues, run where Linux drops the set's global lock: once no complex operation sleeps,
 * the single-sop alter sleepers go back to their semaphores' lists, in order.
 */
@inline export function unmergeQueues(sma: SemArray): void {
  // Inlined test: every semop ends here, and almost always with nothing to move.
  if (sma.complexCount <= 0 && sma.pendingAlter.head !== null) unmergeAll(sma);
}

function unmergeAll(sma: SemArray): void {
  let q: SemQueue | null = sma.pendingAlter.head;
  while (q !== null) {
    const next = q.next;
    kassert(q.nsops == 1, P_SEM, q.pid);
    sma.pendingAlter.remove(q);
    sma.alterList(sopNum(q.sops, 0)).addTail(q);
    q = next;
  }
}

/** check_restart: must update_queue scan again from the head after q completed? */
function checkRestart(sma: SemArray, q: SemQueue): bool {
  if (!sma.pendingAlter.empty) return true; // complex alter sleepers: too hard to tell
  return q.nsops > 1;
}

/**
 * wake_const_ops: completes the wait-for-zero sleepers of one semaphore (or, -1, the set's).
 * Inlined test: a semop that leaves a value at zero asks, and there is seldom anyone.
 */
@inline function wakeConstOps(sma: SemArray, semnum: i32): bool {
  const list = semnum == -1 ? sma.pendingConst : unchecked(sma.semConst[semnum]);
  return list !== null && list.head !== null && wakeConstList(sma, list);
}

function wakeConstList(sma: SemArray, list: SemList): bool {
  let completed = false;
  let q: SemQueue | null = list.head;
  while (q !== null) {
    const next = q.next;
    const err = performAtomic(sma, q);
    if (err <= 0) {
      unlinkQueue(sma, q);
      wakeQueue(q, err);
      if (err == 0) completed = true;
    }
    q = next;
  }
  return completed;
}

/**
 * do_smart_wakeup_zero: wait-for-zero sleepers of every semaphore that the sops (or, with
 * sops == 0, any operation) left at zero, then the set's complex ones.
 */
@inline function smartWakeupZero(sma: SemArray, sops: usize, nsops: i32): bool { // inlined: every semop
  let completed = false;
  let gotZero = false;
  const n = sops != 0 ? nsops : sma.nsems;
  for (let i = 0; i < n; i++) {
    const num = sops != 0 ? sopNum(sops, i) : i;
    if (unchecked(sma.semval[num]) == 0) {
      gotZero = true;
      if (wakeConstOps(sma, num)) completed = true;
    }
  }
  if (gotZero && wakeConstOps(sma, -1)) completed = true;
  return completed;
}

/**
 * update_queue: performs the alter sleepers of one semaphore's list (or, -1, the set's) in FIFO
 * order; a completed one may let others proceed, so the scan restarts when that can matter.
 */
@inline function updateQueue(sma: SemArray, semnum: i32): bool {
  // Inlined test: every increment asks, and there is seldom a sleeper.
  const list = semnum == -1 ? sma.pendingAlter : unchecked(sma.semAlter[semnum]);
  return list !== null && list.head !== null && updateList(sma, list, semnum);
}

function updateList(sma: SemArray, list: SemList, semnum: i32): bool {
  let completed = false;
  let q: SemQueue | null = list.head;
  while (q !== null) {
    // Single-sop decrements of a semaphore at zero cannot proceed: stop early, as Linux does.
    if (semnum != -1 && unchecked(sma.semval[semnum]) == 0) break;
    const next = q.next;
    const err = performAtomic(sma, q);
    if (err > 0) {
      q = next;
      continue;
    }
    unlinkQueue(sma, q);
    let restart = false;
    if (err == 0) {
      completed = true;
      smartWakeupZero(sma, q.sops, q.nsops);
      restart = checkRestart(sma, q);
    }
    wakeQueue(q, err);
    q = restart ? list.head : next;
  }
  return completed;
}

/**
 * do_smart_update: after a change (by sops, or by SETVAL/SETALL/exit with sops == 0), completes
 * every sleeper that can now proceed; sem_otime moves if `otime` or if one completed.
 */
export function doSmartUpdate(sma: SemArray, sops: usize, nsops: i32, otime: bool): void {
  if (smartWakeupZero(sma, sops, nsops)) otime = true;
  if (!sma.pendingAlter.empty) {
    if (updateQueue(sma, -1)) otime = true;
  } else if (sops == 0) {
    for (let i = 0; i < sma.nsems; i++) if (updateQueue(sma, i)) otime = true;
  } else {
    // Only increments can let a single-sop decrement proceed.
    for (let i = 0; i < nsops; i++) {
      if (sopOp(sops, i) > 0 && updateQueue(sma, sopNum(sops, i))) otime = true;
    }
  }
  if (otime) sma.otime = nowNs();
}

/** check_qop: does q sleep on semaphore semnum (for GETZCNT if countZero, else GETNCNT)? */
function checkQop(semnum: i32, q: SemQueue, countZero: bool): i32 {
  if (sopNum(q.sops, q.blocking) != semnum) return 0;
  const op = sopOp(q.sops, q.blocking);
  if (countZero) return op == 0 ? 1 : 0;
  return op < 0 ? 1 : 0;
}

/**
 * count_semcnt (Linux >= 3.16): sleepers waiting on semaphore semnum, each counted only on the
 * semaphore of the sop that blocked it.
 */
export function countSemcnt(sma: SemArray, semnum: i32, countZero: bool): i32 {
  const l = countZero ? unchecked(sma.semConst[semnum]) : unchecked(sma.semAlter[semnum]);
  let n = l === null ? 0 : l.count();
  let q = sma.pendingAlter.head;
  while (q !== null) {
    n += checkQop(semnum, q, countZero);
    q = q.next;
  }
  if (!countZero) return n;
  q = sma.pendingConst.head;
  while (q !== null) {
    n += checkQop(semnum, q, countZero);
    q = q.next;
  }
  return n;
}

/** freeary: IPC_RMID, once the undo records are dropped: sleepers fail with EIDRM, the id goes. */
export function freeary(sma: SemArray): void {
  kassert(sma.undos === null, P_SEM, sma.id);
  wakeAllWith(sma.pendingConst, sma, -EIDRM);
  wakeAllWith(sma.pendingAlter, sma, -EIDRM);
  for (let i = 0; i < sma.nsems; i++) {
    const c = unchecked(sma.semConst[i]);
    if (c !== null) wakeAllWith(c, sma, -EIDRM);
    const a = unchecked(sma.semAlter[i]);
    if (a !== null) wakeAllWith(a, sma, -EIDRM);
  }
  kassert(sma.complexCount == 0, P_SEM, sma.complexCount);
  semIds.remove(sma);
  accountSems(-sma.nsems);
}

function wakeAllWith(list: SemList, sma: SemArray, status: i32): void {
  let q: SemQueue | null = list.head;
  while (q !== null) {
    const next = q.next;
    unlinkQueue(sma, q);
    wakeQueue(q, status);
    q = next;
  }
}

/** The set with user-visible id `id`, or null (EINVAL). */
@inline export function semCheck(id: i32): SemArray | null { // inlined: every semop asks
  const o = semIds.check(id);
  return o === null ? null : changetype<SemArray>(o);
}

/** Every set in index order, for snapshots and checks. */
export function semAt(idx: i32): SemArray | null {
  const o = semIds.get(idx);
  return o === null ? null : changetype<SemArray>(o);
}
