// `npm run bench` / `ipcsim bench`: the same pipe workloads on the simulator, on the native backend
// and as plain C programs (gcc -O2, compiled into a temporary directory at bench time), in one
// run, with ratios. Each program times its own measured loop after a warm-up, so process start-up
// is left out; each figure is the best of several runs. With --json the one document of
// shared/DESIGN.md (Performance) is printed on stdout; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../src/scenarios/run.js';
import type { Backend } from '../src/api/types.js';
import { runFailure, RUN_TIMEOUT_MS } from './sim-run.js';
import type { BenchArgs } from './scenarios/measure.js';

export type BenchBackend = Backend | 'c';
const BACKENDS: readonly BenchBackend[] = ['sim', 'native', 'c'];

export interface BenchResult {
  name: string;
  unit: string;
  better: 'lower' | 'higher';
  sim?: number;
  native?: number;
  c?: number;
}

export interface BenchDocument {
  machine: { cpus: number; node: string; platform: string };
  results: BenchResult[];
}

/** What a program measured: `ops` operations moving `bytes` bytes in `ns` nanoseconds. */
interface Measurement { ops: number; ns: number; bytes: number }

interface Row {
  name: string;
  unit: string;
  better: 'lower' | 'higher';
  /** bench/scenarios/<module> and bench/c/<module>.c */
  module: string;
  /** Operation count of --quick runs. */
  quickOps: number;
  figure(m: Measurement): number;
}

const perOp = (m: Measurement): number => m.ns / m.ops;
const megabytesPerSecond = (m: Measurement): number => (m.bytes / 1e6) / (m.ns / 1e9);

const ROWS: readonly Row[] = [
  { name: 'pipe-write-read-1b', unit: 'ns/pair', better: 'lower', module: 'pipe-write-read-1b', quickOps: 200, figure: perOp },
  { name: 'pipe-pingpong', unit: 'ns/roundtrip', better: 'lower', module: 'pipe-pingpong', quickOps: 100, figure: perOp },
  { name: 'pipe-throughput-64k', unit: 'MB/s', better: 'higher', module: 'pipe-throughput-64k', quickOps: 16, figure: megabytesPerSecond },
  { name: 'shm-copy-64m', unit: 'MB/s', better: 'higher', module: 'shm-copy-64m', quickOps: 2, figure: megabytesPerSecond },
  { name: 'msg-pingpong', unit: 'ns/roundtrip', better: 'lower', module: 'msg-pingpong', quickOps: 100, figure: perOp },
  { name: 'msg-throughput-64b', unit: 'ns/msg', better: 'lower', module: 'msg-throughput-64b', quickOps: 200, figure: perOp },
  { name: 'sem-pingpong', unit: 'ns/roundtrip', better: 'lower', module: 'sem-pingpong', quickOps: 100, figure: perOp },
  { name: 'sem-uncontended-pv', unit: 'ns/pv', better: 'lower', module: 'sem-uncontended-pv', quickOps: 200, figure: perOp },
];

/** The issue's targets: the simulator at least `factor` times faster than the native backend. */
const TARGETS: readonly { row: string; factor: number }[] = [
  { row: 'pipe-pingpong', factor: 5 },
  { row: 'pipe-write-read-1b', factor: 3 },
  { row: 'shm-copy-64m', factor: 0.5 }, // bulk copies: at least half the native bandwidth
  { row: 'msg-pingpong', factor: 5 },
  { row: 'msg-throughput-64b', factor: 5 },
  { row: 'sem-pingpong', factor: 5 },
  { row: 'sem-uncontended-pv', factor: 5 },
];

const USAGE = `usage: ipcsim bench [--json] [--quick] [--rows a,b] [--backends sim,native,c]
                    [--repeat N] [--warmup-ms MS] [--target-ms MS] [--strict]
  --json        print one JSON document { machine, results } on stdout (progress on stderr)
  --quick       tiny fixed iteration counts, one run, sim and C only: checks that the bench works
  --rows        rows to run (default all): ${ROWS.map((r) => r.name).join(', ')}
  --backends    backends to run (default sim,native,c; --quick: sim,c)
  --repeat      runs per figure, the best is kept (default 3; --quick: 1)
  --warmup-ms   warm-up time of each run (default 100)
  --target-ms   length of each measured loop (default 400)
  --strict      exit 1 when a target is missed`;

interface Options {
  json: boolean;
  quick: boolean;
  strict: boolean;
  rows: Row[];
  backends: BenchBackend[];
  repeat: number;
  warmupMs: number;
  targetMs: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument '${a}'`);
    const eq = a.indexOf('=');
    const key = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (['json', 'quick', 'strict', 'help'].includes(key)) {
      if (eq >= 0) throw new UsageError(`--${key} takes no value`);
      flags.set(key, true);
    } else if (['rows', 'backends', 'repeat', 'warmup-ms', 'target-ms'].includes(key)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${key} needs a value`);
      flags.set(key, value);
    } else {
      throw new UsageError(`unknown option --${key}`);
    }
  }
  if (flags.has('help')) return 'help';
  const quick = flags.has('quick');
  const list = (key: string): string[] | undefined => {
    const v = flags.get(key);
    return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  };
  const number = (key: string, fallback: number, min: number): number => {
    const v = flags.get(key);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new UsageError(`--${key} must be a number >= ${min}`);
    return n;
  };
  const rowNames = list('rows');
  const rows = rowNames === undefined ? [...ROWS] : rowNames.map((name) => {
    const row = ROWS.find((r) => r.name === name);
    if (!row) throw new UsageError(`unknown row '${name}' (rows: ${ROWS.map((r) => r.name).join(', ')})`);
    return row;
  });
  const backendNames = list('backends') ?? (quick ? ['sim', 'c'] : [...BACKENDS]);
  for (const b of backendNames) {
    if (!BACKENDS.includes(b as BenchBackend)) throw new UsageError(`unknown backend '${b}' (sim, native, c)`);
  }
  return {
    json: flags.has('json'),
    quick,
    strict: flags.has('strict'),
    rows,
    backends: BACKENDS.filter((b) => backendNames.includes(b)),
    repeat: Math.floor(number('repeat', quick ? 1 : 3, 1)),
    warmupMs: number('warmup-ms', 100, 0),
    targetMs: number('target-ms', 400, 1),
  };
}

/** Where the bench's parts sit: next to this file (bench/), or beside dist/ once compiled. */
function benchDirs(): { scenario: (module: string) => URL; simRunner: string | null; cSources: string | null } {
  const self = import.meta.url;
  // Compiled, this is dist/bench/index.js and runs dist/bench/scenarios/*.js (no TypeScript is
  // compiled during a measurement), each sim run in a process of its own (sim-run.js). Run from
  // source (vitest), it uses the .ts modules next to it and runs the simulator in this process.
  const compiled = path.extname(fileURLToPath(self)) === '.js';
  const candidates = [new URL('./c/', self), new URL('../../bench/c/', self)].map((u) => fileURLToPath(u));
  return {
    scenario: (module) => new URL(`./scenarios/${module}${compiled ? '.js' : '.ts'}`, self),
    simRunner: compiled ? fileURLToPath(new URL('./sim-run.js', self)) : null,
    cSources: candidates.find((dir) => fs.existsSync(path.join(dir, 'bench.h'))) ?? null,
  };
}

interface Io { out: (s: string) => void; err: (s: string) => void }

const BENCH_LINE = /^BENCH ops=(\d+) ns=(\d+) bytes=(\d+)$/m;

function parseMeasurement(text: string, what: string): Measurement {
  const m = BENCH_LINE.exec(text);
  if (!m) throw new Error(`${what}: no BENCH line in its output:\n${text.trim() || '(empty)'}`);
  const res = { ops: Number(m[1]), ns: Number(m[2]), bytes: Number(m[3]) };
  if (res.ops <= 0 || res.ns <= 0) throw new Error(`${what}: bad measurement ${m[0]}`);
  return res;
}

/** Runs one scenario in this process (native: its processes are spawned) and reads what main measured. */
async function runScenarioHere(url: URL, backend: Backend, args: BenchArgs, what: string): Promise<Measurement> {
  const r = await runScenario(url, { backend, args, timeoutMs: RUN_TIMEOUT_MS });
  const failure = runFailure(r);
  if (failure) throw new Error(`${what}: ${failure}`);
  return parseMeasurement(r.processes[0].output, what);
}

/** Runs a program to its end and reads its BENCH line. */
function runProgram(file: string, argv: string[], what: string): Measurement {
  const res = spawnSync(file, argv, { encoding: 'utf8', timeout: RUN_TIMEOUT_MS, maxBuffer: 64 << 20 });
  if (res.error || res.status !== 0) {
    const why = res.error?.message ?? (res.signal ? `killed by ${res.signal}` : `exit status ${res.status}`);
    throw new Error(`${what} failed (${why})\n${res.stderr.trim()}`);
  }
  return parseMeasurement(res.stdout, what);
}

/** The C programs, compiled into a temporary directory; null (with the reason) if impossible. */
class CPrograms {
  readonly dir: string | null = null;
  readonly missing: string | null = null;

  constructor(sources: string | null, modules: string[]) {
    const cc = process.env.CC || 'gcc';
    if (process.platform === 'win32') {
      this.missing = 'C: not run on Windows (the programs use fork)';
      return;
    }
    if (sources === null) {
      this.missing = 'C: bench/c/ not found beside the bench';
      return;
    }
    const probe = spawnSync(cc, ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      this.missing = `C: no compiler (${cc} not found): the C column is left out`;
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcsim-bench-'));
    for (const m of modules) {
      const res = spawnSync(cc, ['-O2', '-o', path.join(dir, m), path.join(sources, `${m}.c`)], { encoding: 'utf8' });
      if (res.error || res.status !== 0) {
        fs.rmSync(dir, { recursive: true, force: true });
        this.missing = `C: ${cc} -O2 ${m}.c failed: the C column is left out\n${res.stderr ?? res.error}`;
        return;
      }
    }
    this.dir = dir;
  }

  run(module: string, args: BenchArgs, what: string): Measurement {
    const argv = [String(args.warmupMs), String(args.targetMs), String(args.ops ?? 0)];
    return runProgram(path.join(this.dir!, module), argv, what);
  }

  dispose(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Rounds a figure for display and JSON: whole numbers from 100 up, three significant digits below. */
function round(x: number): number {
  if (x >= 100) return Math.round(x);
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x) || 1)));
  return Number(x.toFixed(digits));
}

function fmt(x: number | undefined): string {
  if (x === undefined) return '-';
  return x >= 1000 ? Math.round(x).toLocaleString('en-US') : String(x);
}

/** How much faster the simulator is than `other` on this row (> 1: sim faster). */
function simSpeedup(r: BenchResult, other: number | undefined): number | undefined {
  if (r.sim === undefined || other === undefined) return undefined;
  return r.better === 'lower' ? other / r.sim : r.sim / other;
}

function describeSpeedup(s: number | undefined): string {
  if (s === undefined) return '-';
  if (s >= 1) return `sim ${s.toFixed(s >= 10 ? 0 : 1)}x faster`;
  const inv = 1 / s;
  return `sim ${inv.toFixed(inv >= 10 ? 0 : 1)}x slower`;
}

function table(doc: BenchDocument, repeat: number): string {
  const head = ['row', 'unit', 'sim', 'native', 'C', 'sim vs native', 'sim vs C'];
  const body = doc.results.map((r) => [
    r.name, `${r.unit} (${r.better})`, fmt(r.sim), fmt(r.native), fmt(r.c),
    describeSpeedup(simSpeedup(r, r.native)), describeSpeedup(simSpeedup(r, r.c)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const numeric = new Set([2, 3, 4]);
  const line = (cells: string[]): string =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const { cpus, node, platform } = doc.machine;
  return [
    `ipcsim bench: ${cpus} CPUs, Node ${node}, ${platform}; each figure is the best of ${repeat} run${repeat === 1 ? '' : 's'}`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
  ].join('\n');
}

function targetLines(doc: BenchDocument): { lines: string[]; failed: boolean } {
  const lines: string[] = [];
  let failed = false;
  for (const t of TARGETS) {
    const r = doc.results.find((x) => x.name === t.row);
    if (!r) continue;
    const s = simSpeedup(r, r.native);
    const goal = `${t.row}: sim at least ${t.factor}x faster than native`;
    if (s === undefined) {
      lines.push(`SKIP  ${goal} (no ${r.sim === undefined ? 'sim' : 'native'} figure)`);
    } else if (s >= t.factor) {
      lines.push(`PASS  ${goal}: ${s.toFixed(1)}x`);
    } else {
      failed = true;
      lines.push(`FAIL  ${goal}: ${s.toFixed(2)}x`);
    }
  }
  return { lines, failed };
}

/** Runs the bench; resolves to the process exit code (0 ok, 1 a run failed or --strict missed, 2 usage). */
export async function runBench(argv: string[], io: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
}): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`ipcsim bench: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const o = opts;
  const log = (s: string): void => io.err(`${s}\n`);
  const notes: string[] = [];
  const dirs = benchDirs();
  let backends = o.backends;
  if (backends.includes('native') && process.platform !== 'linux') {
    notes.push(`native: not run (the native backend needs Linux; this host is ${process.platform})`);
    backends = backends.filter((b) => b !== 'native');
  }
  let c: CPrograms | null = null;
  if (backends.includes('c')) {
    c = new CPrograms(dirs.cSources, o.rows.map((r) => r.module));
    if (c.missing) {
      notes.push(c.missing);
      backends = backends.filter((b) => b !== 'c');
    }
  }
  for (const n of notes) log(n);

  const doc: BenchDocument = {
    machine: { cpus: os.cpus().length, node: process.version, platform: process.platform },
    results: [],
  };
  let runFailed = false;
  log(`measuring ${o.rows.length} row(s) on ${backends.join(', ')}: `
    + `${o.quick ? 'fixed tiny counts' : `${o.warmupMs} ms warm-up, ~${o.targetMs} ms measured`}, `
    + `best of ${o.repeat} run(s) kept`);
  try {
    for (const row of o.rows) {
      const args: BenchArgs = o.quick
        ? { warmupMs: 0, targetMs: 0, ops: row.quickOps }
        : { warmupMs: o.warmupMs, targetMs: o.targetMs };
      const best = new Map<BenchBackend, number>();
      const broken = new Set<BenchBackend>();
      // Runs are interleaved (sim, native, C, sim, ...) so that a drift of the machine's speed
      // touches every backend alike.
      for (let rep = 1; rep <= o.repeat; rep++) {
        for (const b of backends) {
          if (broken.has(b)) continue;
          const what = `${row.name} on ${b} (run ${rep}/${o.repeat})`;
          try {
            const url = dirs.scenario(row.module);
            const m = b === 'c' ? c!.run(row.module, args, what)
              : b === 'sim' && dirs.simRunner
                ? runProgram(process.execPath, [dirs.simRunner, fileURLToPath(url), JSON.stringify(args)], what)
                : await runScenarioHere(url, b, args, what);
            const f = row.figure(m);
            log(`  ${what}: ${round(f)} ${row.unit} (${m.ops} ops in ${(m.ns / 1e6).toFixed(0)} ms)`);
            const prev = best.get(b);
            if (prev === undefined || (row.better === 'lower' ? f < prev : f > prev)) best.set(b, f);
          } catch (err) {
            runFailed = true;
            broken.add(b);
            best.delete(b);
            log(`  ${what} FAILED: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
      const result: BenchResult = { name: row.name, unit: row.unit, better: row.better };
      for (const b of BACKENDS) {
        const f = best.get(b);
        if (f !== undefined) result[b] = round(f);
      }
      doc.results.push(result);
    }
  } finally {
    c?.dispose();
  }

  const targets = targetLines(doc);
  if (o.json) {
    io.out(`${JSON.stringify(doc, null, 2)}\n`);
    for (const l of targets.lines) log(l);
  } else {
    io.out(`\n${table(doc, o.repeat)}\n`);
    if (notes.length) io.out(`${notes.map((n) => `note: ${n.split('\n')[0]}`).join('\n')}\n`);
    io.out('(figures are measured inside the programs after a warm-up, so process start-up is excluded;\n'
      + ' the simulator\'s are per simulated system call, each a scheduling point. Rows with two\n'
      + ' processes on native and C include waking a process on another CPU: on an idle virtual machine\n'
      + ' that can cost tens of microseconds; `taskset -c 0` keeps every process on one CPU)\n');
    if (targets.lines.length) io.out(`\ntargets:\n${targets.lines.map((l) => `  ${l}`).join('\n')}\n`);
  }
  if (runFailed) return 1;
  return o.strict && targets.failed ? 1 : 0;
}

// Run directly (node dist/bench/index.js), not when imported by the CLI or a test.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runBench(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`ipcsim bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
