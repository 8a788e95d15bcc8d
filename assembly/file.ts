// Open file descriptions (struct file): what descriptors point to. Several descriptors, in one
// process or across fork, share one File, its offset and its status flags (fs/file_table.c).
import { Pipe, pipeRelease } from './pipe';
import { Inode, inodeClosed } from './fs';
import { kassert, P_FILE } from './panic';

export const FT_CONSOLE: i32 = 1; // the terminal: fds 0, 1 and 2 of the main process
export const FT_PIPE: i32 = 2; // an end of pipe()
export const FT_FIFO: i32 = 3; // a FIFO opened by path
export const FT_REG: i32 = 4; // a regular file
export const FT_DIR: i32 = 5; // a directory opened O_RDONLY

export const O_ACCMODE: i32 = 0o3;
export const O_RDONLY: i32 = 0o0;
export const O_WRONLY: i32 = 0o1;
export const O_RDWR: i32 = 0o2;
export const O_CREAT: i32 = 0o100;
export const O_EXCL: i32 = 0o200;
export const O_NOCTTY: i32 = 0o400;
export const O_TRUNC: i32 = 0o1000;
export const O_APPEND: i32 = 0o2000;
export const O_NONBLOCK: i32 = 0o4000;
export const O_DSYNC: i32 = 0o10000;
export const O_ASYNC: i32 = 0o20000;
export const O_DIRECT: i32 = 0o40000;
export const O_LARGEFILE: i32 = 0o100000;
export const O_DIRECTORY: i32 = 0o200000;
export const O_NOFOLLOW: i32 = 0o400000;
export const O_NOATIME: i32 = 0o1000000;
export const O_CLOEXEC: i32 = 0o2000000;
export const O_PATH: i32 = 0o10000000;

// fcntl F_SETFL may change only these (fs/fcntl.c SETFL_MASK).
export const SETFL_MASK: i32 = O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME;

let nextFileId: i32 = 1;

export class File {
  id: i32;
  kind: i32;
  flags: i32; // access mode and status flags, as F_GETFL shows them
  refs: i32 = 0; // descriptors pointing here
  pipe: Pipe | null = null;
  inode: Inode | null = null;
  pos: i64 = 0; // file offset (regular files)

  constructor(kind: i32, flags: i32) {
    this.id = nextFileId++;
    this.kind = kind;
    this.flags = flags;
  }

  get readable(): bool {
    const acc = this.flags & O_ACCMODE;
    return acc == O_RDONLY || acc == O_RDWR;
  }

  get writable(): bool {
    const acc = this.flags & O_ACCMODE;
    return acc == O_WRONLY || acc == O_RDWR;
  }

  get nonblock(): bool {
    return (this.flags & O_NONBLOCK) != 0;
  }
}

export function fileGet(f: File): void {
  f.refs++;
}

/** Drops a reference; the last one releases what the file holds (pipe_release). */
export function filePut(f: File): void {
  kassert(f.refs > 0, P_FILE, f.id);
  f.refs--;
  if (f.refs > 0) return;
  const pipe = f.pipe;
  if (pipe !== null) pipeRelease(pipe, f.readable, f.writable);
  if (f.kind == FT_REG) inodeClosed(f.inode!);
}
