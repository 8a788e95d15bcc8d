#!/usr/bin/env node
// The `ipcsim` command: run a scenario on the simulator, natively, or both and compare.
import { existsSync } from 'node:fs';
import { runScenario } from './scenarios/run.js';
import { compareRuns } from './scenarios/compare.js';
import { BUILTIN, builtinPath } from './scenarios/builtin.js';
import { matchHost } from './scenarios/host.js';
import { encodeValue, showValue } from './api/trace.js';
import type { Backend, RunResult } from './api/types.js';

const USAGE = `usage:
  ipcsim                                   the TUI, on the built-in scenarios
  ipcsim tui [scenario]                    the TUI on one scenario
  ipcsim run <scenario> [--backend sim|native|both] [--seed N] [--json] [--timeout MS]
                                           run it; 'both' compares and exits 1 on a divergence
  ipcsim list                              the built-in scenarios
  ipcsim bench [--json]                    sim vs native vs C, ratios in one run

<scenario> is a built-in name (see 'ipcsim list') or a module path (.ts, .js, .mjs), optionally
with #exportName.`;

function fail(msg: string): never {
  process.stderr.write(`ipcsim: ${msg}\n\n${USAGE}\n`);
  process.exit(2);
}

export function resolveScenario(name: string): string {
  const builtin = builtinPath(name);
  if (builtin) return builtin;
  const file = name.split('#')[0];
  if (!existsSync(file)) fail(`no scenario '${name}': not a built-in name nor an existing file`);
  return name;
}

function parseFlags(argv: string[]): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split('=', 2);
    if (['json', 'help'].includes(key)) flags[key] = true;
    else if (inline !== undefined) flags[key] = inline;
    else if (i + 1 < argv.length) flags[key] = argv[++i];
    else fail(`--${key} needs a value`);
  }
  return { positional, flags };
}

function printRun(r: RunResult): void {
  const out = process.stdout;
  out.write(`== ${r.backend} (seed ${r.seed})${r.timedOut ? ' TIMED OUT' : ''}\n`);
  for (const p of r.processes) {
    const exit = 'code' in p.exit ? `exit ${p.exit.code}` : `killed by ${p.exit.signal}`;
    out.write(`-- pid ${p.pid} (${p.program}, parent ${p.ppid}): ${exit}\n`);
    for (const line of p.output.replace(/\n$/, '').split('\n')) if (p.output) out.write(`   | ${line}\n`);
  }
  out.write(`-- trace: ${r.trace.length} calls\n`);
  for (const e of r.trace) {
    const res = e.error ?? showValue(e.result);
    out.write(`   ${e.t.toFixed(3).padStart(10)} ms  ${String(e.pid).padStart(6)}  ` +
      `${e.syscall}(${e.args.map((a) => showValue(a)).join(', ')})${res === '' ? '' : ` = ${res}`}` +
      `${e.blocked ? '  [blocked]' : ''}\n`);
  }
  if (r.deadlock) {
    out.write('-- DEADLOCK: every live process is blocked\n');
    for (const b of r.deadlock.blocked) out.write(`   pid ${b.pid} in ${b.syscall}, waiting on ${b.waitingOn}\n`);
  }
}

async function cmdRun(args: string[]): Promise<number> {
  const { positional, flags } = parseFlags(args);
  if (positional.length !== 1) fail('run takes one scenario');
  const ref = resolveScenario(positional[0]);
  const backend = (flags.backend ?? 'sim') as Backend | 'both';
  if (!['sim', 'native', 'both'].includes(backend)) fail(`--backend must be sim, native or both`);
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0) fail('--seed must be a non-negative integer');
  const timeoutMs = flags.timeout === undefined ? undefined : Number(flags.timeout);
  const backends: Backend[] = backend === 'both' ? ['sim', 'native'] : [backend];
  const results: RunResult[] = [];
  // Compared with Linux, the simulated root gets the capabilities root has here.
  const host = backend === 'both' ? matchHost() : {};
  for (const b of backends) results.push(await runScenario(ref, { backend: b, seed, timeoutMs, ...(b === 'sim' ? host : {}) }));
  const cmp = results.length === 2 ? compareRuns(results[0], results[1]) : undefined;
  if (flags.json) {
    const doc = results.length === 1 ? encodeValue(results[0]) : { runs: encodeValue(results), comparison: cmp };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    for (const r of results) printRun(r);
    if (cmp) {
      process.stdout.write(cmp.same ? '== sim and native agree\n' : `== DIVERGENCE\n${cmp.firstDivergence}\n`);
    }
  }
  const bad = results.some((r) => r.timedOut) || (cmp !== undefined && !cmp.same);
  return bad ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'run':
      return cmdRun(rest);
    case 'list':
      for (const name of BUILTIN) process.stdout.write(`${name}\n`);
      return 0;
    case 'bench': {
      const benchModule = '../bench/index.js'; // outside src/: resolved at run time
      const { runBench } = await import(benchModule);
      return runBench(rest);
    }
    case undefined:
    case 'tui': {
      const tuiModule = './tui/main.js';
      const tui = await import(tuiModule).catch((err) => {
        if (err?.code === 'ERR_MODULE_NOT_FOUND') return null;
        throw err;
      });
      if (!tui) {
        process.stdout.write(`${USAGE}\n\nbuilt-in scenarios:\n${BUILTIN.map((n) => `  ${n}`).join('\n')}\n`);
        return 0;
      }
      return tui.runTui(rest[0] ? resolveScenario(rest[0]) : undefined);
    }
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      fail(`unknown command '${cmd}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`ipcsim: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
