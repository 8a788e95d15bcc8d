// Conformance harness: every scenario exported by a cases module is run on the simulator (seeds 1
// and 2, so an outcome that depends on the schedule shows up) and, on Linux, natively; both runs
// must give the outcome the scenario's `expect` pins. The native run is the judge of Linux
// behaviour: a case whose expectation Linux disagrees with is a wrong case, not a native bug.
import { afterAll, describe, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from 'ipcsim';
import type { Backend, Expectation, ProcessRecord, RunResult, Scenario, TraceEvent } from 'ipcsim';
import { matchHost } from '../../src/scenarios/host.js';
import { processNames } from '../../src/scenarios/compare.js';
import { isScenario } from '../../src/scenarios/define.js';
import { showValue } from '../../src/api/trace.js';

const SIM_SEEDS = [1, 2];
const NATIVE_SEED = 1;
const RUN_TIMEOUT_MS = 20_000;
const TRACE_TAIL = 30;

export interface ConformanceOptions {
  /** Export names of cases that cannot run natively (a deadlock natively is only a timeout). */
  simOnly?: string[];
}

/**
 * Declares one vitest `describe` per scenario exported by the module at `moduleUrl` (pass the
 * module's namespace as `cases`), with an `it('sim')` and, on Linux, an `it('native')`.
 */
export function conformance(moduleUrl: string, cases: Record<string, unknown>, options: ConformanceOptions = {}): void {
  const modulePath = moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl;
  const ran: Record<Backend, number> = { sim: 0, native: 0 };
  const failed: Record<Backend, number> = { sim: 0, native: 0 };

  for (const [exportName, value] of Object.entries(cases)) {
    if (!isScenario(value)) continue;
    const scenario = value;
    const ref = `${modulePath}#${exportName}`;
    const simOnly = scenario.expect?.deadlock === true || (options.simOnly ?? []).includes(exportName);
    // A case that switches users needs root: the simulator runs it as root, natively it is
    // skipped (not passed) unless this process is root.
    const needsRoot = scenario.expect?.needsRoot === true;
    const nativeSkipped = process.platform !== 'linux' || simOnly || (needsRoot && process.getuid?.() !== 0);

    // A case counts as run on a backend once every seed's run has completed, whatever its outcome.
    const runAndCheck = async (backend: Backend, seeds: number[]): Promise<void> => {
      const reports: string[] = [];
      try {
        for (const seed of seeds) {
          const result = await runScenario(ref, { backend, seed, timeoutMs: RUN_TIMEOUT_MS, ...credentials(backend, needsRoot) });
          const problems = checkExpectation(scenario.expect ?? {}, result);
          if (problems.length > 0) reports.push(failureReport(scenario, exportName, result, seed, problems));
        }
      } catch (err) {
        failed[backend]++;
        throw err;
      }
      ran[backend]++;
      if (reports.length > 0) {
        failed[backend]++;
        throw new Error(reports.join('\n\n'));
      }
    };

    describe(scenario.name, () => {
      it('sim', () => runAndCheck('sim', SIM_SEEDS));
      it.skipIf(nativeSkipped)('native', () => runAndCheck('native', [NATIVE_SEED]));
    });
  }

  afterAll(() => {
    recordCounts(basename(modulePath), ran, failed);
    console.log(`${basename(modulePath)}: ${ran.sim} cases on sim, ${ran.native} on native`);
  });
}

/**
 * Credentials of a run. A case that switches users starts as root on both backends: uid 0 and gid
 * 0 given explicitly, so that natively its processes start with no supplementary groups, as the
 * simulator's do (a supplementary group would put a setuid'd process in an object's group class).
 * On the simulator root has the capabilities the host's root has (when the host runs as root;
 * else all, as the case then runs natively as someone else or not at all).
 */
function credentials(backend: Backend, needsRoot: boolean): { uid?: number; gid?: number; capabilities?: string[] } {
  const ids = needsRoot ? { uid: 0, gid: 0 } : {};
  if (backend !== 'sim') return ids;
  return { ...ids, ...matchHost() };
}

/** Names processes by their place in the fork tree: 'main', 'main.1' (main's first child)... */
export function nameProcesses(processes: ProcessRecord[]): Map<string, ProcessRecord> {
  const names = processNames(processes);
  return new Map(processes.map((p) => [names.get(p.pid)!, p]));
}

/** Everything in which a run differs from the expectation; empty when it conforms. */
export function checkExpectation(expect: Expectation, result: RunResult): string[] {
  const problems: string[] = [];
  const named = nameProcesses(result.processes);
  if (result.timedOut) problems.push('the run timed out');
  if (expect.deadlock === true) {
    if (result.deadlock === null) problems.push('expected a deadlock, but the run ended without one');
  } else if (result.deadlock !== null) {
    const who = result.deadlock.blocked.map((b) => `pid ${b.pid} in ${b.syscall} on ${b.waitingOn}`);
    problems.push(`unexpected deadlock: ${who.join('; ')}`);
  }
  for (const [name, want] of Object.entries(expect.output ?? {})) {
    const proc = named.get(name);
    if (proc === undefined) {
      problems.push(`expected output of ${name}, but no process has that name`);
      continue;
    }
    if (!outputMatches(proc.output, want)) {
      problems.push(`output of ${name}:\n    expected ${showWant(want)}\n    got      ${JSON.stringify(proc.output)}`);
    }
  }
  for (const name of Object.keys(expect.exit ?? {})) {
    if (!named.has(name)) problems.push(`expected an exit of ${name}, but no process has that name`);
  }
  for (const [name, proc] of named) {
    const want = expect.exit?.[name];
    // In a deadlock the blocked processes end however the runner stops them.
    if (want === undefined && expect.deadlock === true) continue;
    const wanted = want ?? { code: 0 };
    if (!sameExit(proc.exit, wanted)) {
      problems.push(`exit of ${name}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(proc.exit)}`);
    }
  }
  return problems;
}

function outputMatches(output: string, want: string | RegExp): boolean {
  if (typeof want === 'string') return output === want;
  want.lastIndex = 0;
  return want.test(output);
}

function showWant(want: string | RegExp): string {
  return typeof want === 'string' ? JSON.stringify(want) : String(want);
}

function sameExit(got: ProcessRecord['exit'], want: ProcessRecord['exit']): boolean {
  if ('code' in want) return 'code' in got && got.code === want.code;
  return 'signal' in got && got.signal === want.signal;
}

function failureReport(scenario: Scenario, exportName: string, result: RunResult, seed: number,
  problems: string[]): string {
  const lines = [`${scenario.name} (${exportName}) failed on ${result.backend}, seed ${seed}:`];
  for (const problem of problems) lines.push(`  - ${problem}`);
  lines.push('processes:');
  for (const [name, proc] of nameProcesses(result.processes)) {
    lines.push(`  ${name}: pid ${proc.pid}, ppid ${proc.ppid}, program ${proc.program}, exit ${JSON.stringify(proc.exit)}`);
    lines.push(`    output: ${JSON.stringify(proc.output)}`);
  }
  const tail = result.trace.slice(-TRACE_TAIL);
  lines.push(`last ${tail.length} of ${result.trace.length} trace events:`);
  for (const event of tail) lines.push(`  ${showEvent(event)}`);
  return lines.join('\n');
}

function showEvent(e: TraceEvent): string {
  const args = e.args.map((a) => showValue(a)).join(', ');
  const outcome = e.error !== undefined ? `-1 ${e.error}` : showValue(e.result);
  return `#${e.seq} t=${e.t} pid ${e.pid} ${e.syscall}(${args}) = ${outcome}${e.blocked ? ' [blocked]' : ''}`;
}

// Counts across the files of one vitest run: global-setup.ts made a directory for them and prints
// the total when the run ends.
type Counts = { ran: Record<Backend, number>; failed: Record<Backend, number> };

function recordCounts(file: string, ran: Record<Backend, number>, failed: Record<Backend, number>): void {
  const dir = process.env.IPCSIM_COUNTS_DIR;
  if (dir) writeFileSync(join(dir, `${file}.json`), JSON.stringify({ ran, failed } satisfies Counts));
}
