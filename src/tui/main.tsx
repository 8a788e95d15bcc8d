// runTui: the `ipcsim` command's terminal UI. Draws on the alternate screen and always leaves the
// terminal as it found it: main screen back, cursor shown, even when the app fails.
import { constants as osConstants } from 'node:os';
import { render } from 'ink';
import { App } from './app.js';
import { builtinItems, nativeRunner, simFactory } from './scenarios.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

/** Opens the TUI on `scenarioPath`, or on the picker of built-in scenarios; resolves to the exit code. */
export async function runTui(scenarioPath?: string): Promise<number> {
  const { stdin, stdout } = process;
  if (!stdin.isTTY || !stdout.isTTY) {
    process.stderr.write('ipcsim: the TUI needs a terminal (use `ipcsim run <scenario>` otherwise)\n');
    return 2;
  }
  const items = await builtinItems();
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
  };
  process.once('exit', restore);
  // Killed (SIGTERM, the terminal closed, kill -INT): put the terminal back, then end as the
  // signal would have.
  let unmount: (() => void) | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    try {
      unmount?.();
    } finally {
      restore();
      process.exit(128 + (osConstants.signals[sig] ?? 15));
    }
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  for (const sig of signals) process.on(sig, onSignal);
  stdout.write(ENTER_ALT_SCREEN);
  try {
    const app = render(
      <App scenario={scenarioPath} items={items} createSim={simFactory} runNative={nativeRunner} />,
      // Not incrementalRendering: Ink 6.8's incremental writer draws a frame one line low when the
      // previous frame had as many lines (it is not in fullscreen mode). Each frame is one write.
      { exitOnCtrlC: false, patchConsole: true, maxFps: 30 },
    );
    unmount = () => app.unmount();
    await app.waitUntilExit();
    return 0;
  } finally {
    restore();
    process.off('exit', restore);
    for (const sig of signals) process.off(sig, onSignal);
  }
}
