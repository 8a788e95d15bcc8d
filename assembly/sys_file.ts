// System calls on descriptors (fs/pipe.c do_pipe2, fs/read_write.c, fs/fcntl.c, fs/file.c):
// argument checks and descriptor bookkeeping; the objects do the rest.
import { Proc } from './proc';
import { File, fileGet, FT_CONSOLE, FT_PIPE, FT_FIFO, FT_REG, FT_DIR, O_CLOEXEC, O_NONBLOCK,
  O_DIRECT, O_RDONLY, O_WRONLY, O_APPEND, SETFL_MASK } from './file';
import { pipeCreate, pipeRead, pipeWrite, pipeSetSize, pipeSize } from './pipe';
import { NOFILE } from './param';
import { EBADF, EINVAL, EISDIR, ESPIPE, ENOTTY, EFBIG } from './errno';

export let consoleWrite: bool = false; // the last write went to stdout: the host copies it
export let stdout: File | null = null; // the terminal's output side (fd 1 of the main process)

export function setStdout(f: File): void {
  stdout = f;
}

const F_DUPFD: i32 = 0;
const F_GETFD: i32 = 1;
const F_SETFD: i32 = 2;
const F_GETFL: i32 = 3;
const F_SETFL: i32 = 4;
const F_DUPFD_CLOEXEC: i32 = 1030;
const F_SETPIPE_SZ: i32 = 1031;
const F_GETPIPE_SZ: i32 = 1032;
const FD_CLOEXEC: i32 = 1;
const FIONREAD: i32 = 0x541b;


export function doPipe2(p: Proc, flags: i32, out: usize): i32 {
  if ((flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) != 0) return -EINVAL;
  // Both descriptors are found before anything is created: the read end gets the lowest.
  const rfd = p.fdAlloc(0);
  if (rfd < 0) return rfd;
  const wfd = p.fdAlloc(rfd + 1);
  if (wfd < 0) return wfd;
  const pipe = pipeCreate(p);
  const status = flags & (O_NONBLOCK | O_DIRECT);
  const r = new File(FT_PIPE, O_RDONLY | status);
  const w = new File(FT_PIPE, O_WRONLY | status);
  r.pipe = pipe;
  w.pipe = pipe;
  pipe.readers = 1;
  pipe.writers = 1;
  fileGet(r);
  p.fdInstall(rfd, r, (flags & O_CLOEXEC) != 0);
  fileGet(w);
  p.fdInstall(wfd, w, (flags & O_CLOEXEC) != 0);
  store<i32>(out, rfd);
  store<i32>(out, wfd, 4);
  return 0;
}

export function doRead(p: Proc, fd: i32, dst: usize, count: i32): i32 {
  const f = p.fdGet(fd);
  if (f === null || !f.readable) return -EBADF;
  if (count < 0) return -EINVAL;
  switch (f.kind) {
    case FT_PIPE:
    case FT_FIFO:
      return pipeRead(p, f.pipe!, f, dst, count);
    case FT_REG: {
      const ino = f.inode!;
      if (f.pos >= ino.size || count == 0) return 0;
      let n = ino.size - f.pos;
      if (n > <i64>count) n = count;
      ino.pages().readAt(f.pos, dst, n);
      f.pos += n;
      return <i32>n;
    }
    case FT_DIR:
      return -EISDIR;
    default:
      return 0; // the console reads as /dev/null: end of file
  }
}

export function doWrite(p: Proc, fd: i32, src: usize, avail: i32, total: i32): i32 {
  const f = p.fdGet(fd);
  consoleWrite = false;
  if (f === null || !f.writable) return -EBADF;
  if (total < 0) return -EINVAL;
  switch (f.kind) {
    case FT_PIPE:
    case FT_FIFO:
      return pipeWrite(p, f.pipe!, f, src, avail, total);
    case FT_REG: {
      const ino = f.inode!;
      if (total == 0) return 0;
      if ((f.flags & O_APPEND) != 0) f.pos = ino.size;
      const end = f.pos + <i64>total;
      if (end > 0x7fffffff) return -EFBIG;
      if (end > ino.size) ino.resize(end);
      ino.pages().writeAt(f.pos, src, total);
      f.pos = end;
      return total;
    }
    default:
      consoleWrite = f === stdout;
      return total;
  }
}

export function doClose(p: Proc, fd: i32): i32 {
  if (p.fdGet(fd) === null) return -EBADF;
  p.fdClose(fd);
  return 0;
}

function dupTo(p: Proc, f: File, minfd: i32, cloexec: bool): i32 {
  const fd = p.fdAlloc(minfd);
  if (fd < 0) return fd;
  fileGet(f);
  p.fdInstall(fd, f, cloexec);
  return fd;
}

export function doDup(p: Proc, fd: i32): i32 {
  const f = p.fdGet(fd);
  if (f === null) return -EBADF;
  return dupTo(p, f, 0, false);
}

export function doDup2(p: Proc, oldfd: i32, newfd: i32): i32 {
  const f = p.fdGet(oldfd);
  if (f === null) return -EBADF;
  if (newfd < 0 || newfd >= NOFILE) return -EBADF;
  if (oldfd == newfd) return newfd;
  // Take the new reference before dropping the old file, so f survives dup2(fd, fd-alias).
  fileGet(f);
  if (p.fdGet(newfd) !== null) p.fdClose(newfd);
  p.fdInstall(newfd, f, false);
  return newfd;
}

export function doFcntl(p: Proc, fd: i32, cmd: i32, arg: i64): i64 {
  const f = p.fdGet(fd);
  if (f === null) return -EBADF;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (arg < 0 || arg >= <i64>NOFILE) return -EINVAL;
      return dupTo(p, f, <i32>arg, cmd == F_DUPFD_CLOEXEC);
    case F_GETFD:
      return p.cloexec[fd] ? FD_CLOEXEC : 0;
    case F_SETFD:
      p.cloexec[fd] = (arg & FD_CLOEXEC) != 0;
      return 0;
    case F_GETFL:
      return f.flags;
    case F_SETFL:
      f.flags = (f.flags & ~SETFL_MASK) | (<i32>arg & SETFL_MASK);
      return 0;
    case F_GETPIPE_SZ:
      if (f.pipe === null) return -EBADF;
      return pipeSize(f.pipe!);
    case F_SETPIPE_SZ:
      if (f.pipe === null) return -EBADF;
      return pipeSetSize(p, f.pipe!, <u64>arg);
    default:
      return -EINVAL;
  }
}

export function doIoctl(p: Proc, fd: i32, request: i32): i32 {
  const f = p.fdGet(fd);
  if (f === null) return -EBADF;
  if (request != FIONREAD) return -ENOTTY;
  if (f.pipe !== null) return f.pipe!.bytes();
  if (f.kind == FT_REG) {
    const left = f.inode!.size - f.pos;
    return left > 0 ? <i32>left : 0;
  }
  if (f.kind == FT_CONSOLE) return 0;
  return -ENOTTY;
}

export function doLseek(p: Proc, fd: i32, offset: i64, whence: i32): i64 {
  const f = p.fdGet(fd);
  if (f === null) return -EBADF;
  if (f.kind != FT_REG && f.kind != FT_DIR) return -ESPIPE;
  let base: i64;
  if (whence == 0) base = 0;
  else if (whence == 1) base = f.pos;
  else if (whence == 2) base = f.kind == FT_REG ? f.inode!.size : 0;
  else return -EINVAL;
  const pos = base + offset;
  if (pos < 0) return -EINVAL;
  f.pos = pos;
  return pos;
}

export function doFtruncate(p: Proc, fd: i32, length: i64): i32 {
  const f = p.fdGet(fd);
  if (f === null) return -EBADF;
  if (length < 0) return -EINVAL;
  if (f.kind != FT_REG || !f.writable) return -EINVAL;
  if (length > 0x7fffffff) return -EFBIG;
  f.inode!.resize(length);
  return 0;
}
