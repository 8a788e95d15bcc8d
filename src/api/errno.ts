// Linux errno names and numbers (x86_64, include/uapi/asm-generic/errno-base.h and errno.h).
// assembly/errno.ts holds the kernel's copy; test/unit/errno.test.ts checks that the two agree.

export const ERRNO = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9,
  ECHILD: 10, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, ENOTBLK: 15, EBUSY: 16, EEXIST: 17,
  EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24, ENOTTY: 25,
  ETXTBSY: 26, EFBIG: 27, ENOSPC: 28, ESPIPE: 29, EROFS: 30, EMLINK: 31, EPIPE: 32, EDOM: 33,
  ERANGE: 34, EDEADLK: 35, ENAMETOOLONG: 36, ENOLCK: 37, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40,
  ENOMSG: 42, EIDRM: 43, ENOSTR: 60, ENODATA: 61, ETIME: 62, EOVERFLOW: 75, EBADFD: 77,
  ENOTSOCK: 88, EDESTADDRREQ: 89, EMSGSIZE: 90, EPROTOTYPE: 91, ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93, EOPNOTSUPP: 95, EAFNOSUPPORT: 97, EADDRINUSE: 98, EADDRNOTAVAIL: 99,
  ENETUNREACH: 101, ECONNABORTED: 103, ECONNRESET: 104, ENOBUFS: 105, EISCONN: 106,
  ENOTCONN: 107, ETIMEDOUT: 110, ECONNREFUSED: 111, EALREADY: 114, EINPROGRESS: 115,
  EDQUOT: 122, ECANCELED: 125, EOWNERDEAD: 130,
} as const;

export type ErrnoName = keyof typeof ERRNO;

const NAMES: Record<number, ErrnoName> = {};
for (const [name, num] of Object.entries(ERRNO)) NAMES[num] = name as ErrnoName;

/** The errno name for a number (EWOULDBLOCK is EAGAIN on Linux). */
export function errnoName(errno: number): string {
  return NAMES[errno] ?? `E${errno}`;
}
