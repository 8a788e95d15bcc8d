// Pipes as Linux keeps them (fs/pipe.c): a ring of page-sized slots with unmasked head and tail
// counters. A write first tops up the last slot (only the part beyond whole pages, and only if the
// pipe was not empty), then fills fresh slots a page at a time, so a write of at most PIPE_BUF
// bytes lands whole or not at all. Readers and writers sleep on rd_wait and wr_wait, exclusive.
import { Proc } from './proc';
import { File, O_DIRECT } from './file';
import { WaitQueue, sleepOn, W_PIPE_READ, W_PIPE_WRITE } from './wait';
import { kassert, P_PIPE } from './panic';
import { PAGE_SIZE, PAGE_SHIFT, PIPE_DEF_BUFFERS, PIPE_MAX_SIZE, CAP_SYS_RESOURCE } from './param';
import { EAGAIN, EBUSY, EINVAL, EPERM, EPIPE, ERESTARTSYS, BLOCKED } from './errno';
import { sendSigpipe, signalPending } from './signal';

const BUF_CAN_MERGE: u8 = 1; // PIPE_BUF_FLAG_CAN_MERGE
const BUF_PACKET: u8 = 2; // PIPE_BUF_FLAG_PACKET (O_DIRECT writers)

let nextPipeId: i32 = 1;
export let pipesLive: i32 = 0;
// Bytes moved through all pipes, ever: in = out + buffered + discarded at the last close.
export let totalIn: i64 = 0;
export let totalOut: i64 = 0;
export let totalDiscarded: i64 = 0;
export const allPipes = new Map<i32, Pipe>(); // for snapshots

export class Pipe {
  id: i32;
  head: u32 = 0; // next slot to fill (unmasked)
  tail: u32 = 0; // next slot to read (unmasked)
  ringSize: u32; // slots, a power of two
  maxUsage: u32; // slots that may be used (== ringSize here)
  off: StaticArray<u32>; // per slot: offset of the data in its page
  len: StaticArray<u32>; // per slot: bytes of data
  flags: StaticArray<u8>;
  pages: StaticArray<usize>; // per slot: its page, allocated on first use
  readers: i32 = 0;
  writers: i32 = 0;
  rCounter: u32 = 0; // opens for reading ever, for FIFO rendezvous
  wCounter: u32 = 0;
  rdWait: WaitQueue = new WaitQueue();
  wrWait: WaitQueue = new WaitQueue();
  fifoIno: i32 = 0; // the FIFO's inode number, 0 for pipe()
  bytesIn: i64 = 0; // written into the pipe, ever (for the accounting check)
  bytesOut: i64 = 0; // read out of it, ever
  bytesDropped: i64 = 0; // packet tails a reader did not take (O_DIRECT)

  constructor(slots: u32) {
    this.id = nextPipeId++;
    this.ringSize = slots;
    this.maxUsage = slots;
    this.off = new StaticArray<u32>(slots);
    this.len = new StaticArray<u32>(slots);
    this.flags = new StaticArray<u8>(slots);
    this.pages = new StaticArray<usize>(slots);
  }

  get occupancy(): u32 {
    return this.head - this.tail;
  }
  get empty(): bool {
    return this.head == this.tail;
  }
  get full(): bool {
    return this.head - this.tail >= this.maxUsage;
  }
  get mask(): u32 {
    return this.ringSize - 1;
  }

  /** Bytes buffered (FIONREAD). */
  bytes(): i32 {
    let n: u32 = 0;
    for (let t = this.tail; t != this.head; t++) n += this.len[t & this.mask];
    return <i32>n;
  }

  page(slot: u32): usize {
    let pg = unchecked(this.pages[slot]);
    if (pg == 0) {
      pg = heap.alloc(PAGE_SIZE);
      unchecked((this.pages[slot] = pg));
    }
    return pg;
  }

  /** Checks bytes written = bytes read + bytes buffered. */
  check(): void {
    kassert(this.bytesIn == this.bytesOut + this.bytesDropped + <i64>this.bytes(), P_PIPE, this.id);
    kassert(this.occupancy <= this.maxUsage, P_PIPE, this.id);
  }
}

/** A new pipe with Linux's default size: pipe-max-size caps it for the unprivileged. */
export function pipeCreate(p: Proc): Pipe {
  let slots = <u32>PIPE_DEF_BUFFERS;
  const maxSlots = <u32>(PIPE_MAX_SIZE >> PAGE_SHIFT);
  if (slots > maxSlots && !p.capable(CAP_SYS_RESOURCE)) slots = maxSlots < 1 ? 1 : maxSlots;
  const pipe = new Pipe(slots);
  allPipes.set(pipe.id, pipe);
  pipesLive++;
  return pipe;
}

function pipeFree(pipe: Pipe): void {
  pipe.check();
  totalDiscarded += pipe.bytes();
  for (let i: u32 = 0; i < pipe.ringSize; i++) {
    const pg = pipe.pages[i];
    if (pg != 0) heap.free(pg);
  }
  allPipes.delete(pipe.id);
  pipesLive--;
}

/** pipe_release: one open file of the pipe is gone. The last one frees the pipe and its data. */
export function pipeRelease(pipe: Pipe, reader: bool, writer: bool): void {
  if (reader) pipe.readers--;
  if (writer) pipe.writers--;
  kassert(pipe.readers >= 0 && pipe.writers >= 0, P_PIPE, pipe.id);
  // The last reader or writer, but not the other side: both sides must re-check.
  if ((pipe.readers == 0) != (pipe.writers == 0)) {
    pipe.rdWait.wakeAll();
    pipe.wrWait.wakeAll();
  }
  pipeFreeIfUnused(pipe);
}

/** Frees a pipe that has neither readers nor writers: a FIFO's buffered data is discarded. */
export function pipeFreeIfUnused(pipe: Pipe): void {
  if (pipe.readers != 0 || pipe.writers != 0) return;
  kassert(pipe.rdWait.count == 0 && pipe.wrWait.count == 0, P_PIPE, pipe.id);
  releaseFifo(pipe);
  pipeFree(pipe);
}

// fs.ts clears the inode's pipe pointer when a FIFO's pipe goes away.
type FifoRelease = (pipe: Pipe) => void;
let fifoReleaseHook: FifoRelease | null = null;
export function onFifoRelease(hook: FifoRelease): void {
  fifoReleaseHook = hook;
}
function releaseFifo(pipe: Pipe): void {
  if (pipe.fifoIno != 0 && fifoReleaseHook !== null) fifoReleaseHook!(pipe);
}

/**
 * pipe_read into dst, at most `total` bytes. Returns the count, 0 at end of file, -EAGAIN,
 * -ERESTARTSYS, or BLOCKED after putting p to sleep (nothing has been read then).
 */
export function pipeRead(p: Proc, pipe: Pipe, f: File, dst: usize, total: i32): i32 {
  if (total == 0) return 0;
  let want = <u32>total;
  let ret: u32 = 0;
  let wasFull = pipe.full;
  let wakeNextReader = p.inSyscall; // woken once already: pass the wake-up on if data remains
  const mask = pipe.mask;
  while (true) {
    if (!pipe.empty) {
      const slot = pipe.tail & mask;
      let chars = unchecked(pipe.len[slot]);
      if (chars > want) chars = want;
      memory.copy(dst + ret, pipe.page(slot) + unchecked(pipe.off[slot]), chars);
      ret += chars;
      unchecked((pipe.off[slot] += chars));
      unchecked((pipe.len[slot] -= chars));
      if (unchecked(pipe.flags[slot]) & BUF_PACKET) {
        // A packet is read whole or cut: what the reader did not take is discarded.
        pipe.bytesDropped += unchecked(pipe.len[slot]);
        totalDiscarded += unchecked(pipe.len[slot]);
        want = chars;
        unchecked((pipe.len[slot] = 0));
      }
      if (unchecked(pipe.len[slot]) == 0) pipe.tail++;
      want -= chars;
      if (want == 0) break;
      if (!pipe.empty) continue;
    }
    if (pipe.writers == 0) break;
    if (ret != 0) break;
    if (f.nonblock) return -EAGAIN;
    if (wasFull) pipe.wrWait.wakeOne();
    if (signalPending(p)) return -ERESTARTSYS;
    sleepOn(p, pipe.rdWait, W_PIPE_READ, pipe.id);
    return BLOCKED;
  }
  pipe.bytesOut += ret;
  totalOut += ret;
  if (pipe.empty) wakeNextReader = false;
  if (wasFull) pipe.wrWait.wakeOne();
  if (wakeNextReader) pipe.rdWait.wakeOne();
  return <i32>ret;
}

/**
 * pipe_write from src, where src holds the bytes of the user buffer from offset p.progress on
 * (`avail` of them). Returns the count written, -EPIPE (SIGPIPE sent), -EAGAIN, -ERESTARTSYS, or
 * BLOCKED with the progress saved in p.progress.
 */
export function pipeWrite(p: Proc, pipe: Pipe, f: File, src: usize, avail: i32, total: i32): i32 {
  if (total == 0) return 0;
  const base = <u32>p.progress; // bytes of this write already in the pipe
  let ret = base;
  const mask = pipe.mask;
  let wasEmpty: bool;
  let wakeNextWriter = false;
  const packet = (f.flags & O_DIRECT) != 0;
  if (!p.inSyscall) {
    if (pipe.readers == 0) {
      sendSigpipe(p);
      return -EPIPE;
    }
    // Merge the part beyond whole pages into the last slot, if it has room.
    wasEmpty = pipe.empty;
    const chars = <u32>total & <u32>(PAGE_SIZE - 1);
    if (chars != 0 && !wasEmpty) {
      const slot = (pipe.head - 1) & mask;
      const offset = unchecked(pipe.off[slot]) + unchecked(pipe.len[slot]);
      if ((unchecked(pipe.flags[slot]) & BUF_CAN_MERGE) && offset + chars <= <u32>PAGE_SIZE) {
        memory.copy(pipe.page(slot) + offset, src, chars);
        unchecked((pipe.len[slot] += chars));
        ret += chars;
        pipe.bytesIn += chars;
        totalIn += chars;
      }
    }
  } else {
    wasEmpty = pipe.empty;
    wakeNextWriter = true;
  }
  while (ret < <u32>total) {
    if (pipe.readers == 0) {
      sendSigpipe(p);
      if (ret == 0) ret = <u32>-EPIPE;
      break;
    }
    if (!pipe.full) {
      const slot = pipe.head & mask;
      pipe.head++;
      let copied = <u32>total - ret;
      if (copied > <u32>PAGE_SIZE) copied = <u32>PAGE_SIZE;
      kassert(ret - base + copied <= <u32>avail, P_PIPE, <i32>copied);
      memory.copy(pipe.page(slot), src + (ret - base), copied);
      unchecked((pipe.off[slot] = 0));
      unchecked((pipe.len[slot] = copied));
      unchecked((pipe.flags[slot] = packet ? BUF_PACKET : BUF_CAN_MERGE));
      ret += copied;
      pipe.bytesIn += copied;
      totalIn += copied;
      continue;
    }
    if (f.nonblock) {
      if (ret == 0) ret = <u32>-EAGAIN;
      break;
    }
    if (signalPending(p)) {
      if (ret == 0) ret = <u32>-ERESTARTSYS;
      break;
    }
    // Sleep until a reader makes room; wake readers first if we made the pipe non-empty.
    if (wasEmpty) pipe.rdWait.wakeOne();
    p.progress = ret;
    sleepOn(p, pipe.wrWait, W_PIPE_WRITE, pipe.id);
    return BLOCKED;
  }
  if (pipe.full) wakeNextWriter = false;
  if (wasEmpty) pipe.rdWait.wakeOne();
  if (wakeNextWriter) pipe.wrWait.wakeOne();
  return <i32>ret;
}

/** F_SETPIPE_SZ (pipe_set_size): returns the new size in bytes (up to 2^31) or -errno. */
export function pipeSetSize(p: Proc, pipe: Pipe, arg: u64): i64 {
  // round_pipe_size: at least a page, a power of two, at most 2^31.
  let size: u64;
  if (arg > (<u64>1 << 31)) size = 0;
  else if (arg < <u64>PAGE_SIZE) size = PAGE_SIZE;
  else size = <u64>1 << (64 - clz(arg - 1));
  const slots = <u32>(size >> <u64>PAGE_SHIFT);
  if (slots == 0) return -EINVAL;
  if (slots > pipe.maxUsage && size > <u64>PIPE_MAX_SIZE && !p.capable(CAP_SYS_RESOURCE)) {
    return -EPERM;
  }
  const n = pipe.occupancy;
  if (slots < n) return -EBUSY;
  const off = new StaticArray<u32>(slots);
  const len = new StaticArray<u32>(slots);
  const flags = new StaticArray<u8>(slots);
  const pages = new StaticArray<usize>(slots);
  const oldMask = pipe.mask;
  for (let i: u32 = 0; i < n; i++) {
    const from = (pipe.tail + i) & oldMask;
    off[i] = pipe.off[from];
    len[i] = pipe.len[from];
    flags[i] = pipe.flags[from];
    pages[i] = pipe.pages[from];
    pipe.pages[from] = 0;
  }
  for (let i: u32 = 0; i < pipe.ringSize; i++) {
    const pg = pipe.pages[i];
    if (pg != 0) heap.free(pg);
  }
  pipe.off = off;
  pipe.len = len;
  pipe.flags = flags;
  pipe.pages = pages;
  pipe.tail = 0;
  pipe.head = n;
  pipe.ringSize = slots;
  pipe.maxUsage = slots;
  pipe.wrWait.wakeOne(); // this might have made room for writers
  return <i64>slots * PAGE_SIZE;
}

export function pipeSize(pipe: Pipe): i64 {
  return <i64>pipe.maxUsage * PAGE_SIZE;
}
