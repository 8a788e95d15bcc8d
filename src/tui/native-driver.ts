// Runs a scenario on the native backend for the TUI. The native runner reports nothing until the
// run ends, so the app shows a progress bar (time against the run's timeout) meanwhile and the
// whole run when it completes. Off Linux the backend is unavailable, with the reason.
import type { RunResult } from '../api/types.js';

export type NativeRunner = (ref: string, seed: number, timeoutMs: number) => Promise<RunResult>;

export type NativeStatus = 'idle' | 'running' | 'done' | 'error' | 'unavailable';

export interface NativeState {
  readonly status: NativeStatus;
  readonly result?: RunResult;
  /** Why there is no result: the error, or why the backend cannot run here. */
  readonly reason?: string;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly timeoutMs: number;
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
    this.state = reason ? { status: 'unavailable', reason, timeoutMs } : { status: 'idle', timeoutMs };
  }

  /** Starts a run (a run still going on is left to finish; its result is ignored). */
  start(ref: string, seed: number): void {
    if (this.state.status === 'unavailable') return;
    const gen = ++this.gen;
    this.set({ status: 'running', startedAt: Date.now(), timeoutMs: this.timeoutMs });
    this.runner(ref, seed, this.timeoutMs).then(
      (result) => {
        if (gen === this.gen) this.set({ ...this.state, status: 'done', result, endedAt: Date.now() });
      },
      (err) => {
        if (gen === this.gen) {
          this.set({ ...this.state, status: 'error', reason: err instanceof Error ? err.message : String(err), endedAt: Date.now() });
        }
      },
    );
  }

  /** Forgets the last run (the next view of native starts a new one). */
  reset(): void {
    if (this.state.status === 'unavailable') return;
    this.gen++;
    this.set({ status: 'idle', timeoutMs: this.timeoutMs });
  }

  private set(s: NativeState): void {
    this.state = s;
    this.onChange(s);
  }
}
