// Linux errno numbers (x86_64). The kernel returns -errno, as Linux does; src/api/errno.ts mirrors
// this table and test/unit/errno.test.ts checks that the two agree.
export const EPERM: i32 = 1;
export const ENOENT: i32 = 2;
export const ESRCH: i32 = 3;
export const EINTR: i32 = 4;
export const EIO: i32 = 5;
export const ENXIO: i32 = 6;
export const E2BIG: i32 = 7;
export const EBADF: i32 = 9;
export const ECHILD: i32 = 10;
export const EAGAIN: i32 = 11;
export const ENOMEM: i32 = 12;
export const EACCES: i32 = 13;
export const EFAULT: i32 = 14;
export const EBUSY: i32 = 16;
export const EEXIST: i32 = 17;
export const ENODEV: i32 = 19;
export const ENOTDIR: i32 = 20;
export const EISDIR: i32 = 21;
export const EINVAL: i32 = 22;
export const ENFILE: i32 = 23;
export const EMFILE: i32 = 24;
export const ENOTTY: i32 = 25;
export const EFBIG: i32 = 27;
export const ENOSPC: i32 = 28;
export const ESPIPE: i32 = 29;
export const EPIPE: i32 = 32;
export const ERANGE: i32 = 34;
export const ENAMETOOLONG: i32 = 36;
export const ENOSYS: i32 = 38;
export const ENOTEMPTY: i32 = 39;
export const ENOMSG: i32 = 42;
export const EIDRM: i32 = 43;
export const EOVERFLOW: i32 = 75;
export const EOPNOTSUPP: i32 = 95;
export const ETIMEDOUT: i32 = 110;

// Kernel-internal codes, never seen by a program (include/linux/errno.h).
export const ERESTARTSYS: i32 = 512; // interrupted: restart with SA_RESTART, else EINTR
export const ERESTARTNOINTR: i32 = 513; // interrupted: always restart (fork)
export const ERESTARTNOHAND: i32 = 514; // interrupted: EINTR after a handler, restart otherwise

// Statuses of the wasm ABI, outside every errno: see index.ts.
export const BLOCKED: i32 = -100000; // the caller sleeps; call again when it is scheduled
export const DIED: i32 = -100001; // the caller was killed by a signal on its way out
export const HANDLER: i32 = -100002; // handlers must run first: see signal.ts
