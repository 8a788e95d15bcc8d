// Processes: the process table, the run queue, fork and exit, and per-process descriptor tables
// (kernel/fork.c, kernel/exit.c, fs/file.c). pid 1 is init: it never runs a program, and it reaps
// the orphans reparented to it at once, as a well-behaved init does.
import { File, fileGet, filePut } from './file';
import { WaitQueue, W_NONE } from './wait';
import { kassert, P_PROC, P_RUNQ } from './panic';
import { NOFILE, NPROC, ROOT_CAPS } from './param';
import { SigState, notifyParent, flushSignals } from './signal';
import { arrLen, arrAt } from './arr';

export const S_UNUSED: i32 = 0;
export const S_RUNNABLE: i32 = 1; // may be picked to make (or retry) its next system call
export const S_SLEEPING: i32 = 2; // blocked in a system call, on a wait queue or a timer
export const S_ZOMBIE: i32 = 3; // exited, not yet waited for
export const S_DEAD: i32 = 4; // reaped

export const INIT_PID: i32 = 1;
const FIRST_PID: i32 = 100;

export class Proc {
  pid: i32;
  ppid: i32;
  program: i32 = 0; // host's index of the program name
  state: i32 = S_UNUSED;
  exitStatus: i32 = 0; // wait status: code << 8, or the signal number

  fds: Array<File | null> = new Array<File | null>(); // descriptor table
  cloexec: Array<bool> = new Array<bool>(); // FD_CLOEXEC per descriptor

  uid: i32 = 0; euid: i32 = 0; suid: i32 = 0;
  gid: i32 = 0; egid: i32 = 0; sgid: i32 = 0;
  caps: u64 = 0; // effective capabilities
  umask: i32 = 0o022;

  // Sleeping: the queue, the neighbours on it, and what it waits for (for reports).
  wq: WaitQueue | null = null;
  wqNext: Proc | null = null;
  wqPrev: Proc | null = null;
  waitKind: i32 = W_NONE;
  waitObj: i32 = 0;
  timerAt: i64 = 0; // wake-up time in ns for sleep and timed waits (0: none)
  timedOut: bool = false; // the timer, not a waker, ended the last sleep

  // A system call that slept keeps its progress here and resumes when called again.
  sysno: i32 = 0; // the call in progress (host's numbering), for reports
  inSyscall: bool = false; // set when the call blocked at least once
  progress: i64 = 0; // bytes moved so far by a blocking read or write
  pending: File | null = null; // a FIFO open waiting for its partner
  snap: u32 = 0; // the partner counter seen when the FIFO open began

  runqIndex: i32 = -1;
  childWait: WaitQueue = new WaitQueue(); // wait_chldexit: parents in waitpid
  sig: SigState = new SigState();

  constructor(pid: i32, ppid: i32) {
    this.pid = pid;
    this.ppid = ppid;
  }

  sleep(): void {
    kassert(this.state == S_RUNNABLE, P_RUNQ, this.pid);
    runqRemove(this);
    this.state = S_SLEEPING;
  }

  /** Ends the current system call's saved progress. (Inlined: leave() runs it every call.) */
  @inline endSyscall(): void {
    this.inSyscall = false;
    this.progress = 0;
    if (this.pending !== null) this.pending = null; // mostly null already: no write-barrier call
    this.timedOut = false;
    this.waitKind = W_NONE;
  }

  capable(cap: i32): bool {
    return (this.caps & (<u64>1 << <u64>cap)) != 0;
  }

  fdGet(fd: i32): File | null {
    if (fd < 0 || fd >= this.fds.length) return null;
    return unchecked(this.fds[fd]);
  }

  /** The lowest free descriptor >= minfd, or -EMFILE. */
  fdAlloc(minfd: i32): i32 {
    const limit = NOFILE;
    for (let fd = minfd; fd < limit; fd++) {
      if (fd >= this.fds.length) {
        this.fds.push(null);
        this.cloexec.push(false);
      }
      if (unchecked(this.fds[fd]) === null) return fd;
    }
    return -24; // EMFILE
  }

  fdInstall(fd: i32, f: File, cloexec: bool): void {
    while (fd >= this.fds.length) {
      this.fds.push(null);
      this.cloexec.push(false);
    }
    kassert(this.fds[fd] === null, P_PROC, fd);
    this.fds[fd] = f;
    this.cloexec[fd] = cloexec;
  }

  /** Removes descriptor fd and drops its file reference. */
  fdClose(fd: i32): void {
    const f = this.fds[fd];
    kassert(f !== null, P_PROC, fd);
    this.fds[fd] = null;
    this.cloexec[fd] = false;
    filePut(f!);
  }
}

export const procs = new Map<i32, Proc>(); // every pid not yet reaped
export const exited = new Map<i32, i32>(); // pid -> wait status, kept after reaping for the host
const runq = new Array<Proc>();
let nextPid: i32 = FIRST_PID;
let live: i32 = 0; // processes alive (not zombies), init excluded

export function procGet(pid: i32): Proc | null {
  return procs.has(pid) ? procs.get(pid) : null;
}

export function makeRunnable(p: Proc): void {
  kassert(p.runqIndex < 0, P_RUNQ, p.pid);
  p.state = S_RUNNABLE;
  p.runqIndex = runq.length;
  runq.push(p);
}

export function runqRemove(p: Proc): void {
  const i = p.runqIndex;
  kassert(i >= 0 && i < runq.length && runq[i] === p, P_RUNQ, p.pid);
  const last = runq.pop();
  if (last !== p) {
    runq[i] = last;
    last.runqIndex = i;
  }
  p.runqIndex = -1;
}

// Inlined plain loads (arr.ts): schedNext calls both before every system call.
@inline export function runqLength(): i32 {
  return arrLen<Proc>(changetype<usize>(runq));
}

/** The i-th runnable process; 0 <= i < runqLength(). */
@inline export function runqAt(i: i32): Proc {
  return arrAt<Proc>(changetype<usize>(runq), i);
}

export function liveCount(): i32 {
  return live;
}

function allocPid(): i32 {
  // Linux hands out pids cyclically from the last one; the simulator never wraps in practice.
  while (procs.has(nextPid)) nextPid++;
  return nextPid++;
}

export function procInit(): void {
  const init = new Proc(INIT_PID, 0);
  init.state = S_SLEEPING; // init never runs a program
  init.caps = ROOT_CAPS;
  procs.set(INIT_PID, init);
}

/** Creates the main process of a run, with fds 0, 1 and 2 on the terminal. */
export function procCreateMain(program: i32, uid: i32, gid: i32, stdin: File, stdout: File, stderr: File): Proc {
  const p = new Proc(allocPid(), INIT_PID);
  p.program = program;
  p.uid = p.euid = p.suid = uid;
  p.gid = p.egid = p.sgid = gid;
  p.caps = uid == 0 ? ROOT_CAPS : 0;
  fileGet(stdin);
  p.fdInstall(0, stdin, false);
  fileGet(stdout);
  p.fdInstall(1, stdout, false);
  fileGet(stderr);
  p.fdInstall(2, stderr, false);
  procs.set(p.pid, p);
  live++;
  makeRunnable(p);
  return p;
}

/** fork(): a copy of `parent` whose descriptors share the parent's open files. */
export function procFork(parent: Proc, program: i32): i32 {
  if (live >= NPROC) return -11; // EAGAIN
  const p = new Proc(allocPid(), parent.pid);
  p.program = program;
  p.uid = parent.uid; p.euid = parent.euid; p.suid = parent.suid;
  p.gid = parent.gid; p.egid = parent.egid; p.sgid = parent.sgid;
  p.caps = parent.caps;
  p.umask = parent.umask;
  for (let fd = 0; fd < parent.fds.length; fd++) {
    const f = unchecked(parent.fds[fd]);
    if (f !== null) {
      fileGet(f);
      p.fdInstall(fd, f, parent.cloexec[fd]);
    }
  }
  p.sig.inheritFrom(parent.sig); // dispositions and mask; pending signals are not inherited
  forkHooks(parent, p);
  procs.set(p.pid, p);
  live++;
  makeRunnable(p);
  return p.pid;
}

/**
 * Ends `p` with a wait status (code << 8, or a signal number): closes its files, gives its
 * children to init, and leaves a zombie for its parent (init reaps at once).
 */
export function procExit(p: Proc, status: i32): void {
  kassert(p.state == S_RUNNABLE || p.state == S_SLEEPING, P_PROC, p.pid);
  if (p.wq !== null) p.wq!.remove(p);
  if (p.state == S_RUNNABLE) runqRemove(p);
  p.timerAt = 0;
  p.pending = null;
  for (let fd = 0; fd < p.fds.length; fd++) {
    if (unchecked(p.fds[fd]) !== null) p.fdClose(fd);
  }
  exitHooks(p);
  flushSignals(p); // pending signals and the alarm die with the process
  const kids = procs.values();
  for (let i = 0; i < kids.length; i++) {
    const c = unchecked(kids[i]);
    if (c.ppid != p.pid) continue;
    c.ppid = INIT_PID;
    if (c.state == S_ZOMBIE) reap(c);
  }
  p.state = S_ZOMBIE;
  p.exitStatus = status;
  exited.set(p.pid, status);
  live--;
  const parent = procGet(p.ppid);
  if (parent === null || p.ppid == INIT_PID) {
    reap(p);
    return;
  }
  parent.childWait.wakeAll();
  notifyParent(parent, p, status);
}

/** Frees a zombie. */
export function reap(p: Proc): void {
  kassert(p.state == S_ZOMBIE, P_PROC, p.pid);
  p.state = S_DEAD;
  procs.delete(p.pid);
}

// Mechanisms that keep per-process state (SEM_UNDO, shm attachments) register here.
type ExitHook = (p: Proc) => void;
const hooks = new Array<ExitHook>();
export function onExit(hook: ExitHook): void {
  hooks.push(hook);
}
function exitHooks(p: Proc): void {
  for (let i = 0; i < hooks.length; i++) unchecked(hooks[i])(p);
}

// Mechanisms whose per-process state a child inherits (address spaces) copy it here.
type ForkHook = (parent: Proc, child: Proc) => void;
const forkHookList = new Array<ForkHook>();
export function onFork(hook: ForkHook): void {
  forkHookList.push(hook);
}
function forkHooks(parent: Proc, child: Proc): void {
  for (let i = 0; i < forkHookList.length; i++) unchecked(forkHookList[i])(parent, child);
}
