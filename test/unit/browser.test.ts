// assembly/ and src/sim must run unchanged in a browser: no node: imports. esbuild bundles
// src/sim for the browser platform (it fails on any Node builtin), and the bundle then runs a
// scenario given only the wasm bytes, as a web page would.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { kernelBytes } from '../../src/scenarios/run-sim.js';

describe('the simulator in a browser', () => {
  it('bundles for the browser platform and runs from wasm bytes alone', async () => {
    const dir = mkdtempSync(join(new URL('../../node_modules/.cache/', import.meta.url).pathname, 'browser-'));
    try {
      const out = join(dir, 'sim.mjs');
      const result = await build({
        entryPoints: [new URL('../../src/sim/index.ts', import.meta.url).pathname],
        bundle: true, format: 'esm', platform: 'browser', outfile: out, write: true, logLevel: 'silent',
      });
      expect(result.errors).toEqual([]);
      expect(readFileSync(out, 'utf8')).not.toMatch(/from ["']node:|require\(["']node:/);
      const sim = await import(pathToFileURL(out).href);
      const scenario = sim.defineScenario({
        name: 'browser',
        programs: {
          async main(sys: any) {
            const [r, w] = await sys.pipe();
            await sys.write(w, 'in a browser');
            await sys.print(new TextDecoder().decode(await sys.read(r, 100)));
          },
        },
      });
      const run = await (await sim.Simulation.create(scenario, { seed: 3 }, kernelBytes())).run();
      expect(run.processes[0].output).toBe('in a browser\n');
      writeFileSync(join(dir, 'done'), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
