// Page-mapped memory across fork, natively (see mm.ts): a forked child is a fresh Node process
// with none of its parent's mappings, so the parent describes its regions (forkState) and the child
// rebuilds them before its program starts (restoreInherited), at the same addresses when it can
// (MAP_FIXED_NOREPLACE; else where the kernel puts them, and addresses from the parent are
// translated). Shared anonymous memory and files are mapped again from descriptors passed to the
// child at their own numbers; private memory is copied as it is at the fork, through a memfd; a
// shm attachment is attached again by id and trimmed to the pieces the parent still had.
import * as fs from 'node:fs';
import { constants as C } from '../api/constants.js';
import {
  fail, hideFd, holdFd, mmLib, pageAlign, regions, segmentSize, setInherited, HIDDEN_FD_MIN, MAP_FAILED,
  PAGE, type Region,
} from './mm.js';

/** What a forked child needs to rebuild this process's regions. */
export interface MmInherit {
  regions: (Region & { data?: number; dataLen?: number })[];
  dataFd: number; // private contents, at each region's `data`
  syncFd: number; // the child writes a byte here once it has rebuilt everything
  fds: number[]; // descriptors to pass at their own numbers
}

/**
 * Before a spawn: the inheritance of this process's regions, with private contents copied as they
 * are now. null when there is nothing to inherit. `done(childStarted)` must be called after the
 * spawn: it waits for the child (if it started) and releases what was made for it.
 */
export function forkState(): { inherit: MmInherit; done: (started: boolean) => void } | null {
  if (regions.length === 0) return null;
  const l = mmLib();
  const specs: MmInherit['regions'] = [];
  const fds = new Set<number>();
  const dataFd0 = l.memfd_create('ipcsim-fork', 1 /* MFD_CLOEXEC */);
  if (dataFd0 < 0) fail('fork', l.errno());
  const dataFd = hideFd(dataFd0);
  l.close(dataFd0);
  let dataAt = 0;
  for (const r of regions) {
    const spec: MmInherit['regions'][number] = { ...r };
    if (r.fd >= 0) fds.add(r.fd);
    if (!r.shared) {
      let len = r.end - r.start;
      if (r.kind === 'file') {
        // Only pages within the file can be read (past its end is SIGBUS).
        const size = fs.fstatSync(r.fd).size;
        len = Math.max(0, Math.min(len, pageAlign(size - r.offset)));
      }
      if (len > 0) {
        if (!(r.prot & C.PROT_READ)) l.mprotect(r.start, len, C.PROT_READ);
        const buf = new Uint8Array(len);
        l.copyOut(buf, r.start, len);
        if (!(r.prot & C.PROT_READ)) l.mprotect(r.start, len, r.prot);
        l.pwrite(dataFd, buf, len, dataAt);
        spec.data = dataAt;
        spec.dataLen = len;
        dataAt += len;
      }
    }
    specs.push(spec);
  }
  const pipe = new Int32Array(2);
  if (l.pipe2(pipe, C.O_CLOEXEC) < 0) fail('fork');
  const syncR = l.fcntl(pipe[0], C.F_DUPFD_CLOEXEC, HIDDEN_FD_MIN);
  const syncW = l.fcntl(pipe[1], C.F_DUPFD_CLOEXEC, HIDDEN_FD_MIN);
  l.close(pipe[0]);
  l.close(pipe[1]);
  const inherit: MmInherit = { regions: specs, dataFd, syncFd: syncW, fds: [...fds, dataFd, syncW] };
  return {
    inherit,
    done(started: boolean): void {
      l.close(syncW);
      if (started) l.read(syncR, new Uint8Array(1), 1); // a byte, or end of file if it died
      l.close(syncR);
      l.close(dataFd);
    },
  };
}

/** The descriptors a worker must keep open for restoreInherited. */
export function inheritedFds(inherit: MmInherit | undefined): number[] {
  return inherit ? inherit.fds : [];
}

/** In a forked child, before its program: rebuilds the parent's regions, then tells the parent. */
export function restoreInherited(inherit: MmInherit | undefined): void {
  if (!inherit) return;
  const l = mmLib();
  pendingSpecs = inherit.regions;
  const moved: { from: number; to: number; len: number }[] = [];
  const attached = new Map<number, number>(); // parent's attachment -> its start here
  for (const spec of inherit.regions) {
    if (spec.fd >= 0) l.fcntl(spec.fd, C.F_SETFD, C.FD_CLOEXEC);
    const len = spec.end - spec.start;
    let at: number;
    if (spec.kind === 'shm') {
      at = reattach(spec, attached);
    } else {
      at = mapAgain(spec, len);
    }
    if (at === MAP_FAILED) continue; // cannot happen short of running out of memory
    if (at !== spec.start) moved.push({ from: spec.start, to: at, len });
    if (spec.dataLen) {
      const buf = new Uint8Array(spec.dataLen);
      l.pread(inherit.dataFd, buf, spec.dataLen, spec.data!);
      l.copyIn(at, buf, spec.dataLen);
    }
    if (spec.kind !== 'shm' || spec.prot !== regionProtOfAttach(spec)) l.mprotect(at, len, spec.prot);
    const { data: _d, dataLen: _l, ...r } = spec;
    regions.push({ ...r, start: at, end: at + len });
    holdFd(r.fd);
  }
  regions.sort((a, b) => a.start - b.start);
  setInherited(moved);
  pendingSpecs = [];
  l.close(inherit.dataFd);
  l.write(inherit.syncFd, new Uint8Array([1]), 1);
  l.close(inherit.syncFd);
}

function regionProtOfAttach(spec: Region): number {
  return spec.shmflg & C.SHM_RDONLY ? C.PROT_READ : C.PROT_READ | C.PROT_WRITE;
}

/** Maps a non-shm region again: at its address if free, else anywhere. Private ones writable. */
function mapAgain(spec: Region, len: number): number {
  const l = mmLib();
  const prot = spec.shared ? spec.prot : C.PROT_READ | C.PROT_WRITE;
  const flags = spec.shared ? C.MAP_SHARED : C.MAP_PRIVATE | (spec.kind === 'anon' ? C.MAP_ANONYMOUS : 0);
  const fd = spec.kind === 'anon' && !spec.shared ? -1 : spec.fd;
  const off = spec.kind === 'anon' && !spec.shared ? 0 : spec.offset;
  let at = l.mmap(spec.start, len, prot, flags | C.MAP_FIXED_NOREPLACE, fd, off);
  if (at === MAP_FAILED) at = l.mmap(0, len, prot, flags, fd, off);
  return at;
}

/**
 * Attaches a segment again for a piece of an attachment: the first piece attaches the whole
 * segment (at the parent's address if free), later pieces reuse it; the parts the parent no longer
 * had are unmapped once every piece is placed.
 */
function reattach(spec: Region, attached: Map<number, number>): number {
  const l = mmLib();
  const origin = spec.start - spec.offset;
  let base = attached.get(spec.attach);
  if (base === undefined) {
    const flg = spec.shmflg & C.SHM_RDONLY;
    base = l.shmat(spec.shmid, origin, flg);
    if (base === MAP_FAILED) base = l.shmat(spec.shmid, 0, flg);
    if (base === MAP_FAILED) return MAP_FAILED;
    attached.set(spec.attach, base);
    // Trim what the parent had unmapped of this attachment.
    const size = pageAlign(segmentSize(spec.shmid));
    for (let at = 0; at < size; at += PAGE) {
      const covered = inheritCovers(spec.attach, origin + at);
      if (!covered) l.munmap(base + at, PAGE);
    }
  }
  return base + spec.offset;
}

let pendingSpecs: Region[] = []; // the parent's regions, while restoreInherited runs
function inheritCovers(attach: number, addr: number): boolean {
  return pendingSpecs.some((r) => r.attach === attach && r.start <= addr && addr < r.end);
}
