// The MMU and the page-fault handler (mm/memory.c handle_mm_fault, do_anonymous_page,
// do_cow_fault, do_wp_page): what the host's Mapping reads and writes go through. A user address
// is translated to the frame behind it, and a page that is absent or shared copy-on-write is
// faulted in first; an access the VMA forbids is SIGSEGV, a file page wholly past the end SIGBUS.
import { PAGE_SIZE, PAGE_SHIFT } from '../param';
import { Mm, TASK_SIZE, PROT_WRITE } from './vm';
import { frameAddr, frameAlloc, frameCopy, framePut, frameRefs, zeroPageAddr } from './frame';

export const SIGBUS: i32 = 7;
export const SIGSEGV: i32 = 11;

/** Bytes the last successful translate() left contiguous in linear memory from its address. */
export let contig: i64 = 0;

/**
 * The linear-memory address of user address `addr`, faulting the page in as the MMU and
 * handle_mm_fault would (a write allocates or breaks COW), or -SIGSEGV / -SIGBUS. `contig` is set
 * to how many of the `want` bytes from there are adjacent in linear memory and equally accessible.
 */
export function translate(mm: Mm, addr: i64, want: i64, write: bool): i64 {
  let total: i64 = 0;
  let first: usize = 0;
  let at = addr;
  while (total < want) {
    const r = translatePage(mm, at, write);
    if (r < 0) {
      if (total == 0) return r;
      break;
    }
    const ptr = <usize>r;
    if (total > 0 && ptr != first + <usize>total) break;
    if (total == 0) first = ptr;
    const inPage = <i64>PAGE_SIZE - (at & (PAGE_SIZE - 1));
    total += inPage;
    at += inPage;
  }
  contig = total < want ? total : want;
  return <i64>first;
}

function translatePage(mm: Mm, addr: i64, write: bool): i64 {
  if (addr < 0 || addr >= TASK_SIZE) return -SIGSEGV;
  const v = mm.find(addr);
  if (v === null) return -SIGSEGV;
  // x86 pages are readable whenever they are present: PROT_WRITE and PROT_EXEC imply PROT_READ.
  if (write ? (v.prot & PROT_WRITE) == 0 : v.prot == 0) return -SIGSEGV;
  const off = <usize>(addr & (PAGE_SIZE - 1));
  const obj = v.obj;
  if (v.shared) {
    const o = obj!;
    const pg = v.pgoffAt(addr);
    if (pg >= o.sizePages) return -SIGBUS;
    return <i64>(frameAddr(o.frameOf(pg)) + off);
  }
  const vpn = addr >> PAGE_SHIFT;
  let f = mm.pt.get(vpn);
  if (f != 0) {
    if (write && frameRefs(f) > 1) {
      // Copy-on-write: this process gets a copy; the others keep the original.
      const copy = frameCopy(frameAddr(f));
      framePut(f);
      mm.pt.set(vpn, copy);
      f = copy;
    }
    return <i64>(frameAddr(f) + off);
  }
  if (obj !== null) {
    const pg = v.pgoffAt(addr);
    if (pg >= obj.sizePages) return -SIGBUS;
    if (!write) return <i64>(frameAddr(obj.frameOf(pg)) + off);
    f = frameCopy(obj.peek(pg));
  } else {
    if (!write) return <i64>(zeroPageAddr() + off);
    f = frameAlloc();
  }
  mm.pt.set(vpn, f);
  return <i64>(frameAddr(f) + off);
}
