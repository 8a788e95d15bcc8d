// System V shared memory segments (ipc/shm.c): a KernIpcPerm header, the segment's pages (an
// OBJ_SHM object, faulted in on first touch as shmem does), and the attach bookkeeping that the
// VMAs of an attachment drive through their vm_ops: shm_nattch counts VMAs, so fork and a split
// count one more, and the last one to go destroys a segment marked SHM_DEST.
import { Proc } from './proc';
import { KernIpcPerm, IpcIds, IpcOps, ipcInitPerm, nowNs, IPC_PRIVATE } from './ipc';
import { MemObject, OBJ_SHM } from './mm/object';
import { Vma, VmOps } from './mm/vm';
import { PAGE_SIZE, PAGE_SHIFT, SHMMIN, SHMMAX, SHMALL, SHMMNI } from './param';
import { EINVAL, ENOSPC } from './errno';
import { kassert, P_VM } from './panic';

export const SHM_DEST: i32 = 0o1000; // removed, destroyed at the last detach
export const SHM_LOCKED: i32 = 0o2000; // SHM_LOCK'ed
// RLIMIT_MEMLOCK's default soft limit (8 MiB since Linux 5.16): what an unprivileged owner may lock.
export const RLIMIT_MEMLOCK: i64 = 8 << 20;

/** struct shmid_kernel. */
export class ShmSeg extends KernIpcPerm {
  segsz: i64 = 0; // shm_segsz: the size asked for, not rounded
  pages: i64 = 0; // whole pages (what shm_tot counts)
  atime: i64 = 0; // last attach (ns of the run's clock; 0: never)
  dtime: i64 = 0; // last detach
  cpid: i32 = 0; // creator
  lpid: i32 = 0; // last shmat/shmdt
  nattch: i64 = 0; // VMAs mapping it
  obj: MemObject;
  lockUid: i32 = -1; // who SHM_LOCK charged, while SHM_LOCKED

  constructor(size: i64, pages: i64) {
    super();
    this.segsz = size;
    this.pages = pages;
    this.obj = new MemObject(OBJ_SHM, size);
  }
}

export const shmIds = new IpcIds();
export let shmTot: i64 = 0; // pages of every segment (ns->shm_tot)
const memlocked = new Map<i32, i64>(); // uid -> pages locked by SHM_LOCK (ucounts' RLIMIT_MEMLOCK)

/** The attachment behind a VMA (struct shm_file_data): each shmat makes one; fork shares it. */
export class ShmAttach extends VmOps {
  seg: ShmSeg;
  constructor(seg: ShmSeg) {
    super();
    this.seg = seg;
  }
  /** shm_open: a VMA of the attachment appears. */
  open(v: Vma, p: Proc): void {
    const s = this.seg;
    s.atime = nowNs();
    s.lpid = p.pid;
    s.nattch++;
  }
  /** shm_close: a VMA goes; the last one destroys a segment removed meanwhile. */
  close(v: Vma, p: Proc): void {
    const s = this.seg;
    s.dtime = nowNs();
    s.lpid = p.pid;
    s.nattch--;
    kassert(s.nattch >= 0, P_VM, s.id);
    shmMayDestroy(s);
  }
}

export function shmMayDestroy(s: ShmSeg): void {
  if (s.nattch == 0 && (s.mode & SHM_DEST) != 0) shmDestroy(s);
}

/** shm_destroy: the id goes, the pages are freed, a lock is uncharged. */
export function shmDestroy(s: ShmSeg): void {
  kassert(s.nattch == 0, P_VM, s.id);
  shmIds.remove(s);
  shmTot -= s.pages;
  shmUncharge(s);
  s.obj.release();
}

/** do_shm_rmid: destroyed now if nothing is attached, else marked and its key forgotten. */
export function shmRmid(s: ShmSeg): void {
  if (s.nattch > 0) {
    s.mode |= SHM_DEST;
    shmIds.forgetKey(s);
    s.key = IPC_PRIVATE; // ipc_set_key_private
  } else {
    shmDestroy(s);
  }
}

/** user_shm_lock: may `uid` lock `pages` more (privileged callers always may)? */
export function shmCharge(s: ShmSeg, uid: i32, privileged: bool): bool {
  const had = memlocked.has(uid) ? memlocked.get(uid) : 0;
  if (!privileged && had + s.pages > RLIMIT_MEMLOCK >> PAGE_SHIFT) return false;
  memlocked.set(uid, had + s.pages);
  s.lockUid = uid;
  return true;
}

export function shmUncharge(s: ShmSeg): void {
  if ((s.mode & SHM_LOCKED) == 0) return;
  const uid = s.lockUid;
  memlocked.set(uid, memlocked.get(uid) - s.pages);
  s.mode &= ~SHM_LOCKED;
  s.lockUid = -1;
}

/** newseg and shm_more_checks for ipcGet; `size` is the size shmget was given. */
class ShmOps extends IpcOps {
  size: i64 = 0;

  create(p: Proc, key: i32, flg: i32): i32 {
    const size = this.size;
    // Sizes compare as size_t: a negative one is huge.
    if (<u64>size < <u64>SHMMIN || <u64>size > <u64>SHMMAX) return -EINVAL;
    const pages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
    if (<u64>(shmTot + pages) < <u64>shmTot || <u64>(shmTot + pages) > <u64>SHMALL) return -ENOSPC;
    const s = new ShmSeg(size, pages);
    ipcInitPerm(p, s, key, flg);
    s.cpid = p.pid;
    const id = shmIds.add(s, SHMMNI);
    if (id < 0) return id;
    shmTot += pages;
    return id;
  }

  moreChecks(o: KernIpcPerm): i32 {
    return <u64>(o as ShmSeg).segsz < <u64>this.size ? -EINVAL : 0;
  }
}

export const shmOps = new ShmOps();

export function shmLookup(id: i32): ShmSeg | null {
  const o = shmIds.check(id);
  return o === null ? null : (o as ShmSeg);
}

/** Pages resident in every segment (shm_get_stat's rss). */
export function shmRss(): i64 {
  let rss: i64 = 0;
  for (let i = 0; i < shmIds.entries.length; i++) {
    const o = unchecked(shmIds.entries[i]);
    if (o !== null) rss += (o as ShmSeg).obj.resident;
  }
  return rss;
}
