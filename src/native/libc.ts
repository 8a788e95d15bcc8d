// The libc functions the native backend calls, declared through koffi. This is the only file that
// touches koffi. libc is loaded on first use, so importing this module on a non-Linux host is
// harmless. A failing call returns -1; read errno with `errno()` at once, before any other call.
//
// Some prototypes are declared with fixed arguments although libc's are variadic (open's mode,
// ioctl's argument, prctl's): on x86_64 a variadic callee reads integer and pointer arguments from
// the same registers, so this is exact, and it spares koffi's slower variadic path. fcntl stays
// variadic, as its argument is an int for some commands and unused for others.
import { createRequire } from 'node:module';

type Koffi = typeof import('koffi');
type Ptr = Uint8Array | Int32Array | null;

export interface Libc {
  pipe2(fds: Int32Array, flags: number): number;
  read(fd: number, buf: Uint8Array, count: number): number;
  write(fd: number, buf: Uint8Array, count: number): number;
  close(fd: number): number;
  dup(fd: number): number;
  dup2(oldfd: number, newfd: number): number;
  dup3(oldfd: number, newfd: number, flags: number): number;
  fcntl(fd: number, cmd: number, arg: number): number;
  ioctlInt(fd: number, request: number, out: Int32Array): number;
  mkfifo(path: string, mode: number): number;
  open(path: string, flags: number, mode: number): number;
  lseek(fd: number, offset: number, whence: number): number;
  unlink(path: string): number;
  ftruncate(fd: number, length: number): number;
  truncate(path: string, length: number): number;
  getpid(): number; getppid(): number;
  getuid(): number; getgid(): number; geteuid(): number; getegid(): number;
  setuid(uid: number): number; setgid(gid: number): number;
  setresuid(r: number, e: number, s: number): number;
  setresgid(r: number, e: number, s: number): number;
  setgroups(size: number, list: Int32Array | null): number;
  umask(mask: number): number;
  kill(pid: number, sig: number): number;
  raise(sig: number): number;
  /** signal(sig, SIG_DFL): `handler` null is SIG_DFL. */
  signal(sig: number, handler: null): unknown;
  prctl(option: number, a2: number, a3: number, a4: number, a5: number): number;
  waitpid(pid: number, status: Int32Array, options: number): number;
  _exit(code: number): never;
  mmap(addr: null, length: number, prot: number, flags: number, fd: number, offset: number): unknown;
  // System V and POSIX IPC: creation is for later issues (and tests); the runner's cleanup uses
  // the *ctl IPC_STAT / IPC_RMID and *_unlink calls.
  msgget(key: number, flags: number): number;
  semget(key: number, nsems: number, flags: number): number;
  shmget(key: number, size: number, flags: number): number;
  msgctl(id: number, cmd: number, buf: Ptr): number;
  semctl(id: number, semnum: number, cmd: number, buf: Ptr): number;
  /** semctl with an int as the 4th argument (SETVAL's union semun.val). */
  semctlInt(id: number, semnum: number, cmd: number, val: number): number;
  semop(id: number, sops: Uint8Array, nsops: number): number;
  semtimedop(id: number, sops: Uint8Array, nsops: number, timeout: Uint8Array | null): number;
  shmctl(id: number, cmd: number, buf: Ptr): number;
  shm_unlink(name: string): number;
  mq_unlink(name: string): number;
  sem_unlink(name: string): number;
}

let koffiModule: Koffi | undefined;
let loaded: Libc | undefined;

/** The libc bindings (loaded once). Throws off Linux. */
export function libc(): Libc {
  if (loaded) return loaded;
  if (process.platform !== 'linux') {
    throw new Error(`the native backend needs Linux (this host is ${process.platform})`);
  }
  const require = createRequire(import.meta.url);
  const koffi = (koffiModule = require('koffi') as Koffi);
  const lib = koffi.load('libc.so.6');
  const f = (proto: string) => lib.func(proto);
  const fcntl = f('int fcntl(int fd, int cmd, ...)');
  const semctl = f('int semctl(int semid, int semnum, int cmd, ...)');
  loaded = {
    pipe2: f('int pipe2(_Out_ int *fds, int flags)'),
    read: f('intptr_t read(int fd, void *buf, size_t count)'),
    write: f('intptr_t write(int fd, const void *buf, size_t count)'),
    close: f('int close(int fd)'),
    dup: f('int dup(int fd)'),
    dup2: f('int dup2(int oldfd, int newfd)'),
    dup3: f('int dup3(int oldfd, int newfd, int flags)'),
    fcntl: (fd: number, cmd: number, arg: number) => fcntl(fd, cmd, 'int', arg),
    ioctlInt: f('int ioctl(int fd, unsigned long request, _Out_ int *out)'),
    mkfifo: f('int mkfifo(const char *path, uint32_t mode)'),
    open: f('int open(const char *path, int flags, uint32_t mode)'),
    lseek: f('int64_t lseek(int fd, int64_t offset, int whence)'),
    unlink: f('int unlink(const char *path)'),
    ftruncate: f('int ftruncate(int fd, int64_t length)'),
    truncate: f('int truncate(const char *path, int64_t length)'),
    getpid: f('int getpid()'), getppid: f('int getppid()'),
    getuid: f('uint32_t getuid()'), getgid: f('uint32_t getgid()'),
    geteuid: f('uint32_t geteuid()'), getegid: f('uint32_t getegid()'),
    setuid: f('int setuid(uint32_t uid)'), setgid: f('int setgid(uint32_t gid)'),
    setresuid: f('int setresuid(uint32_t r, uint32_t e, uint32_t s)'),
    setresgid: f('int setresgid(uint32_t r, uint32_t e, uint32_t s)'),
    setgroups: f('int setgroups(size_t size, const uint32_t *list)'),
    umask: f('uint32_t umask(uint32_t mask)'),
    kill: f('int kill(int pid, int sig)'),
    raise: f('int raise(int sig)'),
    signal: f('void *signal(int sig, void *handler)'),
    prctl: f('int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)'),
    waitpid: f('int waitpid(int pid, _Out_ int *status, int options)'),
    _exit: f('void _exit(int code)'),
    mmap: f('void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)'),
    msgget: f('int msgget(int key, int flags)'),
    semget: f('int semget(int key, int nsems, int flags)'),
    shmget: f('int shmget(int key, size_t size, int flags)'),
    msgctl: f('int msgctl(int id, int cmd, void *buf)'),
    semctl: (id: number, semnum: number, cmd: number, buf: Ptr) => semctl(id, semnum, cmd, 'void *', buf),
    semctlInt: (id: number, semnum: number, cmd: number, val: number) => semctl(id, semnum, cmd, 'int', val),
    semop: f('int semop(int id, void *sops, size_t nsops)'),
    semtimedop: f('int semtimedop(int id, void *sops, size_t nsops, const void *timeout)'),
    shmctl: f('int shmctl(int id, int cmd, void *buf)'),
    shm_unlink: f('int shm_unlink(const char *name)'),
    mq_unlink: f('int mq_unlink(const char *name)'),
    sem_unlink: f('int sem_unlink(const char *name)'),
  } as unknown as Libc;
  return loaded;
}

/** Maps `length` bytes of a file at `offset`, shared and writable; null if mmap fails. */
export function mapShared(fd: number, offset: number, length: number): Uint8Array | null {
  const ptr = libc().mmap(null, length, 3 /* PROT_READ|PROT_WRITE */, 1 /* MAP_SHARED */, fd, offset);
  if (ptr === null || koffiModule!.address(ptr) === 0xffff_ffff_ffff_ffffn) return null;   // MAP_FAILED
  return new Uint8Array(koffiModule!.view(ptr, length));
}

/** errno of the last failed libc call of this thread (read it right after the call). */
export function errno(): number {
  return koffiModule ? koffiModule.errno() : 0;
}

// Linux numbers used only here in src/native (the public ones live in src/api/constants.ts).
export const PR_SET_CHILD_SUBREAPER = 36;
