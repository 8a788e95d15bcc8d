// NativeSys: the Sys contract (src/api) on the real Linux kernel, for the one program that runs in
// this Node process. Every call goes straight to libc through koffi and is traced; a failure
// rejects with SysError(errno). Blocking calls (read on an empty pipe, open of a FIFO) block this
// process's only thread, as they would block a C process; waitpid and sleep wait on the event loop.
//
// fork cannot be fork(2) (forking a multi-threaded Node process through FFI hangs), so it spawns a
// fresh worker process that runs the named program. What a forked child inherits is rebuilt:
// - the fd table: every fd of this process is put at its own index of spawn's stdio array, so the
//   child sees the same numbers; FD_CLOEXEC, which spawn's dup2 clears, is set again by the child;
// - open-file status flags live in the shared open file description, so they carry over, except
//   that libuv clears O_NONBLOCK on fds 0-2 of the child: that clears it for us too (the file
//   description is shared), so they are set again here right after spawn returns;
// - fd 1 (2): a child gets a console (stderr) file of its own unless this process replaced its
//   fd 1 (2), e.g. with dup2 of a pipe, in which case the child inherits it as on Linux.
// Only the fds this process owns are visible to the program: Node's own (epoll, eventfd, ...) give
// EBADF, so that a program can neither see nor clobber them.
import * as signals from './signals.js';
import { callWithHandlers, handlersActive } from './handlers.js';
import * as msg from './msg.js';
import * as sem from './sem.js';
import * as mm from './mm.js';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { constants as C, signalName, signalNumber } from '../api/constants.js';
import { ERRNO } from '../api/errno.js';
import { SysError } from '../api/errors.js';
import { SysBase, toBytes } from '../api/sys-base.js';
import type { ExitStatus, Mapping, Scenario, WaitStatus } from '../api/types.js';
import type { ScenarioModule } from '../scenarios/load.js';
import { errno, libc } from './libc.js';
import {
  encodeTraceValue, metaPath, type CreatedKind, type CreatedRecord, type RecordSink,
} from './records.js';

/** What a worker process is told by whoever spawned it (JSON, in env IPCSIM_WORKER). */
export interface WorkerConfig {
  module: ScenarioModule;
  /** The program to run; the scenario's main when absent. */
  program?: string;
  args?: unknown;
  runDir: string;
  /** Epoch milliseconds (performance.timeOrigin + now) at which the run started. */
  start: number;
  /** Position in the fork tree: 'main', 'main.1', 'main.1.2', ... */
  index: string;
  /** The fds the process starts with; any other fd Node did not open itself is closed. */
  fds: number[];
  /** Those of `fds` that had FD_CLOEXEC in the parent. */
  cloexec: number[];
  /** fd 1 / fd 2 are this process's own console / stderr files (not inherited from the parent). */
  ownConsole: boolean;
  ownStderr: boolean;
  /** Credentials to switch to before the program starts (main process only). */
  uid?: number;
  gid?: number;
  /** The parent's mappings, rebuilt before the program starts (src/native/mm.ts). */
  mm?: mm.MmInherit;
  /** The parent's ignored signals and mask (src/native/signals.ts). */
  signals?: signals.SignalInherit;
}

export interface NativeContext {
  config: WorkerConfig;
  scenario: Scenario;
  /** dist/src/native/worker.js, spawned for fork. */
  workerPath: string;
  proc: RecordSink;
  trace: RecordSink;
  /** Ends the process (records the exit, then _exit). */
  exit(code: number): never;
}

const READ_MAX = 16 << 20;           // read() allocates at most this much per call
const scratch = new Uint8Array(1 << 16);
const WAIT_OPTIONS = C.WNOHANG | C.WUNTRACED | C.WCONTINUED;
const TIMER_MAX = 2 ** 31 - 1;       // setTimeout's limit

function fail(name: string, err = errno()): never {
  throw new SysError(err, name);
}

export class NativeSys extends SysBase {
  readonly pid = process.pid;
  private readonly fds: Set<number>;
  private readonly children = new Set<number>();         // forked, not yet waited for
  private readonly zombies: WaitStatus[] = [];           // exited, not yet waited for, in order
  private waiters: { match: (pid: number) => boolean; resolve: (s: WaitStatus) => void }[] = [];
  private forks = 0;
  private readonly consoleId: string | null;
  private readonly stderrId: string | null;

  constructor(private readonly ctx: NativeContext) {
    super();
    this.fds = new Set(ctx.config.fds);
    this.consoleId = ctx.config.ownConsole ? fileId(1) : null;
    this.stderrId = ctx.config.ownStderr ? fileId(2) : null;
  }

  mappingAt(addr: number): Mapping {
    if (typeof addr !== 'number' || !Number.isInteger(addr)) {
      throw new TypeError(`mappingAt: argument 'addr' must be an integer, got ${typeof addr}`);
    }
    return mm.mappingAt(addr);
  }

  /** Records a kernel object the run must remove at its end (used by later calls: msgget, ...). */
  noteCreated(kind: CreatedKind, what: Omit<CreatedRecord, 'k' | 'kind'>): void {
    this.ctx.proc.write({ k: 'created', kind, ...what });
  }

  protected call(name: string, args: unknown[]): Promise<any> {
    // With signal handlers installed, calls go through src/native/handlers.ts.
    if (handlersActive()) return callWithHandlers(name, args, this.hooks);
    let result: unknown;
    try {
      result = this.perform(name, args);
    } catch (err) {
      return Promise.reject(this.failed(name, args, err));
    }
    if (result instanceof Promise) {
      return result.then(
        (r) => { this.record(name, args, r); return r; },
        (err) => { throw this.failed(name, args, err); },
      );
    }
    this.record(name, args, result);
    return Promise.resolve(result);
  }

  private readonly hooks = {
    perform: (name: string, args: unknown[]) => this.perform(name, args),
    record: (name: string, args: unknown[], result: unknown) => this.record(name, args, result),
    failed: (name: string, args: unknown[], err: unknown) => this.failed(name, args, err),
  };

  private failed(name: string, args: unknown[], err: unknown): unknown {
    if (err instanceof SysError) this.record(name, args, undefined, err.code);
    return err;
  }

  private record(syscall: string, args: unknown[], result: unknown, error?: string): void {
    const t = performance.timeOrigin + performance.now() - this.ctx.config.start;
    // As on the simulator: `error` for a failure, `result` only when there is one (not for void).
    const ev = error !== undefined ? { pid: this.pid, syscall, args, error, t }
      : result === undefined ? { pid: this.pid, syscall, args, t }
        : { pid: this.pid, syscall, args, result, t };
    this.ctx.trace.write(encodeTraceValue(ev));
  }

  private fd(fd: number, name: string): number {
    if (!this.fds.has(fd)) fail(name, ERRNO.EBADF);
    return fd;
  }

  /** Performs one call: returns its result (or a promise of it), throws SysError on failure. */
  private perform(name: string, a: any[]): unknown {
    const lib = libc();
    switch (name) {
      case 'getpid': return lib.getpid();
      case 'getppid': return lib.getppid();
      case 'getuid': return lib.getuid();
      case 'getgid': return lib.getgid();
      case 'geteuid': return lib.geteuid();
      case 'getegid': return lib.getegid();
      case 'setuid': if (lib.setuid(a[0]) < 0) fail(name); return undefined;
      case 'setgid': if (lib.setgid(a[0]) < 0) fail(name); return undefined;
      case 'fork': return this.spawnChild(a[0], a[1]);
      case 'waitpid': return this.waitChild(a[0], a[1]);
      case 'exit':
        this.record(name, a, undefined);
        return this.ctx.exit(a[0]);
      case 'sleep': return signals.handling() ? signals.sleepInKernel(a[0]) : sleep(a[0]);
      case 'time': return Math.floor(Date.now() / 1000);
      // CLOCK_MONOTONIC, which is what libuv's hrtime reads: seconds, nanoseconds as the fraction.
      case 'clock_gettime': return Number(process.hrtime.bigint()) / 1e9;
      case 'pipe': {
        const fds = new Int32Array(2);
        if (lib.pipe2(fds, a[0]) < 0) fail(name);
        this.fds.add(fds[0]).add(fds[1]);
        return [fds[0], fds[1]];
      }
      case 'read': return this.readFd(this.fd(a[0], name), a[1]);
      case 'write': {
        const data = toBytes(a[1]);
        const n = lib.write(this.fd(a[0], name), data, data.length);
        return n < 0 ? fail(name) : n;
      }
      case 'close': {
        const r = lib.close(this.fd(a[0], name));
        this.fds.delete(a[0]);     // Linux frees the fd even when close reports an error
        return r < 0 ? fail(name) : undefined;
      }
      case 'dup': return this.track(lib.dup(this.fd(a[0], name)), name);
      case 'dup2': {
        this.fd(a[0], name);
        this.guardNodeFd(a[1], name);
        return this.track(lib.dup2(a[0], a[1]), name);
      }
      case 'fcntl': {
        const r = lib.fcntl(this.fd(a[0], name), a[1], a[2]);
        if (r >= 0 && (a[1] === C.F_DUPFD || a[1] === C.F_DUPFD_CLOEXEC)) this.fds.add(r);
        return r < 0 ? fail(name) : r;
      }
      case 'ioctl': {
        this.fd(a[0], name);
        if (a[1] !== C.FIONREAD) fail(name, ERRNO.ENOTTY);   // only FIONREAD is wired (int out)
        const out = new Int32Array(1);
        if (lib.ioctlInt(a[0], a[1], out) < 0) fail(name);
        return out[0];
      }
      case 'mkfifo':
        if (lib.mkfifo(a[0], a[1]) < 0) fail(name);
        this.noteFile('fifo', a[0]);
        return undefined;
      case 'open': {
        // A file created outside the run directory is recorded so the runner removes it; one that
        // existed before the run is never touched.
        const watch = (a[1] & C.O_CREAT) !== 0 && !this.inRunDir(a[0]) && !fs.existsSync(a[0]);
        const fd = this.track(lib.open(a[0], a[1], a[2]), name);
        if (watch) this.noteFile('file', a[0]);
        return fd;
      }
      case 'lseek': {
        const r = lib.lseek(this.fd(a[0], name), a[1], a[2]);
        return r < 0 ? fail(name) : r;
      }
      case 'unlink': if (lib.unlink(a[0]) < 0) fail(name); return undefined;
      case 'ftruncate': if (lib.ftruncate(this.fd(a[0], name), a[1]) < 0) fail(name); return undefined;
      case 'truncate': if (lib.truncate(a[0], a[1]) < 0) fail(name); return undefined;
      case 'kill': if (lib.kill(a[0], a[1]) < 0) fail(name); return undefined;
      case 'raise': if (lib.raise(a[0]) < 0) fail(name); return undefined;
      case 'sigaction': return signals.sigaction(a[0], a[1], a[2]);
      case 'sigprocmask': return signals.sigprocmask(a[0], a[1]);
      case 'sigpending': return signals.sigpending();
      case 'sigsuspend': return signals.sigsuspend(a[0]);
      case 'pause': return signals.pause();
      case 'alarm': return signals.alarm(a[0]);
      case 'sigqueue': return signals.sigqueue(a[0], a[1], a[2]);
      case 'ftok': return msg.ftok(a[0], a[1]);
      case 'msgget': return msg.msgget(a[0], a[1], (id, key) => this.noteCreated('msg', { id, key }));
      case 'msgsnd': return msg.msgsnd(a[0], a[1], toBytes(a[2]), a[3]);
      case 'msgrcv': return msg.msgrcv(a[0], a[1], a[2], a[3]);
      case 'msgctl': return msg.msgctl(a[0], a[1], a[2]);
      case 'semget': return sem.semget(a[0], a[1], a[2], (id, key) => this.noteCreated('sem', { id, key }));
      case 'semop': return sem.semop(a[0], a[1]);
      case 'semtimedop': return sem.semtimedop(a[0], a[1], a[2]);
      case 'semctl': return sem.semctl(a[0], a[1], a[2], a[3]);
      case 'shmget': return mm.shmget(a[0], a[1], a[2], (id, key) => this.noteCreated('shm', { id, key }));
      case 'shmat': return mm.shmat(a[0], a[1], a[2]);
      case 'shmdt': return mm.shmdt(a[0]);
      case 'shmctl': return mm.shmctl(a[0], a[1], a[2]);
      case 'mmap':
        // An fd that is not the program's is -1 to the kernel: EBADF, in the kernel's order of checks.
        return mm.mmap(a[0], a[1], a[2], this.fds.has(a[3]) ? a[3] : -1, a[4], a[5]);
      case 'munmap': return mm.munmap(a[0], a[1]);
      case 'mprotect': return mm.mprotect(a[0], a[1], a[2]);
      case 'msync': return mm.msync(a[0], a[1], a[2]);
      case 'shm_open': {
        const { fd, created } = mm.shmOpen(this.ctx.config.runDir, a[0], a[1], a[2]);
        if (created !== null) this.noteCreated('posix-shm', { name: created });
        return this.track(fd, name);
      }
      case 'shm_unlink': return mm.shmUnlink(this.ctx.config.runDir, a[0]);
      default:
        // msg*, sem*, shm*, mmap, sigaction and the rest come with later issues.
        return fail(name, ERRNO.ENOSYS);
    }
  }

  private track(fd: number, name: string): number {
    if (fd < 0) fail(name);
    this.fds.add(fd);
    return fd;
  }

  /** dup2 onto an fd that Node itself uses would break this process: refuse it loudly. */
  private guardNodeFd(newfd: number, name: string): void {
    if (newfd >= 0 && !this.fds.has(newfd) && libc().fcntl(newfd, C.F_GETFD, 0) >= 0) {
      throw new Error(`${name}: fd ${newfd} is used by Node.js itself in the native backend; `
        + 'use fds the program obtained (or 0, 1, 2)');
    }
  }

  private readFd(fd: number, count: number): Uint8Array {
    const lib = libc();
    if (count < 0) {
      // The kernel checks the fd, then the buffer: (size_t)-1 bytes cannot be a valid buffer.
      if (lib.fcntl(fd, C.F_GETFL, 0) < 0) fail('read');
      fail('read', ERRNO.EFAULT);
    }
    const size = Math.min(count, READ_MAX);
    const buf = size <= scratch.length ? scratch : new Uint8Array(size);
    const n = lib.read(fd, buf, size);
    if (n < 0) fail('read');
    return buf === scratch || n < size ? buf.slice(0, n) : buf;
  }

  private inRunDir(p: string): boolean {
    const abs = path.resolve(p);
    const dir = this.ctx.config.runDir;
    return abs === dir || abs.startsWith(dir + path.sep);
  }

  private noteFile(kind: 'file' | 'fifo', p: string): void {
    if (this.inRunDir(p)) return;       // the run directory goes away whole
    const st = fs.lstatSync(p, { bigint: true, throwIfNoEntry: false });
    if (!st) return;
    this.noteCreated(kind, { path: path.resolve(p), dev: String(st.dev), ino: String(st.ino) });
  }

  private spawnChild(program: string, args: unknown): number | Promise<number> {
    if (!Object.prototype.hasOwnProperty.call(this.ctx.scenario.programs, program)) {
      // A bad argument, not a kernel error (as on the simulator): the program gets a TypeError.
      throw new TypeError(`fork: scenario '${this.ctx.scenario.name}' has no program '${program}'`);
    }
    const lib = libc();
    const parent = this.ctx.config;
    const index = `${parent.index}.${++this.forks}`;
    const stdio: (number | 'ignore')[] = [];
    const fds: number[] = [];
    const cloexec: number[] = [];
    const restore: [number, number][] = [];
    for (const fd of [...this.fds].sort((x, y) => x - y)) {
      const fdFlags = lib.fcntl(fd, C.F_GETFD, 0);
      if (fdFlags < 0) { this.fds.delete(fd); continue; }
      stdio[fd] = fd;
      fds.push(fd);
      if (fdFlags & C.FD_CLOEXEC) cloexec.push(fd);
      if (fd <= 2) restore.push([fd, lib.fcntl(fd, C.F_GETFL, 0)]);
    }
    const opened: number[] = [];
    const ownConsole = this.consoleId !== null && fileId(1) === this.consoleId;
    const ownStderr = this.stderrId !== null && fileId(2) === this.stderrId;
    if (ownConsole) opened.push((stdio[1] = fs.openSync(metaPath(parent.runDir, index, 'out'), 'a')));
    if (ownStderr) opened.push((stdio[2] = fs.openSync(metaPath(parent.runDir, index, 'err'), 'a')));
    // The parent's mappings, and the descriptors the child needs to map them again.
    const inherit = mm.forkState();
    for (const fd of inherit?.inherit.fds ?? []) stdio[fd] = fd;
    for (let i = 0; i < stdio.length; i++) stdio[i] ??= 'ignore';
    if (stdio.length < 3) stdio.push(...Array(3 - stdio.length).fill('ignore'));
    const config: WorkerConfig = {
      module: parent.module, program, args, runDir: parent.runDir, start: parent.start, index,
      fds: fds.filter((fd) => fd > 2 || stdio[fd] === fd).concat(ownConsole ? [1] : [], ownStderr ? [2] : [])
        .sort((x, y) => x - y),
      cloexec: cloexec.filter((fd) => stdio[fd] === fd),
      ownConsole, ownStderr, mm: inherit?.inherit, signals: signals.forkState(),
    };
    let child;
    try {
      child = spawn(process.execPath, [this.ctx.workerPath], {
        stdio, cwd: process.cwd(), env: { ...process.env, IPCSIM_WORKER: JSON.stringify(config) },
      });
    } catch (err) {
      fail('fork', ERRNO[(err as NodeJS.ErrnoException).code as keyof typeof ERRNO] ?? ERRNO.EAGAIN);
    } finally {
      // Waits until the child has mapped what it inherits (it holds its attachments when fork returns).
      inherit?.done(child?.pid !== undefined);
      for (const fd of opened) fs.closeSync(fd);
      for (const [fd, fl] of restore) {
        if (stdio[fd] === fd && (fl & C.O_NONBLOCK)) lib.fcntl(fd, C.F_SETFL, fl);
      }
    }
    child.on('error', () => { /* reported through pid === undefined below */ });
    signals.afterSpawn(); // libuv's SIGCHLD handler may have just replaced a program's
    const pid = child.pid;
    if (pid === undefined) {
      return new Promise((_, reject) => child.once('error', (err: NodeJS.ErrnoException) => {
        reject(new SysError(ERRNO[err.code as keyof typeof ERRNO] ?? ERRNO.EAGAIN, 'fork'));
      }));
    }
    this.children.add(pid);
    child.on('exit', (code, signal) => this.childExited(pid, code, signal));
    const t = performance.timeOrigin + performance.now() - parent.start;
    this.ctx.proc.write({ k: 'fork', pid, index, program, t });
    return pid;
  }

  private childExited(pid: number, code: number | null, signal: string | null): void {
    const status: ExitStatus = signal !== null
      ? { signal: signalName(signalNumber(signal) ?? 0) }
      : { code: code ?? 0 };
    const t = performance.timeOrigin + performance.now() - this.ctx.config.start;
    this.ctx.proc.write({ k: 'child-exit', pid, status, t });
    const ws: WaitStatus = { pid, ...status };
    const w = this.waiters.findIndex((x) => x.match(pid));
    if (w >= 0) {
      this.children.delete(pid);
      this.waiters.splice(w, 1)[0].resolve(ws);
    } else {
      this.zombies.push(ws);
    }
  }

  private waitChild(pid: number, options: number): WaitStatus | Promise<WaitStatus> {
    if (options & ~WAIT_OPTIONS) fail('waitpid', ERRNO.EINVAL);
    // Process groups are not modelled: pid 0 and pid < -1 wait for any child, as -1 does.
    const match = pid > 0 ? (p: number) => p === pid : () => true;
    if (![...this.children].some(match)) fail('waitpid', ERRNO.ECHILD);
    const z = this.zombies.findIndex((s) => match(s.pid));
    if (z >= 0) {
      const status = this.zombies.splice(z, 1)[0];
      this.children.delete(status.pid);
      return status;
    }
    if (options & C.WNOHANG) return { pid: 0 };
    if (signals.handling()) signals.waitInKernel(pid); // where a signal can interrupt it
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

/** dev:ino of what an fd refers to, or null if it is closed. */
function fileId(fd: number): string | null {
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const end = performance.now() + ms;
    const step = (): void => {
      const left = end - performance.now();
      if (left <= 0) resolve();
      else setTimeout(step, Math.min(Math.ceil(left), TIMER_MAX));
    };
    if (ms <= TIMER_MAX) setTimeout(resolve, ms);
    else step();
  });
}
