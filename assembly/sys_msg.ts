// The System V message-queue system calls (ipc/msg.c: msgget, msgsnd, msgrcv, msgctl): argument
// checks in Linux's order, and the copies between the transfer buffer and the queue (msg.ts).
//
// The wasm ABI (src/sim/calls-msg.ts is the other side):
// - msgsnd: xfer holds struct msgbuf as on x86_64: mtype (i64) at 0, the text at 8.
// - msgrcv: msgsz comes as an f64 (the host clamps it to [-1, 2^53]), msgtyp as two 32-bit
//   halves (the whole 64-bit range: JavaScript numbers cannot carry it, and i64 parameters would
//   arrive as BigInt); the message comes back as struct msgbuf at xfer.
// - msgctl: xfer holds struct msqid_ds (120 bytes) or struct msginfo (32 bytes) in the x86_64
//   layout (shared/linux-ipc-facts.md section 10). IPC_SET reads msqid_ds plus, at offset 120, a
//   mask of the fields the caller gave (the others keep their values): SET_* below.
import { enter, leave, enterAt, leaveAt, xfer, XFER_SIZE } from './syscall';
import { Proc, procInSyscall } from './proc';
import { IPC_STAT, IPC_SET, IPC_RMID, IPC_INFO, IPC_NOWAIT, ipcGet, ipcPerms, ipcCtlPerm, ipcUpdatePerm,
  seconds } from './ipc';
import { MsgQueue, msgIds, msgOps, msgQueue, msgQueueAt, resumedQueueAt, msgSend, msgReceive, msgrcvMode, msgrcvType,
  msgSetQbytes, msgRemove, msgQueues, queuedMsgs, queuedBytes, MsgMsg, MsgWaiter, MSG_COPY, MSG_EXCEPT,
  sentMsgs, sentBytes, recvMsgs, recvBytes, droppedMsgs, droppedBytes } from './msg';
import { MSGMAX, MSGMNB, MSGMNI, CAP_SYS_RESOURCE } from './param';
import { EACCES, EFAULT, EINVAL, EPERM } from './errno';

export const MSG_STAT: i32 = 11;
export const MSG_INFO: i32 = 12;
export const MSG_STAT_ANY: i32 = 13;

// include/uapi/linux/msg.h: compile-time constants IPC_INFO reports (not the sysctls).
const MSGPOOL: i32 = 512000; // MSGMNI * MSGMNB / 1024 with their default values
const MSGMAP: i32 = 16384; // MSGMNB
const MSGTQL: i32 = 16384; // MSGMNB
const MSGSSZ: i32 = 16;
const MSGSEG: i32 = 0xffff; // (MSGPOOL * 1024) / MSGSSZ, capped at 0xffff
const INT_MAX: i64 = 0x7fffffff;

export const MSQID_DS_SIZE: i32 = 120;
const SET_UID: i32 = 1;
const SET_GID: i32 = 2;
const SET_MODE: i32 = 4;
const SET_QBYTES: i32 = 8;
const SET_NOBUF: i32 = 1 << 30; // no buffer at all: EFAULT

export function sys_msgget(pid: i32, sysno: i32, key: i32, msgflg: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, ipcGet(p, msgIds, msgOps, key, msgflg));
}

// msgsnd and msgrcv hold the process and the queue as addresses (enterAt, msgQueueAt): with no
// managed reference in a local, no function on their way needs a shadow-stack frame (see
// proc.ts's procPid and msg.ts's msgQueueAt).

/** xfer: struct msgbuf, `msgsz` bytes of text. */
export function sys_msgsnd(pid: i32, sysno: i32, msqid: i32, msgsz: i32, msgflg: i32): i32 {
  const p = enterAt(pid, sysno);
  return leaveAt(p, doMsgsnd(p, msqid, msgsz, msgflg));
}

function doMsgsnd(p: usize, msqid: i32, msgsz: i32, msgflg: i32): i32 {
  const mtype = load<i64>(xfer);
  let q: usize;
  if (procInSyscall(p)) {
    q = resumedQueueAt(p);
  } else {
    // A message must also fit the transfer buffer: that caps MSGMAX at 2 MiB - 8 here.
    if (<u32>msgsz > <u32>MSGMAX || msgsz < 0 || msgsz > XFER_SIZE - 8 || msqid < 0) return -EINVAL;
    if (mtype < 1) return -EINVAL;
    q = msgQueueAt(msqid);
    if (q == 0) return -EINVAL;
  }
  return msgSend(p, q, mtype, xfer + 8, msgsz, msgflg);
}

/** The message goes to xfer as struct msgbuf; msgtyp is (typHi << 32) | typLo. */
export function sys_msgrcv(pid: i32, sysno: i32, msqid: i32, msgsz: f64, typLo: u32, typHi: i32, msgflg: i32): i32 {
  const p = enterAt(pid, sysno);
  return leaveAt(p, doMsgrcv(p, msqid, <i64>msgsz, (<i64>typHi << 32) | <i64>typLo, msgflg));
}

function doMsgrcv(p: usize, msqid: i32, bufsz: i64, msgtyp: i64, msgflg: i32): i32 {
  const mode = msgrcvMode(msgtyp, msgflg);
  const typ = msgrcvType(msgtyp, mode);
  let q: usize;
  if (procInSyscall(p)) {
    q = resumedQueueAt(p);
  } else {
    if (msqid < 0 || bufsz < 0) return -EINVAL;
    if ((msgflg & MSG_COPY) != 0 && ((msgflg & MSG_EXCEPT) != 0 || (msgflg & IPC_NOWAIT) == 0)) return -EINVAL;
    q = msgQueueAt(msqid);
    if (q == 0) return -EINVAL;
  }
  return msgReceive(p, q, xfer, bufsz, typ, mode, msgflg);
}

export function sys_msgctl(pid: i32, sysno: i32, msqid: i32, cmd: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, doMsgctl(p, msqid, cmd));
}

function doMsgctl(p: Proc, msqid: i32, cmd: i32): i32 {
  if (msqid < 0 || cmd < 0) return -EINVAL;
  switch (cmd) {
    case IPC_INFO:
    case MSG_INFO: return msgInfo(cmd);
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY: return msgStat(p, msqid, cmd);
    case IPC_SET: return msgSet(p, msqid);
    case IPC_RMID: {
      const q = msgQueue(msqid);
      if (q === null) return -EINVAL;
      const err = ipcCtlPerm(p, q);
      if (err != 0) return err;
      msgRemove(q);
      return 0;
    }
  }
  return -EINVAL; // also IPC_64 (0x100) or'ed in: x86_64 does not take it
}

/** msgctl_info: struct msginfo at xfer; returns the highest index in use. */
function msgInfo(cmd: i32): i32 {
  memory.fill(xfer, 0, 32);
  const live = cmd == MSG_INFO;
  store<i32>(xfer, live ? msgIds.inUse : MSGPOOL); // msgpool
  store<i32>(xfer, live ? <i32>(queuedMsgs < INT_MAX ? queuedMsgs : INT_MAX) : MSGMAP, 4); // msgmap
  store<i32>(xfer, MSGMAX, 8);
  store<i32>(xfer, MSGMNB, 12);
  store<i32>(xfer, MSGMNI, 16);
  store<i32>(xfer, MSGSSZ, 20);
  store<i32>(xfer, live ? <i32>(queuedBytes < INT_MAX ? queuedBytes : INT_MAX) : MSGTQL, 24); // msgtql
  store<u16>(xfer, <u16>MSGSEG, 28);
  return msgIds.highest();
}

/** msgctl_stat: struct msqid_ds at xfer; 0 for IPC_STAT, the queue's id for MSG_STAT(_ANY). */
function msgStat(p: Proc, msqid: i32, cmd: i32): i32 {
  const o = cmd == IPC_STAT ? msgIds.check(msqid) : msgIds.byIndex(msqid);
  if (o === null) return -EINVAL;
  const q = changetype<MsgQueue>(o);
  if (cmd != MSG_STAT_ANY && ipcPerms(p, q, 0o444) != 0) return -EACCES;
  memory.fill(xfer, 0, MSQID_DS_SIZE);
  store<i32>(xfer, q.key); // msg_perm.__key
  store<i32>(xfer, q.uid, 4);
  store<i32>(xfer, q.gid, 8);
  store<i32>(xfer, q.cuid, 12);
  store<i32>(xfer, q.cgid, 16);
  store<i32>(xfer, q.mode, 20);
  store<u16>(xfer, <u16>q.seq, 24); // msg_perm.__seq
  store<i64>(xfer, seconds(q.stime), 48);
  store<i64>(xfer, seconds(q.rtime), 56);
  store<i64>(xfer, seconds(q.ctime), 64);
  store<i64>(xfer, q.cbytes, 72);
  store<i64>(xfer, q.qnum, 80);
  store<i64>(xfer, q.qbytes, 88);
  store<i32>(xfer, q.lspid, 96);
  store<i32>(xfer, q.lrpid, 100);
  return cmd == IPC_STAT ? 0 : q.id;
}

/** msgctl_down's IPC_SET: the owner's or creator's, and raising msg_qbytes above MSGMNB is
 * CAP_SYS_RESOURCE's. msg_qbytes arrives in an int (msgctl_down's parameter). */
function msgSet(p: Proc, msqid: i32): i32 {
  const mask = load<i32>(xfer, MSQID_DS_SIZE);
  if ((mask & SET_NOBUF) != 0) return -EFAULT; // copy_msqid_from_user
  const q = msgQueue(msqid);
  if (q === null) return -EINVAL;
  const err = ipcCtlPerm(p, q);
  if (err != 0) return err;
  const uid = (mask & SET_UID) != 0 ? load<i32>(xfer, 4) : q.uid;
  const gid = (mask & SET_GID) != 0 ? load<i32>(xfer, 8) : q.gid;
  const mode = (mask & SET_MODE) != 0 ? load<i32>(xfer, 20) : q.mode;
  const qbytes = (mask & SET_QBYTES) != 0 ? <i32>load<i64>(xfer, 88) : <i32>q.qbytes;
  if (<u32>qbytes > <u32>MSGMNB && !p.capable(CAP_SYS_RESOURCE)) return -EPERM;
  const e = ipcUpdatePerm(q, uid, gid, mode);
  if (e != 0) return e;
  msgSetQbytes(q, <i64>qbytes);
  return 0;
}

// ---- what the host asks about queues ----

/**
 * Writes every queue into xfer and returns their number. Per queue: [id, key, mode, nShown,
 * nSenders, nReceivers] (i32), [qnum, cbytes, qbytes] (f64), then nShown messages as
 * [mtype f64, size i32], then the senders' and the receivers' pids (i32), in wake-up order.
 * At most `maxShown` messages of each queue are listed (qnum counts them all).
 */
export function msg_snapshot(maxShown: i32): i32 {
  const all = msgQueues();
  let at = xfer;
  const end = xfer + <usize>XFER_SIZE;
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    const q = unchecked(all[i]);
    let shown = q.qnum < <i64>maxShown ? <i32>q.qnum : maxShown;
    const need = <usize>(48 + shown * 12 + (q.senders.count + q.receivers.count) * 4);
    if (at + need > end) break;
    store<i32>(at, q.id);
    store<i32>(at, q.key, 4);
    store<i32>(at, q.mode, 8);
    store<i32>(at, shown, 12);
    store<i32>(at, q.senders.count, 16);
    store<i32>(at, q.receivers.count, 20);
    store<f64>(at, <f64>q.qnum, 24);
    store<f64>(at, <f64>q.cbytes, 32);
    store<f64>(at, <f64>q.qbytes, 40);
    at += 48;
    for (let m = q.first; m != 0 && shown > 0; m = changetype<MsgMsg>(m).next, shown--, at += 12) {
      store<f64>(at, <f64>changetype<MsgMsg>(m).mtype);
      store<i32>(at, <i32>changetype<MsgMsg>(m).size, 8);
    }
    at = storePids(at, q.senders.head);
    at = storePids(at, q.receivers.head);
    n++;
  }
  return n;
}

function storePids(at: usize, first: MsgWaiter | null): usize {
  let w = first;
  while (w !== null) {
    store<i32>(at, w.proc.pid);
    at += 4;
    w = w.next;
  }
  return at;
}

/** Writes messages and bytes sent, received, queued and dropped (with their queue) as 8 f64. */
export function msg_totals(): void {
  store<f64>(xfer, <f64>sentMsgs);
  store<f64>(xfer, <f64>sentBytes, 8);
  store<f64>(xfer, <f64>recvMsgs, 16);
  store<f64>(xfer, <f64>recvBytes, 24);
  store<f64>(xfer, <f64>queuedMsgs, 32);
  store<f64>(xfer, <f64>queuedBytes, 40);
  store<f64>(xfer, <f64>droppedMsgs, 48);
  store<f64>(xfer, <f64>droppedBytes, 56);
}
