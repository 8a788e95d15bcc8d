// The part of Sys both backends share: JavaScript type checks (a wrong type is a TypeError naming
// the argument, before any system call is made) and the shape of each call as it is traced.
// A backend implements `call(name, args)`: it performs the call, records the trace event, and
// resolves to the result or rejects with SysError.
import { checkData, checkInt, checkString } from './errors.js';
import { signalNumber } from './constants.js';
import type {
  Long, Mapping, MqAttr, MsqidSet, Sem, Sembuf, ShmidDs, SigHandler, Signal, Sys, WaitStatus,
} from './types.js';

const encoder = new TextEncoder();

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

function checkLong(value: unknown, name: string, syscall: string): Long {
  if (typeof value === 'bigint') return value;
  return checkInt(value, name, syscall);
}

function checkSignal(value: unknown, name: string, syscall: string): number {
  if (typeof value === 'number') return checkInt(value, name, syscall);
  if (typeof value !== 'string') {
    throw new TypeError(`${syscall}: argument '${name}' must be a signal name or number`);
  }
  const n = signalNumber(value);
  // An unknown name has no number; the kernel answers EINVAL for it, as for signal 65.
  return n ?? 65;
}

function checkSops(value: unknown, syscall: string): Sembuf[] {
  if (!Array.isArray(value)) throw new TypeError(`${syscall}: argument 'sops' must be an array`);
  for (let i = 0; i < value.length; i++) {
    const op = value[i];
    // The common case is checked without building the argument names (semop is a hot call).
    if (op !== null && typeof op === 'object' && Number.isInteger(op.sem_num) && Number.isInteger(op.sem_op)
      && (op.sem_flg === undefined || Number.isInteger(op.sem_flg))) continue;
    if (op === null || typeof op !== 'object') {
      throw new TypeError(`${syscall}: argument 'sops[${i}]' must be an object`);
    }
    checkInt(op.sem_num, `sops[${i}].sem_num`, syscall);
    checkInt(op.sem_op, `sops[${i}].sem_op`, syscall);
    checkInt(op.sem_flg, `sops[${i}].sem_flg`, syscall);
  }
  return value;
}

/** IPC_SET's buffer: the fields it uses must be integers (a whole MsqidDs from IPC_STAT is fine). */
function checkMsqidDs(buf: unknown): MsqidSet | undefined {
  if (buf === undefined || buf === null) return undefined;
  if (typeof buf !== 'object') throw new TypeError("msgctl: argument 'buf' must be an object");
  const b = buf as MsqidSet;
  if (b.msg_perm !== undefined) {
    if (b.msg_perm === null || typeof b.msg_perm !== 'object') {
      throw new TypeError("msgctl: argument 'buf.msg_perm' must be an object");
    }
    for (const f of ['uid', 'gid', 'mode'] as const) {
      if (b.msg_perm[f] !== undefined) checkInt(b.msg_perm[f], `buf.msg_perm.${f}`, 'msgctl');
    }
  }
  if (b.msg_qbytes !== undefined) checkInt(b.msg_qbytes, 'buf.msg_qbytes', 'msgctl');
  return b;
}

/** IPC_SET's buffer for shmctl: shm_perm's uid, gid and mode, where given, must be integers. */
function checkShmidDs(buf: unknown): Partial<ShmidDs> | undefined {
  if (buf === undefined || buf === null) return undefined;
  if (typeof buf !== 'object') throw new TypeError("shmctl: argument 'buf' must be an object");
  const perm = (buf as Partial<ShmidDs>).shm_perm;
  if (perm !== undefined) {
    if (perm === null || typeof perm !== 'object') throw new TypeError("shmctl: argument 'buf.shm_perm' must be an object");
    for (const f of ['uid', 'gid', 'mode'] as const) {
      if (perm[f] !== undefined) checkInt(perm[f], `buf.shm_perm.${f}`, 'shmctl');
    }
  }
  return buf as Partial<ShmidDs>;
}

function checkSem(value: unknown, syscall: string): Sem {
  if (value === null || typeof value !== 'object' || typeof (value as Sem).id !== 'number') {
    throw new TypeError(`${syscall}: argument 'sem' must be a Sem from sem_open or sem_init`);
  }
  return value as Sem;
}

function checkTarget(value: unknown, name: string, syscall: string): number {
  if (typeof value === 'number') return checkInt(value, name, syscall);
  if (value !== null && typeof value === 'object' && typeof (value as Mapping).addr === 'number') {
    return (value as Mapping).addr;
  }
  throw new TypeError(`${syscall}: argument '${name}' must be a Mapping or an address`);
}

export abstract class SysBase implements Sys {
  abstract readonly pid: number;
  protected abstract call(name: string, args: unknown[]): Promise<any>;
  abstract mappingAt(addr: number): Mapping;

  getpid(): Promise<number> { return this.call('getpid', []); }
  getppid(): Promise<number> { return this.call('getppid', []); }
  getuid(): Promise<number> { return this.call('getuid', []); }
  getgid(): Promise<number> { return this.call('getgid', []); }
  geteuid(): Promise<number> { return this.call('geteuid', []); }
  getegid(): Promise<number> { return this.call('getegid', []); }
  setuid(uid: number): Promise<void> { return this.call('setuid', [checkInt(uid, 'uid', 'setuid')]); }
  setgid(gid: number): Promise<void> { return this.call('setgid', [checkInt(gid, 'gid', 'setgid')]); }

  fork(program: string, args?: unknown): Promise<number> {
    checkString(program, 'program', 'fork');
    // Args cross a process boundary natively, so they must survive JSON in both backends.
    const json = args === undefined ? undefined : JSON.parse(JSON.stringify(args));
    return this.call('fork', [program, json]);
  }
  waitpid(pid = -1, options = 0): Promise<WaitStatus> {
    return this.call('waitpid', [checkInt(pid, 'pid', 'waitpid'), checkInt(options, 'options', 'waitpid')]);
  }
  exit(code = 0): Promise<never> { return this.call('exit', [checkInt(code, 'code', 'exit')]) as Promise<never>; }
  sleep(ms: number): Promise<void> {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new TypeError(`sleep: argument 'ms' must be a non-negative number, got ${String(ms)}`);
    }
    return this.call('sleep', [ms]);
  }
  time(): Promise<number> { return this.call('time', []); }
  clock_gettime(): Promise<number> { return this.call('clock_gettime', []); }
  async print(...values: unknown[]): Promise<void> {
    const line = values.map((x) => (typeof x === 'string' ? x : formatValue(x))).join(' ') + '\n';
    try {
      await this.call('write', [1, line]);
    } catch (err) {
      // Like printf, print reports nothing when fd 1 is gone; a SIGPIPE still ends the process.
      if (!(err instanceof Error && err.name === 'SysError')) throw err;
    }
  }

  pipe(flags = 0): Promise<[number, number]> { return this.call('pipe', [checkInt(flags, 'flags', 'pipe')]); }
  read(fd: number, count: number): Promise<Uint8Array> {
    return this.call('read', [checkInt(fd, 'fd', 'read'), checkInt(count, 'count', 'read')]);
  }
  write(fd: number, data: Uint8Array | string): Promise<number> {
    return this.call('write', [checkInt(fd, 'fd', 'write'), checkData(data, 'data', 'write')]);
  }
  close(fd: number): Promise<void> { return this.call('close', [checkInt(fd, 'fd', 'close')]); }
  dup(fd: number): Promise<number> { return this.call('dup', [checkInt(fd, 'fd', 'dup')]); }
  dup2(oldfd: number, newfd: number): Promise<number> {
    return this.call('dup2', [checkInt(oldfd, 'oldfd', 'dup2'), checkInt(newfd, 'newfd', 'dup2')]);
  }
  fcntl(fd: number, cmd: number, arg = 0): Promise<number> {
    return this.call('fcntl', [checkInt(fd, 'fd', 'fcntl'), checkInt(cmd, 'cmd', 'fcntl'), checkInt(arg, 'arg', 'fcntl')]);
  }
  ioctl(fd: number, request: number): Promise<number> {
    return this.call('ioctl', [checkInt(fd, 'fd', 'ioctl'), checkInt(request, 'request', 'ioctl')]);
  }
  mkfifo(path: string, mode: number): Promise<void> {
    return this.call('mkfifo', [checkString(path, 'path', 'mkfifo'), checkInt(mode, 'mode', 'mkfifo')]);
  }
  open(path: string, flags: number, mode = 0): Promise<number> {
    return this.call('open', [checkString(path, 'path', 'open'), checkInt(flags, 'flags', 'open'), checkInt(mode, 'mode', 'open')]);
  }
  lseek(fd: number, offset: number, whence: number): Promise<number> {
    return this.call('lseek', [checkInt(fd, 'fd', 'lseek'), checkInt(offset, 'offset', 'lseek'), checkInt(whence, 'whence', 'lseek')]);
  }
  unlink(path: string): Promise<void> { return this.call('unlink', [checkString(path, 'path', 'unlink')]); }
  ftruncate(fd: number, length: number): Promise<void> {
    return this.call('ftruncate', [checkInt(fd, 'fd', 'ftruncate'), checkInt(length, 'length', 'ftruncate')]);
  }
  truncate(path: string, length: number): Promise<void> {
    return this.call('truncate', [checkString(path, 'path', 'truncate'), checkInt(length, 'length', 'truncate')]);
  }

  ftok(path: string, projId: number): Promise<number> {
    return this.call('ftok', [checkString(path, 'path', 'ftok'), checkInt(projId, 'projId', 'ftok')]);
  }
  msgget(key: number, msgflg: number): Promise<number> {
    return this.call('msgget', [checkInt(key, 'key', 'msgget'), checkInt(msgflg, 'msgflg', 'msgget')]);
  }
  msgsnd(msqid: number, mtype: Long, data: Uint8Array | string, msgflg = 0): Promise<void> {
    return this.call('msgsnd', [checkInt(msqid, 'msqid', 'msgsnd'), checkLong(mtype, 'mtype', 'msgsnd'),
      checkData(data, 'data', 'msgsnd'), checkInt(msgflg, 'msgflg', 'msgsnd')]);
  }
  msgrcv(msqid: number, msgsz: number, msgtyp: Long, msgflg = 0): Promise<{ mtype: number; data: Uint8Array }> {
    return this.call('msgrcv', [checkInt(msqid, 'msqid', 'msgrcv'), checkInt(msgsz, 'msgsz', 'msgrcv'),
      checkLong(msgtyp, 'msgtyp', 'msgrcv'), checkInt(msgflg, 'msgflg', 'msgrcv')]);
  }
  msgctl(msqid: number, cmd: number, buf?: MsqidSet): Promise<any> {
    return this.call('msgctl', [checkInt(msqid, 'msqid', 'msgctl'), checkInt(cmd, 'cmd', 'msgctl'), checkMsqidDs(buf)]);
  }
  semget(key: number, nsems: number, semflg: number): Promise<number> {
    return this.call('semget', [checkInt(key, 'key', 'semget'), checkInt(nsems, 'nsems', 'semget'), checkInt(semflg, 'semflg', 'semget')]);
  }
  semop(semid: number, sops: Sembuf[]): Promise<void> {
    return this.call('semop', [checkInt(semid, 'semid', 'semop'), checkSops(sops, 'semop')]);
  }
  semtimedop(semid: number, sops: Sembuf[], timeoutMs: number | null): Promise<void> {
    if (timeoutMs !== null && typeof timeoutMs !== 'number') {
      throw new TypeError("semtimedop: argument 'timeoutMs' must be a number or null");
    }
    return this.call('semtimedop', [checkInt(semid, 'semid', 'semtimedop'), checkSops(sops, 'semtimedop'), timeoutMs]);
  }
  semctl(semid: number, semnum: number, cmd: number, arg?: any): Promise<any> {
    return this.call('semctl', [checkInt(semid, 'semid', 'semctl'), checkInt(semnum, 'semnum', 'semctl'), checkInt(cmd, 'cmd', 'semctl'), arg]);
  }
  shmget(key: number, size: number, shmflg: number): Promise<number> {
    return this.call('shmget', [checkInt(key, 'key', 'shmget'), checkInt(size, 'size', 'shmget'), checkInt(shmflg, 'shmflg', 'shmget')]);
  }
  shmat(shmid: number, shmaddr: number | null = null, shmflg = 0): Promise<Mapping> {
    if (shmaddr !== null) checkInt(shmaddr, 'shmaddr', 'shmat');
    return this.call('shmat', [checkInt(shmid, 'shmid', 'shmat'), shmaddr, checkInt(shmflg, 'shmflg', 'shmat')]);
  }
  shmdt(target: Mapping | number): Promise<void> { return this.call('shmdt', [checkTarget(target, 'target', 'shmdt')]); }
  shmctl(shmid: number, cmd: number, buf?: Partial<ShmidDs>): Promise<any> {
    return this.call('shmctl', [checkInt(shmid, 'shmid', 'shmctl'), checkInt(cmd, 'cmd', 'shmctl'), checkShmidDs(buf)]);
  }

  mmap(length: number, prot: number, flags: number, fd = -1, offset = 0, addr: number | null = null): Promise<Mapping> {
    if (addr !== null) checkInt(addr, 'addr', 'mmap');
    return this.call('mmap', [checkInt(length, 'length', 'mmap'), checkInt(prot, 'prot', 'mmap'),
      checkInt(flags, 'flags', 'mmap'), checkInt(fd, 'fd', 'mmap'), checkInt(offset, 'offset', 'mmap'), addr]);
  }
  munmap(target: Mapping | number, length?: number): Promise<void> {
    const addr = checkTarget(target, 'target', 'munmap');
    const len = length ?? (typeof target === 'object' ? target.length : undefined);
    if (len === undefined) throw new TypeError("munmap: argument 'length' is required with an address");
    return this.call('munmap', [addr, checkInt(len, 'length', 'munmap')]);
  }
  msync(mapping: Mapping | number, flags: number, length?: number): Promise<void> {
    const addr = checkTarget(mapping, 'mapping', 'msync');
    const len = length ?? (typeof mapping === 'object' ? mapping.length : undefined);
    if (len === undefined) throw new TypeError("msync: argument 'length' is required with an address");
    return this.call('msync', [addr, checkInt(flags, 'flags', 'msync'), checkInt(len, 'length', 'msync')]);
  }
  mprotect(target: Mapping | number, prot: number, length?: number): Promise<void> {
    const addr = checkTarget(target, 'target', 'mprotect');
    const len = length ?? (typeof target === 'object' ? target.length : undefined);
    if (len === undefined) throw new TypeError("mprotect: argument 'length' is required with an address");
    return this.call('mprotect', [addr, checkInt(len, 'length', 'mprotect'), checkInt(prot, 'prot', 'mprotect')]);
  }
  shm_open(name: string, oflag: number, mode: number): Promise<number> {
    return this.call('shm_open', [checkString(name, 'name', 'shm_open'), checkInt(oflag, 'oflag', 'shm_open'), checkInt(mode, 'mode', 'shm_open')]);
  }
  shm_unlink(name: string): Promise<void> { return this.call('shm_unlink', [checkString(name, 'name', 'shm_unlink')]); }

  kill(pid: number, sig: Signal): Promise<void> {
    return this.call('kill', [checkInt(pid, 'pid', 'kill'), checkSignal(sig, 'sig', 'kill')]);
  }
  raise(sig: Signal): Promise<void> { return this.call('raise', [checkSignal(sig, 'sig', 'raise')]); }
  sigaction(sig: Signal, handler: SigHandler, opts?: { flags?: number; mask?: string[] }): Promise<void> {
    if (typeof handler !== 'function' && handler !== 'SIG_DFL' && handler !== 'SIG_IGN') {
      throw new TypeError("sigaction: argument 'handler' must be a function, 'SIG_DFL' or 'SIG_IGN'");
    }
    if (opts !== undefined && (opts === null || typeof opts !== 'object')) {
      throw new TypeError("sigaction: argument 'opts' must be an object");
    }
    if (opts?.flags !== undefined) checkInt(opts.flags, 'opts.flags', 'sigaction');
    if (opts?.mask !== undefined && !Array.isArray(opts.mask)) {
      throw new TypeError("sigaction: argument 'opts.mask' must be an array of signal names");
    }
    return this.call('sigaction', [checkSignal(sig, 'sig', 'sigaction'), handler, opts ?? {}]);
  }
  sigprocmask(how: number, set: string[]): Promise<string[]> {
    return this.call('sigprocmask', [checkInt(how, 'how', 'sigprocmask'), set]);
  }
  sigpending(): Promise<string[]> { return this.call('sigpending', []); }
  sigsuspend(mask: string[]): Promise<void> { return this.call('sigsuspend', [mask]); }
  sigqueue(pid: number, sig: Signal, value: number): Promise<void> {
    return this.call('sigqueue', [checkInt(pid, 'pid', 'sigqueue'), checkSignal(sig, 'sig', 'sigqueue'), checkInt(value, 'value', 'sigqueue')]);
  }
  alarm(seconds: number): Promise<number> { return this.call('alarm', [checkInt(seconds, 'seconds', 'alarm')]); }
  pause(): Promise<void> { return this.call('pause', []); }

  // POSIX semaphores and queues: not yet on either backend (ENOSYS), but typed and checked.
  sem_open(name: string, oflag: number, mode = 0, value = 0): Promise<Sem> {
    return this.call('sem_open', [checkString(name, 'name', 'sem_open'), checkInt(oflag, 'oflag', 'sem_open'),
      checkInt(mode, 'mode', 'sem_open'), checkInt(value, 'value', 'sem_open')]);
  }
  sem_init(mapping: Mapping, offset: number, pshared: number, value: number): Promise<Sem> {
    return this.call('sem_init', [checkTarget(mapping, 'mapping', 'sem_init'), checkInt(offset, 'offset', 'sem_init'),
      checkInt(pshared, 'pshared', 'sem_init'), checkInt(value, 'value', 'sem_init')]);
  }
  sem_wait(sem: Sem): Promise<void> { return this.call('sem_wait', [checkSem(sem, 'sem_wait')]); }
  sem_trywait(sem: Sem): Promise<void> { return this.call('sem_trywait', [checkSem(sem, 'sem_trywait')]); }
  sem_timedwait(sem: Sem, timeoutMs: number): Promise<void> {
    return this.call('sem_timedwait', [checkSem(sem, 'sem_timedwait'), checkInt(timeoutMs, 'timeoutMs', 'sem_timedwait')]);
  }
  sem_post(sem: Sem): Promise<void> { return this.call('sem_post', [checkSem(sem, 'sem_post')]); }
  sem_getvalue(sem: Sem): Promise<number> { return this.call('sem_getvalue', [checkSem(sem, 'sem_getvalue')]); }
  sem_close(sem: Sem): Promise<void> { return this.call('sem_close', [checkSem(sem, 'sem_close')]); }
  sem_destroy(sem: Sem): Promise<void> { return this.call('sem_destroy', [checkSem(sem, 'sem_destroy')]); }
  sem_unlink(name: string): Promise<void> { return this.call('sem_unlink', [checkString(name, 'name', 'sem_unlink')]); }
  mq_open(name: string, oflag: number, mode = 0, attr?: Partial<MqAttr>): Promise<number> {
    return this.call('mq_open', [checkString(name, 'name', 'mq_open'), checkInt(oflag, 'oflag', 'mq_open'),
      checkInt(mode, 'mode', 'mq_open'), attr]);
  }
  mq_send(mqd: number, data: Uint8Array | string, prio: number): Promise<void> {
    return this.call('mq_send', [checkInt(mqd, 'mqd', 'mq_send'), checkData(data, 'data', 'mq_send'), checkInt(prio, 'prio', 'mq_send')]);
  }
  mq_receive(mqd: number, size: number): Promise<{ data: Uint8Array; prio: number }> {
    return this.call('mq_receive', [checkInt(mqd, 'mqd', 'mq_receive'), checkInt(size, 'size', 'mq_receive')]);
  }
  mq_timedsend(mqd: number, data: Uint8Array | string, prio: number, timeoutMs: number): Promise<void> {
    return this.call('mq_timedsend', [checkInt(mqd, 'mqd', 'mq_timedsend'), checkData(data, 'data', 'mq_timedsend'),
      checkInt(prio, 'prio', 'mq_timedsend'), checkInt(timeoutMs, 'timeoutMs', 'mq_timedsend')]);
  }
  mq_timedreceive(mqd: number, size: number, timeoutMs: number): Promise<{ data: Uint8Array; prio: number }> {
    return this.call('mq_timedreceive', [checkInt(mqd, 'mqd', 'mq_timedreceive'), checkInt(size, 'size', 'mq_timedreceive'),
      checkInt(timeoutMs, 'timeoutMs', 'mq_timedreceive')]);
  }
  mq_getattr(mqd: number): Promise<MqAttr> { return this.call('mq_getattr', [checkInt(mqd, 'mqd', 'mq_getattr')]); }
  mq_setattr(mqd: number, attr: Partial<MqAttr>): Promise<MqAttr> {
    return this.call('mq_setattr', [checkInt(mqd, 'mqd', 'mq_setattr'), attr]);
  }
  mq_notify(mqd: number, sevp: { sigev_notify: number; sigev_signo?: number; sigev_value?: number } | null): Promise<void> {
    return this.call('mq_notify', [checkInt(mqd, 'mqd', 'mq_notify'), sevp]);
  }
  mq_close(mqd: number): Promise<void> { return this.call('mq_close', [checkInt(mqd, 'mqd', 'mq_close')]); }
  mq_unlink(name: string): Promise<void> { return this.call('mq_unlink', [checkString(name, 'name', 'mq_unlink')]); }
}

function formatValue(x: unknown): string {
  if (x instanceof Uint8Array) return new TextDecoder().decode(x);
  if (typeof x === 'object' && x !== null) {
    try {
      return JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    } catch {
      return String(x);
    }
  }
  return String(x);
}
