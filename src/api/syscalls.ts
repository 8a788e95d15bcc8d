// What each traced argument and result is, so traces from two backends can be normalised:
// pids, fds, IPC ids, keys, paths and addresses are renamed in order of first appearance.

// 'args' is a program's JSON args, which may hold fds or pids of either kernel: not compared.
// 'count' is the bytes a write moved of its data (args[1]): all of them compare as 'all', so two
// kernels agree on a full write of data that holds their own pids (different widths).
export type Kind = 'pid' | 'fd' | 'id' | 'key' | 'path' | 'addr' | 'time' | 'value' | 'args' | 'count';

export interface CallSchema {
  args?: Kind[];
  /** Kind of the result, or per element for arrays, or per field for objects (nested too). */
  result?: Kind | Kind[] | Fields;
  /** For calls whose result depends on an argument (semctl's cmd): the result's kind, by args. */
  resultOf?(args: unknown[]): Kind | Kind[] | Fields | undefined;
}

/** Kinds of an object's fields; a nested object's fields have their own. */
export interface Fields { [field: string]: Kind | Fields }

// struct msqid_ds as msgctl returns it (IPC_STAT, MSG_STAT: which also gives the id).
const MSQID_DS: Fields = {
  msg_perm: { __key: 'key' }, msg_stime: 'time', msg_rtime: 'time', msg_ctime: 'time',
  msg_lspid: 'pid', msg_lrpid: 'pid', msqid: 'id',
};

// struct semid_ds as semctl returns it (IPC_STAT, SEM_STAT and SEM_STAT_ANY, which give the id).
const SEMID_DS: Fields = { sem_perm: { __key: 'key', __seq: 'id' }, sem_otime: 'time', sem_ctime: 'time', semid: 'id' };
const SEMCTL_GETPID = 11;
const SEMCTL_STATS = [2, 18, 20]; // IPC_STAT, SEM_STAT, SEM_STAT_ANY

const v: Kind = 'value';

export const SYSCALLS: Record<string, CallSchema> = {
  getpid: { result: 'pid' }, getppid: { result: 'pid' },
  getuid: {}, getgid: {}, geteuid: {}, getegid: {}, setuid: {}, setgid: {},
  fork: { args: [v, 'args'], result: 'pid' },
  waitpid: { args: ['pid', v], result: { pid: 'pid' } },
  exit: {}, sleep: {}, time: { result: 'time' }, clock_gettime: { result: 'time' },
  pipe: { args: [v], result: ['fd', 'fd'] },
  read: { args: ['fd', v] },
  write: { args: ['fd', v], result: 'count' },
  close: { args: ['fd'] },
  dup: { args: ['fd'], result: 'fd' },
  dup2: { args: ['fd', 'fd'], result: 'fd' },
  fcntl: { args: ['fd', v, v] },
  ioctl: { args: ['fd', v] },
  mkfifo: { args: ['path', v] },
  open: { args: ['path', v, v], result: 'fd' },
  lseek: { args: ['fd', v, v] },
  unlink: { args: ['path'] },
  ftruncate: { args: ['fd', v] },
  truncate: { args: ['path', v] },
  ftok: { args: ['path', v], result: 'key' },
  msgget: { args: ['key', v], result: 'id' },
  msgsnd: { args: ['id', v, v, v] },
  msgrcv: { args: ['id', v, v, v] },
  msgctl: { args: ['id', v, v], result: MSQID_DS },
  semget: { args: ['key', v, v], result: 'id' },
  semop: { args: ['id', v] },
  semtimedop: { args: ['id', v, v] },
  semctl: {
    args: ['id', v, v, v],
    resultOf: (args) => (args[2] === SEMCTL_GETPID ? 'pid' : SEMCTL_STATS.includes(args[2] as number) ? SEMID_DS : undefined),
  },
  shmget: { args: ['key', v, v], result: 'id' },
  shmat: { args: ['id', 'addr', v], result: 'addr' },
  shmdt: { args: ['addr'] },
  shmctl: {
    args: ['id', v, v],
    result: { shm_atime: 'time', shm_dtime: 'time', shm_ctime: 'time', shm_cpid: 'pid', shm_lpid: 'pid', shmid: 'id' },
  },
  mmap: { args: [v, v, v, 'fd', v, 'addr'], result: 'addr' },
  munmap: { args: ['addr', v] },
  msync: { args: ['addr', v, v] },
  mprotect: { args: ['addr', v, v] },
  shm_open: { args: ['path', v, v], result: 'fd' },
  shm_unlink: { args: ['path'] },
  kill: { args: ['pid', v] },
  sigqueue: { args: ['pid', v, v] },
};
