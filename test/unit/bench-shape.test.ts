// The bench still works and prints the document other tools read (shared/DESIGN.md, Performance).
// Nothing is timed here: --quick runs tiny fixed counts on the simulator, and the C programs when
// a compiler is present, and only the document's shape is checked.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runBench, type BenchDocument } from '../../bench/index.js';

const hasCompiler = process.platform !== 'win32'
  && spawnSync(process.env.CC || 'gcc', ['--version']).status === 0;

async function bench(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runBench(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('bench --json --quick', () => {
  it('prints exactly one JSON document with a figure per row for sim (and C with a compiler)', async () => {
    const { code, out, err } = await bench(['--json', '--quick']);
    expect(code, err).toBe(0);
    const doc = JSON.parse(out) as BenchDocument;    // the whole of stdout is one document
    expect(Object.keys(doc).sort()).toEqual(['machine', 'results']);
    expect(doc.machine).toEqual({ cpus: expect.any(Number), node: process.version, platform: process.platform });
    expect(doc.machine.cpus).toBeGreaterThan(0);
    expect(doc.results.map((r) => [r.name, r.unit, r.better])).toEqual([
      ['pipe-write-read-1b', 'ns/pair', 'lower'],
      ['pipe-pingpong', 'ns/roundtrip', 'lower'],
      ['pipe-throughput-64k', 'MB/s', 'higher'],
      ['shm-copy-64m', 'MB/s', 'higher'],
      ['msg-pingpong', 'ns/roundtrip', 'lower'],
      ['msg-throughput-64b', 'ns/msg', 'lower'],
      ['sem-pingpong', 'ns/roundtrip', 'lower'],
      ['sem-uncontended-pv', 'ns/pv', 'lower'],
    ]);
    for (const r of doc.results) {
      expect(Object.keys(r).every((k) => ['name', 'unit', 'better', 'sim', 'native', 'c'].includes(k))).toBe(true);
      expect(r.sim).toBeGreaterThan(0);
      expect(r.native).toBeUndefined();               // --quick leaves the native backend out
      if (hasCompiler) expect(r.c).toBeGreaterThan(0);
      else expect(r.c).toBeUndefined();
    }
  });

  it('prints the table with ratios without --json', async () => {
    const { code, out } = await bench(['--quick', '--rows', 'pipe-pingpong', '--backends', 'sim']);
    expect(code).toBe(0);
    expect(out).toMatch(/pipe-pingpong\s+ns\/roundtrip/);
    expect(out).toMatch(/SKIP {2}pipe-pingpong: sim at least 5x faster than native \(no native figure\)/);
  });

  it('rejects an unknown option with exit code 2', async () => {
    const { code, err } = await bench(['--nope']);
    expect(code).toBe(2);
    expect(err).toMatch(/unknown option --nope/);
  });
});
