// The contract both backends implement (shared/API.md). Names are Linux's.
import type { KernelSnapshot } from './snapshot.js';

export type Backend = 'sim' | 'native';

/** A program: an async function of the system-call interface and its JSON args. */
export type Program = (sys: Sys, args: any) => Promise<number | void>;

export interface ScenarioSpec {
  name: string;
  description?: string;
  /** The program the main process runs (default 'main'). */
  main?: string;
  programs: Record<string, Program>;
  /** Outcome checked by the conformance harness on every backend (not by the runner). */
  expect?: Expectation;
}

export interface Scenario extends ScenarioSpec {
  readonly main: string;
  readonly __ipcsim: 'scenario';
}

/** What a conformance case asserts about a run. Each field is optional. */
export interface Expectation {
  /** Output of each process, by position in the fork tree: 'main', 'main.1', 'main.1.2'... */
  output?: Record<string, string | RegExp>;
  /** Exit of each process by the same names: { code } or { signal }. Default: every process { code: 0 }. */
  exit?: Record<string, { code: number } | { signal: string }>;
  deadlock?: boolean;
  /**
   * The case switches users (setuid/setgid to another uid): it runs as root (uid 0) on the
   * simulator, and natively only when started as root (otherwise it is reported as skipped).
   */
  needsRoot?: boolean;
}

/** Simulator limits, by their Linux names. */
export interface Limits {
  PIPE_BUF: number;          // atomic pipe write size, include/uapi/linux/limits.h
  PIPE_DEF_BUFFERS: number;  // slots of a new pipe (16 = 64 KiB)
  PIPE_MAX_SIZE: number;     // /proc/sys/fs/pipe-max-size
  NOFILE: number;            // RLIMIT_NOFILE soft limit per process
  NPROC: number;             // processes in the simulated system
  MSGMAX: number; MSGMNB: number; MSGMNI: number;
  SEMMSL: number; SEMMNS: number; SEMOPM: number; SEMMNI: number; SEMVMX: number;
  SHMMAX: number; SHMALL: number; SHMMNI: number; SHMMIN: number;
  RLIMIT_SIGPENDING: number; // signals queued per real uid
}

export interface RunOptions {
  backend: Backend;
  seed?: number;
  args?: unknown;
  timeoutMs?: number;
  limits?: Partial<Limits>;
  uid?: number;
  gid?: number;
  /** Capabilities of uid 0 in the simulator (default: all). Names as in capabilities(7). */
  capabilities?: string[];
  /** Called with each system call as it completes (natively: as the runner sees it, a few ms late). */
  onEvent?: (e: TraceEvent) => void;
  /** Native runs: the kernel's state as Linux shows it, at most every 100 ms and once at the end. */
  onSnapshot?: (s: KernelSnapshot) => void;
}

export type ExitStatus = { code: number } | { signal: string };

export interface ProcessRecord {
  pid: number;
  ppid: number;
  program: string;
  output: string;
  exit: ExitStatus;
}

export interface TraceEvent {
  seq: number;
  pid: number;
  syscall: string;
  args: unknown[];
  result?: unknown;
  error?: string;
  blocked?: boolean;
  /** Milliseconds since the start of the run: virtual in sim, wall clock natively. */
  t: number;
}

export interface BlockedProcess { pid: number; syscall: string; waitingOn: string }

export interface RunResult {
  backend: Backend;
  seed: number;
  processes: ProcessRecord[];
  trace: TraceEvent[];
  deadlock: null | { blocked: BlockedProcess[] };
  timedOut: boolean;
}

export interface WaitStatus { pid: number; code?: number; signal?: string }

export interface IpcPerm {
  __key: number; uid: number; gid: number; cuid: number; cgid: number; mode: number; __seq: number;
}

export interface MsqidDs {
  msg_perm: IpcPerm; msg_stime: number; msg_rtime: number; msg_ctime: number;
  msg_cbytes: number; msg_qnum: number; msg_qbytes: number; msg_lspid: number; msg_lrpid: number;
  /** MSG_STAT / MSG_STAT_ANY only: what the call returns, the queue's full id. */
  msqid?: number;
}

/** What IPC_SET takes: any of msg_perm.uid, .gid, .mode and msg_qbytes (the rest is kept). */
export type MsqidSet = Partial<Omit<MsqidDs, 'msg_perm'>> & { msg_perm?: Partial<IpcPerm> };

export interface MsgInfo {
  msgpool: number; msgmap: number; msgmax: number; msgmnb: number; msgmni: number;
  msgssz: number; msgtql: number; msgseg: number;
  /** What IPC_INFO / MSG_INFO return: the highest index in use (0 if none). */
  max_idx?: number;
}

export interface SemidDs {
  sem_perm: IpcPerm; sem_otime: number; sem_ctime: number; sem_nsems: number;
  /** SEM_STAT / SEM_STAT_ANY only: what the call returns, the set's full id. */
  semid?: number;
}

export interface SemInfo {
  semmap: number; semmni: number; semmns: number; semmnu: number; semmsl: number;
  semopm: number; semume: number; semusz: number; semvmx: number; semaem: number;
  /** What IPC_INFO / SEM_INFO return: the highest index in use (0 if none). */
  max_idx?: number;
}

export interface Sembuf { sem_num: number; sem_op: number; sem_flg?: number }

export interface ShmidDs {
  shm_perm: IpcPerm; shm_segsz: number; shm_atime: number; shm_dtime: number; shm_ctime: number;
  shm_cpid: number; shm_lpid: number; shm_nattch: number;
  /** SHM_STAT / SHM_STAT_ANY only: what the call returns, the segment's full id. */
  shmid?: number;
}

/** SHM_INFO's struct shm_info; max_idx is what the call returns (the highest index in use). */
export interface ShmInfo { used_ids: number; shm_tot: number; shm_rss: number; shm_swp: number;
  swap_attempts: number; swap_successes: number; max_idx?: number }
/** IPC_INFO's struct shminfo; max_idx as for ShmInfo. */
export interface ShmInfoLimits { shmmax: number; shmmin: number; shmmni: number; shmseg: number; shmall: number;
  max_idx?: number }

export interface Mapping {
  readonly addr: number;
  readonly length: number;
  read(offset: number, length: number): Uint8Array;
  write(offset: number, data: Uint8Array | string): void;
  readInt32(offset: number): number;
  writeInt32(offset: number, value: number): void;
}

/**
 * What a handler installed with SA_SIGINFO is told (without SA_SIGINFO it gets only the number).
 * si_value for SI_QUEUE (sigqueue); si_status for SIGCHLD (the exit code, or the signal).
 */
export interface SigInfo {
  si_signo: number; si_code: number; si_pid: number; si_uid: number; si_value?: number; si_status?: number;
}
export type SigHandler = ((signo: number, info: SigInfo) => void | Promise<void>) | 'SIG_DFL' | 'SIG_IGN';
export type Signal = string | number;

export interface Sem { readonly name?: string; readonly id: number }
export interface MqAttr { mq_flags: number; mq_maxmsg: number; mq_msgsize: number; mq_curmsgs: number }

export type Long = number | bigint;

/**
 * The system-call interface a program receives. Every method is a system call (a scheduling point
 * in the simulator) except `print`'s formatting and `mappingAt`. A failure rejects with SysError.
 */
export interface Sys {
  readonly pid: number;
  getpid(): Promise<number>;
  getppid(): Promise<number>;
  getuid(): Promise<number>;
  getgid(): Promise<number>;
  geteuid(): Promise<number>;
  getegid(): Promise<number>;
  setuid(uid: number): Promise<void>;
  setgid(gid: number): Promise<void>;
  fork(program: string, args?: unknown): Promise<number>;
  waitpid(pid?: number, options?: number): Promise<WaitStatus>;
  exit(code?: number): Promise<never>;
  sleep(ms: number): Promise<void>;
  /** Seconds since the epoch in the run's clock (time(2)). */
  time(): Promise<number>;
  /** Seconds, with nanoseconds as the fraction, of CLOCK_MONOTONIC (clock_gettime(2)). */
  clock_gettime(): Promise<number>;
  print(...values: unknown[]): Promise<void>;

  pipe(flags?: number): Promise<[number, number]>;
  read(fd: number, count: number): Promise<Uint8Array>;
  write(fd: number, data: Uint8Array | string): Promise<number>;
  close(fd: number): Promise<void>;
  dup(fd: number): Promise<number>;
  dup2(oldfd: number, newfd: number): Promise<number>;
  fcntl(fd: number, cmd: number, arg?: number): Promise<number>;
  ioctl(fd: number, request: number): Promise<number>;
  mkfifo(path: string, mode: number): Promise<void>;
  open(path: string, flags: number, mode?: number): Promise<number>;
  lseek(fd: number, offset: number, whence: number): Promise<number>;
  unlink(path: string): Promise<void>;
  ftruncate(fd: number, length: number): Promise<void>;
  truncate(path: string, length: number): Promise<void>;

  ftok(path: string, projId: number): Promise<number>;
  msgget(key: number, msgflg: number): Promise<number>;
  msgsnd(msqid: number, mtype: Long, data: Uint8Array | string, msgflg?: number): Promise<void>;
  msgrcv(msqid: number, msgsz: number, msgtyp: Long, msgflg?: number): Promise<{ mtype: number; data: Uint8Array }>;
  msgctl(msqid: number, cmd: number, buf?: MsqidSet): Promise<any>;
  semget(key: number, nsems: number, semflg: number): Promise<number>;
  semop(semid: number, sops: Sembuf[]): Promise<void>;
  semtimedop(semid: number, sops: Sembuf[], timeoutMs: number | null): Promise<void>;
  semctl(semid: number, semnum: number, cmd: number, arg?: any): Promise<any>;
  shmget(key: number, size: number, shmflg: number): Promise<number>;
  shmat(shmid: number, shmaddr?: number | null, shmflg?: number): Promise<Mapping>;
  shmdt(target: Mapping | number): Promise<void>;
  shmctl(shmid: number, cmd: number, buf?: Partial<ShmidDs>): Promise<any>;

  /** `addr`: a hint, or with MAP_FIXED / MAP_FIXED_NOREPLACE the address (default: the kernel picks). */
  mmap(length: number, prot: number, flags: number, fd?: number, offset?: number, addr?: number | null): Promise<Mapping>;
  munmap(target: Mapping | number, length?: number): Promise<void>;
  /** msync(addr, length, flags): `length` defaults to the mapping's length. */
  msync(mapping: Mapping | number, flags: number, length?: number): Promise<void>;
  /** mprotect(addr, length, prot): `length` defaults to the mapping's length. */
  mprotect(target: Mapping | number, prot: number, length?: number): Promise<void>;
  shm_open(name: string, oflag: number, mode: number): Promise<number>;
  shm_unlink(name: string): Promise<void>;
  mappingAt(addr: number): Mapping;

  kill(pid: number, sig: Signal): Promise<void>;
  raise(sig: Signal): Promise<void>;
  sigaction(sig: Signal, handler: SigHandler, opts?: { flags?: number; mask?: string[] }): Promise<void>;
  sigprocmask(how: number, set: string[]): Promise<string[]>;
  sigpending(): Promise<string[]>;
  sigsuspend(mask: string[]): Promise<void>;
  sigqueue(pid: number, sig: Signal, value: number): Promise<void>;
  alarm(seconds: number): Promise<number>;
  pause(): Promise<void>;

  sem_open(name: string, oflag: number, mode?: number, value?: number): Promise<Sem>;
  sem_init(mapping: Mapping, offset: number, pshared: number, value: number): Promise<Sem>;
  sem_wait(sem: Sem): Promise<void>;
  sem_trywait(sem: Sem): Promise<void>;
  sem_timedwait(sem: Sem, timeoutMs: number): Promise<void>;
  sem_post(sem: Sem): Promise<void>;
  sem_getvalue(sem: Sem): Promise<number>;
  sem_close(sem: Sem): Promise<void>;
  sem_destroy(sem: Sem): Promise<void>;
  sem_unlink(name: string): Promise<void>;
  mq_open(name: string, oflag: number, mode?: number, attr?: Partial<MqAttr>): Promise<number>;
  mq_send(mqd: number, data: Uint8Array | string, prio: number): Promise<void>;
  mq_receive(mqd: number, size: number): Promise<{ data: Uint8Array; prio: number }>;
  mq_timedsend(mqd: number, data: Uint8Array | string, prio: number, timeoutMs: number): Promise<void>;
  mq_timedreceive(mqd: number, size: number, timeoutMs: number): Promise<{ data: Uint8Array; prio: number }>;
  mq_getattr(mqd: number): Promise<MqAttr>;
  mq_setattr(mqd: number, attr: Partial<MqAttr>): Promise<MqAttr>;
  mq_notify(mqd: number, sevp: { sigev_notify: number; sigev_signo?: number; sigev_value?: number } | null): Promise<void>;
  mq_close(mqd: number): Promise<void>;
  mq_unlink(name: string): Promise<void>;
}
