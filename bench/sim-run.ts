// One simulator run of a bench scenario in a Node process of its own, so that every run starts
// from a fresh heap as the native and C runs do (a run's trace is kept in memory until it ends,
// and what one run leaves to the garbage collector would slow the next). Prints the main
// program's output, or the reason the run failed on stderr with exit status 1.
// Usage: node dist/bench/sim-run.js <scenario module> '<JSON args>'
// (also the command to profile the simulator on one row: add --cpu-prof).
import { runScenario } from '../src/scenarios/run.js';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import type { RunResult } from '../src/api/types.js';

/** Why a bench run does not count, or null when every process exited 0. */
export function runFailure(r: RunResult): string | null {
  if (r.timedOut) return 'timed out';
  if (r.deadlock) return `deadlocked: ${JSON.stringify(r.deadlock.blocked)}`;
  const bad = r.processes.find((p) => !('code' in p.exit) || p.exit.code !== 0);
  if (!bad) return null;
  const output = r.processes.map((p) => p.output.trim()).filter(Boolean).join('\n');
  return `${bad.program} ended with ${JSON.stringify(bad.exit)}${output ? `\n${output}` : ''}`;
}

export const RUN_TIMEOUT_MS = 180_000;

async function main(argv: string[]): Promise<number> {
  if (argv.length !== 2) {
    process.stderr.write('usage: node dist/bench/sim-run.js <scenario module> <JSON args>\n');
    return 2;
  }
  const r = await runScenario(argv[0], { backend: 'sim', args: JSON.parse(argv[1]), timeoutMs: RUN_TIMEOUT_MS });
  const failure = runFailure(r);
  if (failure) {
    process.stderr.write(`${failure}\n`);
    return 1;
  }
  process.stdout.write(r.processes[0].output);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
