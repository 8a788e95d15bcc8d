// System calls on paths: open (with the FIFO rendezvous of fs/pipe.c fifo_open), mkfifo, unlink,
// truncate. Checks come in Linux's order: descriptor first (EMFILE), then the path, then access.
import { Proc } from './proc';
import { File, fileGet, FT_FIFO, FT_REG, FT_DIR, O_ACCMODE, O_RDONLY, O_WRONLY, O_RDWR, O_CREAT,
  O_EXCL, O_NOCTTY, O_TRUNC, O_CLOEXEC, O_NONBLOCK, O_DIRECTORY, O_LARGEFILE } from './file';
import { Inode, I_DIR, I_FIFO, I_REG, normalise, lookup, parentOf, link, unlinkName, permission,
  mayDelete, lookupErr } from './fs';
import { Pipe, pipeCreate, pipeFreeIfUnused } from './pipe';
import { sleepOn, W_FIFO_OPEN } from './wait';
import { signalPending } from './signal';
import { EEXIST, ENOENT, ENOTDIR, EISDIR, EINVAL, ENXIO, EPERM, EFBIG, ERESTARTSYS,
  BLOCKED } from './errno';

export function doOpen(p: Proc, path: string, flags: i32, mode: i32): i32 {
  if (p.inSyscall) return fifoOpenResume(p, flags);
  const fd = p.fdAlloc(0);
  if (fd < 0) return fd;
  const abs = normalise(path);
  if (abs.length == 0) return -lookupErr;
  let ino = lookup(abs);
  const acc = flags & O_ACCMODE;
  if (ino === null) {
    if ((flags & O_CREAT) == 0) return -ENOENT;
    const dir = parentOf(abs);
    if (dir === null) return -ENOENT;
    const err = permission(p, dir!, 3);
    if (err != 0) return err;
    ino = new Inode(I_REG, mode & ~p.umask, p.euid, p.egid);
    link(abs, ino!);
  } else {
    if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return -EEXIST;
    if ((flags & O_DIRECTORY) != 0 && ino!.kind != I_DIR) return -ENOTDIR;
    if (ino!.kind == I_DIR && (acc != O_RDONLY || (flags & O_CREAT) != 0)) return -EISDIR;
    let want = 0;
    if (acc == O_RDONLY || acc == O_RDWR) want |= 4;
    if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC) != 0) want |= 2;
    const err = permission(p, ino!, want);
    if (err != 0) return err;
  }
  // Linux keeps every open flag but these in f_flags, and adds O_LARGEFILE on 64-bit.
  const fflags = (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC)) | O_LARGEFILE;
  const inode = ino!;
  if (inode.kind == I_FIFO) return fifoOpen(p, inode, fd, fflags, flags);
  const f = new File(inode.kind == I_DIR ? FT_DIR : FT_REG, fflags);
  f.inode = inode;
  if (inode.kind == I_REG) inode.opens++;
  if ((flags & O_TRUNC) != 0 && inode.kind == I_REG && acc != O_RDONLY) inode.resize(0);
  fileGet(f);
  p.fdInstall(fd, f, (flags & O_CLOEXEC) != 0);
  return fd;
}

/** fifo_open: count ourselves in, then wait for a partner unless O_NONBLOCK or O_RDWR. */
function fifoOpen(p: Proc, inode: Inode, fd: i32, fflags: i32, flags: i32): i32 {
  const acc = flags & O_ACCMODE;
  const nonblock = (flags & O_NONBLOCK) != 0;
  if (acc == 3) return -EINVAL;
  // POSIX: O_WRONLY|O_NONBLOCK without a reader fails at once.
  if (acc == O_WRONLY && nonblock && (inode.pipe === null || inode.pipe!.readers == 0)) {
    return -ENXIO;
  }
  if (inode.pipe === null) {
    inode.pipe = pipeCreate(p);
    inode.pipe!.fifoIno = inode.ino;
  }
  const pipe = inode.pipe!;
  const f = new File(FT_FIFO, fflags);
  f.pipe = pipe;
  f.inode = inode;
  if (acc == O_RDONLY) {
    pipe.rCounter++;
    if (pipe.readers++ == 0) wakePartner(pipe);
    if (pipe.writers == 0 && !nonblock) return waitForPartner(p, f, pipe.wCounter);
  } else if (acc == O_WRONLY) {
    pipe.wCounter++;
    if (pipe.writers++ == 0) wakePartner(pipe);
    if (pipe.readers == 0) return waitForPartner(p, f, pipe.rCounter);
  } else {
    // O_RDWR never blocks: the process can at least talk to itself.
    pipe.readers++;
    pipe.writers++;
    pipe.rCounter++;
    pipe.wCounter++;
    if (pipe.readers == 1 || pipe.writers == 1) wakePartner(pipe);
  }
  return fifoInstall(p, f, fd, flags);
}

function wakePartner(pipe: Pipe): void {
  pipe.rdWait.wakeAll();
  pipe.wrWait.wakeAll();
}

function waitForPartner(p: Proc, f: File, counter: u32): i32 {
  p.pending = f;
  p.snap = counter;
  return fifoSleep(p, f);
}

function fifoSleep(p: Proc, f: File): i32 {
  if (signalPending(p)) return fifoAbort(p, f);
  sleepOn(p, f.pipe!.rdWait, W_FIFO_OPEN, f.pipe!.id);
  return BLOCKED;
}

/** Called again after a wake-up: has a partner come (the counter moved)? */
function fifoOpenResume(p: Proc, flags: i32): i32 {
  const f = p.pending!;
  const pipe = f.pipe!;
  const reading = (flags & O_ACCMODE) == O_RDONLY;
  const counter = reading ? pipe.wCounter : pipe.rCounter;
  if (counter == p.snap) return fifoSleep(p, f);
  const fd = p.fdAlloc(0);
  if (fd < 0) {
    fifoAbort(p, f);
    return fd;
  }
  return fifoInstall(p, f, fd, flags);
}

/** An interrupted open takes itself back out (err_rd / err_wr). */
function fifoAbort(p: Proc, f: File): i32 {
  const pipe = f.pipe!;
  if (f.readable) {
    if (--pipe.readers == 0) pipe.wrWait.wakeOne();
  } else {
    if (--pipe.writers == 0) pipe.rdWait.wakeAll();
  }
  pipeFreeIfUnused(pipe);
  return -ERESTARTSYS;
}

function fifoInstall(p: Proc, f: File, fd: i32, flags: i32): i32 {
  fileGet(f);
  p.fdInstall(fd, f, (flags & O_CLOEXEC) != 0);
  return fd;
}

export function doMkfifo(p: Proc, path: string, mode: i32): i32 {
  const abs = normalise(path);
  if (abs.length == 0) return -lookupErr;
  if (lookup(abs) !== null) return -EEXIST;
  const dir = parentOf(abs);
  if (dir === null) return -ENOENT;
  const err = permission(p, dir!, 3);
  if (err != 0) return err;
  link(abs, new Inode(I_FIFO, mode & ~p.umask, p.euid, p.egid));
  return 0;
}

export function doUnlink(p: Proc, path: string): i32 {
  const abs = normalise(path);
  if (abs.length == 0) return -lookupErr;
  const ino = lookup(abs);
  if (ino === null) return -ENOENT;
  if (ino!.kind == I_DIR) return -EISDIR;
  const err = mayDelete(p, parentOf(abs)!, ino!);
  if (err == -1) return -EPERM;
  if (err != 0) return err;
  unlinkName(abs);
  return 0;
}

export function doTruncate(p: Proc, path: string, length: i64): i32 {
  const abs = normalise(path);
  if (abs.length == 0) return -lookupErr;
  const ino = lookup(abs);
  if (ino === null) return -ENOENT;
  if (ino!.kind == I_DIR) return -EISDIR;
  if (ino!.kind != I_REG) return -EINVAL;
  if (length < 0) return -EINVAL;
  const err = permission(p, ino!, 2);
  if (err != 0) return err;
  if (length > 0x7fffffff) return -EFBIG;
  ino!.resize(length);
  return 0;
}
