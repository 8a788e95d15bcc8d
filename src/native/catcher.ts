// The native signal catcher. A JavaScript handler cannot be the kernel's signal handler: a signal
// may arrive while V8 runs, and entering JavaScript from there (a koffi callback) would run it in
// the middle of V8's own work. So the kernel's handler is 89 bytes of x86_64 code that only copies
// the first 32 bytes of the siginfo into a ring in memory JavaScript can read; NativeSys runs the
// JavaScript handlers from the ring at the next system-call boundary (src/native/handlers.ts),
// which is where the simulator runs them too. The catcher is async-signal-safe and thread-safe
// (a lock xadd reserves each slot), and it can chain to the handler it replaced (libuv's SIGCHLD
// handler, which must still learn of child exits).
//
// The second routine, `shield`, is how Node's other threads come to block signals: a signal sent
// to one thread (tgkill) runs it there, and it ORs a mask into the saved uc_sigmask, which
// rt_sigreturn then installs as that thread's mask. Process-directed signals must reach the main
// thread only, as in a single-threaded C program: a signal the program blocks stays pending, and
// one it catches interrupts the main thread's system call.
//
// Source (GNU as, Intel syntax; bytes as `as` assembled them):
//   catch:  mov eax, 1                      ; reserve a slot: index = head++
//           lock xadd [rip + HEAD], eax
//           lea ecx, [rax + 1]              ; the slot's sequence number, index + 1
//           and eax, 127 ; shl eax, 5       ; 128 slots of 32 bytes
//           lea rdx, [rip + RING] ; add rdx, rax
//           mov rax, [rsi] ; mov [rdx], rax  ; siginfo bytes 0-31: signo, code, pid, uid, value
//           ... the same for 8, 16, 24 ...
//           mov [rdx + 12], ecx              ; published last (over the padding at 12)
//           mov ecx, edi ; and ecx, 127      ; chained handler of this signal, if any
//           lea rax, [rip + CHAIN] ; mov rax, [rax + rcx * 8]
//           test rax, rax ; jz 1f ; jmp rax  ; tail call, rdi (the signal) intact
//      1:   ret
//   shield: mov rax, [rip + MASK]
//           or [rdx + 296], rax              ; ucontext's uc_sigmask (x86_64: offset 296)
//           lock inc dword ptr [rip + COUNT]
//           ret
import { createRequire } from 'node:module';
import * as fs from 'node:fs';

const CATCH = [
  0xb8, 0x01, 0x00, 0x00, 0x00, 0xf0, 0x0f, 0xc1, 0x05, 0xf3, 0x0f, 0x00, 0x00, 0x8d, 0x48, 0x01,
  0x83, 0xe0, 0x7f, 0xc1, 0xe0, 0x05, 0x48, 0x8d, 0x15, 0x23, 0x14, 0x00, 0x00, 0x48, 0x01, 0xc2,
  0x48, 0x8b, 0x06, 0x48, 0x89, 0x02, 0x48, 0x8b, 0x46, 0x08, 0x48, 0x89, 0x42, 0x08, 0x48, 0x8b,
  0x46, 0x10, 0x48, 0x89, 0x42, 0x10, 0x48, 0x8b, 0x46, 0x18, 0x48, 0x89, 0x42, 0x18, 0x89, 0x4a,
  0x0c, 0x89, 0xf9, 0x83, 0xe1, 0x7f, 0x48, 0x8d, 0x05, 0xf3, 0x0f, 0x00, 0x00, 0x48, 0x8b, 0x04,
  0xc8, 0x48, 0x85, 0xc0, 0x74, 0x02, 0xff, 0xe0, 0xc3,
];
const SHIELD = [
  0x48, 0x8b, 0x05, 0x81, 0x0f, 0x00, 0x00, 0x48, 0x09, 0x82, 0x28, 0x01, 0x00, 0x00, 0xf0, 0xff,
  0x05, 0x6f, 0x0f, 0x00, 0x00, 0xc3,
];
const PAGE = 4096;
const SHIELD_AT = 0x80;
// The data pages follow the code page; the offsets are those the code's rip-relative operands name.
const HEAD = 0;
const COUNT = 4;
const MASK = 8;
const CHAIN = 64;
const RING = 64 + 1024;
const SLOTS = 128;
const SLOT = 32;

const PROT_READ = 1;
const PROT_WRITE = 2;
const PROT_EXEC = 4;
const MAP_PRIVATE_ANON = 0x22;
const SA_SIGINFO = 4;
const SA_RESTART = 0x10000000;
const SYS_tgkill = 234;
const SIGRTMAX = 64;

/** A signal the catcher took: siginfo's si_signo, si_code, si_pid, si_uid and si_value. */
export interface Caught { signo: number; code: number; pid: number; uid: number; value: number }

type Fn = (...args: unknown[]) => any;
interface Lib {
  koffi: any; mmap: Fn; mprotect: Fn; sigaction: Fn; syscall: Fn; usleep: Fn;
}

let lib: Lib | null = null;
let base = 0n; // address of the code page
let data: Int32Array | null = null; // the data pages
let tail = 0; // ring slots read so far

function load(): Lib {
  if (lib) return lib;
  const koffi = createRequire(import.meta.url)('koffi');
  const c = koffi.load('libc.so.6');
  lib = {
    koffi,
    mmap: c.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)'),
    mprotect: c.func('int mprotect(void *addr, size_t len, int prot)'),
    sigaction: c.func('int sigaction(int sig, const void *act, void *oldact)'),
    syscall: c.func('long syscall(long number, ...)'),
    usleep: c.func('int usleep(uint32_t usec)'),
  };
  return lib;
}

/** Maps the code (read and execute) and its data (read and write) once. */
function mapped(): Int32Array {
  if (data) return data;
  const l = load();
  const ptr = l.mmap(null, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE_ANON, -1, 0);
  const addr = l.koffi.address(ptr) as bigint;
  if (addr === 0xffff_ffff_ffff_ffffn) throw new Error('signal catcher: mmap failed');
  const bytes = new Uint8Array(l.koffi.view(ptr, 3 * PAGE));
  bytes.set(CATCH, 0);
  bytes.set(SHIELD, SHIELD_AT);
  if (l.mprotect(ptr, PAGE, PROT_READ | PROT_EXEC) !== 0) throw new Error('signal catcher: mprotect failed');
  base = addr;
  data = new Int32Array(bytes.buffer, PAGE, (2 * PAGE) / 4);
  return data;
}

/** glibc's struct sigaction (152 bytes): handler 0, sa_mask 8 (kernel's 64 bits first), flags 136. */
function sigactionStruct(handler: bigint, flags: number, mask: bigint): Buffer {
  const act = Buffer.alloc(152);
  act.writeBigUInt64LE(handler, 0);
  act.writeBigUInt64LE(mask, 8);
  act.writeInt32LE(flags | 0, 136);
  return act;
}

/** The handler address of `sig`'s current action (0 SIG_DFL, 1 SIG_IGN). */
export function currentHandler(sig: number): bigint {
  const old = Buffer.alloc(152);
  if (load().sigaction(sig, null, old) !== 0) return 0n;
  return old.readBigUInt64LE(0);
}

/**
 * Installs the catcher for `sig`, with the flags and mask the kernel applies while the catcher
 * runs. `chain`: also call the handler that was there (libuv's), which the catcher replaces.
 * Returns the errno of a failure, or 0.
 */
export function installCatcher(sig: number, flags: number, mask: bigint, chain: boolean): number {
  const d = mapped();
  const old = currentHandler(sig);
  const previous = old > 1n && old !== base ? old : 0n;
  if (chain && previous !== 0n) setChain(d, sig, previous);
  else if (!chain) setChain(d, sig, 0n);
  const l = load();
  if (l.sigaction(sig, sigactionStruct(base, flags | SA_SIGINFO, mask), null) !== 0) return l.koffi.errno();
  return 0;
}

function setChain(d: Int32Array, sig: number, handler: bigint): void {
  const at = (CHAIN + sig * 8) / 4;
  d[at] = Number(handler & 0xffffffffn);
  d[at + 1] = Number(handler >> 32n);
}

/** Is the catcher `sig`'s kernel handler right now? */
export function catching(sig: number): boolean {
  return data !== null && currentHandler(sig) === base;
}

/** Signals caught and not yet taken. */
export function caughtCount(): number {
  return data === null ? 0 : data[HEAD / 4] - tail;
}

/** Takes what the catcher recorded, oldest first (a slot still being written waits for later). */
export function takeCaught(): Caught[] {
  const d = data;
  const out: Caught[] = [];
  if (d === null) return out;
  const head = d[HEAD / 4];
  if (head - tail > SLOTS) tail = head - SLOTS; // overrun: the oldest are lost
  while (tail < head) {
    const at = (RING + (tail % SLOTS) * SLOT) / 4;
    if (d[at + 3] !== tail + 1) break;
    out.push({ signo: d[at], code: d[at + 2], pid: d[at + 4], uid: d[at + 5], value: d[at + 6] });
    tail++;
  }
  return out;
}

/**
 * Makes every thread of this process but the calling (main) one block `mask`, by running
 * `shield` in each through a tgkill of SIGRTMAX. Threads that block the whole mask already are
 * left alone. Returns how many threads could not be reached (0 when all were).
 */
export function shieldThreads(mask: bigint): number {
  const d = mapped();
  const l = load();
  d[MASK / 4] = Number(mask & 0xffffffffn);
  d[MASK / 4 + 1] = Number(mask >> 32n);
  const pid = process.pid;
  const targets: number[] = [];
  for (const name of fs.readdirSync('/proc/self/task')) {
    const tid = Number(name);
    if (tid === pid) continue;
    const status = fs.readFileSync(`/proc/self/task/${name}/status`, 'utf8');
    const blocked = BigInt(`0x${/SigBlk:\s*([0-9a-f]+)/.exec(status)?.[1] ?? '0'}`);
    if ((blocked & mask) !== mask) targets.push(tid);
  }
  if (targets.length === 0) return 0;
  const old = Buffer.alloc(152);
  l.sigaction(SIGRTMAX, sigactionStruct(base + BigInt(SHIELD_AT), SA_RESTART, 0n), old);
  const start = d[COUNT / 4];
  let sent = 0;
  for (const tid of targets) {
    if (Number(l.syscall(SYS_tgkill, 'int', pid, 'int', tid, 'int', SIGRTMAX)) === 0) sent++;
  }
  for (let i = 0; i < 2000 && d[COUNT / 4] - start < sent; i++) l.usleep(500);
  const done = d[COUNT / 4] - start;
  l.sigaction(SIGRTMAX, old, null);
  return targets.length - done;
}
