import type { RunOptions, RunResult } from '../api/types.js';
import { runNative } from '../native/runner.js';
import { runSim } from './run-sim.js';

/**
 * Runs the scenario exported by a module (default export, or `path#name` for a named export)
 * on one backend.
 */
export async function runScenario(path: string | URL, opts: RunOptions): Promise<RunResult> {
  if (opts === null || typeof opts !== 'object') throw new TypeError("runScenario: 'opts' must be an object");
  const ref = typeof path === 'string' ? path : path.href;
  if (typeof ref !== 'string') throw new TypeError("runScenario: 'path' must be a string or URL");
  if (opts.backend === 'sim') return runSim(ref, opts);
  if (opts.backend === 'native') return runNative(ref, opts);
  throw new TypeError(`runScenario: 'backend' must be 'sim' or 'native', got ${String(opts.backend)}`);
}
