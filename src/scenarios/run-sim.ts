// Runs a scenario module on the simulator, from Node: finds the kernel's wasm beside the package.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunOptions, RunResult, Scenario } from '../api/types.js';
import { Simulation, type SimOptions } from '../sim/simulation.js';
import { loadScenario } from './load.js';

let wasm: Uint8Array | null = null;

/** The kernel's bytes: build/kernel.wasm at the package root (from src/ or dist/src/). */
export function kernelBytes(): Uint8Array {
  if (wasm) return wasm;
  for (const rel of ['../../build/kernel.wasm', '../../../build/kernel.wasm']) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(file)) return (wasm = readFileSync(file));
  }
  throw new Error('build/kernel.wasm not found: run `npm run build` first');
}

export function simOptions(opts: RunOptions): SimOptions {
  return {
    seed: opts.seed, args: opts.args, timeoutMs: opts.timeoutMs, limits: opts.limits,
    uid: opts.uid ?? defaultId('uid'), gid: opts.gid ?? defaultId('gid'), capabilities: opts.capabilities,
    onEvent: opts.onEvent,
  };
}

/** The invoking user's id, as the native backend would run as (1000 where there is none). */
function defaultId(which: 'uid' | 'gid'): number {
  const p = globalThis.process as { getuid?: () => number; getgid?: () => number } | undefined;
  const f = which === 'uid' ? p?.getuid : p?.getgid;
  return typeof f === 'function' ? f() : 1000;
}

export async function createSimulation(ref: string | Scenario, opts: RunOptions): Promise<Simulation> {
  const scenario = typeof ref === 'string' ? await loadScenario(ref) : ref;
  return Simulation.create(scenario, simOptions(opts), kernelBytes());
}

export async function runSim(ref: string, opts: RunOptions): Promise<RunResult> {
  const sim = await createSimulation(ref, opts);
  return sim.run();
}
