// Helpers for tests that drive the simulator directly (no module files needed).
import { defineScenario } from '../../src/scenarios/define.js';
import { Simulation, type SimOptions } from '../../src/sim/simulation.js';
import { kernelBytes } from '../../src/scenarios/run-sim.js';
import type { Program, RunResult } from '../../src/api/types.js';

export async function simulate(programs: Record<string, Program>, opts: SimOptions = {}): Promise<RunResult> {
  const scenario = defineScenario({ name: 'test', programs });
  const sim = await Simulation.create(scenario, { uid: 0, gid: 0, ...opts }, kernelBytes());
  return sim.run();
}

export async function simulation(programs: Record<string, Program>, opts: SimOptions = {}): Promise<Simulation> {
  const scenario = defineScenario({ name: 'test', programs });
  return Simulation.create(scenario, { uid: 0, gid: 0, ...opts }, kernelBytes());
}

/** The output of the main process. */
export function out(r: RunResult): string {
  return r.processes[0].output;
}
