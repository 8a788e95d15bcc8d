// What a shared page belongs to (struct address_space): the page cache of a regular file or POSIX
// shm object, the shmem of a System V segment, or the shmem behind a MAP_SHARED|MAP_ANONYMOUS
// region. Pages are frames found by page offset, allocated on first touch (shmem_fault, or a write
// into a file hole), and freed on truncation or when the object goes. `mappers` are the VMAs that
// map it (i_mmap), so a truncation can take private copies of the lost pages away from them.
import { PAGE_SIZE, PAGE_SHIFT } from '../param';
import { Radix, RADIX_LIMIT } from './radix';
import { frameAddr, frameAlloc, framePut, zeroPageAddr } from './frame';
import { kassert, P_VM } from '../panic';

export const OBJ_FILE: i32 = 1; // a regular file's page cache (also POSIX shm under /dev/shm)
export const OBJ_SHM: i32 = 2; // a System V segment
export const OBJ_ANON: i32 = 3; // MAP_SHARED|MAP_ANONYMOUS (shmem_zero_setup)

let nextObjId: i32 = 1;

/** Something that learns when the pages past a new end of an object are gone. */
export abstract class ObjectMapper {
  abstract truncated(obj: MemObject, firstLost: i64): void;
}

export class MemObject {
  id: i32;
  kind: i32;
  pages: Radix = new Radix(); // page offset -> frame
  size: i64 = 0; // bytes (i_size): a page wholly past it is SIGBUS
  mappers: Array<ObjectMapper> = new Array<ObjectMapper>();

  constructor(kind: i32, size: i64) {
    this.id = nextObjId++;
    this.kind = kind;
    this.size = size;
  }

  /** Pages that hold data (shm_rss). */
  get resident(): i64 {
    return this.pages.count;
  }

  /** Pages the size covers, the last partial one included. */
  get sizePages(): i64 {
    return (this.size + PAGE_SIZE - 1) >> PAGE_SHIFT;
  }

  /** The frame of page `pgoff`, allocated (zero-filled) if absent. */
  frameOf(pgoff: i64): i32 {
    let f = this.pages.get(pgoff);
    if (f == 0) {
      f = frameAlloc();
      this.pages.set(pgoff, f);
    }
    return f;
  }

  /** The address of page `pgoff` for reading: the zero page if absent. */
  peek(pgoff: i64): usize {
    const f = this.pages.get(pgoff);
    return f == 0 ? zeroPageAddr() : frameAddr(f);
  }

  /** Copies n bytes at byte offset `pos` to `dst` (read(2) of a regular file). */
  readAt(pos: i64, dst: usize, n: i64): void {
    while (n > 0) {
      const off = <i32>(pos & (PAGE_SIZE - 1));
      let len = <i64>(PAGE_SIZE - off);
      if (len > n) len = n;
      memory.copy(dst, this.peek(pos >> PAGE_SHIFT) + off, <usize>len);
      dst += <usize>len;
      pos += len;
      n -= len;
    }
  }

  /** Copies n bytes from `src` to byte offset `pos`, allocating pages (write(2)). */
  writeAt(pos: i64, src: usize, n: i64): void {
    while (n > 0) {
      const off = <i32>(pos & (PAGE_SIZE - 1));
      let len = <i64>(PAGE_SIZE - off);
      if (len > n) len = n;
      memory.copy(frameAddr(this.frameOf(pos >> PAGE_SHIFT)) + off, src, <usize>len);
      src += <usize>len;
      pos += len;
      n -= len;
    }
  }

  /**
   * Sets the size (truncate_setsize): pages wholly past the new end are freed, the tail of a
   * partial last page is zeroed, and mappers drop their private copies of the lost pages.
   */
  resize(n: i64): void {
    kassert(n >= 0, P_VM, <i32>n);
    const old = this.size;
    this.size = n;
    if (n >= old) return;
    const off = <i32>(n & (PAGE_SIZE - 1));
    if (off != 0) {
      const f = this.pages.get(n >> PAGE_SHIFT);
      if (f != 0) memory.fill(frameAddr(f) + off, 0, PAGE_SIZE - off);
    }
    const first = this.sizePages;
    this.freeFrom(first);
    for (let i = 0; i < this.mappers.length; i++) unchecked(this.mappers[i]).truncated(this, first);
  }

  /** Frees every page from `first` on. */
  freeFrom(first: i64): void {
    let k = this.pages.count == 0 ? -1 : this.pages.next(first, RADIX_LIMIT);
    while (k >= 0) {
      framePut(this.pages.set(k, 0));
      k = this.pages.count == 0 ? -1 : this.pages.next(k + 1, RADIX_LIMIT);
    }
  }

  /** Frees every page: the object is gone. */
  release(): void {
    this.freeFrom(0);
    kassert(this.pages.count == 0, P_VM, <i32>this.pages.count);
  }

  addMapper(m: ObjectMapper): void {
    this.mappers.push(m);
  }

  removeMapper(m: ObjectMapper): void {
    const i = this.mappers.indexOf(m);
    kassert(i >= 0, P_VM, this.id); // a VMA leaves only an object it maps
    this.mappers[i] = this.mappers[this.mappers.length - 1];
    this.mappers.pop();
  }
}
