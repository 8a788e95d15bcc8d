// System calls on address spaces (mm/mmap.c do_mmap, mm/vma.c do_vmi_munmap, mm/mprotect.c,
// mm/msync.c) and POSIX shared memory (glibc's shm_open/shm_unlink: names checked as glibc does,
// then open/unlink under /dev/shm), plus what the host asks of the MMU: a Mapping's reads and
// writes translate user addresses to frames here, and a fault ends the process with its signal.
import { Proc, procGet, procExit, S_RUNNABLE } from './proc';
import { enter, leave, xfer, pathArg } from './syscall';
import { File, FT_REG, O_NOFOLLOW, O_CLOEXEC } from './file';
import { doOpen, doUnlink } from './sys_fs';
import { MemObject, OBJ_ANON } from './mm/object';
import { translate, contig } from './mm/fault';
import { mmOf, mmFind, getArea, mapRegion, TASK_SIZE, PAGE_MASK,
  PROT_READ, PROT_WRITE, PROT_EXEC, MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE, MAP_TYPE,
  MAP_FIXED, MAP_ANONYMOUS, MAP_FIXED_NOREPLACE } from './mm/vm';
import { framesFreeCount, framesTotalCount } from './mm/frame';
import { PAGE_SIZE, PAGE_SHIFT } from './param';
import { EACCES, EBADF, EEXIST, EINVAL, ENAMETOOLONG, ENODEV, ENOMEM, EOVERFLOW,
  EOPNOTSUPP } from './errno';

const MS_ASYNC: i32 = 1;
const MS_INVALIDATE: i32 = 2;
const MS_SYNC: i32 = 4;
// Flags MAP_SHARED keeps (LEGACY_MAP_MASK); MAP_SHARED_VALIDATE refuses any other.
const LEGACY_MAP_MASK: i32 = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | 0x0100 /* DENYWRITE */
  | 0x0800 /* EXECUTABLE */ | 0x0040 /* 32BIT */ | 0x0200 /* GROWSDOWN */ | 0x1000 /* LOCKED */
  | 0x2000 /* NORESERVE */ | 0x4000 /* POPULATE */ | 0x8000 /* NONBLOCK */ | 0x40000 /* HUGETLB */
  | 0x080000 /* SYNC */ | MAP_FIXED_NOREPLACE;
const MAX_LFS_FILESIZE: i64 = i64.MAX_VALUE;

@inline function pageAlign(n: i64): i64 {
  return (n + PAGE_SIZE - 1) & PAGE_MASK;
}

/** mmap: the address in xfer (f64 0); returns 0 or -errno. */
export function sys_mmap(pid: i32, sysno: i32, addr: f64, len: f64, prot: i32, flags: i32, fd: i32,
  off: f64): i32 {
  const p = enter(pid, sysno);
  const r = doMmap(p, <i64>addr, len < 0 ? -1 : <i64>len, prot, flags, fd, <i64>off);
  if (r >= 0) store<f64>(xfer, <f64>r);
  return leave(p, r < 0 ? <i32>r : 0);
}

function doMmap(p: Proc, addr: i64, len: i64, prot: i32, flags: i32, fd: i32, off: i64): i64 {
  if ((off & (PAGE_SIZE - 1)) != 0) return -EINVAL; // arch sys_mmap
  const anon = (flags & MAP_ANONYMOUS) != 0;
  const f: File | null = anon ? null : p.fdGet(fd);
  if (!anon && f === null) return -EBADF;
  if (len == 0) return -EINVAL;
  if ((flags & MAP_FIXED_NOREPLACE) != 0) flags |= MAP_FIXED;
  const fixed = (flags & MAP_FIXED) != 0;
  if (len < 0 || len > TASK_SIZE) return -ENOMEM; // PAGE_ALIGN overflows, or no room at all
  len = pageAlign(len);
  const pgoff = <i64>(<u64>off >> PAGE_SHIFT); // off_t to an unsigned page number
  if (<u64>(pgoff + (len >> PAGE_SHIFT)) < <u64>pgoff) return -EOVERFLOW;
  const mm = mmOf(p.pid);
  const a = getArea(p, mm, addr, len, fixed);
  if (a < 0) return a;
  if ((flags & MAP_FIXED_NOREPLACE) != 0 && mm.intersects(a, a + len)) return -EEXIST;
  const type = flags & MAP_TYPE;
  let shared = false;
  let mayWrite = true;
  let obj: MemObject | null = null;
  if (f !== null) {
    // file_mmap_ok: the last byte must stay within the largest file size.
    if (<u64>pgoff > <u64>(MAX_LFS_FILESIZE - len) >> PAGE_SHIFT) return -EOVERFLOW;
    if (type == MAP_SHARED || type == MAP_SHARED_VALIDATE) {
      if (type == MAP_SHARED_VALIDATE && (flags & ~LEGACY_MAP_MASK) != 0) return -EOPNOTSUPP;
      if ((prot & PROT_WRITE) != 0 && !f.writable) return -EACCES;
      // Shared, but without VM_MAYWRITE when the file is not open for writing.
      shared = true;
      mayWrite = f.writable;
    } else if (type != MAP_PRIVATE) {
      return -EINVAL;
    }
    if (!f.readable) return -EACCES;
    if (f.kind != FT_REG) return -ENODEV; // pipes, FIFOs, directories have no mmap
    obj = f.inode!.pages();
  } else if (type == MAP_SHARED) {
    shared = true;
    obj = new MemObject(OBJ_ANON, len); // shmem_zero_setup; its pgoff is ignored
  } else if (type != MAP_PRIVATE) {
    return -EINVAL;
  }
  mapRegion(p, mm, a, len, prot, mayWrite, shared, obj, f !== null ? pgoff : 0, null);
  return a;
}

function rangeCheck(addr: i64, len: i64): bool {
  return (addr & (PAGE_SIZE - 1)) == 0 && addr >= 0 && addr <= TASK_SIZE && len >= 0 && len <= TASK_SIZE - addr;
}

export function sys_munmap(pid: i32, sysno: i32, addr: f64, len: f64): i32 {
  const p = enter(pid, sysno);
  const a = <i64>addr;
  const l = len < 0 ? -1 : <i64>len;
  if (!rangeCheck(a, l)) return leave(p, -EINVAL);
  const n = pageAlign(l);
  if (n == 0) return leave(p, -EINVAL);
  mmOf(p.pid).unmap(a, a + n, p);
  return leave(p, 0);
}

export function sys_mprotect(pid: i32, sysno: i32, addr: f64, len: f64, prot: i32): i32 {
  const p = enter(pid, sysno);
  const a = <i64>addr;
  if ((a & (PAGE_SIZE - 1)) != 0 || a < 0) return leave(p, -EINVAL);
  if (len == 0) return leave(p, 0);
  const l = len < 0 ? TASK_SIZE * 2 : pageAlign(<i64>len);
  const end = a + l;
  if (end <= a || end > TASK_SIZE) return leave(p, -ENOMEM);
  if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x8 /* PROT_SEM */)) != 0) return leave(p, -EINVAL);
  return leave(p, mmOf(p.pid).protect(a, end, prot & ~0x8, p));
}

export function sys_msync(pid: i32, sysno: i32, addr: f64, len: f64, flags: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, doMsync(p, <i64>addr, len < 0 ? -1 : <i64>len, flags));
}

function doMsync(p: Proc, start: i64, len: i64, flags: i32): i32 {
  if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0) return -EINVAL;
  if ((start & (PAGE_SIZE - 1)) != 0 || start < 0) return -EINVAL;
  if ((flags & MS_ASYNC) != 0 && (flags & MS_SYNC) != 0) return -EINVAL;
  if (len < 0) return -EINVAL;
  const end = start + pageAlign(len);
  if (end < start) return -EINVAL;
  if (end == start) return 0;
  // Pages are the page cache itself here: there is nothing to write back, only holes to report.
  const mm = mmOf(p.pid);
  let i = mm.indexAfter(start);
  let unmapped = 0;
  let at = start;
  for (;;) {
    if (i >= mm.vmas.length) return -ENOMEM;
    const v = mm.vmas[i];
    if (at < v.start) {
      if (flags == MS_ASYNC) return -ENOMEM;
      at = v.start;
      if (at >= end) return -ENOMEM;
      unmapped = -ENOMEM;
    }
    at = v.end;
    if (at >= end) return unmapped;
    i++;
  }
  return 0; // not reached
}

// ---- POSIX shared memory (glibc shm_open / shm_unlink over /dev/shm) ----

const SHM_DIR = '/dev/shm/';

/** glibc's __shm_get_name: the path under /dev/shm, or '' with the errno in nameErr. */
let nameErr: i32 = 0;
function shmPath(name: string): string {
  let i = 0;
  while (i < name.length && name.charCodeAt(i) == 47) i++;
  const rest = name.substring(i);
  if (rest.length == 0 || rest == '.' || rest == '..' || rest.indexOf('/') >= 0) {
    nameErr = EINVAL;
    return '';
  }
  if (String.UTF8.byteLength(rest) > 255) {
    nameErr = ENAMETOOLONG;
    return '';
  }
  return SHM_DIR + rest;
}

export function sys_shm_open(pid: i32, sysno: i32, len: i32, oflag: i32, mode: i32): i32 {
  const p = enter(pid, sysno);
  const path = shmPath(pathArg(len));
  if (path.length == 0) return leave(p, -nameErr);
  return leave(p, doOpen(p, path, oflag | O_NOFOLLOW | O_CLOEXEC, mode));
}

export function sys_shm_unlink(pid: i32, sysno: i32, len: i32): i32 {
  const p = enter(pid, sysno);
  const path = shmPath(pathArg(len));
  if (path.length == 0) return leave(p, -nameErr);
  const r = doUnlink(p, path);
  return leave(p, r == -1 ? -EACCES : r); // glibc turns unlink's EPERM into EACCES
}

// ---- the host's side of a Mapping ----

/**
 * The linear-memory address of `addr` in pid's address space for an access of up to `want`
 * bytes (a write faults pages in), or -SIGSEGV / -SIGBUS. mm_contig() tells how many bytes from
 * there may be copied at once.
 */
export function mm_translate(pid: i32, addr: f64, want: f64, write: i32): f64 {
  const mm = mmFind(pid);
  if (mm === null) return -11; // SIGSEGV: nothing is mapped at all
  return <f64>translate(mm!, <i64>addr, <i64>want, write != 0);
}

export function mm_contig(): f64 {
  return <f64>contig;
}

/** A fault the host could not complete: pid dies of `sig` (force_sig_fault; no handler runs). */
export function mm_fault(pid: i32, sig: i32): void {
  const p = procGet(pid);
  if (p === null || p.state != S_RUNNABLE) return;
  p.endSyscall();
  procExit(p, sig & 0x7f);
}

/** The end of the VMA containing addr (for mappingAt), or -1. */
export function mm_region_end(pid: i32, addr: f64): f64 {
  const mm = mmFind(pid);
  if (mm === null) return -1;
  const v = mm!.find(<i64>addr);
  return v === null ? -1 : <f64>v.end;
}

export function frames_free(): i32 {
  return framesFreeCount();
}

export function frames_total(): i32 {
  return framesTotalCount();
}
