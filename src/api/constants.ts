// Linux constants by name, with their x86_64 values. test/unit/constants.test.ts checks them
// against the C headers when a compiler is present.
import { ERRNO } from './errno.js';

export const SIGNALS = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7,
  SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
  SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21,
  SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
  SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
} as const;

export const constants = {
  ...ERRNO,
  EWOULDBLOCK: 11,
  ...SIGNALS,
  SIGRTMIN: 34, SIGRTMAX: 64, NSIG: 65,

  // open(2), fcntl(2)
  O_RDONLY: 0o0, O_WRONLY: 0o1, O_RDWR: 0o2, O_ACCMODE: 0o3, O_CREAT: 0o100, O_EXCL: 0o200,
  O_NOCTTY: 0o400, O_TRUNC: 0o1000, O_APPEND: 0o2000, O_NONBLOCK: 0o4000, O_NDELAY: 0o4000,
  O_DSYNC: 0o10000, O_ASYNC: 0o20000, O_DIRECT: 0o40000, O_LARGEFILE: 0o100000,
  O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000, O_NOATIME: 0o1000000, O_CLOEXEC: 0o2000000,
  O_SYNC: 0o4010000, O_PATH: 0o10000000, O_TMPFILE: 0o20200000,
  F_DUPFD: 0, F_GETFD: 1, F_SETFD: 2, F_GETFL: 3, F_SETFL: 4, F_GETLK: 5, F_SETLK: 6, F_SETLKW: 7,
  F_SETOWN: 8, F_GETOWN: 9, F_SETSIG: 10, F_GETSIG: 11, F_DUPFD_CLOEXEC: 1030,
  F_SETPIPE_SZ: 1031, F_GETPIPE_SZ: 1032, FD_CLOEXEC: 1,
  SEEK_SET: 0, SEEK_CUR: 1, SEEK_END: 2,
  FIONREAD: 0x541b, FIONBIO: 0x5421,
  S_IFMT: 0o170000, S_IFIFO: 0o10000, S_IFREG: 0o100000, S_IFDIR: 0o40000,
  S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100,
  S_IRWXG: 0o70, S_IRGRP: 0o40, S_IWGRP: 0o20, S_IXGRP: 0o10,
  S_IRWXO: 0o7, S_IROTH: 0o4, S_IWOTH: 0o2, S_IXOTH: 0o1,
  PIPE_BUF: 4096,

  // wait(2)
  WNOHANG: 1, WUNTRACED: 2, WCONTINUED: 8,

  // System V IPC: ipc(5), sysvipc(7)
  IPC_PRIVATE: 0, IPC_CREAT: 0o1000, IPC_EXCL: 0o2000, IPC_NOWAIT: 0o4000,
  IPC_RMID: 0, IPC_SET: 1, IPC_STAT: 2, IPC_INFO: 3,
  MSG_NOERROR: 0o10000, MSG_EXCEPT: 0o20000, MSG_COPY: 0o40000,
  MSG_STAT: 11, MSG_INFO: 12, MSG_STAT_ANY: 13,
  SEM_UNDO: 0x1000, GETPID: 11, GETVAL: 12, GETALL: 13, GETNCNT: 14, GETZCNT: 15, SETVAL: 16,
  SETALL: 17, SEM_STAT: 18, SEM_INFO: 19, SEM_STAT_ANY: 20,
  SHM_RDONLY: 0o10000, SHM_RND: 0o20000, SHM_REMAP: 0o40000, SHM_EXEC: 0o100000,
  SHM_HUGETLB: 0o4000, SHM_NORESERVE: 0o10000, SHM_DEST: 0o1000, SHM_LOCKED: 0o2000,
  SHM_LOCK: 11, SHM_UNLOCK: 12, SHM_STAT: 13, SHM_INFO: 14, SHM_STAT_ANY: 15,

  // mmap(2)
  PROT_NONE: 0, PROT_READ: 1, PROT_WRITE: 2, PROT_EXEC: 4,
  MAP_SHARED: 1, MAP_PRIVATE: 2, MAP_SHARED_VALIDATE: 3, MAP_FIXED: 0x10, MAP_ANONYMOUS: 0x20,
  MAP_ANON: 0x20, MAP_NORESERVE: 0x4000, MAP_POPULATE: 0x8000, MAP_FIXED_NOREPLACE: 0x100000,
  MS_ASYNC: 1, MS_INVALIDATE: 2, MS_SYNC: 4,

  // signal(7), sigaction(2)
  SIG_BLOCK: 0, SIG_UNBLOCK: 1, SIG_SETMASK: 2,
  SA_NOCLDSTOP: 0x1, SA_NOCLDWAIT: 0x2, SA_SIGINFO: 0x4, SA_ONSTACK: 0x08000000,
  SA_RESTART: 0x10000000, SA_NODEFER: 0x40000000, SA_RESETHAND: 0x80000000,
  SI_USER: 0, SI_KERNEL: 0x80, SI_QUEUE: -1, SI_TIMER: -2, SI_MESGQ: -3, SI_ASYNCIO: -4,
  SI_TKILL: -6,
  CLD_EXITED: 1, CLD_KILLED: 2, CLD_DUMPED: 3, CLD_TRAPPED: 4, CLD_STOPPED: 5, CLD_CONTINUED: 6,
  SIGEV_SIGNAL: 0, SIGEV_NONE: 1, SIGEV_THREAD: 2,

  // POSIX semaphores and queues
  SEM_VALUE_MAX: 2147483647, MQ_PRIO_MAX: 32768,

  // sockets
  AF_UNIX: 1, AF_LOCAL: 1, AF_INET: 2, SOCK_STREAM: 1, SOCK_DGRAM: 2, SOCK_SEQPACKET: 5,
  SOCK_NONBLOCK: 0o4000, SOCK_CLOEXEC: 0o2000000,
} as const;

export type ConstantName = keyof typeof constants;

/** Signal number for a name ('SIGPIPE') or number; undefined if it is neither. */
export function signalNumber(sig: string | number): number | undefined {
  if (typeof sig === 'number') return sig;
  if (sig in SIGNALS) return SIGNALS[sig as keyof typeof SIGNALS];
  // glibc's real-time range, 34-64, as signal(7) names it: SIGRTMIN+n, SIGRTMAX-n.
  const rt = /^SIGRT(MIN|MAX)(?:([+-])(\d+))?$/.exec(sig);
  if (!rt) return undefined;
  const n = rt[2] === undefined ? 0 : Number(rt[3]) * (rt[2] === '+' ? 1 : -1);
  return (rt[1] === 'MIN' ? 34 : 64) + n;
}

const SIGNAL_NAMES: Record<number, string> = {};
for (const [name, num] of Object.entries(SIGNALS)) {
  if (!(num in SIGNAL_NAMES)) SIGNAL_NAMES[num] = name;
}

export function signalName(signo: number): string {
  if (SIGNAL_NAMES[signo]) return SIGNAL_NAMES[signo];
  if (signo >= 34 && signo <= 64) return signo === 34 ? 'SIGRTMIN' : `SIGRTMIN+${signo - 34}`;
  return `SIG${signo}`;
}
