// compareRuns: what two kernels may differ in (pids, fds, ids, times) is renamed; anything else is
// a divergence, reported with the process and the call.
import { describe, expect, it } from 'vitest';
import { compareRuns, processNames } from '../../src/scenarios/compare.js';
import type { ProcessRecord, RunResult, TraceEvent } from '../../src/api/types.js';

function run(backend: 'sim' | 'native', pids: [number, number], fds: [number, number],
  opts: { childOutput?: string; readResult?: string; time?: number } = {}): RunResult {
  const [main, child] = pids;
  const [r, w] = fds;
  const bytes = (s: string) => new TextEncoder().encode(s);
  const trace: TraceEvent[] = [
    { seq: 0, pid: main, syscall: 'pipe', args: [0], result: [r, w], t: 0 },
    { seq: 1, pid: main, syscall: 'fork', args: ['child', { r, w }], result: child, t: 1 },
    { seq: 2, pid: main, syscall: 'time', args: [], result: opts.time ?? 1700000000, t: 2 },
    { seq: 3, pid: child, syscall: 'read', args: [r, 10], result: bytes(opts.readResult ?? 'hi'), t: 3 },
    { seq: 4, pid: main, syscall: 'close', args: [w], t: 4 },
    { seq: 5, pid: main, syscall: 'waitpid', args: [child, 0], result: { pid: child, code: 0 }, t: 5 },
  ];
  const processes: ProcessRecord[] = [
    { pid: main, ppid: 1, program: 'main', output: `child ${child}\n`, exit: { code: 0 } },
    { pid: child, ppid: main, program: 'child', output: opts.childOutput ?? 'var = 100\n', exit: { code: 0 } },
  ];
  return { backend, seed: 1, processes, trace, deadlock: null, timedOut: false };
}

describe('compareRuns', () => {
  it('agrees when only pids, fds and times differ', () => {
    const a = run('sim', [100, 101], [3, 4]);
    const b = run('native', [23001, 23017], [20, 21], { time: 1790000000 });
    expect(compareRuns(a, b)).toEqual({ same: true });
  });

  it('a number that equals a pid on one side only is still compared as a number', () => {
    const a = run('sim', [100, 101], [3, 4]); // the child prints "var = 100"; 100 is main's pid here
    const b = run('native', [23001, 23017], [20, 21]);
    expect(compareRuns(a, b).same).toBe(true);
    const c = run('native', [23001, 23017], [20, 21], { childOutput: 'var = 200\n' });
    expect(compareRuns(a, c)).toMatchObject({ same: false, firstDivergence: expect.stringContaining('output differs') });
  });

  it('reports the first call that differs, with the process', () => {
    const a = run('sim', [100, 101], [3, 4]);
    const b = run('native', [23001, 23017], [20, 21], { readResult: 'ho' });
    const cmp = compareRuns(a, b);
    expect(cmp.same).toBe(false);
    expect(cmp.firstDivergence).toContain('process main.1 (child), call 1');
    expect(cmp.firstDivergence).toContain('read("F1", 10) = "hi"');
    expect(cmp.firstDivergence).toContain('read("F1", 10) = "ho"');
  });

  it('fds that map differently are a divergence', () => {
    const a = run('sim', [100, 101], [3, 4]);
    const b = run('native', [23001, 23017], [20, 21]);
    b.trace[4] = { ...b.trace[4], args: [20] }; // closes the read end instead of the write end
    expect(compareRuns(a, b)).toMatchObject({ same: false, firstDivergence: expect.stringContaining('close') });
  });

  it('names processes by their place in the fork tree', () => {
    const names = processNames([
      { pid: 5, ppid: 1, program: 'main', output: '', exit: { code: 0 } },
      { pid: 7, ppid: 5, program: 'a', output: '', exit: { code: 0 } },
      { pid: 9, ppid: 5, program: 'b', output: '', exit: { code: 0 } },
      { pid: 11, ppid: 7, program: 'c', output: '', exit: { code: 0 } },
    ]);
    expect([...names.values()]).toEqual(['main', 'main.1', 'main.2', 'main.1.1']);
  });
});
