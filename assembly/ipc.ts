// What System V message queues, semaphore sets and shared memory share (ipc/util.c): the
// permission header every object starts with, the per-mechanism id table with Linux's id scheme,
// key lookup (ipcget), permission checks (ipcperms) and IPC_SET/IPC_RMID rights. Written once;
// msg.ts, sem.ts and shm.ts build on it.
import { Proc, procEuid, procEgid, procCapable } from './proc';
import { CAP_IPC_OWNER, CAP_SYS_ADMIN } from './param';
import { EACCES, EEXIST, EINVAL, ENOENT, ENOSPC, EPERM } from './errno';
import { now } from './sched';
import { arrLen, arrAt } from './arr';

export const IPC_PRIVATE: i32 = 0;
export const IPC_CREAT: i32 = 0o1000;
export const IPC_EXCL: i32 = 0o2000;
export const IPC_NOWAIT: i32 = 0o4000;
export const IPC_RMID: i32 = 0;
export const IPC_SET: i32 = 1;
export const IPC_STAT: i32 = 2;
export const IPC_INFO: i32 = 3;

const IPCMNI_SHIFT: i32 = 15; // id = seq << 15 | index (IPCMNI 32768)
const IPCMNI: i32 = 1 << IPCMNI_SHIFT;
const IPC_MIN_CYCLE: i32 = 64; // RADIX_TREE_MAP_SIZE: the smallest cycle of indexes
const SEQ_MAX: i32 = 0x7fffffff >> IPCMNI_SHIFT; // ipcid_seq_max()

/** struct kern_ipc_perm: the first part of every System V object. */
export class KernIpcPerm {
  id: i32 = -1;
  key: i32 = 0;
  uid: i32 = 0;
  gid: i32 = 0;
  cuid: i32 = 0;
  cgid: i32 = 0;
  mode: i32 = 0; // permission bits, plus SHM_DEST/SHM_LOCKED for shm
  seq: i32 = 0;
  deleted: bool = false; // removed: sleepers wake with EIDRM
  ctime: i64 = 0; // last change (ns of the run's clock)
}

/** The run's clock in seconds, as *_ds times show it (the simulated epoch starts here). */
export const EPOCH_S: i64 = 1700000000;
export function seconds(ns: i64): i64 {
  return ns == 0 ? 0 : EPOCH_S + ns / 1000000000;
}
export function nowNs(): i64 {
  // A time of 0 means "never" in *_ds, so the first instant of a run counts as 1 ns.
  return now > 0 ? now : 1;
}

/** struct ipc_ids: one per mechanism. */
export class IpcIds {
  entries: Array<KernIpcPerm | null> = new Array<KernIpcPerm | null>();
  keys: Map<i32, KernIpcPerm> = new Map<i32, KernIpcPerm>();
  inUse: i32 = 0;
  seq: i32 = 0;
  lastIdx: i32 = -1;
  nextCyclic: i32 = 0; // idr_alloc_cyclic's next start
  maxIdx: i32 = -1; // highest index in use (IPC_INFO's answer)

  // get and check are inlined plain loads (arr.ts): every semop, msgsnd and msgrcv looks up its id.
  @inline get(idx: i32): KernIpcPerm | null {
    const entries = changetype<usize>(this.entries);
    return idx >= 0 && idx < arrLen<KernIpcPerm | null>(entries) ? arrAt<KernIpcPerm | null>(entries, idx) : null;
  }

  /** ipc_obtain_object_check: the object of a user-visible id, or null (EINVAL) if stale. */
  @inline check(id: i32): KernIpcPerm | null {
    return changetype<KernIpcPerm | null>(ipcCheckAt(changetype<usize>(this), id));
  }

  /**
   * ipc_obtain_object_idr: the object at the index part of `id`, whatever its sequence part, or
   * null (EINVAL). MSG_STAT, SEM_STAT and SHM_STAT take an index (or an id) this way.
   */
  byIndex(id: i32): KernIpcPerm | null {
    return id < 0 ? null : this.get(id & (IPCMNI - 1));
  }

  findKey(key: i32): KernIpcPerm | null {
    return this.keys.has(key) ? this.keys.get(key) : null;
  }

  /**
   * ipc_addid: gives `o` an index, a sequence number and an id. The index is allocated
   * cyclically in [0, max(64, inUse*3/2)), and the sequence moves on when the cycle wraps.
   * Returns the id, or -ENOSPC past `limit` objects.
   */
  add(o: KernIpcPerm, limit: i32): i32 {
    if (this.inUse >= limit) return -ENOSPC;
    let max = (this.inUse * 3) / 2;
    if (max < IPC_MIN_CYCLE) max = IPC_MIN_CYCLE;
    if (max > IPCMNI) max = IPCMNI;
    let idx = this.freeFrom(this.nextCyclic < max ? this.nextCyclic : 0, max);
    if (idx < 0) idx = this.freeFrom(0, max);
    if (idx < 0) return -ENOSPC;
    this.nextCyclic = idx + 1;
    if (idx <= this.lastIdx) {
      this.seq++;
      if (this.seq >= SEQ_MAX) this.seq = 0;
    }
    this.lastIdx = idx;
    while (this.entries.length <= idx) this.entries.push(null);
    this.entries[idx] = o;
    o.seq = this.seq;
    o.id = (this.seq << IPCMNI_SHIFT) | idx;
    if (o.key != IPC_PRIVATE) this.keys.set(o.key, o);
    this.inUse++;
    if (idx > this.maxIdx) this.maxIdx = idx;
    return o.id;
  }

  private freeFrom(start: i32, end: i32): i32 {
    for (let i = start; i < end; i++) if (this.get(i) === null) return i;
    return -1;
  }

  /** ipc_rmid: the id and the key are gone; the object is marked deleted. */
  remove(o: KernIpcPerm): void {
    const idx = o.id & (IPCMNI - 1);
    this.entries[idx] = null;
    this.forgetKey(o);
    o.deleted = true;
    this.inUse--;
    if (idx == this.maxIdx) {
      let m = idx - 1;
      while (m >= 0 && this.get(m) === null) m--;
      this.maxIdx = m;
    }
  }

  /** ipc_set_key_private: the key no longer finds the object (shm IPC_RMID with attaches). */
  forgetKey(o: KernIpcPerm): void {
    if (o.key != IPC_PRIVATE && this.keys.has(o.key) && this.keys.get(o.key) === o) this.keys.delete(o.key);
  }

  /** Highest index in use, or 0 if none (IPC_INFO, MSG_INFO...). */
  highest(): i32 {
    return this.maxIdx < 0 ? 0 : this.maxIdx;
  }
}

// ---- An object and its ids by address, for the calls that look up an id and check permission
// every time (msgsnd, msgrcv): without a managed local or operand, no shadow-stack frame (see
// proc.ts's procPid). Scalar fields only. The object is in its id table, or (removed while a
// process slept on it) held by that sleeper's record: reachable either way.

@inline export function permId(o: usize): i32 {
  return load<i32>(o, offsetof<KernIpcPerm>('id'));
}

@inline export function permDeleted(o: usize): bool {
  return load<bool>(o, offsetof<KernIpcPerm>('deleted'));
}

/** ids.check(id) for ids = changetype<usize>(an IpcIds): the object's address, or 0 (EINVAL). */
@inline export function ipcCheckAt(ids: usize, id: i32): usize {
  if (id < 0) return 0;
  const entries = load<usize>(ids, offsetof<IpcIds>('entries'));
  const idx = id & (IPCMNI - 1);
  const o = idx < arrLen<usize>(entries) ? arrAt<usize>(entries, idx) : 0;
  return o != 0 && permId(o) == id ? o : 0;
}

/** Fills the creator and owner of a new object (ipc_addid, newque): mode = flag & 0777. */
export function ipcInitPerm(p: Proc, o: KernIpcPerm, key: i32, flg: i32): void {
  o.key = key;
  o.uid = o.cuid = p.euid;
  o.gid = o.cgid = p.egid;
  o.mode = flg & 0o777;
  o.ctime = nowNs();
}

/**
 * ipcperms: may p access o for the rwx bits requested in `flag` (0o400 etc., or the mode bits of
 * a *get flag)? 0 or -EACCES. The owner class applies to uid and cuid, the group class to gid and
 * cgid; there is no fall-through; CAP_IPC_OWNER overrides.
 */
export function ipcPerms(p: Proc, o: KernIpcPerm, flag: i32): i32 {
  return ipcPermsAt(changetype<usize>(p), changetype<usize>(o), flag);
}

/** ipcPerms by address (see permId): the owner and group classes' ids, and the mode bits. */
export function ipcPermsAt(p: usize, o: usize, flag: i32): i32 {
  const requested = (flag >> 6) | (flag >> 3) | flag;
  let granted = load<i32>(o, offsetof<KernIpcPerm>('mode'));
  const euid = procEuid(p);
  const egid = procEgid(p);
  if (euid == load<i32>(o, offsetof<KernIpcPerm>('cuid')) || euid == load<i32>(o, offsetof<KernIpcPerm>('uid'))) {
    granted >>= 6;
  } else if (egid == load<i32>(o, offsetof<KernIpcPerm>('cgid')) || egid == load<i32>(o, offsetof<KernIpcPerm>('gid'))) {
    granted >>= 3;
  }
  if ((requested & ~granted & 0o7) != 0 && !procCapable(p, CAP_IPC_OWNER)) return -EACCES;
  return 0;
}

/** ipcctl_obtain_check: IPC_SET and IPC_RMID need the owner, the creator or CAP_SYS_ADMIN. */
export function ipcCtlPerm(p: Proc, o: KernIpcPerm): i32 {
  if (p.euid == o.cuid || p.euid == o.uid || p.capable(CAP_SYS_ADMIN)) return 0;
  return -EPERM;
}

/**
 * ipc_update_perm: IPC_SET's uid, gid and permission bits. Every id but (uid_t)-1 is valid
 * (uid_valid), including those above 2^31 that an i32 shows as negative.
 */
export function ipcUpdatePerm(o: KernIpcPerm, uid: i32, gid: i32, mode: i32): i32 {
  if (uid == -1 || gid == -1) return -EINVAL;
  o.uid = uid;
  o.gid = gid;
  o.mode = (o.mode & ~0o777) | (mode & 0o777);
  o.ctime = nowNs();
  return 0;
}

/** What a mechanism's *get needs besides the common steps (ipc_ops). */
export abstract class IpcOps {
  /** Creates the object (newque, newary, newseg): its id, or -errno. */
  abstract create(p: Proc, key: i32, flg: i32): i32;
  /** Extra checks on an existing object (sem nsems, shm size): 0 or -errno. */
  moreChecks(o: KernIpcPerm): i32 {
    return 0;
  }
}

/**
 * ipcget: IPC_PRIVATE always creates; otherwise a missing key needs IPC_CREAT (ENOENT), an
 * existing one with IPC_CREAT|IPC_EXCL is EEXIST, then the mechanism's checks, then permission.
 */
export function ipcGet(p: Proc, ids: IpcIds, ops: IpcOps, key: i32, flg: i32): i32 {
  if (key == IPC_PRIVATE) return ops.create(p, key, flg);
  const o = ids.findKey(key);
  if (o === null) {
    if ((flg & IPC_CREAT) == 0) return -ENOENT;
    return ops.create(p, key, flg);
  }
  if ((flg & IPC_CREAT) != 0 && (flg & IPC_EXCL) != 0) return -EEXIST;
  const err = ops.moreChecks(o!);
  if (err != 0) return err;
  if (ipcPerms(p, o!, flg) != 0) return -EACCES;
  return o!.id;
}
