// System V message queues (ipc/msg.c): the queue object, its messages, byte and count
// accounting, and its sleeping senders and receivers. A queue starts with the permission header
// every System V object shares (ipc.ts). Messages live in memory allocated per message, as Linux
// kmallocs them, and freed when received or when the queue goes.
//
// Sleepers leave a record (msg_receiver, msg_sender) on the queue's lists, in arrival order, and
// stay on it until they run again: a sender hands a message straight to a matching sleeping
// receiver (pipelined_send), so a woken receiver finds its message, or its error, in its record.
// A woken process is only made runnable: it re-checks when the scheduler picks it, as a Linux
// task does after schedule().
import { Proc, makeRunnable, onExit, procPid, procInSyscall } from './proc';
import { WaitQueue, sleepOn, W_MSG_RECV, W_MSG_SEND } from './wait';
import { KernIpcPerm, IpcIds, IpcOps, IPC_NOWAIT, ipcInitPerm, ipcPermsAt, ipcCheckAt, permId, permDeleted, nowNs }
  from './ipc';
import { MSGMAX, MSGMNB, MSGMNI } from './param';
import { kassert, P_MSG } from './panic';
import { E2BIG, EACCES, EAGAIN, EIDRM, EINVAL, ENOMSG, ERESTARTNOHAND, BLOCKED } from './errno';
import { signalPending } from './signal';

export const MSG_NOERROR: i32 = 0o10000;
export const MSG_EXCEPT: i32 = 0o20000;
export const MSG_COPY: i32 = 0o40000;

// How msgrcv selects (convert_mode).
export const SEARCH_ANY: i32 = 1;
export const SEARCH_EQUAL: i32 = 2;
export const SEARCH_NOTEQUAL: i32 = 3;
export const SEARCH_LESSEQUAL: i32 = 4;
export const SEARCH_NUMBER: i32 = 5;

const S_IRUGO: i32 = 0o444;
const S_IWUGO: i32 = 0o222;
const INT_MAX: i64 = 0x7fffffff;

// A record's outcome, set by whoever wakes it (msg_receiver.r_msg): nothing yet (-EAGAIN in
// Linux: look again), a message, or an error.
const R_NONE: i32 = 0;
const R_MSG: i32 = 1;

/** struct msg_msg: a message, followed in memory by its `size` bytes of text. */
@unmanaged
export class MsgMsg {
  next: usize; // the next message of the queue (m_list), 0 at the end
  mtype: i64; // m_type
  size: i64; // m_ts: bytes of text
}

@inline export function msgText(m: usize): usize {
  return m + offsetof<MsgMsg>();
}

/** A sleeping sender's or receiver's record (msg_sender, msg_receiver), one per process. */
export class MsgWaiter {
  proc: Proc;
  queue: MsgQueue | null = null; // the queue it sleeps on, kept even if the queue is removed
  prev: MsgWaiter | null = null; // links on the queue's list (r_list, list)
  next: MsgWaiter | null = null;
  linked: bool = false;
  receiving: bool = false; // on the receivers' list (else the senders')
  mode: i32 = 0; // r_mode: SEARCH_*
  msgtyp: i64 = 0; // r_msgtype, after convert_mode
  maxsize: i64 = 0; // r_maxsize: INT_MAX with MSG_NOERROR
  msgsz: i64 = 0; // a sender's message size
  result: i32 = R_NONE; // R_NONE, R_MSG or -errno
  msg: usize = 0; // the message handed over (R_MSG)

  constructor(p: Proc) {
    this.proc = p;
  }
}

/** A FIFO of waiter records (q_receivers, q_senders). */
export class WaiterList {
  head: MsgWaiter | null = null;
  tail: MsgWaiter | null = null;
  count: i32 = 0;

  add(w: MsgWaiter): void {
    kassert(!w.linked, P_MSG, w.proc.pid); // a process waits on one list at a time
    w.prev = this.tail;
    w.next = null;
    const tail = this.tail;
    if (tail !== null) tail.next = w;
    else this.head = w;
    this.tail = w;
    w.linked = true;
    this.count++;
  }

  remove(w: MsgWaiter): void {
    kassert(w.linked, P_MSG, w.proc.pid);
    const prev = w.prev;
    const next = w.next;
    if (prev !== null) prev.next = next;
    else this.head = next;
    if (next !== null) next.prev = prev;
    else this.tail = prev;
    w.prev = null;
    w.next = null;
    w.linked = false;
    this.count--;
    kassert(this.count >= 0, P_MSG, this.count);
  }
}

/** struct msg_queue. Times are ns of the run's clock (0: never). */
export class MsgQueue extends KernIpcPerm {
  stime: i64 = 0; // q_stime: last msgsnd
  rtime: i64 = 0; // q_rtime: last msgrcv
  cbytes: i64 = 0; // q_cbytes: bytes of text queued
  qnum: i64 = 0; // q_qnum: messages queued
  qbytes: i64 = 0; // q_qbytes: the limit on bytes, and on messages
  lspid: i32 = 0; // q_lspid: pid of the last msgsnd
  lrpid: i32 = 0; // q_lrpid: pid of the last msgrcv
  first: usize = 0; // q_messages, oldest first
  last: usize = 0;
  receivers: WaiterList = new WaiterList(); // q_receivers
  senders: WaiterList = new WaiterList(); // q_senders
  rwait: WaitQueue = new WaitQueue(); // where the receivers sleep
  swait: WaitQueue = new WaitQueue(); // where the senders sleep

  /** Walks the messages: checks qnum and cbytes against them. */
  check(): void {
    let n: i64 = 0;
    let bytes: i64 = 0;
    for (let m = this.first; m != 0; m = changetype<MsgMsg>(m).next) {
      n++;
      bytes += changetype<MsgMsg>(m).size;
      if (changetype<MsgMsg>(m).next == 0) kassert(m == this.last, P_MSG, this.id);
    }
    kassert(n == this.qnum, P_MSG, this.id, <i32>n);
    kassert(bytes == this.cbytes, P_MSG, this.id, <i32>bytes);
    kassert(this.receivers.count >= 0 && this.senders.count >= 0, P_MSG, this.id);
  }
}

export const msgIds = new IpcIds(); // msg_ids(ns)
const waiters = new Map<i32, MsgWaiter>(); // by pid, made on a process's first sleep

// Messages and bytes, ever and now, for MSG_INFO and for the accounting check:
// sent = received + queued + dropped (freed with their queue).
export let queuedMsgs: i64 = 0; // percpu_msg_hdrs
export let queuedBytes: i64 = 0; // percpu_msg_bytes
export let sentMsgs: i64 = 0;
export let sentBytes: i64 = 0;
export let recvMsgs: i64 = 0;
export let recvBytes: i64 = 0;
export let droppedMsgs: i64 = 0;
export let droppedBytes: i64 = 0;

class MsgOps extends IpcOps {
  /** newque: a queue with msg_qbytes = MSGMNB as it is now. */
  create(p: Proc, key: i32, flg: i32): i32 {
    const q = new MsgQueue();
    ipcInitPerm(p, q, key, flg);
    q.qbytes = MSGMNB;
    return msgIds.add(q, MSGMNI);
  }
}
export const msgOps: IpcOps = new MsgOps();

/** The queue of a user-visible id, or null (EINVAL). */
@inline export function msgQueue(id: i32): MsgQueue | null {
  return changetype<MsgQueue | null>(msgQueueAt(id));
}

// ---- A queue by address, for msgsnd's and msgrcv's fast paths ----
// Every msgsnd and msgrcv goes from sys_msg.ts to msgSend or msgReceive with the process and the
// queue as addresses, so that no function on the way holds a managed reference and none needs a
// shadow-stack frame (see proc.ts's procPid); the rarer paths (resuming, sleeping, waking a
// sleeper) take the objects back as references in functions of their own. Scalar fields only.
// The queue is in msgIds, or (removed while a process slept on it) in that process's MsgWaiter,
// which `waiters` holds: reachable either way, so no GC step frees it under us.

/** msgQueue(id) by address: 0 if none (EINVAL). Inlined: every msgsnd and msgrcv asks. */
@inline export function msgQueueAt(id: i32): usize {
  return ipcCheckAt(changetype<usize>(msgIds), id);
}

/** The message list (q_messages): first and last, 0 when empty. */
@inline function qFirst(q: usize): usize {
  return load<usize>(q, offsetof<MsgQueue>('first'));
}
@inline function qLast(q: usize): usize {
  return load<usize>(q, offsetof<MsgQueue>('last'));
}
@inline function qSetFirst(q: usize, m: usize): void {
  store<usize>(q, m, offsetof<MsgQueue>('first'));
}
@inline function qSetLast(q: usize, m: usize): void {
  store<usize>(q, m, offsetof<MsgQueue>('last'));
}

/** The accounting: q_qnum and q_cbytes change together, q_qbytes limits both. */
@inline function qNum(q: usize): i64 {
  return load<i64>(q, offsetof<MsgQueue>('qnum'));
}
@inline function qBytes(q: usize): i64 {
  return load<i64>(q, offsetof<MsgQueue>('cbytes'));
}
@inline function qLimit(q: usize): i64 {
  return load<i64>(q, offsetof<MsgQueue>('qbytes'));
}
@inline function qAccount(q: usize, msgs: i64, bytes: i64): void {
  store<i64>(q, qNum(q) + msgs, offsetof<MsgQueue>('qnum'));
  store<i64>(q, qBytes(q) + bytes, offsetof<MsgQueue>('cbytes'));
}

/** The last msgsnd and msgrcv: who, and when. */
@inline function qStampSend(q: usize, pid: i32): void {
  store<i32>(q, pid, offsetof<MsgQueue>('lspid'));
  store<i64>(q, nowNs(), offsetof<MsgQueue>('stime'));
}
@inline function qStampRecv(q: usize, pid: i32): void {
  store<i64>(q, nowNs(), offsetof<MsgQueue>('rtime'));
  store<i32>(q, pid, offsetof<MsgQueue>('lrpid'));
}

/** Whether anyone sleeps on the queue's lists (the first record of q_receivers or q_senders). */
@inline function qHasReceivers(q: usize): bool {
  return load<usize>(load<usize>(q, offsetof<MsgQueue>('receivers')), offsetof<WaiterList>('head')) != 0;
}
@inline function qHasSenders(q: usize): bool {
  return load<usize>(load<usize>(q, offsetof<MsgQueue>('senders')), offsetof<WaiterList>('head')) != 0;
}

export function waiterOf(p: Proc): MsgWaiter {
  if (waiters.has(p.pid)) return waiters.get(p.pid);
  const w = new MsgWaiter(p);
  waiters.set(p.pid, w);
  return w;
}

/** The queue a process slept on, for the call that blocked (it is called again when woken). */
export function resumedQueue(p: Proc): MsgQueue {
  kassert(waiters.has(p.pid), P_MSG, p.pid);
  const q = waiters.get(p.pid).queue;
  kassert(q !== null, P_MSG, p.pid);
  return q!;
}

/** resumedQueue by address (see msgQueueAt). */
export function resumedQueueAt(p: usize): usize {
  return changetype<usize>(resumedQueue(changetype<Proc>(p)));
}

/** Makes a waiter's process runnable if it still sleeps on `wq` (a signal may have woken it). */
function wakeWaiter(w: MsgWaiter, wq: WaitQueue): void {
  const p = w.proc;
  if (p.wq !== wq) return;
  wq.remove(p);
  p.timerAt = 0;
  makeRunnable(p);
}

/** msg_fits_inqueue: msg_qbytes limits the bytes, and the number of messages too. */
@inline function msgFits(q: usize, size: i64): bool {
  return <u64>size + <u64>qBytes(q) <= <u64>qLimit(q) && <u64>1 + <u64>qNum(q) <= <u64>qLimit(q);
}

/** testmsg */
function msgMatches(m: MsgMsg, msgtyp: i64, mode: i32): bool {
  switch (mode) {
    case SEARCH_ANY:
    case SEARCH_NUMBER: return true;
    case SEARCH_LESSEQUAL: return m.mtype <= msgtyp;
    case SEARCH_EQUAL: return m.mtype == msgtyp;
    case SEARCH_NOTEQUAL: return m.mtype != msgtyp;
  }
  return false;
}

/**
 * convert_mode: how msgrcv selects, from its msgtyp and flags. A negative msgtyp becomes its
 * absolute value (LONG_MIN, which has none, becomes LONG_MAX); see msgrcvType.
 */
export function msgrcvMode(msgtyp: i64, flg: i32): i32 {
  if ((flg & MSG_COPY) != 0) return SEARCH_NUMBER;
  if (msgtyp == 0) return SEARCH_ANY;
  if (msgtyp < 0) return SEARCH_LESSEQUAL;
  return (flg & MSG_EXCEPT) != 0 ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

export function msgrcvType(msgtyp: i64, mode: i32): i64 {
  if (mode != SEARCH_LESSEQUAL) return msgtyp;
  return msgtyp == i64.MIN_VALUE ? i64.MAX_VALUE : -msgtyp;
}

/**
 * find_msg: the first message that matches; for SEARCH_LESSEQUAL the one of lowest type (the
 * oldest of those); for SEARCH_NUMBER the msgtyp-th (0-based). 0 if none.
 */
function findMsg(q: usize, msgtyp: i64, mode: i32): usize {
  let found: usize = 0;
  let count: i64 = 0;
  let typ = msgtyp;
  for (let m = qFirst(q); m != 0; m = changetype<MsgMsg>(m).next) {
    const msg = changetype<MsgMsg>(m);
    if (!msgMatches(msg, typ, mode)) continue;
    if (mode == SEARCH_LESSEQUAL && msg.mtype != 1) {
      typ = msg.mtype - 1; // only a lower type can beat it now
      found = m;
    } else if (mode == SEARCH_NUMBER) {
      if (typ == count) return m;
    } else {
      return m;
    }
    count++;
  }
  return found;
}

// Small messages are kept for reuse once received, one free list per 16-byte size class (the
// first word of a free block links the next): a message sent and received then costs no
// allocator calls, and a block wastes at most 15 bytes. At most POOL_MAX blocks are kept.
const SMALL_MSG: i64 = 128; // the largest text kept: classes 0, 16, ... 128 bytes
const POOL_MAX: i32 = 1024;
const pools: usize = memory.data(9 * sizeof<usize>()); // free list heads by (size + 15) >> 4
let pooled: i32 = 0;

@inline function poolHead(size: i64): usize {
  return pools + (<usize>((size + 15) >> 4) << alignof<usize>());
}

function msgAlloc(mtype: i64, src: usize, size: i64): usize {
  let m: usize = 0;
  if (size <= SMALL_MSG) {
    const head = poolHead(size);
    m = load<usize>(head);
    if (m != 0) {
      store<usize>(head, load<usize>(m));
      pooled--;
    } else {
      m = heap.alloc(offsetof<MsgMsg>() + <usize>((size + 15) & ~15));
    }
  } else {
    m = heap.alloc(offsetof<MsgMsg>() + <usize>size);
  }
  const msg = changetype<MsgMsg>(m);
  msg.next = 0;
  msg.mtype = mtype;
  msg.size = size;
  memory.copy(msgText(m), src, <usize>size);
  return m;
}

export function msgFree(m: usize): void {
  const size = changetype<MsgMsg>(m).size;
  if (size <= SMALL_MSG && pooled < POOL_MAX) {
    const head = poolHead(size);
    store<usize>(m, load<usize>(head));
    store<usize>(head, m);
    pooled++;
  } else {
    heap.free(m);
  }
}

function enqueue(q: usize, m: usize): void {
  const size = changetype<MsgMsg>(m).size;
  if (qLast(q) != 0) changetype<MsgMsg>(qLast(q)).next = m;
  else qSetFirst(q, m);
  qSetLast(q, m);
  qAccount(q, 1, size);
  queuedMsgs++;
  queuedBytes += size;
}

/** Unlinks m, whose predecessor is found by walking from the head. */
function unlinkMsg(q: usize, m: usize): void {
  const size = changetype<MsgMsg>(m).size;
  const next = changetype<MsgMsg>(m).next;
  if (qFirst(q) == m) {
    qSetFirst(q, next);
    if (next == 0) qSetLast(q, 0);
  } else {
    let prev = qFirst(q);
    while (changetype<MsgMsg>(prev).next != m) prev = changetype<MsgMsg>(prev).next;
    changetype<MsgMsg>(prev).next = next;
    if (qLast(q) == m) qSetLast(q, prev);
  }
  changetype<MsgMsg>(m).next = 0;
  qAccount(q, -1, -size);
  queuedMsgs--;
  queuedBytes -= size;
  kassert(qNum(q) >= 0 && qBytes(q) >= 0, P_MSG, permId(q));
}

/**
 * ss_wakeup: wakes the senders whose message now fits, in order; the others move to the tail.
 * With `kill` (the queue is going) every sender is taken off the list and woken.
 */
@inline function wakeSenders(q: usize, kill: bool): void {
  // Inlined test: every msgrcv asks, and there is seldom a sleeping sender.
  if (qHasSenders(q)) wakeSenderList(q, kill);
}

function wakeSenderList(qAddr: usize, kill: bool): void {
  const q = changetype<MsgQueue>(qAddr);
  let stop: MsgWaiter | null = null;
  let w = q.senders.head;
  while (w !== null) {
    const next = w.next;
    if (kill) {
      q.senders.remove(w);
    } else if (w === stop) {
      break;
    } else if (!msgFits(qAddr, w.msgsz)) {
      if (stop === null) stop = w;
      q.senders.remove(w);
      q.senders.add(w);
      w = next;
      continue;
    }
    wakeWaiter(w, q.swait);
    w = next;
  }
}

/** expunge_all: every sleeping receiver is woken with `err` (-EIDRM), or to look again (0). */
function wakeReceivers(q: MsgQueue, err: i32): void {
  let w = q.receivers.head;
  while (w !== null) {
    const next = w.next;
    if (err != 0) {
      q.receivers.remove(w);
      w.result = err;
    }
    wakeWaiter(w, q.rwait);
    w = next;
  }
}

/**
 * pipelined_send: gives m to the first sleeping receiver that wants it. A receiver whose buffer
 * is too small is woken with E2BIG and the search goes on. True if someone took it.
 */
@inline function pipelinedSend(q: usize, m: usize): bool {
  // Inlined test: every msgsnd asks, and the receivers are often all awake.
  return qHasReceivers(q) && pipelinedSendList(q, m);
}

function pipelinedSendList(qAddr: usize, m: usize): bool {
  const q = changetype<MsgQueue>(qAddr);
  const msg = changetype<MsgMsg>(m);
  let w = q.receivers.head;
  while (w !== null) {
    const next = w.next;
    if (msgMatches(msg, w.msgtyp, w.mode)) {
      q.receivers.remove(w);
      if (w.maxsize < msg.size) {
        w.result = -E2BIG;
        wakeWaiter(w, q.rwait);
      } else {
        q.lrpid = w.proc.pid;
        q.rtime = nowNs();
        w.result = R_MSG;
        w.msg = m;
        recvMsgs++;
        recvBytes += msg.size;
        wakeWaiter(w, q.rwait);
        return true;
      }
    }
    w = next;
  }
  return false;
}

/**
 * do_msgsnd once the arguments are checked and the queue found: `size` bytes of text at `src`.
 * Returns 0, -errno, or BLOCKED (the call is made again when the process is woken).
 */
export function msgSend(p: usize, q: usize, mtype: i64, src: usize, size: i64, flg: i32): i32 {
  if (procInSyscall(p)) {
    const err = sendResumed(p, q);
    if (err != 0) return err;
  }
  if (ipcPermsAt(p, q, S_IWUGO) != 0) return -EACCES;
  kassert(!permDeleted(q), P_MSG, permId(q)); // a removed queue is found by sleepers only
  if (!msgFits(q, size)) {
    if ((flg & IPC_NOWAIT) != 0) return -EAGAIN;
    return sendSleep(p, q, size);
  }
  qStampSend(q, procPid(p));
  const m = msgAlloc(mtype, src, size);
  sentMsgs++;
  sentBytes += size;
  if (!pipelinedSend(q, m)) enqueue(q, m);
  return 0;
}

/** msgSend for a sender woken from its sleep: off the list; 0 to go on, or -errno. */
function sendResumed(pAddr: usize, qAddr: usize): i32 {
  const p = changetype<Proc>(pAddr);
  const q = changetype<MsgQueue>(qAddr);
  const w = waiterOf(p);
  if (q.deleted) return -EIDRM; // raced with RMID: freeque took us off the list
  if (w.linked) q.senders.remove(w);
  if (signalPending(p)) return -ERESTARTNOHAND;
  return 0;
}

/** msgSend when the message does not fit: the sender sleeps on the queue. */
function sendSleep(pAddr: usize, qAddr: usize, size: i64): i32 {
  const p = changetype<Proc>(pAddr);
  const q = changetype<MsgQueue>(qAddr);
  const w = waiterOf(p);
  w.queue = q;
  w.msgsz = size;
  w.result = R_NONE;
  w.receiving = false;
  q.senders.add(w);
  sleepOn(p, q.swait, W_MSG_SEND, q.id);
  return BLOCKED;
}

/**
 * do_msgrcv once the arguments are checked and the queue found: `msgtyp` and `mode` as
 * msgrcvMode/msgrcvType give them. The message's type and at most `bufsz` bytes of its text go
 * to `dst` (the type first, as in struct msgbuf). Returns the bytes of text copied, -errno, or
 * BLOCKED.
 */
export function msgReceive(p: usize, q: usize, dst: usize, bufsz: i64, msgtyp: i64, mode: i32, flg: i32): i32 {
  if (procInSyscall(p)) {
    const r = receiveResumed(p, q, dst, bufsz);
    if (r != GO_ON) return r;
  }
  if (ipcPermsAt(p, q, S_IRUGO) != 0) return -EACCES;
  if (permDeleted(q)) return -EIDRM;
  const m = findMsg(q, msgtyp, mode);
  if (m != 0) {
    const msg = changetype<MsgMsg>(m);
    if (bufsz < msg.size && (flg & MSG_NOERROR) == 0) return -E2BIG;
    if ((flg & MSG_COPY) != 0) {
      // copy_msg: the copy's buffer holds min(bufsz, msgmax) bytes, and the whole text must fit.
      const room = bufsz < <i64>MSGMAX ? bufsz : <i64>MSGMAX;
      if (msg.size > room) return -EINVAL;
      store<i64>(dst, msg.mtype);
      memory.copy(dst + 8, msgText(m), <usize>msg.size);
      return <i32>msg.size;
    }
    unlinkMsg(q, m);
    qStampRecv(q, procPid(p));
    recvMsgs++;
    recvBytes += msg.size;
    wakeSenders(q, false);
    return fillAndFree(dst, m, bufsz);
  }
  if ((flg & IPC_NOWAIT) != 0) return -ENOMSG;
  return receiveSleep(p, q, msgtyp, mode, (flg & MSG_NOERROR) != 0 ? INT_MAX : bufsz);
}

const GO_ON: i32 = i32.MIN_VALUE; // receiveResumed: nothing decided yet, the call goes on

/**
 * msgReceive for a receiver woken from its sleep: the message or error a sender or the removal
 * left in its record, or -ERESTARTNOHAND, or GO_ON (off the list, to look again).
 */
function receiveResumed(pAddr: usize, qAddr: usize, dst: usize, bufsz: i64): i32 {
  const p = changetype<Proc>(pAddr);
  const q = changetype<MsgQueue>(qAddr);
  const w = waiterOf(p);
  const result = w.result;
  if (result != R_NONE) {
    // A sender or the removal decided for us while we slept.
    w.result = R_NONE;
    if (result != R_MSG) return result;
    const m = w.msg;
    w.msg = 0;
    return fillAndFree(dst, m, bufsz);
  }
  if (w.linked) q.receivers.remove(w);
  if (signalPending(p)) return -ERESTARTNOHAND;
  return GO_ON;
}

/** msgReceive with nothing to take: the receiver sleeps on the queue. */
function receiveSleep(pAddr: usize, qAddr: usize, msgtyp: i64, mode: i32, maxsize: i64): i32 {
  const p = changetype<Proc>(pAddr);
  const q = changetype<MsgQueue>(qAddr);
  const w = waiterOf(p);
  w.queue = q;
  w.mode = mode;
  w.msgtyp = msgtyp;
  w.maxsize = maxsize;
  w.result = R_NONE;
  w.receiving = true;
  q.receivers.add(w);
  sleepOn(p, q.rwait, W_MSG_RECV, q.id);
  return BLOCKED;
}

/** do_msg_fill: the type, then min(bufsz, size) bytes of text; the rest is discarded. */
function fillAndFree(dst: usize, m: usize, bufsz: i64): i32 {
  const msg = changetype<MsgMsg>(m);
  const n = bufsz < msg.size ? bufsz : msg.size;
  store<i64>(dst, msg.mtype);
  memory.copy(dst + 8, msgText(m), <usize>n);
  msgFree(m);
  return <i32>n;
}

/** IPC_SET's part for queues (msgctl_down): the new limit, then every sleeper looks again. */
export function msgSetQbytes(q: MsgQueue, qbytes: i64): void {
  q.qbytes = qbytes;
  q.ctime = nowNs();
  // Sleeping receivers may have lost their permission; senders may fit in a larger queue.
  wakeReceivers(q, 0);
  wakeSenders(changetype<usize>(q), false);
}

/** freeque: the id goes, sleepers wake with EIDRM, the messages are freed. */
export function msgRemove(q: MsgQueue): void {
  wakeReceivers(q, -EIDRM);
  wakeSenders(changetype<usize>(q), true);
  msgIds.remove(q);
  let m = q.first;
  while (m != 0) {
    const next = changetype<MsgMsg>(m).next;
    const size = changetype<MsgMsg>(m).size;
    droppedMsgs++;
    droppedBytes += size;
    queuedMsgs--;
    queuedBytes -= size;
    msgFree(m);
    m = next;
  }
  q.first = q.last = 0;
  q.qnum = 0;
  q.cbytes = 0;
  kassert(q.receivers.count == 0 && q.senders.count == 0, P_MSG, q.id);
}

/** A process is gone: its record leaves any list, and a message handed to it is freed. */
function msgExit(p: Proc): void {
  if (!waiters.has(p.pid)) return;
  const w = waiters.get(p.pid);
  const q = w.queue;
  if (w.linked && q !== null) {
    if (w.receiving) q.receivers.remove(w);
    else q.senders.remove(w);
  }
  if (w.msg != 0) msgFree(w.msg); // it was received: it dies with its receiver
  waiters.delete(p.pid);
}
onExit(msgExit);

/** Every queue in index order (snapshots, checks). */
export function msgQueues(): Array<MsgQueue> {
  const out = new Array<MsgQueue>();
  const n = msgIds.entries.length;
  for (let i = 0; i < n; i++) {
    const o = msgIds.get(i);
    if (o !== null) out.push(changetype<MsgQueue>(o));
  }
  return out;
}

/** The accounting check: every queue's counters, and sent = received + queued + dropped. */
export function msgCheck(): void {
  const all = msgQueues();
  let n: i64 = 0;
  let bytes: i64 = 0;
  for (let i = 0; i < all.length; i++) {
    const q = unchecked(all[i]);
    q.check();
    n += q.qnum;
    bytes += q.cbytes;
  }
  kassert(n == queuedMsgs, P_MSG, <i32>n, <i32>queuedMsgs);
  kassert(bytes == queuedBytes, P_MSG, <i32>bytes, <i32>queuedBytes);
  kassert(sentMsgs == recvMsgs + queuedMsgs + droppedMsgs, P_MSG, <i32>sentMsgs, <i32>recvMsgs);
  kassert(sentBytes == recvBytes + queuedBytes + droppedBytes, P_MSG, <i32>sentBytes, <i32>recvBytes);
}
