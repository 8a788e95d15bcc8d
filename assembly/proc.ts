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

  /** Ends the current system call's saved progress. */
  endSyscall(): void {
    procEndSyscall(changetype<usize>(this));
  }

  capable(cap: i32): bool {
    return procCapable(changetype<usize>(this), cap);
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

// ---- A process by address, for the per-call fast paths ----
// enter, leave, schedNext, msgsnd and msgrcv run on every call. A Proc held in a local, or passed
// to any call (a field access is an inlined getter or setter call too), is stored to the shadow
// stack before each use, and the function gets a frame (stack-pointer arithmetic, an overflow
// check, zeroing); the same process as an address in a usize costs neither. These helpers read and
// write scalar fields only: a reference stored into an object goes through field assignment, for
// the GC's write barrier. An address is only as good as the object's reachability: every process
// the fast paths see is in `procs` (or, dead, in syscall.ts's cache), so no GC step can free it.

@inline export function procPid(p: usize): i32 {
  return load<i32>(p, offsetof<Proc>('pid'));
}

@inline export function procState(p: usize): i32 {
  return load<i32>(p, offsetof<Proc>('state'));
}

/** The call in progress: its number (for reports) and whether it blocked at least once. */
@inline export function procSetSysno(p: usize, sysno: i32): void {
  store<i32>(p, sysno, offsetof<Proc>('sysno'));
}
@inline export function procInSyscall(p: usize): bool {
  return load<bool>(p, offsetof<Proc>('inSyscall'));
}
@inline export function procSetInSyscall(p: usize): void {
  store<bool>(p, true, offsetof<Proc>('inSyscall'));
}

/** p.endSyscall(): the current call's saved progress ends. (Inlined: leave() runs it every call.) */
@inline export function procEndSyscall(p: usize): void {
  store<bool>(p, false, offsetof<Proc>('inSyscall'));
  store<i64>(p, 0, offsetof<Proc>('progress'));
  if (load<usize>(p, offsetof<Proc>('pending')) != 0) clearPending(p); // mostly null already
  store<bool>(p, false, offsetof<Proc>('timedOut'));
  store<i32>(p, W_NONE, offsetof<Proc>('waitKind'));
}

/** A reference field, so by assignment (out of line: its frame stays off the fast path). */
function clearPending(p: usize): void {
  changetype<Proc>(p).pending = null;
}

/** The signal state (p.sig, never replaced), by address: signal.ts's sig* helpers read it. */
@inline export function procSig(p: usize): usize {
  return load<usize>(p, offsetof<Proc>('sig'));
}

/** The credentials permission checks read: effective ids and capabilities. */
@inline export function procEuid(p: usize): i32 {
  return load<i32>(p, offsetof<Proc>('euid'));
}
@inline export function procEgid(p: usize): i32 {
  return load<i32>(p, offsetof<Proc>('egid'));
}
@inline export function procCapable(p: usize, cap: i32): bool {
  return (load<u64>(p, offsetof<Proc>('caps')) & (<u64>1 << <u64>cap)) != 0;
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

/** The i-th runnable process, by address (see procPid); 0 <= i < runqLength(). */
@inline export function runqAt(i: i32): usize {
  return arrAt<usize>(changetype<usize>(runq), i);
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
