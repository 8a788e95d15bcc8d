// The app container: keys drive a real Simulation of a built-in scenario; the native runner is a
// stand-in (a simulator run labelled native, or one that never ends) so these tests are fast and
// run on any host.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunResult } from '../../src/api/types.js';
import { builtinPath } from '../../src/scenarios/builtin.js';
import { createSimulation, runSim } from '../../src/scenarios/run-sim.js';
import { App, SPEEDS, type AppProperties } from '../../src/tui/app.js';
import type { NativeRunner } from '../../src/tui/native-driver.js';
import type { SimFactory } from '../../src/tui/sim-driver.js';

const FIFO = builtinPath('fifo-args')!;
const PIPE = builtinPath('pipe-child-to-parent')!;
const MAX = SPEEDS.length - 1;

const createSim: SimFactory = (ref, seed) => createSimulation(ref, { backend: 'sim', seed, timeoutMs: 60_000 });
/** A "native" run that is the simulator's: the verdict must be agree. */
const simAsNative: NativeRunner = async (ref, seed) => ({ ...(await runSim(ref, { backend: 'sim', seed })), backend: 'native' });

// eslint-disable-next-line no-control-regex
const strip = (s: string | undefined) => (s ?? '').replace(/\u001b\[[0-9;]*m/g, '');

let mounted: ReturnType<typeof render>[] = [];
afterEach(() => {
  for (const m of mounted) m.unmount();
  mounted = [];
});

function open(props: Partial<AppProperties> = {}) {
  const r = render(
    <App scenario={FIFO} createSim={createSim} runNative={simAsNative} platform="linux"
      size={{ columns: 80, rows: 24 }} {...props} />,
  );
  mounted.push(r);
  const screen = () => strip(r.lastFrame());
  const until = async (what: RegExp | string | (() => boolean), timeoutMs = 20_000) => {
    const ok = () => (typeof what === 'function' ? what() : typeof what === 'string' ? screen().includes(what) : what.test(screen()));
    const start = Date.now();
    while (!ok()) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${String(what)}; screen:\n${screen()}`);
      await new Promise((res) => setTimeout(res, 10));
    }
  };
  const press = (keys: string) => r.stdin.write(keys);
  return { ...r, screen, until, press };
}

describe('App at 80x24', () => {
  it('opens a scenario ready to step, every pane saying what the kernel has', async () => {
    const app = open();
    await app.until(/fifo-args .*step 0 .*stepping/);
    const lines = app.screen().split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    // Each says "none" once its mechanism is in the kernel's snapshot, "not implemented yet" before.
    for (const pane of ['Message queues', 'Semaphore sets', 'Shared memory']) {
      expect(app.screen()).toMatch(new RegExp(`${pane}[^\\n]*\\n +(none|not implemented yet)`));
    }
    expect(app.screen()).toMatch(/s step {2}r run {2}p pause {2}n new seed {2}b backend {2}\? help {2}q quit/);
  });

  it('s steps one system call at a time', async () => {
    const app = open();
    await app.until('stepping');
    app.press('s');
    await app.until(/step 1 /);
    expect(app.screen()).toMatch(/0 +\d+ pipe\(0\) = \[3, 4\]/);
    expect(app.screen()).toMatch(/Pipes & FIFOs 1/);
    app.press('s');
    await app.until(/step 2 /);
    expect(app.screen()).toMatch(/fork\("reader"/);
    expect(app.screen()).toMatch(/Processes 2/);
  });

  it('takes keys that arrive together one by one', async () => {
    const app = open();
    await app.until('stepping');
    app.press('sss');
    await app.until(/step 3 /);
  });

  it('r runs to the end', async () => {
    const app = open({ speed: MAX });
    await app.until('stepping');
    app.press('r');
    await app.until(/step \d+ .* done/);
    expect(app.screen()).toMatch(/unlink\("myfifo"\)/);
    expect(app.screen()).toMatch(/main +exit 0/);
    expect(app.screen()).toMatch(/x restart {2}n new seed {2}b backend/); // what can be done now
  });

  it('p pauses a run, and s steps again from there', async () => {
    const app = open({ speed: 1 }); // 4 calls a second
    await app.until('stepping');
    app.press('r');
    await app.until(/running 4\/s/);
    await app.until(/step [1-9]/);
    app.press('p');
    await app.until('paused');
    const steps = () => Number(/step (\d+)/.exec(app.screen())![1]);
    const at = steps();
    await new Promise((res) => setTimeout(res, 600));
    expect(steps()).toBe(at);
    app.press('s');
    await app.until(new RegExp(`step ${at + 1} .*stepping`));
  });

  it('n restarts with a new seed, x with the same one', async () => {
    const app = open({ seed: 1 });
    await app.until('stepping');
    app.press('ss');
    await app.until(/seed 1 +step 2/);
    app.press('n');
    await app.until(/seed 2 +step 0 .*stepping/);
    app.press('s');
    await app.until(/seed 2 +step 1/);
    app.press('x');
    await app.until(/seed 2 +step 0 .*stepping/);
  });

  it('b switches backend: sim, native, both side by side with the verdict', async () => {
    const runNative = vi.fn(simAsNative);
    const app = open({ runNative, speed: MAX });
    await app.until('stepping');
    app.press('b');
    await app.until(/backend native/);
    await app.until(/Processes \(Linux\) 3/);
    expect(runNative).toHaveBeenCalledWith(FIFO, 1, expect.any(Number), expect.anything());
    expect(app.screen()).toMatch(/Trace \(Linux\) \d+ calls/);
    app.press('b');
    await app.until(/backend both/);
    expect(app.screen()).toMatch(/Simulator/);
    expect(app.screen()).toMatch(/Sim vs Linux/);
    expect(app.screen()).toMatch(/waiting for the simulation to end/);
    app.press('e');
    await app.until(/✓ agree/);
    expect(app.screen()).toMatch(/done {2}✓ agree/);
    app.press('b');
    await app.until(/backend sim/);
    expect(runNative).toHaveBeenCalledTimes(1);
  });

  it('marks the first divergence in red in both traces and the diff pane', async () => {
    const differ: NativeRunner = async (ref, seed) => {
      const r = await runSim(ref, { backend: 'sim', seed });
      const trace = r.trace.map((e) => (e.syscall === 'mkfifo' && e.error === undefined ? { ...e, error: 'EACCES' } : e));
      return { ...r, trace, backend: 'native' } satisfies RunResult;
    };
    const app = open({ runNative: differ, view: 'both', speed: MAX });
    await app.until('stepping');
    app.press('e');
    await app.until(/✗ differ/);
    expect(app.screen()).toMatch(/✗ differ: process main\.1 \(reader\), call 1:/);
    expect(app.screen()).toMatch(/sim: mkfifo\("path#1", 438\)/);
    expect(app.screen()).toMatch(/native: mkfifo\("path#1", 438\) = "?EACCES/);
    // The diverging call is marked in both traces.
    expect(app.screen()).toMatch(/✗ ?\d+ \d+ mkfifo\("myfifo", 438\)\s/);
    expect(app.screen()).toMatch(/✗ ?\d+ \d+ mkfifo\("myfifo", 438\) = EACCES/);
  });

  it('shows a native run in progress with a progress bar', async () => {
    const never: NativeRunner = () => new Promise(() => {});
    const app = open({ runNative: never, view: 'native', nativeTimeoutMs: 10_000 });
    await app.until(/running on Linux \d+\.\ds/);
    expect(app.screen()).toMatch(/starting \(timeout 10s\)/);
    expect(app.screen()).toMatch(/Trace \(Linux\) ─+\n.*no calls yet/);
  });

  it('shows native as unavailable off Linux, with the reason', async () => {
    const runNative = vi.fn(simAsNative);
    const app = open({ runNative, platform: 'darwin' });
    await app.until('stepping');
    app.press('b');
    await app.until(/unavailable: the native backend needs[\s\S]*Linux \(this host is darwin\)/);
    expect(app.screen()).toMatch(/native .* unavailable/);
    app.press('b');
    await app.until(/no comparison: the native backend needs Linux/);
    expect(runNative).not.toHaveBeenCalled();
  });

  it('? opens the help; the next key only closes it', async () => {
    const app = open();
    await app.until('stepping');
    app.press('?');
    await app.until('Keys');
    expect(app.screen()).toMatch(/b +switch backend: sim → native → both side by side/);
    app.press('s');
    await app.until(() => !app.screen().includes('Keys'));
    expect(app.screen()).toMatch(/step 0 /);
  });

  it('q quits', async () => {
    const onQuit = vi.fn();
    const app = open({ onQuit });
    await app.until('stepping');
    app.press('q');
    await app.until(() => onQuit.mock.calls.length === 1);
  });
});

describe('App picker', () => {
  const items = [
    { name: 'fifo-args', path: FIFO, description: 'a FIFO writer fed from args' },
    { name: 'pipe-child-to-parent', path: PIPE, description: 'the child writes into a pipe' },
  ];

  it('lists the scenarios, opens the chosen one, and esc comes back', async () => {
    const app = open({ scenario: undefined, items });
    await app.until('Pick a scenario');
    expect(app.screen()).toMatch(/▸ fifo-args +a FIFO writer fed from args/);
    app.press('j');
    await app.until(/▸ pipe-child-to-parent/);
    app.press('\r');
    await app.until(/ipcsim pipe-child-to-parent .*stepping/);
    app.press('\u001b');
    await app.until('Pick a scenario');
  });
});

describe('App on a bigger terminal', () => {
  it('uses the room at 120x40: objects on top, the trace full width below', async () => {
    const app = open({ size: { columns: 120, rows: 40 } });
    await app.until('stepping');
    app.press('ssss');
    await app.until(/step 4 /);
    const lines = app.screen().split('\n');
    expect(lines.length).toBeLessThanOrEqual(39);
    expect(lines.some((l) => /^Processes .*Message queues/.test(l))).toBe(true);
    expect(app.screen()).toMatch(/backend sim│native│both/);
  });

  it('asks for more room below 60x16', async () => {
    const app = open({ size: { columns: 50, rows: 12 } });
    await app.until(/needs at least 60x16/);
  });
});
