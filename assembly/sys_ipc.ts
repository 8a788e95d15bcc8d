// System calls shared by all System V IPC: ftok (ipc/util.c has no syscall for it; glibc
// computes it from stat(2), and so does this).
import { enter, leave, pathArg, xfer } from './syscall';
import { normalise, lookup, lookupErr, DEV } from './fs';
import { ENOENT } from './errno';

/** ftok(3), the key in xfer:: ((proj & 0xff) << 24) | ((st_dev & 0xff) << 16) | (st_ino & 0xffff). */
export function sys_ftok(pid: i32, sysno: i32, len: i32, proj: i32): i32 {
  const p = enter(pid, sysno);
  const abs = normalise(pathArg(len));
  if (abs.length == 0) return leave(p, -lookupErr);
  const ino = lookup(abs);
  if (ino === null) return leave(p, -ENOENT);
  const key = ((proj & 0xff) << 24) | ((DEV & 0xff) << 16) | (ino!.ino & 0xffff);
  // A key may be negative as an int, so it goes back through the transfer buffer.
  store<i32>(xfer, key);
  return leave(p, 0);
}
