// What each traced argument and result is, so traces from two backends can be normalised:
// pids, fds, IPC ids, keys, paths and addresses are renamed in order of first appearance.

// 'args' is a program's JSON args, which may hold fds or pids of either kernel: not compared.
export type Kind = 'pid' | 'fd' | 'id' | 'key' | 'path' | 'addr' | 'time' | 'value' | 'args';

export interface CallSchema {
  args?: Kind[];
  /** Kind of the result, or per element for arrays, or per field for objects. */
  result?: Kind | Kind[] | Record<string, Kind>;
}

const v: Kind = 'value';

export const SYSCALLS: Record<string, CallSchema> = {
  getpid: { result: 'pid' }, getppid: { result: 'pid' },
  getuid: {}, getgid: {}, geteuid: {}, getegid: {}, setuid: {}, setgid: {},
  fork: { args: [v, 'args'], result: 'pid' },
  waitpid: { args: ['pid', v], result: { pid: 'pid' } },
  exit: {}, sleep: {}, time: { result: 'time' }, clock_gettime: { result: 'time' },
  pipe: { args: [v], result: ['fd', 'fd'] },
  read: { args: ['fd', v] },
  write: { args: ['fd', v] },
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
  msgctl: { args: ['id', v, v] },
  semget: { args: ['key', v, v], result: 'id' },
  semop: { args: ['id', v] },
  semtimedop: { args: ['id', v, v] },
  semctl: { args: ['id', v, v, v] },
  shmget: { args: ['key', v, v], result: 'id' },
  shmat: { args: ['id', 'addr', v], result: 'addr' },
  shmdt: { args: ['addr'] },
  shmctl: { args: ['id', v, v] },
  mmap: { args: [v, v, v, 'fd', v], result: 'addr' },
  munmap: { args: ['addr', v] },
  msync: { args: ['addr', v] },
  shm_open: { args: ['path', v, v], result: 'fd' },
  shm_unlink: { args: ['path'] },
  kill: { args: ['pid', v] },
  sigqueue: { args: ['pid', v, v] },
};
