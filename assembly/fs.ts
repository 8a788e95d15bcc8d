// The kernel's own file namespace: directories, FIFOs and regular files by absolute path, enough
// for the tutorials' FIFOs and files and for ftok. Relative paths resolve against CWD. Permission
// checks follow fs/namei.c generic_permission (owner, group, other; CAP_DAC_OVERRIDE bypasses).
import { Proc } from './proc';
import { Pipe, onFifoRelease } from './pipe';
import { CAP_DAC_OVERRIDE, CAP_FOWNER } from './param';
import { EACCES, ENAMETOOLONG, ENOENT, ENOTDIR } from './errno';
import { MemObject, OBJ_FILE } from './mm/object';
import { onFileUnmapped } from './mm/vm';

export const I_DIR: i32 = 1;
export const I_FIFO: i32 = 2;
export const I_REG: i32 = 3;

export const S_IFDIR: i32 = 0o40000;
export const S_IFIFO: i32 = 0o10000;
export const S_IFREG: i32 = 0o100000;

export const CWD = '/tmp/ipcsim'; // the scenario's working directory
export const DEV: i32 = 0x803; // st_dev of every inode (one filesystem)
const PATH_MAX: i32 = 4096;
const NAME_MAX: i32 = 255;

let nextIno: i32 = 2;

export class Inode {
  ino: i32;
  kind: i32;
  mode: i32; // permission bits (07777)
  uid: i32;
  gid: i32;
  nlink: i32 = 1;
  path: string = ''; // the name it was made under, for reports
  pipe: Pipe | null = null; // a FIFO's pipe while it is open
  cache: MemObject | null = null; // a regular file's pages (its page cache, mm/object.ts)
  opens: i32 = 0; // open files on a regular file: its pages live while opened, mapped or named

  constructor(kind: i32, mode: i32, uid: i32, gid: i32) {
    this.ino = nextIno++;
    this.kind = kind;
    this.mode = mode & 0o7777;
    this.uid = uid;
    this.gid = gid;
  }

  get size(): i64 {
    return this.cache === null ? 0 : this.cache!.size;
  }

  /** The page cache, made on first use. */
  pages(): MemObject {
    let c = this.cache;
    if (c === null) {
      c = new MemObject(OBJ_FILE, 0);
      this.cache = c;
      cacheOwners.set(c.id, this);
    }
    return c;
  }

  /** Sets the size; bytes past the old end read as zero, pages past the new end are freed. */
  resize(n: i64): void {
    this.pages().resize(n);
  }
}

const cacheOwners = new Map<i32, Inode>(); // page cache id -> its inode

/** Frees a regular file's pages once nothing names, opens or maps it (iput_final). */
function inodeMaybeFree(inode: Inode): void {
  const c = inode.cache;
  if (c === null || inode.nlink > 0 || inode.opens > 0 || c.mappers.length > 0) return;
  c.release();
  cacheOwners.delete(c.id);
  inode.cache = null;
}

/** The last reference to an open regular file is gone. */
export function inodeClosed(inode: Inode): void {
  inode.opens--;
  inodeMaybeFree(inode);
}

function cacheUnmapped(obj: MemObject): void {
  if (cacheOwners.has(obj.id)) inodeMaybeFree(cacheOwners.get(obj.id));
}

const names = new Map<string, Inode>();
const inodes = new Map<i32, Inode>(); // FIFOs by inode number, for the pipe release hook

export function fsInit(): void {
  mk('/', I_DIR, 0o755);
  mk('/tmp', I_DIR, 0o1777);
  mk('/etc', I_DIR, 0o755);
  mk('/etc/passwd', I_REG, 0o644);
  mk('/dev', I_DIR, 0o755);
  mk('/dev/shm', I_DIR, 0o1777);
  mk('/home', I_DIR, 0o755);
  mk(CWD, I_DIR, 0o1777);
  onFileUnmapped(cacheUnmapped);
  onFifoRelease((pipe: Pipe): void => {
    if (inodes.has(pipe.fifoIno)) inodes.get(pipe.fifoIno).pipe = null;
  });
}

function mk(path: string, kind: i32, mode: i32): void {
  names.set(path, new Inode(kind, mode, 0, 0));
}

/** The error of the last failed lookup or normalise (positive errno). */
export let lookupErr: i32 = 0;

/** The absolute, normalised form of `path`, or '' with lookupErr set. Directories are checked. */
export function normalise(path: string): string {
  if (path.length == 0) return fail(ENOENT);
  if (path.length >= PATH_MAX) return fail(ENAMETOOLONG);
  const full = path.charCodeAt(0) == 47 ? path : CWD + '/' + path;
  const parts = full.split('/');
  let out = '';
  const last = parts.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = parts[i];
    if (c.length == 0 || c == '.') continue;
    if (c.length > NAME_MAX) return fail(ENAMETOOLONG);
    // Every component before this one must be a directory that exists.
    const dir = out.length == 0 ? '/' : out;
    if (!names.has(dir)) return fail(ENOENT);
    if (names.get(dir).kind != I_DIR) return fail(ENOTDIR);
    if (c == '..') {
      const cut = out.lastIndexOf('/');
      out = cut <= 0 ? '' : out.substring(0, cut);
      continue;
    }
    out = out + '/' + c;
  }
  return out.length == 0 ? '/' : out;
}

function fail(err: i32): string {
  lookupErr = err;
  return '';
}

/** The inode of a FIFO by number (for reports), or null. */
export function fifoInode(ino: i32): Inode | null {
  return inodes.has(ino) ? inodes.get(ino) : null;
}

export function lookup(abs: string): Inode | null {
  return names.has(abs) ? names.get(abs) : null;
}

export function parentOf(abs: string): Inode | null {
  const cut = abs.lastIndexOf('/');
  return lookup(cut <= 0 ? '/' : abs.substring(0, cut));
}

export function link(abs: string, inode: Inode): void {
  names.set(abs, inode);
  if (inode.path.length == 0) inode.path = abs;
  if (inode.kind == I_FIFO) inodes.set(inode.ino, inode);
}

export function unlinkName(abs: string): void {
  const inode = names.get(abs);
  names.delete(abs);
  inode.nlink--;
  if (inode.kind == I_FIFO && inode.pipe === null) inodes.delete(inode.ino);
  if (inode.kind == I_REG) inodeMaybeFree(inode);
}

/** generic_permission: `want` is a mask of 4 (read), 2 (write), 1 (execute). 0 or -EACCES. */
export function permission(p: Proc, inode: Inode, want: i32): i32 {
  if (p.capable(CAP_DAC_OVERRIDE)) {
    // Execute needs some x bit unless it is a directory (fs/namei.c).
    if ((want & 1) == 0 || inode.kind == I_DIR || (inode.mode & 0o111) != 0) return 0;
  }
  let bits: i32;
  if (p.euid == inode.uid) bits = inode.mode >> 6;
  else if (p.egid == inode.gid) bits = inode.mode >> 3;
  else bits = inode.mode;
  return (bits & want) == want ? 0 : -EACCES;
}

/** May p remove or rename an entry of `dir` that points at `inode`? (sticky directories) */
export function mayDelete(p: Proc, dir: Inode, inode: Inode): i32 {
  const err = permission(p, dir, 3);
  if (err != 0) return err;
  if ((dir.mode & 0o1000) != 0 && p.euid != inode.uid && p.euid != dir.uid && !p.capable(CAP_FOWNER)) {
    return -1; // EPERM
  }
  return 0;
}
