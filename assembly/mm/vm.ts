// Address spaces (mm/mmap.c, mm/memory.c, mm/mprotect.c): each process has a sorted list of VMAs
// and a page table of its private pages. A VMA maps [start, end) with a protection; a shared one
// reads and writes the pages of its object (file page cache, shm segment, anonymous shmem); a
// private one reads its object (or the zero page) until a write fault gives it a frame of its own,
// which fork shares copy-on-write. Addresses are the process's own, handed out top-down from
// MMAP_BASE as Linux's default layout does, so a run's addresses are deterministic.
import { Proc, onExit, onFork } from '../proc';
import { PAGE_SIZE, PAGE_SHIFT } from '../param';
import { EACCES, EINVAL, ENOMEM, EPERM } from '../errno';
import { Radix } from './radix';
import { MemObject, ObjectMapper, OBJ_ANON } from './object';
import { frameGet, framePut } from './frame';
import { kassert, P_VM } from '../panic';

export const PROT_READ: i32 = 1;
export const PROT_WRITE: i32 = 2;
export const PROT_EXEC: i32 = 4;
export const MAP_SHARED: i32 = 1;
export const MAP_PRIVATE: i32 = 2;
export const MAP_SHARED_VALIDATE: i32 = 3;
export const MAP_TYPE: i32 = 0xf;
export const MAP_FIXED: i32 = 0x10;
export const MAP_ANONYMOUS: i32 = 0x20;
export const MAP_FIXED_NOREPLACE: i32 = 0x100000;

export const TASK_SIZE: i64 = 0x7ffffffff000; // x86-64, 4-level paging
export const MMAP_BASE: i64 = 0x7f0000000000; // top of the top-down mmap area (no randomisation)
export const MMAP_MIN_ADDR: i64 = 65536; // /proc/sys/vm/mmap_min_addr (Linux's default)
export const PAGE_MASK: i64 = ~(<i64>PAGE_SIZE - 1);

const CAP_SYS_RAWIO: i32 = 17; // maps below mmap_min_addr


/** vm_operations_struct, for System V shm: a VMA of an attachment appears and goes. */
export abstract class VmOps {
  abstract open(v: Vma, p: Proc): void;
  abstract close(v: Vma, p: Proc): void;
}

export class Vma extends ObjectMapper {
  mm: Mm;
  start: i64;
  end: i64;
  prot: i32; // PROT_READ | PROT_WRITE | PROT_EXEC
  mayWrite: bool; // VM_MAYWRITE: mprotect may add PROT_WRITE
  shared: bool; // VM_SHARED: writes reach the object
  obj: MemObject | null; // the backing object; null for private anonymous memory
  pgoff: i64; // page of obj at start
  ops: VmOps | null = null; // a System V attachment

  constructor(mm: Mm, start: i64, end: i64, prot: i32, mayWrite: bool, shared: bool,
    obj: MemObject | null, pgoff: i64) {
    super();
    this.mm = mm;
    this.start = start;
    this.end = end;
    this.prot = prot;
    this.mayWrite = mayWrite;
    this.shared = shared;
    this.obj = obj;
    this.pgoff = pgoff;
  }

  /** The object page at address `addr`. */
  @inline pgoffAt(addr: i64): i64 {
    return this.pgoff + ((addr - this.start) >> PAGE_SHIFT);
  }

  /** unmap_mapping_range with even_cows: private copies of truncated pages go too. */
  truncated(obj: MemObject, firstLost: i64): void {
    if (this.shared) return; // shared VMAs hold no frames of their own
    let from = this.start;
    if (this.pgoff < firstLost) from = this.start + ((firstLost - this.pgoff) << PAGE_SHIFT);
    if (from < this.end) this.mm.dropPrivate(from, this.end);
  }

  copy(mm: Mm): Vma {
    const v = new Vma(mm, this.start, this.end, this.prot, this.mayWrite, this.shared, this.obj, this.pgoff);
    v.ops = this.ops;
    return v;
  }
}

export class Mm {
  pid: i32;
  vmas: Array<Vma> = new Array<Vma>(); // sorted by start, never overlapping
  pt: Radix = new Radix(); // virtual page -> private frame
  private cache: Vma | null = null; // the last VMA found (vmacache)

  constructor(pid: i32) {
    this.pid = pid;
  }

  /** Index of the first VMA that ends above addr (vma_find), or vmas.length. */
  indexAfter(addr: i64): i32 {
    let lo = 0;
    let hi = this.vmas.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (unchecked(this.vmas[mid]).end <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The VMA containing addr, or null. */
  find(addr: i64): Vma | null {
    const c = this.cache;
    if (c !== null && c.start <= addr && addr < c.end) return c;
    const i = this.indexAfter(addr);
    if (i >= this.vmas.length) return null;
    const v = unchecked(this.vmas[i]);
    if (v.start > addr) return null;
    this.cache = v;
    return v;
  }

  intersects(lo: i64, hi: i64): bool {
    const i = this.indexAfter(lo);
    return i < this.vmas.length && unchecked(this.vmas[i]).start < hi;
  }

  insert(v: Vma): void {
    const i = this.indexAfter(v.start);
    kassert(i >= this.vmas.length || this.vmas[i].start >= v.end, P_VM, <i32>(v.start >> 12));
    this.insertAt(i, v);
  }

  private insertAt(i: i32, v: Vma): void {
    const list = this.vmas;
    list.push(v);
    for (let j = list.length - 1; j > i; j--) unchecked((list[j] = list[j - 1]));
    unchecked((list[i] = v));
  }

  /** Frees the private frames mapped in [lo, hi). */
  dropPrivate(lo: i64, hi: i64): void {
    if (this.pt.count == 0) return;
    let k = this.pt.next(lo >> PAGE_SHIFT, hi >> PAGE_SHIFT);
    while (k >= 0) {
      framePut(this.pt.set(k, 0));
      k = this.pt.count == 0 ? -1 : this.pt.next(k + 1, hi >> PAGE_SHIFT);
    }
  }

  /** get_unmapped_area, top-down: `hint` if it is free, else the highest gap that fits. */
  unmappedArea(len: i64, hint: i64): i64 {
    if (len > TASK_SIZE - MMAP_MIN_ADDR) return -ENOMEM;
    if (hint != 0) {
      const a = hint & PAGE_MASK;
      if (a >= MMAP_MIN_ADDR && a <= TASK_SIZE - len && !this.intersects(a, a + len)) return a;
    }
    let hi = MMAP_BASE;
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const v = unchecked(this.vmas[i]);
      if (v.start >= hi) continue;
      if (v.end <= hi && hi - v.end >= len) return hi - len;
      hi = v.start;
    }
    return hi - MMAP_MIN_ADDR >= len ? hi - len : -ENOMEM;
  }

  /** __split_vma: vmas[i] becomes [start, at) and a new VMA [at, end) follows it. */
  split(i: i32, at: i64, p: Proc): void {
    const v = this.vmas[i];
    kassert(v.start < at && at < v.end, P_VM, <i32>(at >> 12));
    const w = v.copy(this);
    w.start = at;
    w.pgoff = v.pgoffAt(at);
    v.end = at;
    this.insertAt(i + 1, w);
    const obj = w.obj;
    if (obj !== null) obj.addMapper(w);
    const ops = w.ops;
    if (ops !== null) ops.open(w, p);
  }

  /** Removes vmas[i]: its private frames, its place in the object, its attachment. */
  remove(i: i32, p: Proc): void {
    const v = this.vmas[i];
    this.vmas.splice(i, 1);
    this.cache = null;
    if (!v.shared) this.dropPrivate(v.start, v.end);
    const obj = v.obj;
    if (obj !== null) {
      obj.removeMapper(v);
      if (obj.mappers.length == 0) objectUnmapped(obj);
    }
    const ops = v.ops;
    if (ops !== null) ops.close(v, p);
  }

  /** do_vmi_munmap's work: [lo, hi) (page-aligned) is unmapped, splitting VMAs at its edges. */
  unmap(lo: i64, hi: i64, p: Proc): void {
    let i = this.indexAfter(lo);
    while (i < this.vmas.length) {
      const v = unchecked(this.vmas[i]);
      if (v.start >= hi) break;
      if (v.start < lo) {
        this.split(i, lo, p);
        i++;
        continue;
      }
      if (v.end > hi) this.split(i, hi, p);
      this.remove(i, p);
    }
  }

  /** mprotect's walk over [lo, hi): 0, or -ENOMEM for a hole, -EACCES for a forbidden write. */
  protect(lo: i64, hi: i64, prot: i32, p: Proc): i32 {
    let i = this.indexAfter(lo);
    if (i >= this.vmas.length || this.vmas[i].start > lo) return -ENOMEM;
    let at = lo;
    for (;;) {
      const v = this.vmas[i];
      if ((prot & PROT_WRITE) != 0 && !v.mayWrite) return -EACCES;
      if (v.prot != prot) {
        if (v.start < at) {
          this.split(i, at, p);
          i++;
        }
        if (this.vmas[i].end > hi) this.split(i, hi, p);
        this.vmas[i].prot = prot;
      }
      at = this.vmas[i].end;
      if (at >= hi) return 0;
      i++;
      if (i >= this.vmas.length || this.vmas[i].start != at) return -ENOMEM;
    }
    return 0; // not reached
  }

  /** Unmaps everything (exit_mmap). */
  clear(p: Proc): void {
    while (this.vmas.length > 0) this.remove(this.vmas.length - 1, p);
    kassert(this.pt.count == 0, P_VM, <i32>this.pt.count); // every private frame went with its VMA
  }
}

/**
 * __get_unmapped_area: a fixed `addr` is checked, else a free range of `len` bytes is found (the
 * hint first). The address, or -ENOMEM / -EINVAL / -EPERM.
 */
export function getArea(p: Proc, mm: Mm, addr: i64, len: i64, fixed: bool): i64 {
  if (len > TASK_SIZE) return -ENOMEM;
  let a = addr;
  if (!fixed) {
    let hint = addr & PAGE_MASK; // round_hint_to_min
    if (hint != 0 && hint < MMAP_MIN_ADDR) hint = MMAP_MIN_ADDR;
    a = mm.unmappedArea(len, hint);
    if (a < 0) return a;
  }
  if (a < 0 || a > TASK_SIZE - len) return -ENOMEM;
  if ((a & (PAGE_SIZE - 1)) != 0) return -EINVAL;
  if (a < MMAP_MIN_ADDR && !p.capable(CAP_SYS_RAWIO)) return -EPERM;
  return a;
}

/** mmap_region: whatever [addr, addr + len) held is unmapped, and a new VMA takes its place. */
export function mapRegion(p: Proc, mm: Mm, addr: i64, len: i64, prot: i32, mayWrite: bool,
  shared: bool, obj: MemObject | null, pgoff: i64, ops: VmOps | null): Vma {
  mm.unmap(addr, addr + len, p);
  const v = new Vma(mm, addr, addr + len, prot, mayWrite, shared, obj, pgoff);
  v.ops = ops;
  mm.insert(v);
  if (obj !== null) obj.addMapper(v);
  if (ops !== null) ops.open(v, p);
  return v;
}

// What happens to an object nobody maps any more: anonymous shmem dies with its last mapping;
// a file's page cache stays while the file exists (fs.ts decides, through this hook).
type UnmappedHook = (obj: MemObject) => void;
let fileUnmapped: UnmappedHook | null = null;
export function onFileUnmapped(hook: UnmappedHook): void {
  fileUnmapped = hook;
}
function objectUnmapped(obj: MemObject): void {
  if (obj.kind == OBJ_ANON) obj.release();
  else if (fileUnmapped !== null) fileUnmapped!(obj);
}

// ---- per-process address spaces ----

const mms = new Map<i32, Mm>();
let lastMm: Mm | null = null;
let hooked = false;

export function mmOf(pid: i32): Mm {
  const c = lastMm;
  if (c !== null && c.pid == pid) return c;
  let mm: Mm;
  if (mms.has(pid)) mm = mms.get(pid);
  else {
    if (!hooked) {
      // Registered on first use, not at module start: proc.ts and this file import each other.
      onFork(mmFork);
      onExit(mmExit);
      hooked = true;
    }
    mm = new Mm(pid);
    mms.set(pid, mm);
  }
  lastMm = mm;
  return mm;
}

export function mmFind(pid: i32): Mm | null {
  return mms.has(pid) ? mms.get(pid) : null;
}

/** dup_mmap: the child gets copies of every VMA; shared stays shared, private turns COW. */
function mmFork(parent: Proc, child: Proc): void {
  const src = mmFind(parent.pid);
  if (src === null) return;
  const dst = mmOf(child.pid);
  for (let i = 0; i < src.vmas.length; i++) {
    const v = unchecked(src.vmas[i]);
    const w = v.copy(dst);
    dst.vmas.push(w);
    const obj = w.obj;
    if (obj !== null) obj.addMapper(w);
    const ops = w.ops;
    if (ops !== null) ops.open(w, parent); // shm_open runs in the parent, as in dup_mmap
    if (v.shared || src.pt.count == 0) continue;
    const end = v.end >> PAGE_SHIFT;
    let k = src.pt.next(v.start >> PAGE_SHIFT, end);
    while (k >= 0) {
      const f = src.pt.get(k);
      frameGet(f);
      dst.pt.set(k, f);
      k = src.pt.next(k + 1, end);
    }
  }
}

function mmExit(p: Proc): void {
  const mm = mmFind(p.pid);
  if (mm === null) return;
  mm.clear(p);
  mms.delete(p.pid);
  if (lastMm === mm) lastMm = null;
}
