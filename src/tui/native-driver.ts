// Runs a scenario on the native backend for the TUI. While the run goes on, the runner reports
// each system call (a few ms late) and a snapshot of what Linux shows (every 100 ms); the driver
// passes them on at most every RENDER_MS, so the screen follows the run without redrawing per
// call; the whole run replaces them when it completes. Off Linux the backend is unavailable.
import type { KernelSnapshot } from '../api/snapshot.js';
import type { RunResult, TraceEvent } from '../api/types.js';

export interface NativeListeners {
  onEvent(e: TraceEvent): void;
  onSnapshot(s: KernelSnapshot): void;
}

export type NativeRunner = (ref: string, seed: number, timeoutMs: number, listen?: NativeListeners) => Promise<RunResult>;

/** Least time between two live updates of the screen (~20 a second). */
export const RENDER_MS = 50;

export type NativeStatus = 'idle' | 'running' | 'done' | 'error' | 'unavailable';

export interface NativeState {
  readonly status: NativeStatus;
  readonly result?: RunResult;
  /** Why there is no result: the error, or why the backend cannot run here. */
  readonly reason?: string;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly timeoutMs: number;
  /** While running: the calls seen so far, and the latest snapshot (kept once done). */
  readonly trace: readonly TraceEvent[];
  readonly snapshot?: KernelSnapshot;
}

export const NATIVE_TIMEOUT_MS = 30_000;

/** Why the native backend cannot run on this platform, or undefined when it can. */
export function nativeUnavailable(platform: string): string | undefined {
  return platform === 'linux' ? undefined : `the native backend needs Linux (this host is ${platform})`;
}

export class NativeDriver {
  private gen = 0;
  state: NativeState;

  constructor(private readonly runner: NativeRunner, platform: string,
    private readonly onChange: (s: NativeState) => void, private readonly timeoutMs = NATIVE_TIMEOUT_MS) {
    const reason = nativeUnavailable(platform);
    this.state = reason ? { status: 'unavailable', reason, timeoutMs, trace: [] } : { status: 'idle', timeoutMs, trace: [] };
  }

  /** Starts a run (a run still going on is left to finish; its result is ignored). */
  start(ref: string, seed: number): void {
    if (this.state.status === 'unavailable') return;
    const gen = ++this.gen;
    this.cancelFlush();
    this.set({ status: 'running', startedAt: Date.now(), timeoutMs: this.timeoutMs, trace: [] });
    const trace: TraceEvent[] = [];
    let snapshot: KernelSnapshot | undefined;
    const flush = () => {
      this.timer = undefined;
      if (gen === this.gen && this.state.status === 'running') this.set({ ...this.state, trace: [...trace], snapshot });
    };
    const later = () => {
      if (gen === this.gen && this.timer === undefined) this.timer = setTimeout(flush, RENDER_MS);
    };
    const listen: NativeListeners = {
      onEvent: (e) => { trace.push(e); later(); },
      onSnapshot: (s) => { snapshot = s; later(); },
    };
    this.runner(ref, seed, this.timeoutMs, listen).then(
      (result) => {
        if (gen !== this.gen) return;
        this.cancelFlush();
        this.set({ ...this.state, status: 'done', result, snapshot, endedAt: Date.now() });
      },
      (err) => {
        if (gen === this.gen) {
          this.cancelFlush();
          this.set({ ...this.state, status: 'error', reason: err instanceof Error ? err.message : String(err), endedAt: Date.now() });
        }
      },
    );
  }

  /** Forgets the last run (the next view of native starts a new one). */
  reset(): void {
    if (this.state.status === 'unavailable') return;
    this.gen++;
    this.cancelFlush();
    this.set({ status: 'idle', timeoutMs: this.timeoutMs, trace: [] });
  }

  private timer: ReturnType<typeof setTimeout> | undefined;

  private cancelFlush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private set(s: NativeState): void {
    this.state = s;
    this.onChange(s);
  }
}
