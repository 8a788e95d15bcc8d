// End to end: the built `ipcsim` command in a real pseudo-terminal (80x24). It opens the picker,
// chooses fifo-args, steps it, runs it to the end, shows both backends with the verdict, opens
// the help, quits, and leaves the terminal as it found it. The pty comes from util-linux
// `script` (on every Debian: package bsdutils), else Python's pty module; without either the test
// is skipped and says why.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN } from '../../src/scenarios/builtin.js';
import { Screen } from './vt.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const TUI = join(ROOT, 'dist', 'src', 'tui', 'main.js');
const COLUMNS = 80;
const ROWS = 24;

const PY_PTY = `
import os, pty, sys, select, struct, fcntl, termios
rows, cols = int(sys.argv[1]), int(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.execvp(sys.argv[3], sys.argv[3:])
watch = [fd, 0]
while True:
    ready, _, _ = select.select(watch, [], [])
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            break
        os.write(1, data)
    if 0 in ready:
        data = os.read(0, 1024)
        if data:
            os.write(fd, data)
        else:
            watch = [fd]
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

type Launcher = { how: string; file: string; args: (argv: string[]) => string[] } | { skip: string };

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function findLauncher(): Launcher {
  if (!existsSync(CLI) || !existsSync(TUI)) {
    return { skip: `${CLI} or ${TUI} missing: build first (npm test does: npm run build && vitest run)` };
  }
  const want = process.env.IPCSIM_E2E_PTY; // 'script' or 'python' to force one
  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (want !== 'python' && script.status === 0 && /util-linux/.test(script.stdout + script.stderr)) {
    return {
      how: 'util-linux script', file: 'script',
      args: (argv) => ['-qfec', `stty cols ${COLUMNS} rows ${ROWS} && exec ${argv.map(shellQuote).join(' ')}`, '/dev/null'],
    };
  }
  const py = spawnSync('python3', ['-c', 'import pty, termios, fcntl'], { encoding: 'utf8' });
  if (want !== 'script' && py.status === 0) {
    return { how: 'python3 pty', file: 'python3', args: (argv) => ['-c', PY_PTY, String(ROWS), String(COLUMNS), ...argv] };
  }
  return { skip: 'no pseudo-terminal helper: neither util-linux `script` nor python3 with the pty module is installed' };
}

class Terminal {
  readonly screen = new Screen(COLUMNS, ROWS);
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private raw = '';

  constructor(launcher: Extract<Launcher, { file: string }>, argv: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', COLUMNS: String(COLUMNS), LINES: String(ROWS) };
    // Ink draws only the last frame when it believes it runs in CI.
    for (const k of Object.keys(env)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_')) delete env[k];
    this.child = spawn(launcher.file, launcher.args(argv), { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => {
      this.raw += d;
      this.screen.write(d);
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (d: string) => {
      this.raw += d;
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  press(keys: string): void {
    this.child.stdin!.write(keys);
  }

  async waitFor(what: string | RegExp, timeoutMs = 20_000): Promise<void> {
    const start = Date.now();
    const seen = () => (typeof what === 'string' ? this.screen.text().includes(what) : what.test(this.screen.text()));
    while (!seen()) {
      if (Date.now() - start > timeoutMs) {
        throw new Error(`timed out waiting for ${String(what)}; the screen:\n${this.screen.text()}\n` +
          `-- last output: ${JSON.stringify(this.raw.slice(-400))}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

const launcher = findLauncher();
const skip = 'skip' in launcher ? launcher.skip : undefined;
if (skip) console.warn(`tui e2e skipped: ${skip}`);

describe('ipcsim TUI in a pseudo-terminal', () => {
  it.skipIf(skip !== undefined)(`picks, steps, runs, compares and quits cleanly at ${COLUMNS}x${ROWS}${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const term = new Terminal(launcher as Extract<Launcher, { file: string }>, [process.execPath, CLI]);
    try {
      // A frame may reach the terminal in several writes: each part is waited for, not assumed.
      await term.waitFor('Pick a scenario');
      expect(term.screen.altScreen).toBe(true);
      await term.waitFor(/↑↓ choose/);

      for (let i = 0; i < BUILTIN.indexOf('fifo-args'); i++) term.press('j');
      await term.waitFor(/▸ fifo-args/);
      term.press('\r');
      await term.waitFor(/ipcsim fifo-args .*stepping/);
      await term.waitFor(/Message queues[^\n]*\n +(none|not implemented yet)/);

      for (let i = 0; i < 6; i++) term.press('s');
      await term.waitFor(/step 6 /);
      await term.waitFor(/pipe\(0\) = \[\d+, \d+\]/);
      await term.waitFor(/Pipes & FIFOs 1/);

      term.press('e');
      await term.waitFor(/step \d+ .* done/);
      await term.waitFor(/unlink\("myfifo"\)/);

      term.press('bb');
      // A verdict on Linux (or the reason there is none, should the native run fail here);
      // elsewhere the reason the native backend is unavailable.
      await term.waitFor(/✓ agree|✗ differ|no comparison/, 40_000);
      await term.waitFor(/Sim vs Linux/);
      await term.waitFor(process.platform === 'linux' ? /Trace \(Linux\)/ : /needs Linux/);

      term.press('?');
      await term.waitFor('Keys');
      term.press(' ');
      await term.waitFor('Sim vs Linux');

      term.press('q');
      expect(await term.exited).toBe(0);
      expect(term.screen.altScreen).toBe(false);
      expect(term.screen.cursorVisible).toBe(true);
      expect(term.screen.text()).not.toContain('Sim vs Linux');
    } finally {
      term.kill();
    }
  }, 90_000);
});
