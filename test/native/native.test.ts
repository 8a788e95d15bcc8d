// The native runner itself: processes, fds, signals, exits, timeouts and cleanup on the real kernel.
// Scenarios are in fixtures/ and import 'ipcsim', i.e. dist/src/index.js: build before running.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import type { RunOptions } from '../../src/api/types.js';
import { libc } from '../../src/native/libc.js';
import { removeCreated, runNative } from '../../src/native/runner.js';
import { loadScenario } from '../../src/scenarios/load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => path.join(here, 'fixtures', `${name}.ts`);
const run = (name: string, opts: Partial<RunOptions> = {}) => runNative(fixture(name), { backend: 'native', ...opts });
const text = (bytes: unknown): string => new TextDecoder().decode(bytes as Uint8Array);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe.skipIf(process.platform !== 'linux')('native runner', () => {
  beforeAll(() => {
    const worker = path.join(here, '../../dist/src/native/worker.js');
    if (!fs.existsSync(worker)) throw new Error('build first: npx tsc -p tsconfig.build.json');
  });

  it('runs a pipe from parent to child (DESIGN.md example)', async () => {
    const r = await run('pipe-parent-child');
    expect(r.backend).toBe('native');
    expect(r.timedOut).toBe(false);
    expect(r.deadlock).toBeNull();
    expect(r.processes.map((p) => p.program)).toEqual(['main', 'reader']);
    const [main, reader] = r.processes;
    expect(reader.ppid).toBe(main.pid);
    expect(reader.output).toBe('hello world\n');
    expect(reader.exit).toEqual({ code: 3 });
    expect(main.output).toBe('child reaped code 3\n');
    expect(main.exit).toEqual({ code: 0 });
    // The trace: seq in order, events sorted by time, values as the program saw them.
    expect(r.trace.map((e) => e.seq)).toEqual(r.trace.map((_, i) => i));
    const read = r.trace.find((e) => e.syscall === 'read')!;
    expect(read.pid).toBe(reader.pid);
    expect(read.result).toBeInstanceOf(Uint8Array);
    expect(text(read.result)).toBe('hello world\n');
    const fork = r.trace.find((e) => e.syscall === 'fork')!;
    const [rfd, wfd] = r.trace.find((e) => e.syscall === 'pipe')!.result as number[];
    expect(fork.args).toEqual(['reader', { r: rfd, w: wfd }]);
    expect(fork.result).toBe(reader.pid);
    const close = r.trace.find((e) => e.syscall === 'close')!;
    expect(close).toEqual({ seq: close.seq, pid: main.pid, syscall: 'close', args: [rfd], t: close.t });
    expect(Object.keys(close)).toEqual(['seq', 'pid', 'syscall', 'args', 't']);   // no result: void
    expect(r.trace.find((e) => e.syscall === 'waitpid')!.result).toEqual({ pid: reader.pid, code: 3 });
  });

  it('runs a pipe from child to parent, read until end of file', async () => {
    const r = await run('pipe-child-parent');
    expect(r.processes[0].output).toBe('got: one two\n');
    const writes = r.trace.filter((e) => e.syscall === 'write' && e.pid === r.processes[1].pid);
    expect(writes.map((e) => e.args[1])).toEqual(['one ', new TextEncoder().encode('two')]);
  });

  it('waits for children as waitpid(2) does', async () => {
    const r = await run('waitpid');
    expect(r.processes[0].output).toBe(
      '{"early":{"pid":0},"bad":"EINVAL","status":{"pid":%,"code":4},"again":"ECHILD","none":"ECHILD"}\ntime ok\n'
        .replace('%', String(r.processes[1].pid)));
    expect(r.processes[1].exit).toEqual({ code: 4 });
    expect(r.trace.filter((e) => e.pid === r.processes[1].pid).map((e) => e.syscall)).toEqual(['sleep', 'exit']);
  });

  it('keeps a trace larger than one chunk of the mapped trace log', async () => {
    const r = await run('big-trace');
    expect(r.processes[0].output).toBe(`read ${40 * 32 * 1024}\n`);
    const reads = r.trace.filter((e) => e.syscall === 'read');
    expect(reads).toHaveLength(40);
    // The written strings are kept whole (they exceed the 1 MiB chunk together); the bytes read,
    // past TRACE_BYTES_MAX, are kept as a summary, as on the simulator.
    const writes = r.trace.filter((e) => e.syscall === 'write' && e.args[0] !== 1);
    writes.forEach((e, i) => expect(e.args[1]).toBe(String.fromCharCode(97 + (i % 26)).repeat(32 * 1024)));
    reads.forEach((e, i) => {
      const letter = String.fromCharCode(97 + (i % 26));
      const summary = e.result as { $bytes: number; head: Uint8Array; tail: Uint8Array };
      expect([summary.$bytes, text(summary.head), text(summary.tail)]).toEqual([32 * 1024, letter.repeat(64), letter.repeat(64)]);
    });
  });

  it('reports death by SIGPIPE, to the parent and in the result', async () => {
    const r = await run('sigpipe');
    expect(r.processes.map((p) => p.exit)).toEqual([{ signal: 'SIGPIPE' }, { signal: 'SIGPIPE' }]);
    expect(r.processes[0].output).toBe('child SIGPIPE\n');
    expect(r.trace.find((e) => e.syscall === 'waitpid')!.result)
      .toEqual({ pid: r.processes[1].pid, signal: 'SIGPIPE' });
    // Events up to the fatal write survive the death (the write itself never returned).
    const mainCalls = r.trace.filter((e) => e.pid === r.processes[0].pid).map((e) => e.syscall);
    expect(mainCalls).toEqual(['pipe', 'fork', 'close', 'close', 'waitpid', 'write', 'pipe', 'close']);
    expect(r.trace.filter((e) => e.pid === r.processes[1].pid).map((e) => e.syscall)).toEqual(['close']);
  });

  it('gives a child the parent fds at the same numbers, with FD_CLOEXEC and O_NONBLOCK kept', async () => {
    const r = await run('inherit-fds');
    const pipe = r.trace.filter((e) => e.syscall === 'pipe').map((e) => e.result as number[]);
    const dup = r.trace.find((e) => e.syscall === 'dup')!.result;
    const [[rd, wr], [cr, cw], [gap]] = pipe;
    expect(r.processes[0].output).toBe([
      `r ${rd}:keep:nonblock`, `w ${wr}:keep:nonblock`,
      `cr ${cr}:cloexec:block`, `cw ${cw}:cloexec:block`, `d ${dup}:keep:nonblock`,
      'fd0 0:keep:nonblock',                      // libuv cleared O_NONBLOCK on fd 0; set again
      `gap ${gap}:EBADF kernel:closed`,
      'parent fd0 0:keep:nonblock',
      'child exit 0', '',
    ].join('\n'));
    expect(r.processes[1].output).toBe('');       // it printed into the pipe on its fd 1
  });

  it('removes FIFOs and files the run created, in and outside its directory, and nothing else', async () => {
    const outside = path.join(os.tmpdir(), `ipcsim-test-fifo-${process.pid}`);
    const existing = path.join(os.tmpdir(), `ipcsim-test-existing-${process.pid}`);
    fs.writeFileSync(existing, 'keep me');
    try {
      const r = await run('fifo-cleanup', { args: { outside, existing } });
      const [cwd, message] = r.processes[0].output.split('\n');
      expect(message).toBe('through the fifo');
      expect(path.basename(cwd)).toMatch(/^ipcsim-/);
      expect(fs.existsSync(cwd)).toBe(false);
      expect(fs.existsSync(outside)).toBe(false);
      expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');
    } finally {
      fs.rmSync(existing, { force: true });
      fs.rmSync(outside, { force: true });
    }
  });

  it('stops a run past its timeout and leaves no process behind', async () => {
    const t0 = Date.now();
    const r = await run('timeout', { timeoutMs: 1000 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.timedOut).toBe(true);
    expect(r.processes).toHaveLength(2);
    for (const p of r.processes) {
      expect(p.exit).toEqual({ signal: 'SIGKILL' });
      expect(alive(p.pid)).toBe(false);
    }
  });

  it('ends a process on an uncaught error with exit code 1 and the error in its output', async () => {
    const r = await run('uncaught');
    expect(r.processes[0].output).toBe('before\nmq_open ENOSYS\nclose: EBADF\n');
    expect(r.processes[0].exit).toEqual({ code: 1 });
    expect(r.processes[1].output).toBe('something else went wrong\n');
    expect(r.processes[1].exit).toEqual({ code: 1 });
    const failed = r.trace.filter((e) => e.error !== undefined).map((e) => [e.syscall, e.error]);
    expect(failed).toEqual([['mq_open', 'ENOSYS'], ['close', 'EBADF']]);
  });

  it("reports an orphan's exit after reparenting it to the runner", async () => {
    const r = await run('orphan');
    expect(r.processes[0].exit).toEqual({ code: 5 });
    expect(r.processes[1].exit).toEqual({ code: 7 });
    expect(r.processes[1].output).toBe(`ppid unchanged ${process.pid}\n`);
  });

  it.skipIf(process.getuid?.() !== 0)('runs the main process as the uid and gid asked for', async () => {
    const r = await run('credentials', { uid: 65534, gid: 65534 });
    expect(r.processes[0].output).toBe('main 65534 65534 65534 65534\nsetuid(0) EPERM\n');
    expect(r.processes[1].output).toBe('child 65534 65534\n');
  });

  it('rejects a missing module, a missing export and an export that is not a scenario', async () => {
    await expect(loadScenario(fixture('no-such-file'))).rejects.toThrow(/scenario module not found/);
    await expect(loadScenario(fixture('not-a-scenario'))).rejects.toThrow(/has no export 'default'/);
    await expect(loadScenario(`${fixture('not-a-scenario')}#notScenario`)).rejects.toThrow(/is not a scenario/);
    await expect(run('not-a-scenario')).rejects.toThrow(/has no export 'default'/);
    expect((await loadScenario(fixture('orphan'))).name).toBe('orphan');
  });

  it('removes a System V object it recorded only while IPC_STAT still shows its key', () => {
    const lib = libc();
    const key = 0x1f00_0000 + (process.pid & 0xffff);
    const id = lib.msgget(key, C.IPC_CREAT | C.IPC_EXCL | 0o600);
    expect(id).toBeGreaterThanOrEqual(0);
    const stat = new Uint8Array(256);
    try {
      removeCreated([{ k: 'created', kind: 'msg', id, key: key + 1 }]);   // not the same key: kept
      expect(lib.msgctl(id, C.IPC_STAT, stat)).toBe(0);
      removeCreated([{ k: 'created', kind: 'msg', id, key }]);
      expect(lib.msgctl(id, C.IPC_STAT, stat)).toBe(-1);
    } finally {
      lib.msgctl(id, C.IPC_RMID, null);
    }
  });
});
