// System calls of System V shared memory (ipc/shm.c ksys_shmget, do_shmat, ksys_shmdt,
// ksys_shmctl), checks in Linux's order. Results that do not fit an i32 (addresses, *_ds structs)
// go back through the transfer buffer as f64s; src/sim/calls-shm.ts reads them.
import { Proc } from './proc';
import { enter, leave, xfer, XFER_SIZE } from './syscall';
import { ipcGet, ipcPerms, ipcCtlPerm, ipcUpdatePerm, seconds, IPC_RMID, IPC_SET, IPC_STAT,
  IPC_INFO } from './ipc';
import { ShmSeg, ShmAttach, shmIds, shmOps, shmLookup, shmRmid, shmMayDestroy, shmCharge,
  shmUncharge, shmRss, shmTot, SHM_LOCKED } from './shm';
import { Vma, mmOf, getArea, mapRegion, TASK_SIZE, PROT_READ, PROT_WRITE, PROT_EXEC } from './mm/vm';
import { PAGE_SIZE, PAGE_SHIFT, SHMMAX, SHMMIN, SHMMNI, SHMALL, CAP_IPC_LOCK } from './param';
import { EINVAL, EACCES, EPERM, ENOMEM } from './errno';

const SHM_RDONLY: i32 = 0o10000;
const SHM_RND: i32 = 0o20000;
const SHM_REMAP: i32 = 0o40000;
const SHM_EXEC: i32 = 0o100000;
const SHM_LOCK: i32 = 11;
const SHM_UNLOCK: i32 = 12;
const SHM_STAT: i32 = 13;
const SHM_INFO: i32 = 14;
const SHM_STAT_ANY: i32 = 15;
const SHMLBA: i64 = PAGE_SIZE;

@inline function out(i: i32, v: f64): void {
  store<f64>(xfer + (<usize>i << 3), v);
}

export function sys_shmget(pid: i32, sysno: i32, key: i32, size: f64, flg: i32): i32 {
  const p = enter(pid, sysno);
  // size_t: a negative size is a huge one.
  shmOps.size = size < 0 ? -1 : <i64>size;
  return leave(p, ipcGet(p, shmIds, shmOps, key, flg));
}

/** shmat: the address (xfer f64 0) and the segment's size (xfer f64 1); returns 0 or -errno. */
export function sys_shmat(pid: i32, sysno: i32, shmid: i32, addr: f64, flg: i32): i32 {
  const p = enter(pid, sysno);
  const r = doShmat(p, shmid, <i64>addr, flg);
  return leave(p, r);
}

function doShmat(p: Proc, shmid: i32, addr: i64, flg: i32): i32 {
  if (shmid < 0) return -EINVAL;
  let fixed = false;
  if (addr != 0) {
    if ((addr & (SHMLBA - 1)) != 0) {
      if ((flg & SHM_RND) == 0) return -EINVAL;
      addr &= ~(SHMLBA - 1);
      if (addr == 0 && (flg & SHM_REMAP) != 0) return -EINVAL;
    }
    fixed = true;
  } else if ((flg & SHM_REMAP) != 0) {
    return -EINVAL;
  }
  const rdonly = (flg & SHM_RDONLY) != 0;
  let prot = rdonly ? PROT_READ : PROT_READ | PROT_WRITE;
  let acc = rdonly ? 0o444 : 0o666;
  if ((flg & SHM_EXEC) != 0) {
    prot |= PROT_EXEC;
    acc |= 0o111;
  }
  const s = shmLookup(shmid);
  if (s === null) return -EINVAL;
  if (ipcPerms(p, s, acc) != 0) return -EACCES;
  // Held while mapping, so that remapping over the segment's own last attachment keeps it alive.
  s.nattch++;
  const r = attach(p, s, addr, fixed, (flg & SHM_REMAP) != 0, prot, !rdonly);
  s.nattch--;
  shmMayDestroy(s);
  return r;
}

function attach(p: Proc, s: ShmSeg, addr: i64, fixed: bool, remap: bool, prot: i32, mayWrite: bool): i32 {
  const size = s.segsz;
  const mm = mmOf(p.pid);
  const len = (size + PAGE_SIZE - 1) & ~(<i64>PAGE_SIZE - 1);
  if (fixed && !remap) {
    if (addr + size < addr) return -EINVAL;
    if (mm.intersects(addr, addr + len)) return -EINVAL;
  }
  const a = getArea(p, mm, addr, len, fixed);
  if (a < 0) return <i32>a;
  mapRegion(p, mm, a, len, prot, mayWrite, true, s.obj, 0, new ShmAttach(s));
  out(0, <f64>a);
  out(1, <f64>size);
  return 0;
}

/** ksys_shmdt: the attachment that starts at addr, with every fragment of it within its size. */
export function sys_shmdt(pid: i32, sysno: i32, addr: f64): i32 {
  const p = enter(pid, sysno);
  return leave(p, doShmdt(p, <i64>addr));
}

function doShmdt(p: Proc, addr: i64): i32 {
  if ((addr & (PAGE_SIZE - 1)) != 0 || addr < 0 || addr >= TASK_SIZE) return -EINVAL;
  const mm = mmOf(p.pid);
  let i = mm.indexAfter(addr);
  let found: ShmAttach | null = null;
  let size: i64 = 0;
  while (i < mm.vmas.length) {
    const v = mm.vmas[i];
    const ops = v.ops;
    if (ops !== null && v.start >= addr && (v.start - addr) >> PAGE_SHIFT == v.pgoff) {
      found = ops as ShmAttach;
      size = found.seg.segsz;
      mm.remove(i, p);
      break;
    }
    i++;
  }
  if (found === null) return -EINVAL;
  size = (size + PAGE_SIZE - 1) & ~(<i64>PAGE_SIZE - 1);
  while (i < mm.vmas.length && mm.vmas[i].end - addr <= size) {
    const v = mm.vmas[i];
    if (v.ops === found && (v.start - addr) >> PAGE_SHIFT == v.pgoff) mm.remove(i, p);
    else i++;
  }
  return 0;
}

/**
 * shmctl. IPC_SET takes uid, gid and mode, each only where `mask` has its bit (1, 2, 4).
 * IPC_STAT / SHM_STAT / SHM_STAT_ANY write shmid_ds to xfer as 14 f64s (ipc_perm's __key, uid,
 * gid, cuid, cgid, mode, __seq, then shm_segsz, atime, dtime, ctime, cpid, lpid, nattch);
 * IPC_INFO writes shminfo (5 f64s), SHM_INFO shm_info (6 f64s).
 */
export function sys_shmctl(pid: i32, sysno: i32, shmid: i32, cmd: i32, mask: i32, uid: i32, gid: i32,
  mode: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, doShmctl(p, shmid, cmd, mask, uid, gid, mode));
}

function doShmctl(p: Proc, shmid: i32, cmd: i32, mask: i32, uid: i32, gid: i32, mode: i32): i32 {
  if (cmd < 0 || shmid < 0) return -EINVAL;
  switch (cmd) {
    case IPC_INFO: {
      out(0, <f64><u64>SHMMAX);
      out(1, <f64>SHMMIN);
      out(2, <f64>SHMMNI);
      out(3, <f64>SHMMNI); // shmseg: SHMSEG, which Linux defines as SHMMNI
      out(4, <f64><u64>SHMALL);
      return shmIds.highest();
    }
    case SHM_INFO: {
      out(0, <f64>shmIds.inUse);
      out(1, <f64>shmTot);
      out(2, <f64>shmRss());
      out(3, 0);
      out(4, 0);
      out(5, 0);
      return shmIds.highest();
    }
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY:
      return shmStat(p, shmid, cmd);
    case IPC_SET:
    case IPC_RMID: {
      const s = shmLookup(shmid);
      if (s === null) return -EINVAL;
      const err = ipcCtlPerm(p, s);
      if (err != 0) return err;
      if (cmd == IPC_RMID) {
        shmRmid(s);
        return 0;
      }
      return ipcUpdatePerm(s, (mask & 1) != 0 ? uid : s.uid, (mask & 2) != 0 ? gid : s.gid,
        (mask & 4) != 0 ? mode : s.mode);
    }
    case SHM_LOCK:
    case SHM_UNLOCK:
      return shmLock(p, shmid, cmd == SHM_LOCK);
    default:
      return -EINVAL;
  }
}

function shmStat(p: Proc, shmid: i32, cmd: i32): i32 {
  // SHM_STAT and SHM_STAT_ANY take an index into the table, IPC_STAT an id.
  const o = cmd == IPC_STAT ? shmIds.check(shmid) : shmIds.get(shmid & 0x7fff);
  if (o === null) return -EINVAL;
  const s = o as ShmSeg;
  if (cmd != SHM_STAT_ANY && ipcPerms(p, s, 0o444) != 0) return -EACCES;
  out(0, <f64>s.key);
  out(1, <f64>s.uid);
  out(2, <f64>s.gid);
  out(3, <f64>s.cuid);
  out(4, <f64>s.cgid);
  out(5, <f64>s.mode);
  out(6, <f64>(s.seq & 0xffff));
  out(7, <f64>s.segsz);
  out(8, <f64>seconds(s.atime));
  out(9, <f64>seconds(s.dtime));
  out(10, <f64>seconds(s.ctime));
  out(11, <f64>s.cpid);
  out(12, <f64>s.lpid);
  out(13, <f64>s.nattch);
  return cmd == IPC_STAT ? 0 : s.id;
}

/** shmctl_do_lock: owners (or CAP_IPC_LOCK) lock within RLIMIT_MEMLOCK; locks are flags. */
function shmLock(p: Proc, shmid: i32, lock: bool): i32 {
  const s = shmLookup(shmid);
  if (s === null) return -EINVAL;
  const privileged = p.capable(CAP_IPC_LOCK);
  if (!privileged && p.euid != s.uid && p.euid != s.cuid) return -EPERM;
  if (lock) {
    if ((s.mode & SHM_LOCKED) != 0) return 0;
    if (!shmCharge(s, p.euid, privileged)) return -ENOMEM;
    s.mode |= SHM_LOCKED;
    return 0;
  }
  shmUncharge(s);
  return 0;
}

/**
 * For the TUI: every segment into xfer as i32s [id, key, mode, segsz, nattch, npages, then per
 * page (at most 256): count, pids...], and returns the number of segments (as many as fit).
 */
export function shm_snapshot(): i32 {
  let at = xfer;
  let n = 0;
  for (let i = 0; i < shmIds.entries.length; i++) {
    const o = unchecked(shmIds.entries[i]);
    if (o === null) continue;
    const s = o as ShmSeg;
    const pages = s.pages < 256 ? <i32>s.pages : 256;
    const worst = 24 + pages * 4 * (1 + s.obj.mappers.length);
    if (at + <usize>worst > xfer + <usize>XFER_SIZE) break;
    n++;
    store<i32>(at, s.id);
    store<i32>(at, s.key, 4);
    store<i32>(at, s.mode, 8);
    store<i32>(at, <i32>s.segsz, 12);
    store<i32>(at, <i32>s.nattch, 16);
    store<i32>(at, pages, 20);
    at += 24;
    const mappers = s.obj.mappers;
    for (let pg = 0; pg < pages; pg++) {
      const countAt = at;
      at += 4;
      let count = 0;
      for (let j = 0; j < mappers.length; j++) {
        const v = changetype<Vma>(unchecked(mappers[j]));
        const first = v.pgoff;
        const last = v.pgoff + ((v.end - v.start) >> PAGE_SHIFT);
        if (pg < first || pg >= last) continue;
        // A pid appears once per page, however many of its VMAs map it.
        let seen = false;
        for (let q = 0; q < count; q++) if (load<i32>(countAt + 4 + (<usize>q << 2)) == v.mm.pid) seen = true;
        if (seen) continue;
        store<i32>(at, v.mm.pid);
        at += 4;
        count++;
      }
      store<i32>(countAt, count);
    }
  }
  return n;
}
