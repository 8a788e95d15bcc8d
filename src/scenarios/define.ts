import type { Scenario, ScenarioSpec } from '../api/types.js';

/** Declares a scenario: named programs, the one main runs, and optionally the expected outcome. */
export function defineScenario(spec: ScenarioSpec): Scenario {
  if (spec === null || typeof spec !== 'object') throw new TypeError('defineScenario: expected an object');
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw new TypeError("defineScenario: 'name' must be a non-empty string");
  }
  if (spec.programs === null || typeof spec.programs !== 'object') {
    throw new TypeError("defineScenario: 'programs' must be an object of async functions");
  }
  for (const [name, program] of Object.entries(spec.programs)) {
    if (typeof program !== 'function') {
      throw new TypeError(`defineScenario: program '${name}' must be a function`);
    }
  }
  const main = spec.main ?? 'main';
  if (!(main in spec.programs)) {
    throw new TypeError(`defineScenario: scenario '${spec.name}' has no program '${main}'`);
  }
  return Object.freeze({ ...spec, main, __ipcsim: 'scenario' as const });
}

export function isScenario(value: unknown): value is Scenario {
  return value !== null && typeof value === 'object' && (value as Scenario).__ipcsim === 'scenario';
}
