// The typed face of the wasm kernel's exports (assembly/index.ts) and the numbers both sides
// share. Only src/sim touches these.

export const BLOCKED = -100000;
export const DIED = -100001;
/** Handlers must run before the call returns (src/sim/signals.ts). */
export const HANDLER = -100002;

export interface KernelExports {
  memory: WebAssembly.Memory;
  kernel_init(seed: number): void;
  kernel_set_limit(id: number, value: number): number;
  kernel_check(): void;
  xfer_ptr(): number;
  xfer_size(): number;
  create_main(program: number, uid: number, gid: number): number;
  sched_next(): number;
  now_ns(): number;
  clock_ptr(): number;
  step_count(): number;
  wait_status(): number;
  console_written(): number;
  cwd_length(): number;

  sys_fork(pid: number, sysno: number, program: number): number;
  sys_exit(pid: number, sysno: number, code: number): number;
  sys_waitpid(pid: number, sysno: number, target: number, options: number): number;
  sys_getid(pid: number, sysno: number, which: number): number;
  sys_setuid(pid: number, sysno: number, uid: number): number;
  sys_setgid(pid: number, sysno: number, gid: number): number;
  sys_sleep(pid: number, sysno: number, ns: number): number;
  sys_time(pid: number, sysno: number): number;
  sys_pipe2(pid: number, sysno: number, flags: number): number;
  sys_read(pid: number, sysno: number, fd: number, count: number): number;
  sys_write(pid: number, sysno: number, fd: number, avail: number, total: number): number;
  sys_close(pid: number, sysno: number, fd: number): number;
  sys_dup(pid: number, sysno: number, fd: number): number;
  sys_dup2(pid: number, sysno: number, oldfd: number, newfd: number): number;
  sys_fcntl(pid: number, sysno: number, fd: number, cmd: number, arg: number): number;
  sys_ioctl(pid: number, sysno: number, fd: number, request: number): number;
  sys_lseek(pid: number, sysno: number, fd: number, offset: number, whence: number): number;
  sys_ftruncate(pid: number, sysno: number, fd: number, length: number): number;
  sys_open(pid: number, sysno: number, len: number, flags: number, mode: number): number;
  sys_mkfifo(pid: number, sysno: number, len: number, mode: number): number;
  sys_unlink(pid: number, sysno: number, len: number): number;
  sys_truncate(pid: number, sysno: number, len: number, length: number): number;

  proc_exists(pid: number): number;
  proc_state(pid: number): number;
  proc_ppid(pid: number): number;
  proc_progress(pid: number): number;
  proc_wait_kind(pid: number): number;
  proc_wait_obj(pid: number): number;
  proc_sysno(pid: number): number;
  proc_exit_status(pid: number): number;
  proc_fds(pid: number): number;
  pipes_snapshot(): number;
  pipe_totals(): void;
  fifo_path(ino: number): number;
  pipe_fifo_ino(id: number): number;
  sys_ftok(pid: number, sysno: number, len: number, proj: number): number;
}

/** Limit ids of kernel_set_limit, in the order of assembly/param.ts setLimit. */
export const LIMIT_IDS: Record<string, number> = {
  PIPE_BUF: 0, PIPE_DEF_BUFFERS: 1, PIPE_MAX_SIZE: 2, NOFILE: 3, NPROC: 4,
  MSGMAX: 5, MSGMNB: 6, MSGMNI: 7, SEMMSL: 8, SEMMNS: 9, SEMOPM: 10, SEMMNI: 11, SEMVMX: 12,
  SHMMAX: 13, SHMALL: 14, SHMMNI: 15, SHMMIN: 16, RLIMIT_SIGPENDING: 18,
};

/** Capability bit numbers, capabilities(7). */
export const CAPS: Record<string, number> = {
  CAP_CHOWN: 0, CAP_DAC_OVERRIDE: 1, CAP_DAC_READ_SEARCH: 2, CAP_FOWNER: 3, CAP_FSETID: 4,
  CAP_KILL: 5, CAP_SETGID: 6, CAP_SETUID: 7, CAP_SETPCAP: 8, CAP_LINUX_IMMUTABLE: 9,
  CAP_NET_BIND_SERVICE: 10, CAP_NET_BROADCAST: 11, CAP_NET_ADMIN: 12, CAP_NET_RAW: 13,
  CAP_IPC_LOCK: 14, CAP_IPC_OWNER: 15, CAP_SYS_MODULE: 16, CAP_SYS_RAWIO: 17, CAP_SYS_CHROOT: 18,
  CAP_SYS_PTRACE: 19, CAP_SYS_PACCT: 20, CAP_SYS_ADMIN: 21, CAP_SYS_BOOT: 22, CAP_SYS_NICE: 23,
  CAP_SYS_RESOURCE: 24, CAP_SYS_TIME: 25, CAP_SYS_TTY_CONFIG: 26, CAP_MKNOD: 27, CAP_LEASE: 28,
  CAP_AUDIT_WRITE: 29, CAP_AUDIT_CONTROL: 30, CAP_SETFCAP: 31, CAP_MAC_OVERRIDE: 32,
  CAP_MAC_ADMIN: 33, CAP_SYSLOG: 34, CAP_WAKE_ALARM: 35, CAP_BLOCK_SUSPEND: 36,
  CAP_AUDIT_READ: 37, CAP_PERFMON: 38, CAP_BPF: 39, CAP_CHECKPOINT_RESTORE: 40,
};

export const PROC_STATES = ['unused', 'runnable', 'sleeping', 'zombie', 'dead'] as const;

/** What a sleeper waits on (assembly/wait.ts W_*). */
export const WAIT_KINDS = ['', 'pipe read', 'pipe write', 'fifo open', 'child', 'timer',
  'msgsnd', 'msgrcv', 'semop', 'signal'] as const;

export const PANICS: Record<number, string> = {
  1: 'wait queue broken', 2: 'run queue broken', 3: 'pipe accounting broken',
  4: 'file reference count broken', 5: 'process table broken', 6: 'bytes lost',
  7: 'message queue broken', 8: 'semaphore set broken', 9: 'signal state broken',
  20: 'frame reference count broken', 21: 'address space broken',
};

/**
 * The host's system-call numbers, recorded by the kernel for reports. Each mechanism has its own
 * range: processes and files 1-39, System V messages 40-49, semaphores 50-59, memory 60-79,
 * signals 80-99, POSIX semaphores and queues 100-119.
 */
export const SYSNO: string[] = [];
[
  '', 'fork', 'exit', 'waitpid', 'getpid', 'getppid', 'getuid', 'getgid', 'geteuid', 'getegid',
  'setuid', 'setgid', 'sleep', 'time', 'kill', 'raise', 'sigaction', 'sigprocmask', 'sigpending',
  'pipe', 'read', 'write', 'close', 'dup', 'dup2', 'fcntl', 'ioctl', 'lseek', 'ftruncate', 'open',
  'mkfifo', 'unlink', 'truncate', 'clock_gettime',
].forEach((name, i) => (SYSNO[i] = name));
['msgget', 'msgsnd', 'msgrcv', 'msgctl', 'ftok'].forEach((name, i) => (SYSNO[40 + i] = name));
['semget', 'semop', 'semtimedop', 'semctl'].forEach((name, i) => (SYSNO[50 + i] = name));
['shmget', 'shmat', 'shmdt', 'shmctl', 'mmap', 'munmap', 'msync', 'shm_open', 'shm_unlink', 'mprotect']
  .forEach((name, i) => (SYSNO[60 + i] = name));
['sigsuspend', 'sigqueue', 'alarm', 'pause', 'sigreturn'].forEach((name, i) => (SYSNO[80 + i] = name));
export const SYSNO_OF: Record<string, number> = {};
SYSNO.forEach((name, i) => name && (SYSNO_OF[name] = i));
