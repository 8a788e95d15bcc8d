// The scenarios the TUI offers and the runners it uses, from Node: the built-in list with
// descriptions, a Simulation per (scenario, seed), and native runs.
import { BUILTIN, builtinPath } from '../scenarios/builtin.js';
import { loadScenario } from '../scenarios/load.js';
import { createSimulation } from '../scenarios/run-sim.js';
import { runScenario } from '../scenarios/run.js';
import type { SimFactory } from './sim-driver.js';
import type { NativeRunner } from './native-driver.js';

export interface ScenarioItem {
  readonly name: string;
  readonly path: string;
  readonly description?: string;
}

/** The built-in scenarios, with the descriptions their modules declare. */
export async function builtinItems(): Promise<ScenarioItem[]> {
  return Promise.all(BUILTIN.map(async (name) => {
    const path = builtinPath(name)!;
    try {
      const s = await loadScenario(path);
      return { name, path, description: s.description };
    } catch (err) {
      return { name, path, description: `(cannot load: ${err instanceof Error ? err.message : String(err)})` };
    }
  }));
}

/** A stepping run never times out on its own: a person may take their time between steps. */
const STEPPING_TIMEOUT_MS = 2 ** 31 - 1;

export const simFactory: SimFactory = (ref, seed) =>
  createSimulation(ref, { backend: 'sim', seed, timeoutMs: STEPPING_TIMEOUT_MS });

export const nativeRunner: NativeRunner = (ref, seed, timeoutMs, listen) =>
  runScenario(ref, { backend: 'native', seed, timeoutMs, onEvent: listen?.onEvent, onSnapshot: listen?.onSnapshot });
