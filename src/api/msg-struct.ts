// The bytes of System V message-queue structures as x86_64 Linux lays them out
// (shared/linux-ipc-facts.md section 10), and Linux longs. Both backends use these: the
// simulator's kernel reads and writes the same layouts in its transfer buffer, the native
// backend in the buffers it passes to libc.
import { readIpcPerm } from './ipc-perm.js';
import type { Long, MsgInfo, MsqidDs, MsqidSet } from './types.js';

export const MSQID_DS_SIZE = 120;
export const MSGINFO_SIZE = 32;
export const MSGBUF_HEADER = 8; // struct msgbuf: long mtype, then the text

// IPC_SET: which fields the caller gave (the kernel keeps the others), stored after msqid_ds.
export const SET_UID = 1;
export const SET_GID = 2;
export const SET_MODE = 4;
export const SET_QBYTES = 8;
export const SET_NOBUF = 1 << 30;

/** A Linux long (mtype, msgtyp) from a number or a bigint: two's complement, 64 bits. */
export function toLong(v: Long): bigint {
  return BigInt.asIntN(64, BigInt(v));
}

/** A long as a number when it is exactly one, else as a bigint. */
export function fromLong(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

const TWO_32 = 4294967296;

/** Stores a long at `at` (little-endian); numbers take no detour through BigInt. */
export function putLong(dv: DataView, at: number, v: Long): void {
  if (typeof v === 'number' && Number.isSafeInteger(v)) {
    const hi = Math.floor(v / TWO_32);
    dv.setUint32(at, v - hi * TWO_32, true);
    dv.setInt32(at + 4, hi, true);
  } else {
    dv.setBigInt64(at, toLong(v), true);
  }
}

/** Loads a long from `at`: a number when it is exactly one, else a bigint (as fromLong). */
export function getLong(dv: DataView, at: number): number | bigint {
  const hi = dv.getInt32(at + 4, true);
  if (hi > -2097152 && hi < 2097152) return hi * TWO_32 + dv.getUint32(at, true); // |v| < 2^53
  return fromLong(dv.getBigInt64(at, true));
}

/** A size_t argument as the kernel's (long) view of it: negative past 2^63, capped at 2^53. */
export function sizeArg(n: number): number {
  if (Number.isSafeInteger(n)) return n < 0 ? -1 : n;
  const v = BigInt.asIntN(64, BigInt(n));
  if (v < 0n) return -1;
  return v > 2n ** 53n ? 2 ** 53 : Number(v);
}

function u64(dv: DataView, at: number): number {
  return Number(dv.getBigUint64(at, true));
}

export function readMsqidDs(dv: DataView, at = 0): MsqidDs {
  return {
    msg_perm: readIpcPerm(dv, at),
    msg_stime: Number(dv.getBigInt64(at + 48, true)),
    msg_rtime: Number(dv.getBigInt64(at + 56, true)),
    msg_ctime: Number(dv.getBigInt64(at + 64, true)),
    msg_cbytes: u64(dv, at + 72),
    msg_qnum: u64(dv, at + 80),
    msg_qbytes: u64(dv, at + 88),
    msg_lspid: dv.getInt32(at + 96, true),
    msg_lrpid: dv.getInt32(at + 100, true),
  };
}

export function readMsgInfo(dv: DataView, at = 0): MsgInfo {
  return {
    msgpool: dv.getInt32(at, true), msgmap: dv.getInt32(at + 4, true), msgmax: dv.getInt32(at + 8, true),
    msgmnb: dv.getInt32(at + 12, true), msgmni: dv.getInt32(at + 16, true), msgssz: dv.getInt32(at + 20, true),
    msgtql: dv.getInt32(at + 24, true), msgseg: dv.getUint16(at + 28, true),
  };
}

/**
 * Writes the fields IPC_SET uses (msg_perm.uid, .gid, .mode, msg_qbytes) of a partial msqid_ds
 * into a zeroed msqid_ds at `at`; returns the SET_* mask of those given. Values are truncated as
 * C would store them (uid_t is 32 bits, msg_qbytes 64).
 */
export function writeMsqidSet(dv: DataView, at: number, buf: MsqidSet | null | undefined): number {
  for (let i = 0; i < MSQID_DS_SIZE; i++) dv.setUint8(at + i, 0);
  if (buf === null || buf === undefined) return SET_NOBUF;
  let mask = 0;
  const perm = buf.msg_perm;
  if (perm?.uid !== undefined) { dv.setUint32(at + 4, perm.uid >>> 0, true); mask |= SET_UID; }
  if (perm?.gid !== undefined) { dv.setUint32(at + 8, perm.gid >>> 0, true); mask |= SET_GID; }
  if (perm?.mode !== undefined) { dv.setUint32(at + 20, perm.mode >>> 0, true); mask |= SET_MODE; }
  if (buf.msg_qbytes !== undefined) {
    dv.setBigUint64(at + 88, BigInt.asUintN(64, BigInt(buf.msg_qbytes)), true);
    mask |= SET_QBYTES;
  }
  return mask;
}

/**
 * Fills the fields a partial IPC_SET left out from `cur`, a msqid_ds the kernel gave for the
 * queue (the native backend reads it with MSG_STAT_ANY, which needs no permission).
 */
export function mergeMsqidSet(dv: DataView, at: number, mask: number, cur: DataView): void {
  if (!(mask & SET_UID)) dv.setUint32(at + 4, cur.getUint32(4, true), true);
  if (!(mask & SET_GID)) dv.setUint32(at + 8, cur.getUint32(8, true), true);
  if (!(mask & SET_MODE)) dv.setUint32(at + 20, cur.getUint32(20, true), true);
  if (!(mask & SET_QBYTES)) dv.setBigUint64(at + 88, cur.getBigUint64(88, true), true);
}
