// Runs a scenario on the wasm kernel: programs are simulated processes, one runs at a time, and
// every system call is a scheduling point where the kernel's seeded scheduler picks who goes next.
// No node: imports here: this file runs unchanged in a browser.
import { TraceLog } from './trace-log.js';
import { KernelPanic, SysError } from '../api/errors.js';
import { signalName } from '../api/constants.js';
import type {
  BlockedProcess, Limits, ProcessRecord, RunResult, Scenario, TraceEvent,
} from '../api/types.js';
import type { KernelSnapshot } from '../api/snapshot.js';
import { BLOCKED, CAPS, DIED, HANDLER, LIMIT_IDS, PANICS, SYSNO, WAIT_KINDS, type KernelExports } from './abi.js';
import { CALLS } from './calls.js';
import { failLater, settleLater, type Call, type Op } from './marshal.js';
import { SimSys } from './sys.js';
import { buildSnapshot } from './snapshot.js';
import { FaultSignal } from './mapping.js';
import { semKernel } from './calls-sem.js';
import { deliverSignals, type HandlerFn, type HandlerFrame } from './signals.js';

export interface SimOptions {
  seed?: number;
  args?: unknown;
  timeoutMs?: number;
  limits?: Partial<Limits>;
  uid?: number;
  gid?: number;
  capabilities?: string[];
  /** Called as each system call completes. */
  onEvent?: (e: TraceEvent) => void;
}

export type WasmSource = WebAssembly.Module | BufferSource | URL | string;

const modules = new Map<unknown, Promise<WebAssembly.Module>>();

/** Compiles the kernel once per source: bytes, a compiled module, or a URL to fetch. */
export function compileKernel(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return Promise.resolve(source);
  const key = typeof source === 'string' || source instanceof URL ? String(source) : source;
  let m = modules.get(key);
  if (!m) {
    m = (async () => {
      if (typeof source === 'string' || source instanceof URL) {
        const res = await fetch(source);
        return WebAssembly.compile(await res.arrayBuffer());
      }
      return WebAssembly.compile(source as BufferSource);
    })();
    modules.set(key, m);
  }
  return m;
}

/** A process as the host sees it: its program, its pending system call, its output. */
export interface HostProc {
  pid: number;
  ppid: number;
  program: string;
  args: unknown;
  sys: SimSys;
  op: Op | null;
  started: boolean;
  output: string[];
  exit?: ProcessRecord['exit'];
  /** Signal handlers by signal number (the kernel knows them as caught), and frames being run. */
  handlers: Map<number, HandlerFn>;
  frames: HandlerFrame[];
  /** The last call this process made, and its marshaller. */
  callName: string;
  call: Call | undefined;
  /** An op free for the next call (the last one, when it settled without waiting). */
  spare: Op | null;
}

class PanicSignal extends Error {}

/**
 * Runs f after the host's event loop has had a turn (its timers, its input). Node's setImmediate
 * does that at once; setTimeout(f, 0), all a browser has, waits a millisecond or more.
 */
const yieldToHost: (f: () => void) => void = typeof setImmediate === 'function'
  ? (f) => setImmediate(f)
  : (f) => setTimeout(f, 0);

/** One already settled promise serves every call that returns nothing (close, semop, sleep...). */
const SETTLED_VOID: Promise<unknown> = Promise.resolve(undefined);

export class Simulation {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly k: KernelExports;
  readonly procs = new Map<number, HostProc>();
  /** procs again, as an array by pid, for the scheduler's every switch (pids are small). */
  private readonly byPid: (HostProc | undefined)[] = [];
  readonly order: HostProc[] = [];
  readonly log = new TraceLog();
  private readonly opts: SimOptions;
  private u8: Uint8Array;
  private dv: DataView;
  readonly xfer: number;
  private readonly clock: number;
  readonly xferSize: number;
  private readonly programIds = new Map<string, number>();
  readonly programNames: string[] = [];
  private done = false;
  private result?: RunResult;
  private resolveDone!: (r: RunResult) => void;
  private rejectDone!: (e: unknown) => void;
  readonly finished: Promise<RunResult>;
  private deadlock: RunResult['deadlock'] = null;
  private timedOut = false;
  private panic: KernelPanic | null = null;
  private startedAt = 0;
  private lastYield = 0;
  private stepsSinceCheck = 0;
  /** Stepping mode (the TUI): the scheduler waits for step() between system calls. */
  private paused = false;
  private stepWaiter: (() => void) | null = null;
  private pumpPending = false;

  private constructor(scenario: Scenario, opts: SimOptions, instance: WebAssembly.Instance) {
    this.scenario = scenario;
    this.opts = opts;
    this.seed = opts.seed ?? 1;
    this.k = instance.exports as unknown as KernelExports;
    this.finished = new Promise((res, rej) => {
      this.resolveDone = res;
      this.rejectDone = rej;
    });
    this.k.kernel_init(this.seed);
    for (const [name, value] of Object.entries(opts.limits ?? {})) {
      const id = LIMIT_IDS[name];
      if (id === undefined || typeof value !== 'number' || this.k.kernel_set_limit(id, value) !== 0) {
        throw new TypeError(`limits: bad limit ${name}=${String(value)}`);
      }
    }
    if (opts.capabilities) {
      let mask = 0n;
      for (const c of opts.capabilities) {
        if (!(c in CAPS)) throw new TypeError(`capabilities: unknown capability ${c}`);
        mask |= 1n << BigInt(CAPS[c]);
      }
      this.k.kernel_set_limit(17, Number(mask));
    }
    this.xfer = this.k.xfer_ptr();
    this.clock = this.k.clock_ptr();
    this.xferSize = this.k.xfer_size();
    this.u8 = new Uint8Array(this.k.memory.buffer);
    this.dv = new DataView(this.u8.buffer);
  }

  static async create(scenario: Scenario, opts: SimOptions, wasm: WasmSource): Promise<Simulation> {
    const module = await compileKernel(wasm);
    let sim: Simulation | null = null;
    const instance = await WebAssembly.instantiate(module, {
      env: {
        panic: (code: number, a: number, b: number) => sim?.onPanic(code, a, b),
        abort: (_msg: number, _file: number, line: number, col: number) => sim?.onPanic(0, line, col),
        trace: () => {},
        seed: () => 0,
      },
    });
    sim = new Simulation(scenario, opts, instance);
    return sim;
  }

  /**
   * The kernel memory as bytes, re-taken when the memory has grown: growing detaches the old
   * buffer, so its view's length drops to 0 (cheaper to test than asking for memory.buffer).
   */
  mem(): Uint8Array {
    if (this.u8.length === 0) {
      this.u8 = new Uint8Array(this.k.memory.buffer);
      this.dv = new DataView(this.u8.buffer);
    }
    return this.u8;
  }

  /** The kernel memory as a DataView (re-taken with mem()'s). */
  view(): DataView {
    if (this.u8.length === 0) this.mem();
    return this.dv;
  }

  /** The run's clock in ms, read where the kernel keeps a copy (a load costs less than a call). */
  now(): number {
    return this.view().getFloat64(this.clock, true) / 1e6;
  }

  programId(name: string): number {
    let id = this.programIds.get(name);
    if (id === undefined) {
      id = this.programNames.length;
      this.programNames.push(name);
      this.programIds.set(name, id);
    }
    return id;
  }

  /** Starts the run; resolves to the result when every process is gone (or on deadlock). */
  start(paused = false): Promise<RunResult> {
    this.paused = paused;
    this.startedAt = this.lastYield = Date.now();
    const main = this.scenario.main;
    const pid = this.k.create_main(this.programId(main), this.opts.uid ?? 1000, this.opts.gid ?? 1000);
    this.addProc(pid, 1, main, this.opts.args);
    const timeout = this.opts.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.finish();
    }, timeout);
    this.finished.finally(() => clearTimeout(timer)).catch(() => {});
    this.schedule();
    return this.finished;
  }

  run(): Promise<RunResult> {
    return this.start(false);
  }

  addProc(pid: number, ppid: number, program: string, args: unknown): HostProc {
    const hp: HostProc = {
      pid, ppid, program, args, sys: new SimSys(this, pid), op: null, started: false, output: [],
      handlers: new Map(), frames: [], callName: '', call: undefined, spare: null,
    };
    this.procs.set(pid, hp);
    this.byPid[pid] = hp;
    this.order.push(hp);
    return hp;
  }

  /** Called by a process that makes a system call: park it and let the scheduler choose. */
  syscall(hp: HostProc, name: string, args: unknown[]): Promise<unknown> {
    if (this.done) return new Promise(() => {}); // the run is over: this process never resumes
    if (hp.exit) {
      // Killed outside a call (a fault in a Mapping access) but the program went on: it never
      // resumes, and the others run.
      this.schedule();
      return new Promise(() => {});
    }
    let op = hp.spare;
    if (op === null) {
      op = { name, args, resolve: settleLater, reject: failLater, blocked: false, state: undefined, settled: 0, value: undefined };
    } else {
      hp.spare = null;
      op.name = name;
      op.args = args;
    }
    hp.op = op;
    if (!this.paused && ++this.stepsSinceCheck < 1024) {
      // The scheduler's first pick, made now: if it is this very process, its call runs at once
      // and the program gets a settled promise. The same kernel calls in the same order as
      // parking it and pumping, so the schedule is the same.
      let pid: number;
      try {
        pid = this.k.sched_next();
        if (pid === hp.pid && this.execute(hp, op)) {
          if (op.settled === 1) {
            // Settled at once, so nothing kept the op: it serves this process's next call.
            const value = op.value;
            op.settled = 0;
            op.value = undefined;
            op.state = undefined;
            hp.spare = op;
            return value === undefined ? SETTLED_VOID : Promise.resolve(value);
          }
          if (op.settled === 2) return Promise.reject(op.value);
          return this.park(op); // resumed by a signal handler, which settles it later
        }
      } catch (err) {
        this.fail(err);
        return new Promise(() => {});
      }
      const p = this.park(op);
      this.pump(pid === hp.pid ? undefined : pid);
      return p;
    }
    const p = this.park(op);
    this.schedule();
    return p;
  }

  /** The program's promise for a call that has not been settled yet. */
  private park(op: Op): Promise<unknown> {
    return new Promise((resolve, reject) => {
      op.resolve = resolve;
      op.reject = reject;
    });
  }

  /** Runs the scheduler until one process is resumed (its continuation then runs as a microtask). */
  schedule(): void {
    if (this.done) return;
    if (this.paused) {
      this.pumpPending = true;
      const w = this.stepWaiter;
      this.stepWaiter = null;
      w?.();
      return;
    }
    // Yield to the event loop now and then, so timers (the timeout, a UI) keep running.
    if (this.stepsSinceCheck >= 1024) {
      this.stepsSinceCheck = 0;
      const now = Date.now();
      if (now - this.lastYield > 50) {
        this.lastYield = now;
        yieldToHost(() => this.pump());
        return;
      }
    }
    this.pump();
  }

  /** Schedules until a process is resumed; `first` is a pick already made by sched_next. */
  private pump(first?: number): void {
    this.pumpPending = false;
    try {
      while (!this.done) {
        const pid = first ?? this.k.sched_next();
        first = undefined;
        if (pid === -1) return this.finish();
        if (pid === 0) {
          this.deadlock = { blocked: this.blockedList() };
          return this.finish();
        }
        const hp = this.byPid[pid];
        if (!hp) throw new KernelPanic(`scheduler picked unknown pid ${pid}`, 'sim', this.seed, this.k.step_count());
        if (!hp.started) {
          hp.started = true;
          queueMicrotask(() => void this.runProgram(hp));
          return;
        }
        const op = hp.op;
        if (!op) throw new KernelPanic(`pid ${pid} runnable without a call`, 'sim', this.seed, this.k.step_count());
        if (this.execute(hp, op)) return;
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** Performs hp's pending call. True when hp was resumed (so the scheduler must wait for it). */
  private execute(hp: HostProc, op: Op): boolean {
    // A process makes the same call again and again: its last one is kept at hand.
    let call = hp.call;
    if (op.name !== hp.callName) {
      call = CALLS[op.name];
      hp.call = call;
      hp.callName = op.name;
    }
    let raw: number;
    if (!call) {
      raw = -38; // ENOSYS: not (yet) a call of the simulator
    } else {
      try {
        raw = call.run(this, hp, op);
      } catch (err) {
        // A bad argument the kernel never saw (an unknown program, say): the program gets it.
        if (!(err instanceof TypeError)) throw err;
        hp.op = null;
        op.reject(err);
        return true;
      }
    }
    if (this.panic) throw this.panic;
    if (raw === BLOCKED) {
      op.blocked = true;
      return false;
    }
    if (raw === HANDLER) {
      deliverSignals(this, hp, op, call!);
      return true;
    }
    if (raw === DIED) {
      // exit() is traced; a call cut short by a fatal signal never returns, so it is not
      // (natively the process dies inside it before anything can be recorded).
      if (op.name === 'exit') this.record(hp, op, undefined, undefined);
      hp.op = null;
      this.noteExit(hp);
      return false;
    }
    hp.op = null;
    const outcome = this.outcome(hp, op, call, raw);
    if (outcome instanceof SysError) op.reject(outcome);
    else op.resolve(outcome);
    return true;
  }

  /** Records a finished call; returns what settles it later (after signal handlers have run). */
  complete(hp: HostProc, op: Op, call: Call | undefined, raw: number): () => void {
    const outcome = this.outcome(hp, op, call, raw);
    return outcome instanceof SysError ? () => op.reject(outcome) : () => op.resolve(outcome);
  }

  /** Records a finished call: its value, or the SysError it fails with. */
  private outcome(hp: HostProc, op: Op, call: Call | undefined, raw: number): unknown {
    if (raw < 0) {
      const err = new SysError(-raw, op.name);
      this.record(hp, op, undefined, err.code);
      return err;
    }
    const value = call?.value ? call.value(this, hp, op, raw) : raw;
    this.record(hp, op, value, undefined);
    return value;
  }

  private record(hp: HostProc, op: Op, result: unknown, error: string | undefined): void {
    if (op.name.charCodeAt(0) === 36) return; // '$': the host's own calls ($sigreturn), not the program's
    this.log.push(hp.pid, op.name, op.args, result, error, op.blocked, this.now());
    if (this.opts.onEvent) this.opts.onEvent(this.log.event(this.log.length - 1));
  }

  /** Every system call completed so far (TraceEvent objects are made as they are asked for). */
  get trace(): TraceEvent[] {
    return this.log.all();
  }

  private async runProgram(hp: HostProc): Promise<void> {
    const program = this.scenario.programs[hp.program];
    let code = 0;
    try {
      const r = await program(hp.sys, hp.args);
      code = typeof r === 'number' ? r & 0xff : 0;
    } catch (err) {
      if (err instanceof PanicSignal) return;
      if (err instanceof FaultSignal) {
        // A Mapping access killed the process (SIGSEGV, SIGBUS): its exit is recorded already.
        this.schedule();
        return;
      }
      if (err instanceof KernelPanic) return this.fail(err);
      if (err instanceof SysError) hp.output.push(`${err.syscall}: ${err.code}\n`);
      else hp.output.push(`${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
    }
    // Returning from a program is exit(code): a scheduling point like any other, not traced.
    await this.syscall(hp, '$exit', [code]);
  }

  /** Records the exit of every process the kernel has ended since the last look. */
  noteExit(hp: HostProc): void {
    const st = this.k.proc_exit_status(hp.pid);
    if (st < 0) return;
    hp.exit = st & 0x7f ? { signal: signalName(st & 0x7f) } : { code: (st >> 8) & 0xff };
  }

  private blockedList(): BlockedProcess[] {
    const out: BlockedProcess[] = [];
    for (const hp of this.order) {
      if (this.k.proc_exit_status(hp.pid) >= 0) continue;
      out.push({ pid: hp.pid, syscall: SYSNO[this.k.proc_sysno(hp.pid)] ?? '?', waitingOn: this.waitingOn(hp.pid) });
    }
    return out;
  }

  /** The name of pipe `id` as reports show it: 'pipe:3', or 'fifo:/tmp/ipcsim/myfifo'. */
  pipeName(id: number): string {
    const ino = this.k.pipe_fifo_ino(id);
    if (ino === 0) return `pipe:${id}`;
    const len = this.k.fifo_path(ino);
    return `fifo:${new TextDecoder().decode(this.mem().subarray(this.xfer, this.xfer + len))}`;
  }

  /** What a sleeping process waits for, in words: 'pipe:2 (readable)', 'child 104'... */
  waitingOn(pid: number): string {
    const kind = this.k.proc_wait_kind(pid);
    const obj = this.k.proc_wait_obj(pid);
    switch (WAIT_KINDS[kind]) {
      case 'pipe read': return `${this.pipeName(obj)} (readable)`;
      case 'pipe write': return `${this.pipeName(obj)} (writable)`;
      case 'fifo open': return `${this.pipeName(obj)} (partner)`;
      case 'child': return obj === -1 ? 'any child' : `child ${obj}`;
      case 'timer': return 'timer';
      case 'msgsnd': return `msq:${obj} (space)`;
      case 'msgrcv': return `msq:${obj} (message)`;
      case 'semop': return `sem:${obj}[${semKernel(this).sem_blocked_on(pid)}]`;
      default: return WAIT_KINDS[kind] ?? `wait kind ${kind}`;
    }
  }

  private onPanic(code: number, a: number, b: number): void {
    const what = PANICS[code] ?? `abort at line ${a}:${b}`;
    this.panic = new KernelPanic(`${what} (${a}, ${b})`, 'kernel', this.seed, this.k.step_count());
  }

  private fail(err: unknown): void {
    if (this.done) return;
    this.done = true;
    const e = err instanceof WebAssembly.RuntimeError
      ? (this.panic ?? new KernelPanic(err.message, 'kernel', this.seed, this.k.step_count()))
      : err;
    this.rejectDone(e);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    const processes: ProcessRecord[] = this.order.map((hp) => {
      this.noteExit(hp);
      return {
        pid: hp.pid, ppid: hp.ppid, program: hp.program, output: hp.output.join(''),
        // Still alive at a deadlock or timeout: reported as killed, as the native runner does.
        exit: hp.exit ?? { signal: 'SIGKILL' },
      };
    });
    const log = this.log;
    this.result = {
      backend: 'sim', seed: this.seed, processes,
      // Made into TraceEvent objects when first read: a run of millions of calls whose caller only
      // wants the outputs never pays for them.
      get trace(): TraceEvent[] {
        return log.all();
      },
      deadlock: this.deadlock, timedOut: this.timedOut,
    };
    const w = this.stepWaiter;
    this.stepWaiter = null;
    w?.();
    this.resolveDone(this.result);
  }

  // ---- stepping, for the TUI ----

  get isDone(): boolean {
    return this.done;
  }

  /** In stepping mode: lets the scheduler run until one more system call completes. */
  async step(): Promise<TraceEvent | null> {
    if (this.done) return null;
    const before = this.log.length;
    while (!this.done && this.log.length === before) {
      if (!this.pumpPending) {
        // The running process has not parked yet: wait for it.
        await new Promise<void>((r) => (this.stepWaiter = r));
        continue;
      }
      this.pump();
      if (this.log.length === before && !this.done) {
        await new Promise<void>((r) => (this.stepWaiter = r));
      }
    }
    return this.log.length > before ? this.log.last() : null;
  }

  /** Leaves stepping mode and runs to the end. */
  resume(): Promise<RunResult> {
    this.paused = false;
    if (this.pumpPending) this.pump();
    return this.finished;
  }

  pause(): void {
    this.paused = true;
  }

  /** Ends the run now (a UI leaving it): live processes are reported as killed, timers cleared. */
  stop(): void {
    this.finish();
  }

  snapshot(): KernelSnapshot {
    return buildSnapshot(this);
  }

  /** Bytes that went into all pipes, came out, and were discarded with a last close. */
  pipeTotals(): { bytesIn: number; bytesOut: number; discarded: number } {
    this.k.pipe_totals();
    const dv = new DataView(this.mem().buffer, this.xfer, 24);
    return { bytesIn: dv.getFloat64(0, true), bytesOut: dv.getFloat64(8, true), discarded: dv.getFloat64(16, true) };
  }

  /** Called by the panic hook path of runProgram to stop a process quietly. */
  static readonly PanicSignal = PanicSignal;
}
