// runNative: runs a scenario on the real Linux kernel. Every process of the run is a Node process
// (dist/src/native/worker.js) in one process group, led by the main process, with its cwd in a
// fresh run directory. Processes report through files in <runDir>/.ipcsim (see records.ts); the
// runner waits until the whole group has exited, merges what they wrote, and always cleans up:
// the processes, the run directory, and every file or IPC object the run recorded creating.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { constants as C, signalName, signalNumber } from '../api/constants.js';
import type { ExitStatus, ProcessRecord, RunOptions, RunResult, TraceEvent } from '../api/types.js';
import { packageRoot, resolveScenarioModule, type ScenarioModule } from '../scenarios/load.js';
import { libc, PR_SET_CHILD_SUBREAPER } from './libc.js';
import {
  decodeTraceValue, LineReader, META_DIR, metaPath, type CreatedRecord, type ProcRecord,
} from './records.js';
import { nativeSnapshot } from './snapshot.js';
import type { WorkerConfig } from './sys.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const POLL_MS = 5;
const SNAPSHOT_MS = 100;

export async function runNative(ref: string, opts: RunOptions): Promise<RunResult> {
  if (process.platform !== 'linux') {
    throw new Error(`the native backend needs Linux (this host is ${process.platform})`);
  }
  checkCredentials(opts);
  const mod = await resolveScenarioModule(ref);
  const workerPath = path.join(packageRoot(), 'dist', 'src', 'native', 'worker.js');
  if (!fs.existsSync(workerPath)) {
    throw new Error(`${workerPath} does not exist: build ipcsim first (npx tsc -p tsconfig.build.json)`);
  }
  const run = new NativeRun(mod, workerPath, opts);
  try {
    return await run.execute();
  } finally {
    run.cleanup();
  }
}

function checkCredentials(opts: RunOptions): void {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  for (const [name, want, have] of [['uid', opts.uid, uid], ['gid', opts.gid, gid]] as const) {
    if (want === undefined) continue;
    if (!Number.isInteger(want) || want < 0) {
      throw new TypeError(`runNative: '${name}' must be a non-negative integer`);
    }
    if (want !== have && uid !== 0) {
      throw new Error(`the native backend can run as ${name} ${want} only when started as root `
        + `(this process has uid ${uid}, gid ${gid})`);
    }
  }
}

// The runner is made a child subreaper for as long as a run is going on, so that a process whose
// parent exited is reparented to it (not to init) and its exit status can be read.
let subreaperRuns = 0;
function enterSubreaper(): void {
  if (subreaperRuns++ === 0) libc().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}
function leaveSubreaper(): void {
  if (--subreaperRuns === 0) libc().prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
}

/** A wait(2) status word as { code } or { signal }. */
function decodeStatus(status: number): ExitStatus {
  const sig = status & 0x7f;
  return sig === 0 ? { code: (status >> 8) & 0xff } : { signal: signalName(sig) };
}

class NativeRun {
  readonly runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcsim-'));
  private readonly metaDir = path.join(this.runDir, META_DIR);
  private readonly readers = new Map<string, LineReader>();
  private readonly records = new Map<string, ProcRecord[]>();   // .proc records by process index
  private readonly orphanExits = new Map<number, ExitStatus>(); // reaped by this runner
  private readonly liveTrace = new Map<string, LineReader>();       // opts.onEvent readers
  private eventsSeen = 0;
  private lastSnapshot = -Infinity;
  private readonly reapable = new Set<number>();                // pids that may become ours
  private main: ChildProcess | undefined;
  private mainExit: ExitStatus | undefined;
  private pgid = 0;
  private start = 0;
  private timedOut = false;
  private cleaned = false;
  private subreaper = false;
  private stopWaiting: ((err?: Error) => void) | undefined;
  private readonly onSignal = (sig: NodeJS.Signals): void => {
    this.cleanup();
    this.stopWaiting?.(new Error(`native run interrupted by ${sig}`));
    // Nobody else listens: let the signal do what it would have done without us.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  private readonly onExit = (): void => this.cleanup();

  constructor(private readonly mod: ScenarioModule, private readonly workerPath: string,
    private readonly opts: RunOptions) {}

  async execute(): Promise<RunResult> {
    fs.mkdirSync(this.metaDir, { mode: 0o755 });
    // The scenario's working directory is world-writable and sticky, like /tmp and like the
    // simulator's (assembly/fs.ts CWD), so a process that drops privileges can still use it.
    fs.chmodSync(this.runDir, 0o1777);
    const { uid, gid } = this.opts;
    if (uid !== undefined || gid !== undefined) {
      // The main process may run as another user: it must be able to create files here.
      for (const dir of [this.runDir, this.metaDir]) {
        fs.chownSync(dir, uid ?? process.getuid!(), gid ?? process.getgid!());
      }
    }
    enterSubreaper();
    this.subreaper = true;
    process.on('SIGINT', this.onSignal).on('SIGTERM', this.onSignal).on('exit', this.onExit);
    this.start = performance.timeOrigin + performance.now();
    const config: WorkerConfig = {
      module: this.mod, args: this.opts.args, runDir: this.runDir, start: this.start, index: 'main',
      fds: [0, 1, 2], cloexec: [], ownConsole: true, ownStderr: true, uid, gid,
    };
    const stdio = [fs.openSync('/dev/null', 'r'), this.openOwned('out'), this.openOwned('err')];
    const env: NodeJS.ProcessEnv = {
      ...process.env, NODE_NO_WARNINGS: '1', IPCSIM_WORKER: JSON.stringify(config),
    };
    delete env.NODE_OPTIONS;     // workers run plain Node: no loader of whoever started us
    try {
      this.main = spawn(process.execPath, [this.workerPath],
        { cwd: this.runDir, detached: true, stdio, env });
    } finally {
      for (const fd of stdio) fs.closeSync(fd);
    }
    const main = this.main;
    if (main.pid === undefined) {
      const err = await new Promise<Error>((resolve) => main.once('error', resolve));
      throw new Error(`cannot start a native process: ${err.message}`);
    }
    this.pgid = main.pid;          // detached: the main process leads a new session and group
    await this.waitForAll(main);
    return this.collect();
  }

  private openOwned(ext: 'out' | 'err'): number {
    const fd = fs.openSync(metaPath(this.runDir, 'main', ext), 'a');
    if (this.opts.uid !== undefined || this.opts.gid !== undefined) {
      fs.fchownSync(fd, this.opts.uid ?? process.getuid!(), this.opts.gid ?? process.getgid!());
    }
    return fd;
  }

  /** Resolves once main has exited and no process of the group is left (zombies included). */
  private waitForAll(main: ChildProcess): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let ticks = 0;
      const timeout = setTimeout(() => {
        this.timedOut = true;
        this.killGroup();
      }, this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const tick = (): void => {
        this.readRecords();
        this.reportEvents();
        this.reapOrphans(++ticks % 20 === 0 && this.mainExit !== undefined);
        const over = this.mainExit !== undefined && !this.groupAlive();
        this.reportSnapshot(over);
        if (over) finish();
      };
      const poll = setInterval(tick, POLL_MS);
      const finish = (err?: Error): void => {
        clearInterval(poll);
        clearTimeout(timeout);
        this.stopWaiting = undefined;
        if (err) reject(err);
        else resolve();
      };
      this.stopWaiting = finish;
      main.once('exit', (code, signal) => {
        this.mainExit = signal !== null
          ? { signal: signalName(signalNumber(signal) ?? 0) } : { code: code ?? 0 };
        tick();
      });
    });
  }

  private groupAlive(): boolean {
    try {
      process.kill(-this.pgid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code !== 'ESRCH';
    }
  }

  private killGroup(): void {
    if (this.pgid === 0) return;
    try {
      process.kill(-this.pgid, 'SIGKILL');
    } catch {
      // ESRCH: nobody left.
    }
  }

  /** Hands new trace events to opts.onEvent, in time order within each poll. */
  private reportEvents(): void {
    const onEvent = this.opts.onEvent;
    if (!onEvent) return;
    const fresh: TraceEvent[] = [];
    for (const index of this.records.keys()) {
      let reader = this.liveTrace.get(index);
      if (!reader) this.liveTrace.set(index, (reader = new LineReader(metaPath(this.runDir, index, 'trace'))));
      for (const line of reader.readNew()) fresh.push(decodeTraceValue(line) as TraceEvent);
    }
    fresh.sort((a, b) => a.t - b.t);
    for (const e of fresh) onEvent({ ...e, seq: this.eventsSeen++ });
  }

  /**
   * Hands opts.onSnapshot the state Linux shows (src/native/snapshot.ts), at most every
   * SNAPSHOT_MS, and at the end (`last`) while the run's objects still exist. Never fails the run.
   */
  private reportSnapshot(last: boolean): void {
    const onSnapshot = this.opts.onSnapshot;
    const now = performance.timeOrigin + performance.now();
    if (!onSnapshot || (!last && now - this.lastSnapshot < SNAPSHOT_MS)) return;
    this.lastSnapshot = now;
    try {
      onSnapshot(nativeSnapshot({
        records: this.records, mainPid: this.pgid, runnerPid: process.pid, mainExit: this.mainExit,
        orphanExits: this.orphanExits, t: now - this.start, steps: this.eventsSeen,
      }));
    } catch {
      // /proc changed under us, or the listener failed: the next tick tries again
    }
  }

  private readRecords(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.metaDir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith('.proc')) continue;
      const index = name.slice(0, -'.proc'.length);
      let reader = this.readers.get(index);
      if (!reader) this.readers.set(index, (reader = new LineReader(path.join(this.metaDir, name))));
      const list = this.records.get(index) ?? [];
      for (const rec of reader.readNew() as ProcRecord[]) {
        list.push(rec);
        if (rec.k === 'start' || rec.k === 'fork') this.reapable.add(rec.pid);
        if (rec.k === 'child-exit') this.reapable.delete(rec.pid);
      }
      this.records.set(index, list);
    }
  }

  /**
   * Reaps, without waiting, the processes that were reparented to this runner and have exited.
   * Only pids the records name are waited for (never main: libuv reaps what Node spawned); with
   * `scan`, /proc is searched too, for a process whose fork record was lost.
   */
  private reapOrphans(scan: boolean): void {
    const pids = new Set(this.reapable);
    if (scan && this.groupAlive()) for (const pid of this.orphansInProc()) pids.add(pid);
    const status = new Int32Array(1);
    for (const pid of pids) {
      if (pid === this.pgid || this.orphanExits.has(pid)) continue;
      if (libc().waitpid(pid, status, C.WNOHANG) === pid) {
        this.orphanExits.set(pid, decodeStatus(status[0]));
        this.reapable.delete(pid);
      }
    }
  }

  private orphansInProc(): number[] {
    const found: number[] = [];
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const [, , ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
        if (pgrp === this.pgid && ppid === process.pid) found.push(Number(name));
      } catch {
        // gone meanwhile
      }
    }
    return found;
  }

  private collect(): RunResult {
    this.readRecords();
    const mainRecords = this.records.get('main') ?? [];
    if (!mainRecords.some((r) => r.k === 'start')) {
      // It never reached its program: a scenario that does not load, or a broken worker.
      const fatal = mainRecords.find((r) => r.k === 'fatal');
      if (fatal && fatal.k === 'fatal') throw new Error(fatal.message);
      const stderr = this.readMeta('main', 'err').trim();
      throw new Error(`the native main process did not start (${JSON.stringify(this.mainExit)}`
        + `${this.timedOut ? ', timed out' : ''})${stderr ? `:\n${stderr}` : ''}`);
    }

    // Every process, from its parent's fork record (or its own start record if that was lost).
    const pidOf = new Map<string, number>([['main', this.pgid]]);
    const procs = new Map<string, { pid: number; ppid: number; program: string; t: number }>();
    const childExits = new Map<number, ExitStatus>();
    const all = [...this.records.values()].flat();
    for (const r of all) if (r.k === 'fork') pidOf.set(r.index, r.pid);
    const mainStart = mainRecords.find((r) => r.k === 'start');
    procs.set('main', {
      pid: this.pgid, ppid: process.pid, t: -Infinity,
      program: mainStart && mainStart.k === 'start' ? mainStart.program : '',
    });
    for (const [index, list] of this.records) {
      for (const r of list) {
        if (r.k === 'fork') {
          procs.set(r.index, { pid: r.pid, ppid: pidOf.get(index) ?? 0, program: r.program, t: r.t });
        } else if (r.k === 'start' && !procs.has(index)) {
          procs.set(index, { pid: r.pid, ppid: r.ppid, program: r.program, t: r.t });
        } else if (r.k === 'child-exit') {
          childExits.set(r.pid, r.status);
        }
      }
    }
    const processes: ProcessRecord[] = [...procs.entries()]
      .sort(([, a], [, b]) => a.t - b.t)
      .map(([index, p]) => ({
        pid: p.pid, ppid: p.ppid, program: p.program, output: this.readMeta(index, 'out'),
        exit: this.exitOf(index, p.pid, childExits),
      }));

    const trace: TraceEvent[] = [];
    for (const index of procs.keys()) {
      for (const line of new LineReader(metaPath(this.runDir, index, 'trace')).readNew()) {
        trace.push(decodeTraceValue(line) as TraceEvent);
      }
    }
    trace.sort((a, b) => a.t - b.t);      // stable: each process's own order is kept
    return {
      backend: 'native',
      seed: this.opts.seed ?? 1,
      processes,
      trace: trace.map(({ seq: _, pid, syscall, args, ...rest }, seq) =>
        ({ seq, pid, syscall, args, ...rest })),
      deadlock: null,
      timedOut: this.timedOut,
    };
  }

  private readMeta(index: string, ext: 'out' | 'err'): string {
    try {
      return fs.readFileSync(metaPath(this.runDir, index, ext), 'utf8');
    } catch {
      return '';
    }
  }

  private exitOf(index: string, pid: number, childExits: Map<number, ExitStatus>): ExitStatus {
    if (index === 'main' && this.mainExit) return this.mainExit;
    const known = childExits.get(pid) ?? this.orphanExits.get(pid);
    if (known) return known;
    // Neither its parent nor this runner saw it end (its parent was killed first): trust what it
    // recorded itself, else it was killed.
    const own = this.records.get(index)?.find((r) => r.k === 'exit');
    return own && own.k === 'exit' ? { code: own.code } : { signal: 'SIGKILL' };
  }

  /** Kills what is left and removes everything the run created. Synchronous and idempotent. */
  cleanup(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    process.off('SIGINT', this.onSignal).off('SIGTERM', this.onSignal).off('exit', this.onExit);
    this.killGroup();
    try {
      this.readRecords();
    } catch {
      // a half-written record: what was read before still counts
    }
    const created: CreatedRecord[] = [];
    for (const list of this.records.values()) for (const r of list) if (r.k === 'created') created.push(r);
    removeCreated(created);
    fs.rmSync(this.runDir, { recursive: true, force: true });
    if (this.subreaper) leaveSubreaper();
    this.subreaper = false;
  }
}

/**
 * Removes objects a run created, each only if it is still the one it created: a file or FIFO if the
 * path still has the recorded inode, a System V object if IPC_STAT still shows the recorded key.
 * Errors are ignored: the object may be gone already.
 */
export function removeCreated(records: CreatedRecord[]): void {
  const lib = libc();
  const buf = new Uint8Array(256);       // larger than msqid_ds, semid_ds and shmid_ds
  // IPC_STAT fills buf; ipc_perm.__key is its first field.
  const same = (r: CreatedRecord, stat: number): boolean =>
    stat === 0 && new DataView(buf.buffer).getInt32(0, true) === (r.key ?? 0);
  for (const r of records) {
    try {
      switch (r.kind) {
        case 'file':
        case 'fifo': {
          const st = fs.lstatSync(r.path!, { bigint: true, throwIfNoEntry: false });
          if (st && String(st.dev) === r.dev && String(st.ino) === r.ino) fs.unlinkSync(r.path!);
          break;
        }
        case 'msg':
          // MSG_STAT_ANY needs no read permission (a run may leave a queue of mode 0); it finds
          // whatever is at the id's index, so the id it returns must be the recorded one.
          if (lib.msgctl(r.id!, C.MSG_STAT_ANY, buf) === r.id && same(r, 0)) lib.msgctl(r.id!, C.IPC_RMID, null);
          break;
        case 'sem':
          if (same(r, lib.semctl(r.id!, 0, C.IPC_STAT, buf))) lib.semctl(r.id!, 0, C.IPC_RMID, null);
          break;
        case 'shm':
          if (same(r, lib.shmctl(r.id!, C.IPC_STAT, buf))) lib.shmctl(r.id!, C.IPC_RMID, null);
          break;
        case 'posix-shm': lib.shm_unlink(r.name!); break;
        case 'mq': lib.mq_unlink(r.name!); break;
        case 'posix-sem': lib.sem_unlink(r.name!); break;
      }
    } catch {
      // already gone, or not ours any more: leave it
    }
  }
}
