// Physical page frames (mm/page_alloc.c, much reduced): a pool of PAGE_SIZE frames in wasm linear
// memory, numbered from 1, each with a reference count (struct page's _refcount). The pool grows a
// chunk at a time and never shrinks: a freed frame goes on a free stack and is handed out again,
// so a steady load allocates nothing. Frame 0 is the zero page: absent anonymous pages read from it,
// and nobody ever writes to it.
import { PAGE_SIZE, PAGE_SHIFT } from '../param';
import { kassert, P_FRAME } from '../panic';

const CHUNK_SHIFT: i32 = 8; // 256 frames (1 MiB) per chunk
const CHUNK_FRAMES: i32 = 1 << CHUNK_SHIFT;

const chunkBase = new Array<usize>(); // chunk -> address of its first frame
const refs = new Array<i32>(); // frame -> references (0: free)
const freeStack = new Array<i32>(); // free frames; the top is handed out next
let zeroPage: usize = 0;
let framesTotal: i32 = 0; // frames in the pool, the zero page excluded
let framesFree: i32 = 0;

function grow(): void {
  const base = heap.alloc(<usize>(CHUNK_FRAMES << PAGE_SHIFT));
  const first = chunkBase.length << CHUNK_SHIFT;
  chunkBase.push(base);
  for (let i = 0; i < CHUNK_FRAMES; i++) refs.push(0);
  // Pushed in descending order, so frames come out in ascending, adjacent order: a region
  // faulted in front to back gets physically contiguous frames, and the host copies in long runs.
  for (let i = CHUNK_FRAMES - 1; i >= 0; i--) {
    const f = first + i;
    if (f == 0) continue; // frame 0 is the zero page
    freeStack.push(f);
    framesTotal++;
    framesFree++;
  }
  if (first == 0) {
    zeroPage = base;
    memory.fill(zeroPage, 0, PAGE_SIZE);
  }
}

export function frameInit(): void {
  if (chunkBase.length == 0) grow();
}

/** The address of frame f's first byte in linear memory. */
@inline export function frameAddr(f: i32): usize {
  return unchecked(chunkBase[f >> CHUNK_SHIFT]) + (<usize>(f & (CHUNK_FRAMES - 1)) << PAGE_SHIFT);
}

export function zeroPageAddr(): usize {
  if (zeroPage == 0) grow(); // the pool's first chunk holds the zero page
  return zeroPage;
}

/** A frame with one reference, zero-filled (clear_page). */
export function frameAlloc(): i32 {
  if (freeStack.length == 0) grow();
  const f = freeStack.pop();
  kassert(unchecked(refs[f]) == 0, P_FRAME, f); // a free frame has no user
  unchecked((refs[f] = 1));
  framesFree--;
  memory.fill(frameAddr(f), 0, PAGE_SIZE);
  return f;
}

/** A frame holding a copy of the page at `src` (a COW break, or a private copy of a file page). */
export function frameCopy(src: usize): i32 {
  const f = frameAlloc();
  memory.copy(frameAddr(f), src, PAGE_SIZE);
  return f;
}

export function frameGet(f: i32): void {
  kassert(f > 0 && unchecked(refs[f]) > 0, P_FRAME, f); // only a used frame gains users
  unchecked((refs[f] = refs[f] + 1));
}

/** Drops a reference; the last one returns the frame to the pool. */
export function framePut(f: i32): void {
  kassert(f > 0 && f < refs.length, P_FRAME, f);
  const r = unchecked(refs[f]) - 1;
  kassert(r >= 0, P_FRAME, f); // put without get
  unchecked((refs[f] = r));
  if (r == 0) {
    freeStack.push(f);
    framesFree++;
  }
}

export function frameRefs(f: i32): i32 {
  return unchecked(refs[f]);
}

/** Frames f and f + 1 are adjacent in linear memory (same chunk). */
@inline export function frameNextAdjacent(f: i32): bool {
  return ((f + 1) & (CHUNK_FRAMES - 1)) != 0;
}

export function framesFreeCount(): i32 {
  return framesFree;
}

export function framesTotalCount(): i32 {
  return framesTotal;
}
