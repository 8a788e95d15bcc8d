// Every built-in scenario gives the same normalised result on the simulator and on Linux, as
// `ipcsim run <name> --backend both` checks.
import { describe, expect, it } from 'vitest';
import { BUILTIN, builtinPath } from '../src/scenarios/builtin.js';
import { runScenario } from '../src/scenarios/run.js';
import { compareRuns } from '../src/scenarios/compare.js';
import { matchHost } from '../src/scenarios/host.js';

// Concurrent: most of a native run is its programs' sleeps.
describe.skipIf(process.platform !== 'linux').concurrent('built-in scenarios agree with Linux', () => {
  for (const name of BUILTIN) {
    it(name, async () => {
      const ref = builtinPath(name)!;
      const sim = await runScenario(ref, { backend: 'sim', seed: 1, ...matchHost() });
      const native = await runScenario(ref, { backend: 'native', seed: 1, timeoutMs: 60_000 });
      const cmp = compareRuns(sim, native);
      expect(cmp.firstDivergence ?? 'agree', `seed 1`).toBe('agree');
      expect(sim.deadlock).toBeNull();
      expect(native.timedOut).toBe(false);
    }, 90_000);
  }
});
