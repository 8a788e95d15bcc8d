// System V message queues and ftok on the real kernel, through glibc via koffi. Buffers are the
// x86_64 structures (src/api/msg-struct.ts): struct msgbuf { long mtype; char mtext[]; },
// struct msqid_ds (120 bytes), struct msginfo (32 bytes).
//
// Every queue a run creates is recorded (`note`) at once, so the runner removes it at the end.
// msgget(key, IPC_CREAT) without IPC_EXCL may create a queue or open someone else's: it is made
// as IPC_CREAT|IPC_EXCL first, and only an EEXIST falls back to opening the existing queue, so a
// queue the run did not create is never recorded (and never removed).
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import { constants as C } from '../api/constants.js';
import { ERRNO } from '../api/errno.js';
import { SysError } from '../api/errors.js';
import {
  getLong, mergeMsqidSet, MSGBUF_HEADER, MSQID_DS_SIZE, putLong, readMsgInfo, readMsqidDs, SET_NOBUF,
  SET_GID, SET_MODE, SET_QBYTES, SET_UID, toLong, writeMsqidSet,
} from '../api/msg-struct.js';
import type { Long, MsgInfo, MsqidDs, MsqidSet } from '../api/types.js';

interface MsgLib {
  msgget(key: number, flg: number): number;
  msgsnd(id: number, buf: Uint8Array, size: number, flg: number): number;
  msgrcv(id: number, buf: Uint8Array, size: number | bigint, typ: number | bigint, flg: number): number | bigint;
  msgctl(id: number, cmd: number, buf: Uint8Array | null): number;
  ftok(path: string, proj: number): number;
  errno(set?: number): number;
}

let lib: MsgLib | null = null;

function msgLib(): MsgLib {
  if (lib) return lib;
  const koffi = createRequire(import.meta.url)('koffi');
  const c = koffi.load('libc.so.6');
  lib = {
    msgget: c.func('int msgget(int key, int msgflg)'),
    msgsnd: c.func('int msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg)'),
    // msgsz as a signed type, so that a negative size reaches the kernel (which says EINVAL).
    msgrcv: c.func('intptr_t msgrcv(int msqid, void *msgp, intptr_t msgsz, long msgtyp, int msgflg)'),
    msgctl: c.func('int msgctl(int msqid, int cmd, void *buf)'),
    ftok: c.func('int ftok(const char *pathname, int proj_id)'),
    errno: (set?: number) => (set === undefined ? koffi.errno() : koffi.errno(set)),
  };
  return lib;
}

function fail(name: string, err = msgLib().errno()): never {
  throw new SysError(err || ERRNO.EINVAL, name);
}

let scratch = new Uint8Array(MSGBUF_HEADER + 8192);
let scratchView = new DataView(scratch.buffer);

/** A msgbuf of at least `size` bytes of text (reused from call to call). */
function msgbuf(size: number): Uint8Array {
  if (scratch.length < MSGBUF_HEADER + size) {
    scratch = new Uint8Array(MSGBUF_HEADER + size);
    scratchView = new DataView(scratch.buffer);
  }
  return scratch;
}

let textMax = 0;

/**
 * The most text a msgrcv can ever copy: no message is longer than msgmax was when it was sent.
 * A larger msgsz (any up to LONG_MAX is valid) is lowered to this, which changes nothing.
 */
function receiveMax(): number {
  if (textMax > 0) return textMax;
  let msgmax = 8192;
  try {
    msgmax = Number(fs.readFileSync('/proc/sys/kernel/msgmax', 'utf8').trim()) || msgmax;
  } catch {
    // no /proc: the default
  }
  return (textMax = Math.max(msgmax, 1 << 16));
}

export type NoteQueue = (id: number, key: number) => void;

export function msgget(key: number, msgflg: number, note: NoteQueue): number {
  const c = msgLib();
  const creating = key === C.IPC_PRIVATE || (msgflg & C.IPC_CREAT) !== 0;
  if (!creating) {
    const id = c.msgget(key, msgflg);
    return id < 0 ? fail('msgget') : id;
  }
  if (key === C.IPC_PRIVATE || (msgflg & C.IPC_EXCL) !== 0) {
    const id = c.msgget(key, msgflg);
    if (id < 0) fail('msgget');
    note(id, key);
    return id;
  }
  for (;;) {
    const id = c.msgget(key, msgflg | C.IPC_EXCL);
    if (id >= 0) {
      note(id, key);
      return id;
    }
    if (c.errno() !== ERRNO.EEXIST) fail('msgget');
    const existing = c.msgget(key, msgflg & ~C.IPC_CREAT);
    if (existing >= 0) return existing;
    if (c.errno() !== ERRNO.ENOENT) fail('msgget');
    // Removed in between: try to create it again.
  }
}

export function msgsnd(msqid: number, mtype: Long, data: Uint8Array, msgflg: number): void {
  const buf = msgbuf(data.length);
  putLong(scratchView, 0, mtype);
  buf.set(data, MSGBUF_HEADER);
  if (msgLib().msgsnd(msqid, buf, data.length, msgflg) < 0) fail('msgsnd');
}

export function msgrcv(msqid: number, msgsz: number, msgtyp: Long, msgflg: number): { mtype: number | bigint; data: Uint8Array } {
  // size_t as the kernel's long sees it; a number stays a number (koffi takes either).
  const size = Number.isSafeInteger(msgsz) ? msgsz : BigInt.asIntN(64, BigInt(msgsz));
  const negative = size < 0;
  const room = negative ? 0 : Math.min(Number(size), receiveMax());
  const buf = msgbuf(room);
  const typ = typeof msgtyp === 'number' && Number.isSafeInteger(msgtyp) ? msgtyp : toLong(msgtyp);
  const n = Number(msgLib().msgrcv(msqid, buf, negative ? size : room, typ, msgflg));
  if (n < 0) fail('msgrcv');
  return { mtype: getLong(scratchView, 0), data: buf.slice(MSGBUF_HEADER, MSGBUF_HEADER + n) };
}

const ALL_SET = SET_UID | SET_GID | SET_MODE | SET_QBYTES;

export function msgctl(msqid: number, cmd: number, arg: MsqidSet | undefined): MsqidDs | MsgInfo | undefined {
  const c = msgLib();
  const buf = new Uint8Array(MSQID_DS_SIZE);
  const dv = new DataView(buf.buffer);
  if (cmd === C.IPC_SET) {
    const mask = writeMsqidSet(dv, 0, arg);
    if (mask === SET_NOBUF) {
      if (c.msgctl(msqid, cmd, null) < 0) fail('msgctl');
      return undefined;
    }
    if ((mask & ALL_SET) !== ALL_SET) {
      // The fields left out keep their values: read them without needing read permission.
      const cur = new Uint8Array(MSQID_DS_SIZE);
      if (c.msgctl(msqid, C.MSG_STAT_ANY, cur) === msqid) mergeMsqidSet(dv, 0, mask, new DataView(cur.buffer));
    }
    if (c.msgctl(msqid, cmd, buf) < 0) fail('msgctl');
    return undefined;
  }
  const r = c.msgctl(msqid, cmd, cmd === C.IPC_RMID ? null : buf);
  if (r < 0) fail('msgctl');
  switch (cmd) {
    case C.IPC_STAT: return readMsqidDs(dv);
    case C.MSG_STAT: case C.MSG_STAT_ANY: return { ...readMsqidDs(dv), msqid: r };
    case C.IPC_INFO: case C.MSG_INFO: return { ...readMsgInfo(dv), max_idx: r };
    default: return undefined;
  }
}

/** glibc's ftok(3); a relative path is the run directory's, as for every call. */
export function ftok(path: string, projId: number): number {
  const c = msgLib();
  c.errno(0);
  const key = c.ftok(path, projId);
  // -1 is also a possible key: only errno tells a failure apart.
  if (key === -1 && c.errno() !== 0) fail('ftok');
  return key;
}
