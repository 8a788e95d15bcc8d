// Drives one Simulation for the TUI: load, step one system call, run at a pace or flat out, pause.
// Every operation on the Simulation goes through one queue, so a step never overlaps another.
// It knows the Simulation only through its public stepping API and snapshot(), never wasm memory.
import type { KernelSnapshot } from '../api/snapshot.js';
import type { RunResult, TraceEvent } from '../api/types.js';
import type { Simulation } from '../sim/simulation.js';
import type { RunStatus } from './components/Header.js';

/** Makes a simulation of the scenario at `ref` with `seed`, not yet started. */
export type SimFactory = (ref: string, seed: number) => Promise<Simulation>;

export interface SimState {
  readonly status: RunStatus;
  readonly seed: number;
  readonly name?: string;
  readonly snapshot?: KernelSnapshot;
  /** The latest calls (at most TRACE_TAIL; the whole trace is in `result` at the end). */
  readonly trace: readonly TraceEvent[];
  /** System calls completed so far. */
  readonly steps: number;
  readonly result?: RunResult;
  readonly error?: string;
  /** Wall-clock ms when the current run (r/e) started, for the progress line. */
  readonly runStartedAt?: number;
  readonly runStartedStep?: number;
}

const FRAME_MS = 40;
/** Calls kept for the trace pane: more than any screen shows, few enough to copy each frame. */
export const TRACE_TAIL = 400;

export class SimDriver {
  private sim: Simulation | undefined;
  private gen = 0;
  private queue: Promise<void> = Promise.resolve();
  private running = false;
  private delayMs = 50;
  private lastPaint = 0;
  state: SimState = { status: 'loading', seed: 1, trace: [], steps: 0 };

  constructor(private readonly create: SimFactory, private readonly onChange: (s: SimState) => void) {}

  /** Loads (or reloads) the scenario with `seed`, ready to step. */
  load(ref: string, seed: number): Promise<void> {
    const gen = ++this.gen;
    this.running = false;
    this.sim = undefined;
    this.set({ status: 'loading', seed, trace: [], steps: 0, name: this.state.name });
    const p = this.enqueue(async () => {
      let sim: Simulation;
      try {
        sim = await this.create(ref, seed);
      } catch (err) {
        if (gen === this.gen) this.set({ ...this.state, status: 'error', error: message(err) });
        return;
      }
      if (gen !== this.gen) return;
      this.sim = sim;
      sim.finished.then(
        (result) => {
          if (gen !== this.gen) return;
          const status: RunStatus = result.deadlock ? 'deadlock' : result.timedOut ? 'timeout' : 'done';
          this.running = false;
          this.paint({ result, status });
        },
        (err) => {
          if (gen !== this.gen) return;
          this.running = false;
          this.paint({ status: 'error', error: message(err) });
        },
      );
      sim.start(true).catch(() => {}); // failures arrive through `finished` above
      this.paint({ status: 'stepping', name: sim.scenario.name });
    });
    return p;
  }

  /** Runs until one more system call completes (pausing a run first). */
  step(): Promise<void> {
    this.running = false;
    return this.enqueue(async () => {
      const sim = this.sim;
      if (!sim || sim.isDone) return;
      await sim.step();
      if (!sim.isDone) this.paint({ status: 'stepping' });
      else this.paint({});
    });
  }

  /** Keeps stepping, `delayMs` apart (0: flat out, repainting now and then), until paused or done. */
  run(delayMs: number): void {
    this.delayMs = delayMs;
    if (this.running || !this.sim || this.sim.isDone) return;
    this.running = true;
    const gen = this.gen;
    this.paint({ status: 'running', runStartedAt: Date.now(), runStartedStep: this.sim.trace.length });
    void this.enqueue(async () => {
      const sim = this.sim;
      while (sim && this.running && gen === this.gen && !sim.isDone) {
        await sim.step();
        if (this.delayMs > 0) {
          this.paint({});
          await sleep(this.delayMs);
        } else if (Date.now() - this.lastPaint >= FRAME_MS) {
          this.paint({});
          await new Promise<void>((r) => setImmediate(r)); // let keys and the renderer in
        }
      }
      if (gen === this.gen && sim && !sim.isDone) this.paint({});
    });
  }

  /** Changes the pace of a run in progress (or of the next one). */
  setDelay(delayMs: number): void {
    this.delayMs = delayMs;
  }

  pause(): void {
    if (!this.running) return;
    this.running = false;
    this.set({ ...this.state, status: 'paused' });
  }

  /** Stops listening to the current simulation (it is left parked: nothing runs it any more). */
  dispose(): void {
    this.gen++;
    this.running = false;
    this.sim = undefined;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(op, op).catch((err) => {
      this.set({ ...this.state, status: 'error', error: message(err) });
    });
    return this.queue;
  }

  /** Takes a fresh snapshot and tells the app. */
  private paint(change: Partial<SimState>): void {
    const sim = this.sim;
    this.lastPaint = Date.now();
    const next: SimState = { ...this.state, ...change };
    if (sim) {
      let snapshot = next.snapshot;
      try {
        snapshot = sim.snapshot();
      } catch {
        // a panicked kernel: keep the last picture
      }
      this.set({ ...next, snapshot, trace: sim.trace.slice(-TRACE_TAIL), steps: sim.trace.length });
    } else {
      this.set(next);
    }
  }

  private set(s: SimState): void {
    this.state = s;
    this.onChange(s);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
