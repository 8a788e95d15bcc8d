// Page-mapped memory on the real kernel: System V shm (shmget/shmat/shmdt/shmctl), mmap, munmap,
// mprotect, msync and POSIX shm (shm_open/shm_unlink), through glibc via koffi. A Mapping reads and
// writes its memory with memcpy on raw addresses, so a bad access is a real SIGSEGV or SIGBUS that
// kills the process, as in C.
//
// fork spawns a fresh Node process, which has none of its parent's mappings: this file keeps a
// registry of the regions this process mapped, and a forked child rebuilds them before its program
// starts (restoreInherited), at the same addresses when it can (MAP_FIXED_NOREPLACE; else where the
// kernel puts them, and addresses from the parent are translated):
// - MAP_SHARED|MAP_ANONYMOUS memory is a memfd mapped shared, and the memfd goes to the child;
// - a file mapping keeps a duplicate of its descriptor, which goes to the child;
// - private memory (anonymous or of a file) is copied, as it is at the fork, through a memfd;
// - a shm attachment is attached again by id.
// Those descriptors live at high numbers with FD_CLOEXEC, out of the program's sight. The parent
// waits until the child has rebuilt everything, so that the child holds its attachments (nattch)
// when fork returns, as on Linux.
import { readIpcPerm } from '../api/ipc-perm.js';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { constants as C } from '../api/constants.js';
import { ERRNO } from '../api/errno.js';
import { SysError } from '../api/errors.js';
import { checkInt32, checkLength, checkOffset, mappingData, mappingJSON } from '../api/mapping.js';
import type { Mapping, ShmidDs, ShmInfo, ShmInfoLimits } from '../api/types.js';

export const PAGE = 4096;
export const HIDDEN_FD_MIN = 600; // where this file's descriptors live, far above a program's own
const SHMID_DS_SIZE = 112;
export const MAP_FAILED = -1;

export interface MmLib {
  shmget(key: number, size: number, flg: number): number;
  shmat(id: number, addr: number, flg: number): number;
  shmdt(addr: number): number;
  shmctl(id: number, cmd: number, buf: Uint8Array | null): number;
  mmap(addr: number, len: number, prot: number, flags: number, fd: number, off: number): number;
  munmap(addr: number, len: number): number;
  mprotect(addr: number, len: number, prot: number): number;
  msync(addr: number, len: number, flags: number): number;
  memfd_create(name: string, flags: number): number;
  ftruncate(fd: number, len: number): number;
  open(path: string, flags: number, mode: number): number;
  unlink(path: string): number;
  close(fd: number): number;
  fcntl(fd: number, cmd: number, arg: number): number;
  pipe2(fds: Int32Array, flags: number): number;
  read(fd: number, buf: Uint8Array, n: number): number;
  write(fd: number, buf: Uint8Array, n: number): number;
  pread(fd: number, buf: Uint8Array, n: number, off: number): number;
  pwrite(fd: number, buf: Uint8Array, n: number, off: number): number;
  copyIn(dst: number, src: Uint8Array, n: number): unknown;
  copyOut(dst: Uint8Array, src: number, n: number): unknown;
  errno(): number;
}

let lib: MmLib | null = null;

export function mmLib(): MmLib {
  if (lib) return lib;
  const koffi = createRequire(import.meta.url)('koffi');
  const c = koffi.load('libc.so.6');
  const fcntl = c.func('int fcntl(int fd, int cmd, ...)');
  // Sizes and addresses are declared signed: a negative size from a program reaches the kernel as
  // the huge size_t it is in C, and the kernel answers for it.
  lib = {
    shmget: c.func('int shmget(int key, intptr_t size, int shmflg)'),
    shmat: c.func('intptr_t shmat(int shmid, intptr_t shmaddr, int shmflg)'),
    shmdt: c.func('int shmdt(intptr_t shmaddr)'),
    shmctl: c.func('int shmctl(int shmid, int cmd, void *buf)'),
    mmap: c.func('intptr_t mmap(intptr_t addr, intptr_t length, int prot, int flags, int fd, int64_t offset)'),
    munmap: c.func('int munmap(intptr_t addr, intptr_t length)'),
    mprotect: c.func('int mprotect(intptr_t addr, intptr_t length, int prot)'),
    msync: c.func('int msync(intptr_t addr, intptr_t length, int flags)'),
    memfd_create: c.func('int memfd_create(const char *name, unsigned int flags)'),
    ftruncate: c.func('int ftruncate(int fd, int64_t length)'),
    open: c.func('int open(const char *path, int flags, uint32_t mode)'),
    unlink: c.func('int unlink(const char *path)'),
    close: c.func('int close(int fd)'),
    fcntl: (fd: number, cmd: number, arg: number) => fcntl(fd, cmd, 'int', arg),
    pipe2: c.func('int pipe2(_Out_ int *fds, int flags)'),
    read: c.func('intptr_t read(int fd, _Out_ void *buf, size_t n)'),
    write: c.func('intptr_t write(int fd, const void *buf, size_t n)'),
    pread: c.func('intptr_t pread(int fd, _Out_ void *buf, size_t n, int64_t off)'),
    pwrite: c.func('intptr_t pwrite(int fd, const void *buf, size_t n, int64_t off)'),
    copyIn: c.func('void *memcpy(intptr_t dst, const void *src, size_t n)'),
    copyOut: c.func('void *memcpy(_Out_ void *dst, intptr_t src, size_t n)'),
    errno: () => koffi.errno(),
  };
  return lib;
}

export function fail(name: string, err = mmLib().errno()): never {
  throw new SysError(err, name);
}

// ---- the registry of this process's regions ----

export type RegionKind = 'anon' | 'file' | 'shm';

/** A run of pages mapped by one call and still mapped, with the same protection. */
export interface Region {
  start: number;
  end: number;
  prot: number;
  kind: RegionKind;
  shared: boolean;
  fd: number; // hidden backing fd (memfd of shared anonymous memory, dup of a file), or -1
  offset: number; // byte offset of `start` in fd, or in the segment for shm
  shmid: number;
  shmflg: number;
  attach: number; // shmat's attachment (shmdt removes its pieces only)
}

export const regions: Region[] = []; // sorted by start, never overlapping
const fdUsers = new Map<number, number>(); // hidden fd -> regions using it
let nextAttach = 1;
let relocations: { from: number; to: number; len: number }[] = [];

/** After a fork's rebuild: where inherited regions moved, and attachment numbers to go on from. */
export function setInherited(moved: { from: number; to: number; len: number }[]): void {
  relocations = moved;
  nextAttach = Math.max(0, ...regions.map((r) => r.attach)) + 1;
}

/** An address from the parent, as this process sees it (the same unless it had to move). */
export function localAddr(addr: number): number {
  for (const r of relocations) if (addr >= r.from && addr < r.from + r.len) return addr - r.from + r.to;
  return addr;
}

export function holdFd(fd: number): void {
  if (fd >= 0) fdUsers.set(fd, (fdUsers.get(fd) ?? 0) + 1);
}

function dropFd(fd: number): void {
  if (fd < 0) return;
  const n = (fdUsers.get(fd) ?? 1) - 1;
  if (n > 0) fdUsers.set(fd, n);
  else {
    fdUsers.delete(fd);
    mmLib().close(fd);
  }
}

function addRegion(r: Region): void {
  cut(r.start, r.end);
  holdFd(r.fd);
  let i = 0;
  while (i < regions.length && regions[i].start < r.start) i++;
  regions.splice(i, 0, r);
}

/** Splits the region at index i at `at`; both halves keep the backing. */
function splitAt(i: number, at: number): void {
  const r = regions[i];
  const tail: Region = { ...r, start: at, offset: r.offset + (at - r.start) };
  r.end = at;
  holdFd(tail.fd);
  regions.splice(i + 1, 0, tail);
}

/** [lo, hi) is no longer mapped. */
function cut(lo: number, hi: number): void {
  for (let i = 0; i < regions.length;) {
    const r = regions[i];
    if (r.end <= lo || r.start >= hi) { i++; continue; }
    if (r.start < lo) { splitAt(i, lo); i++; continue; }
    if (r.end > hi) splitAt(i, hi);
    regions.splice(i, 1);
    dropFd(r.fd);
  }
}

function protect(lo: number, hi: number, prot: number): void {
  for (let i = 0; i < regions.length; i++) {
    const r = regions[i];
    if (r.end <= lo || r.start >= hi) continue;
    if (r.start < lo) { splitAt(i, lo); continue; }
    if (r.end > hi) splitAt(i, hi);
    r.prot = prot;
  }
}

export function hideFd(fd: number): number {
  const l = mmLib();
  const hidden = l.fcntl(fd, C.F_DUPFD_CLOEXEC, HIDDEN_FD_MIN);
  if (hidden < 0) fail('mmap');
  return hidden;
}

export const pageAlign = (n: number): number => Math.ceil(n / PAGE) * PAGE;

// ---- Mapping ----

class NativeMapping implements Mapping {
  private readonly scratch = new Uint8Array(4);
  constructor(readonly addr: number, readonly length: number) {}

  read(offset: number, length: number): Uint8Array {
    checkOffset(offset, 'offset', 'read');
    checkLength(length, 'read');
    const out = new Uint8Array(length);
    if (length > 0) mmLib().copyOut(out, this.addr + offset, length);
    return out;
  }

  write(offset: number, data: Uint8Array | string): void {
    checkOffset(offset, 'offset', 'write');
    const bytes = mappingData(data);
    if (bytes.length > 0) mmLib().copyIn(this.addr + offset, bytes, bytes.length);
  }

  readInt32(offset: number): number {
    checkOffset(offset, 'offset', 'readInt32');
    const b = this.scratch;
    mmLib().copyOut(b, this.addr + offset, 4);
    return b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24);
  }

  writeInt32(offset: number, value: number): void {
    checkOffset(offset, 'offset', 'writeInt32');
    const v = checkInt32(value);
    const b = this.scratch;
    b[0] = v & 0xff; b[1] = (v >>> 8) & 0xff; b[2] = (v >>> 16) & 0xff; b[3] = (v >>> 24) & 0xff;
    mmLib().copyIn(this.addr + offset, b, 4);
  }

  toJSON(): { $mapping: number; length: number } {
    return mappingJSON(this);
  }
}

/** sys.mappingAt: from addr to the end of the region that contains it. */
export function mappingAt(addr: number): Mapping {
  const a = localAddr(addr);
  const r = regions.find((x) => x.start <= a && a < x.end);
  if (!r) throw new SysError(ERRNO.EFAULT, 'mappingAt');
  return new NativeMapping(a, r.end - a);
}

// ---- System V shared memory ----

/**
 * shmget. A segment this run creates is recorded at once (`note`); IPC_CREAT without IPC_EXCL is
 * tried as IPC_CREAT|IPC_EXCL first, so that opening someone else's segment records nothing.
 */
export function shmget(key: number, size: number, flg: number, note: (id: number, key: number) => void): number {
  const l = mmLib();
  if (key === C.IPC_PRIVATE) {
    const id = l.shmget(key, size, flg);
    if (id < 0) fail('shmget');
    note(id, key);
    return id;
  }
  if ((flg & C.IPC_CREAT) && !(flg & C.IPC_EXCL)) {
    const id = l.shmget(key, size, flg | C.IPC_EXCL);
    if (id >= 0) {
      note(id, key);
      return id;
    }
    if (l.errno() !== ERRNO.EEXIST) fail('shmget');
  }
  const id = l.shmget(key, size, flg);
  if (id < 0) fail('shmget');
  if (flg & C.IPC_CREAT) note(id, key);
  return id;
}

export function segmentSize(shmid: number): number {
  const buf = new Uint8Array(SHMID_DS_SIZE);
  if (mmLib().shmctl(shmid, C.IPC_STAT, buf) < 0) return 0;
  return Number(new DataView(buf.buffer).getBigUint64(48, true));
}

export function shmat(shmid: number, shmaddr: number | null, flg: number): Mapping {
  const l = mmLib();
  const want = shmaddr === null ? 0 : localAddr(shmaddr);
  const addr = l.shmat(shmid, want, flg);
  if (addr === MAP_FAILED) fail('shmat');
  // The segment's size: IPC_STAT may be refused (a 0222 segment attached by its owner...).
  const size = segmentSize(shmid);
  const len = pageAlign(size || PAGE);
  addRegion({
    start: addr, end: addr + len, prot: flg & C.SHM_RDONLY ? C.PROT_READ : C.PROT_READ | C.PROT_WRITE,
    kind: 'shm', shared: true, fd: -1, offset: 0, shmid, shmflg: flg & C.SHM_RDONLY, attach: nextAttach++,
  });
  return new NativeMapping(addr, size);
}

/** shmdt, and the pieces of the attachment it removes (as ipc/shm.c ksys_shmdt finds them). */
export function shmdt(target: number): void {
  const addr = localAddr(target);
  if (mmLib().shmdt(addr) < 0) fail('shmdt');
  const first = regions.find((r) => r.kind === 'shm' && r.start >= addr && r.start - addr === r.offset);
  if (!first) return;
  const size = pageAlign(segmentSizeOf(first));
  for (const r of [...regions]) {
    if (r.attach === first.attach && r.end - addr <= size && r.start - addr === r.offset) cut(r.start, r.end);
  }
  cut(first.start, first.end);
}

function segmentSizeOf(r: Region): number {
  // Pieces of one attachment: from its start to the end of its last piece.
  let end = 0;
  for (const x of regions) if (x.attach === r.attach) end = Math.max(end, x.end - (x.start - x.offset));
  return end;
}

function readShmidDs(buf: Uint8Array): ShmidDs {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u64 = (at: number) => Number(dv.getBigUint64(at, true));
  return {
    shm_perm: readIpcPerm(dv, 0), shm_segsz: u64(48), shm_atime: u64(56), shm_dtime: u64(64),
    shm_ctime: u64(72), shm_cpid: dv.getInt32(80, true), shm_lpid: dv.getInt32(84, true), shm_nattch: u64(88),
  };
}

export function shmctl(shmid: number, cmd: number, set: Partial<ShmidDs> | undefined): unknown {
  const l = mmLib();
  const buf = new Uint8Array(SHMID_DS_SIZE);
  if (cmd === C.IPC_SET) {
    // IPC_SET takes the fields given; the others keep their values (read with IPC_STAT, whose
    // refusal does not matter: the kernel then judges the call on its own).
    l.shmctl(shmid, C.IPC_STAT, buf);
    const dv = new DataView(buf.buffer);
    const perm = set?.shm_perm;
    if (perm?.uid !== undefined) dv.setUint32(4, perm.uid >>> 0, true);
    if (perm?.gid !== undefined) dv.setUint32(8, perm.gid >>> 0, true);
    if (perm?.mode !== undefined) dv.setUint32(20, perm.mode >>> 0, true);
  }
  const r = l.shmctl(shmid, cmd, buf);
  if (r < 0) fail('shmctl');
  const dv = new DataView(buf.buffer);
  const u64 = (at: number) => Number(dv.getBigUint64(at, true));
  switch (cmd) {
    case C.IPC_STAT: return readShmidDs(buf);
    case C.SHM_STAT: case C.SHM_STAT_ANY: return { ...readShmidDs(buf), shmid: r };
    case C.IPC_INFO: {
      const info: ShmInfoLimits = { shmmax: u64(0), shmmin: u64(8), shmmni: u64(16), shmseg: u64(24), shmall: u64(32) };
      return { ...info, max_idx: r };
    }
    case C.SHM_INFO: {
      const info: ShmInfo = {
        used_ids: dv.getInt32(0, true), shm_tot: u64(8), shm_rss: u64(16), shm_swp: u64(24),
        swap_attempts: u64(32), swap_successes: u64(40),
      };
      return { ...info, max_idx: r };
    }
    default: return undefined;
  }
}

// ---- mmap and friends ----

/** mmap; `fd` is the program's descriptor, already checked by the caller unless anonymous. */
export function mmap(length: number, prot: number, flags: number, fd: number, offset: number,
  addr: number | null): Mapping {
  const l = mmLib();
  const anon = (flags & C.MAP_ANONYMOUS) !== 0;
  const want = addr === null ? 0 : localAddr(addr);
  // The real call first, so that every check and errno is the kernel's own.
  const a = l.mmap(want, length, prot, flags, anon ? -1 : fd, offset);
  if (a === MAP_FAILED) fail('mmap');
  const len = pageAlign(length);
  const type = flags & 0xf;
  const shared = type === C.MAP_SHARED || type === C.MAP_SHARED_VALIDATE;
  let backing = -1;
  if (anon && shared) {
    // The same memory, but of a memfd that a forked child can map too.
    const mfd = l.memfd_create('ipcsim-shared-anon', 1 /* MFD_CLOEXEC */);
    if (mfd < 0 || l.ftruncate(mfd, len) < 0) fail('mmap');
    backing = hideFd(mfd);
    l.close(mfd);
    if (l.mmap(a, len, prot, C.MAP_SHARED | C.MAP_FIXED, backing, 0) !== a) fail('mmap');
  } else if (!anon) {
    backing = hideFd(fd);
  }
  addRegion({
    start: a, end: a + len, prot, kind: anon ? 'anon' : 'file', shared, fd: backing,
    offset: anon ? 0 : offset, shmid: -1, shmflg: 0, attach: 0,
  });
  return new NativeMapping(a, length);
}

export function munmap(target: number, length: number): void {
  const a = localAddr(target);
  if (mmLib().munmap(a, length) < 0) fail('munmap');
  cut(a, a + pageAlign(length));
}

export function mprotect(target: number, length: number, prot: number): void {
  const a = localAddr(target);
  if (mmLib().mprotect(a, length, prot) < 0) fail('mprotect');
  protect(a, a + pageAlign(length), prot);
}

export function msync(target: number, flags: number, length: number): void {
  if (mmLib().msync(localAddr(target), length, flags) < 0) fail('msync');
}

// ---- POSIX shared memory ----

/**
 * glibc's __shm_get_name: leading slashes are optional; '', '.', '..' and '/'s are EINVAL. Names
 * are made unique per run: /dev/shm/<run directory's name>.<name>.
 */
function shmPath(runDir: string, name: string, call: string): string {
  const rest = name.replace(/^\/+/, '');
  if (rest === '' || rest === '.' || rest === '..' || rest.includes('/')) fail(call, ERRNO.EINVAL);
  if (Buffer.byteLength(rest) > 255) fail(call, ERRNO.ENAMETOOLONG);
  return `/dev/shm/${path.basename(runDir)}.${rest}`;
}

/** shm_open: the descriptor, and whether this call created the object (to be removed later). */
export function shmOpen(runDir: string, name: string, oflag: number, mode: number): { fd: number; created: string | null } {
  const file = shmPath(runDir, name, 'shm_open');
  const existed = fs.existsSync(file);
  const fd = mmLib().open(file, oflag | C.O_NOFOLLOW | C.O_CLOEXEC, mode);
  if (fd < 0) fail('shm_open');
  return { fd, created: existed ? null : `/${path.basename(file)}` };
}

export function shmUnlink(runDir: string, name: string): void {
  const l = mmLib();
  if (l.unlink(shmPath(runDir, name, 'shm_unlink')) < 0) {
    const e = l.errno();
    fail('shm_unlink', e === ERRNO.EPERM ? ERRNO.EACCES : e);
  }
}

// Inheritance across fork lives in mm-fork.ts.
export { forkState, inheritedFds, restoreInherited, type MmInherit } from './mm-fork.js';
