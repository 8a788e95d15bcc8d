// The wasm ABI: the only surface the host (src/sim) sees. Every system call is
// `sys_<name>(pid, sysno, ...ints)` and returns a result >= 0, -errno, BLOCKED (the caller now
// sleeps, or must simply be called again: call it again when schedNext picks it) or DIED (the
// caller was killed on its way out). Bytes move through one transfer buffer at xfer_ptr():
// the host puts a write's data there, and finds a read's data there. src/sim/abi.ts mirrors this.
import { procGet, procInit, procCreateMain, exited } from './proc';
import { File, FT_CONSOLE, O_RDONLY, O_WRONLY } from './file';
import { fsInit, CWD, fifoInode } from './fs';
import { schedNext, tick, now, steps, clockCell } from './sched';
import { prngSeed } from './prng';
import { setLimit, PAGE_SIZE } from './param';
import { kassert, P_BYTES } from './panic';
import { enter, leave, leaveLong, xfer, xferInit, XFER_SIZE, pathArg } from './syscall';
import { allPipes, totalIn, totalOut, totalDiscarded } from './pipe';
import { msgCheck } from './msg';
import * as F from './sys_file';
import * as S from './sys_fs';
import * as P from './sys_proc';

let stdin: File | null = null;
let stderr: File | null = null;

export function kernel_init(seed: f64): void {
  prngSeed(<u64>seed);
  xferInit();
  procInit();
  fsInit();
  // The terminal of the run: reads see end of file (/dev/null), writes to fd 1 are the output.
  stdin = new File(FT_CONSOLE, O_RDONLY);
  F.setStdout(new File(FT_CONSOLE, O_WRONLY));
  stderr = new File(FT_CONSOLE, O_WRONLY);
}

export function kernel_set_limit(id: i32, value: f64): i32 {
  return setLimit(id, <i64>value);
}

export function xfer_ptr(): usize {
  return xfer;
}

export function xfer_size(): i32 {
  return XFER_SIZE;
}

export function create_main(program: i32, uid: i32, gid: i32): i32 {
  return procCreateMain(program, uid, gid, stdin!, F.stdout!, stderr!).pid;
}

export function sched_next(): i32 {
  return schedNext();
}

export function clock_ptr(): usize {
  return clockCell;
}

export function now_ns(): f64 {
  return <f64>now;
}

export function step_count(): f64 {
  return <f64>steps;
}

// ---- processes ----

export function sys_fork(pid: i32, sysno: i32, program: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, P.doFork(p, program));
}

export function sys_exit(pid: i32, sysno: i32, code: i32): i32 {
  const p = enter(pid, sysno);
  return P.doExit(p, code);
}

export function sys_waitpid(pid: i32, sysno: i32, target: i32, options: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, P.doWaitpid(p, target, options));
}

export function wait_status(): i32 {
  return P.waitStatus;
}

export function sys_getid(pid: i32, sysno: i32, which: i32): i32 {
  const p = enter(pid, sysno);
  let r = 0;
  switch (which) {
    case 0: r = p.pid; break;
    case 1: r = p.ppid; break;
    case 2: r = p.uid; break;
    case 3: r = p.gid; break;
    case 4: r = p.euid; break;
    case 5: r = p.egid; break;
  }
  return leave(p, r);
}

export function sys_setuid(pid: i32, sysno: i32, uid: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, P.doSetuid(p, uid));
}

export function sys_setgid(pid: i32, sysno: i32, gid: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, P.doSetgid(p, gid));
}

export function sys_sleep(pid: i32, sysno: i32, ns: f64): i32 {
  const p = enter(pid, sysno);
  return leave(p, P.doSleep(p, <i64>ns));
}

export function sys_time(pid: i32, sysno: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, 0);
}

// ---- descriptors ----

export function sys_pipe2(pid: i32, sysno: i32, flags: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, F.doPipe2(p, flags, xfer));
}

export function sys_read(pid: i32, sysno: i32, fd: i32, count: i32): i32 {
  const p = enter(pid, sysno);
  const n = count > XFER_SIZE ? XFER_SIZE : count;
  return leave(p, F.doRead(p, fd, xfer, n));
}

/** xfer holds the user's bytes from offset proc_progress(pid) on: `avail` of `total`. */
export function sys_write(pid: i32, sysno: i32, fd: i32, avail: i32, total: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, F.doWrite(p, fd, xfer, avail, total));
}

export function console_written(): bool {
  return F.consoleWrite;
}

export function sys_close(pid: i32, sysno: i32, fd: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, F.doClose(p, fd));
}

export function sys_dup(pid: i32, sysno: i32, fd: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, F.doDup(p, fd));
}

export function sys_dup2(pid: i32, sysno: i32, oldfd: i32, newfd: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, F.doDup2(p, oldfd, newfd));
}

/** fcntl's result can exceed i32 (F_GETPIPE_SZ of a 2 GiB pipe): it is returned as f64. */
export function sys_fcntl(pid: i32, sysno: i32, fd: i32, cmd: i32, arg: f64): f64 {
  const p = enter(pid, sysno);
  return leaveLong(p, F.doFcntl(p, fd, cmd, <i64>arg));
}

export function sys_ioctl(pid: i32, sysno: i32, fd: i32, request: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, F.doIoctl(p, fd, request));
}

/** lseek's result can exceed i32: it is returned as f64. */
export function sys_lseek(pid: i32, sysno: i32, fd: i32, offset: f64, whence: i32): f64 {
  const p = enter(pid, sysno);
  return leaveLong(p, F.doLseek(p, fd, <i64>offset, whence));
}

export function sys_ftruncate(pid: i32, sysno: i32, fd: i32, length: f64): i32 {
  const p = enter(pid, sysno);
  return leave(p, F.doFtruncate(p, fd, <i64>length));
}

// ---- paths (the path is in xfer as `len` bytes of UTF-8) ----

export function sys_open(pid: i32, sysno: i32, len: i32, flags: i32, mode: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, S.doOpen(p, pathArg(len), flags, mode));
}

export function sys_mkfifo(pid: i32, sysno: i32, len: i32, mode: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, S.doMkfifo(p, pathArg(len), mode));
}

export function sys_unlink(pid: i32, sysno: i32, len: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, S.doUnlink(p, pathArg(len)));
}

export function sys_truncate(pid: i32, sysno: i32, len: i32, length: f64): i32 {
  const p = enter(pid, sysno);
  return leave(p, S.doTruncate(p, pathArg(len), <i64>length));
}

// ---- what the host asks about processes ----

export function proc_exists(pid: i32): bool {
  return procGet(pid) !== null;
}

export function proc_state(pid: i32): i32 {
  const p = procGet(pid);
  return p === null ? 4 : p.state;
}

export function proc_ppid(pid: i32): i32 {
  const p = procGet(pid);
  return p === null ? 0 : p.ppid;
}

export function proc_progress(pid: i32): f64 {
  const p = procGet(pid);
  return p === null ? 0 : <f64>p.progress;
}

export function proc_wait_kind(pid: i32): i32 {
  const p = procGet(pid);
  return p === null ? 0 : p.waitKind;
}

export function proc_wait_obj(pid: i32): i32 {
  const p = procGet(pid);
  return p === null ? 0 : p.waitObj;
}

export function proc_sysno(pid: i32): i32 {
  const p = procGet(pid);
  return p === null ? 0 : p.sysno;
}

/** The wait status of an exited process (code << 8, or the signal), or -1 while it lives. */
export function proc_exit_status(pid: i32): i32 {
  return exited.has(pid) ? exited.get(pid) : -1;
}

/**
 * Writes a process's descriptors into xfer as [fd, kind, objectId, flags] quadruples and
 * returns their number. kind: 1 console, 2 pipe, 3 fifo, 4 file, 5 dir.
 */
export function proc_fds(pid: i32): i32 {
  const p = procGet(pid);
  if (p === null) return 0;
  let n = 0;
  for (let fd = 0; fd < p.fds.length; fd++) {
    const f = p.fds[fd];
    if (f === null) continue;
    const at = xfer + <usize>(n * 16);
    store<i32>(at, fd);
    store<i32>(at, f.kind, 4);
    store<i32>(at, f.pipe !== null ? f.pipe!.id : (f.inode !== null ? f.inode!.ino : 0), 8);
    store<i32>(at, f.flags, 12);
    n++;
  }
  return n;
}

/**
 * Writes every pipe into xfer: [id, fifoIno, bytes, capacity, slotsUsed, readers, writers,
 * nRd, nWr, rdPids..., wrPids...] and returns the number of pipes.
 */
export function pipes_snapshot(): i32 {
  const all = allPipes.values();
  let at = xfer;
  for (let i = 0; i < all.length; i++) {
    const pipe = unchecked(all[i]);
    store<i32>(at, pipe.id);
    store<i32>(at, pipe.fifoIno, 4);
    store<i32>(at, pipe.bytes(), 8);
    store<u32>(at, pipe.maxUsage * <u32>PAGE_SIZE, 12); // up to 2^31: read back unsigned
    store<i32>(at, <i32>pipe.occupancy, 16);
    store<i32>(at, pipe.readers, 20);
    store<i32>(at, pipe.writers, 24);
    store<i32>(at, pipe.rdWait.count, 28);
    store<i32>(at, pipe.wrWait.count, 32);
    at += 36;
    for (let j = 0; j < pipe.rdWait.count; j++, at += 4) store<i32>(at, pipe.rdWait.pidAt(j));
    for (let j = 0; j < pipe.wrWait.count; j++, at += 4) store<i32>(at, pipe.wrWait.pidAt(j));
  }
  return all.length;
}

/** The FIFO inode of pipe `id`, 0 for a pipe() pipe or an unknown id. */
export function pipe_fifo_ino(id: i32): i32 {
  return allPipes.has(id) ? allPipes.get(id).fifoIno : 0;
}

/** Writes the path a FIFO was made under into xfer; returns its length (0 if unknown). */
export function fifo_path(ino: i32): i32 {
  const inode = fifoInode(ino);
  if (inode === null) return 0;
  return <i32>String.UTF8.encodeUnsafe(changetype<usize>(inode.path), inode.path.length, xfer);
}

/** Checks the kernel's invariants (the property tests call this after every step). */
export function kernel_check(): void {
  const all = allPipes.values();
  let buffered: i64 = 0;
  for (let i = 0; i < all.length; i++) {
    const pipe = unchecked(all[i]);
    pipe.check();
    buffered += pipe.bytes();
  }
  kassert(totalIn == totalOut + buffered + totalDiscarded, P_BYTES, <i32>totalIn, <i32>buffered);
  msgCheck(); // every queue's counters; messages sent = received + queued + dropped
}

/** Writes bytes in, bytes out and bytes discarded over all pipes into xfer (three f64). */
export function pipe_totals(): void {
  store<f64>(xfer, <f64>totalIn);
  store<f64>(xfer, <f64>totalOut, 8);
  store<f64>(xfer, <f64>totalDiscarded, 16);
}

export function cwd_length(): i32 {
  return <i32>String.UTF8.encodeUnsafe(changetype<usize>(CWD), CWD.length, xfer);
}

// ---- System V IPC and memory: one file of system calls per mechanism ----
export * from './sys_ipc';
export * from './sys_shm';
export * from './sys_mm';
export * from './sys_msg';
export * from './sys_sem';
export * from './sem_state';
export * from './sys_signal';
