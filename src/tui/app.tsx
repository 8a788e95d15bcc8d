// The TUI's one stateful component: which scenario, which backend view, the seed, the run pace,
// the help overlay; it owns the simulator and native drivers and turns keys into their actions.
// Everything it draws goes through the pure components in ./components.
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { compareRuns, processNames } from '../scenarios/compare.js';
import type { RunResult } from '../api/types.js';
import { Header, type RunStatus, type View } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { KeyBar } from './components/KeyBar.js';
import { BothBody, NativeBody, SimBody, type NativeSide, type SimSide } from './components/Layouts.js';
import { ProgressBar } from './components/ProgressBar.js';
import { ScenarioPicker } from './components/ScenarioPicker.js';
import type { Verdict } from './components/DiffPane.js';
import { divergencePoint } from './format.js';
import { useTerminalSize, type TerminalSize } from './hooks/use-terminal-size.js';
import { NativeDriver, type NativeRunner, type NativeState } from './native-driver.js';
import { SimDriver, type SimFactory, type SimState } from './sim-driver.js';
import type { ScenarioItem } from './scenarios.js';

export interface AppProperties {
  /** The scenario to open (a module path); without it the picker shows `items`. */
  readonly scenario?: string;
  readonly items?: readonly ScenarioItem[];
  readonly createSim: SimFactory;
  readonly runNative: NativeRunner;
  /** process.platform, or another to see how the app behaves there. */
  readonly platform?: string;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  readonly size?: TerminalSize;
  readonly seed?: number;
  readonly view?: View;
  /** Index into SPEEDS of the pace of `r`. */
  readonly speed?: number;
  readonly nativeTimeoutMs?: number;
  readonly onQuit?: () => void;
}

/** Paces of `r`: label and milliseconds between system calls (0: as fast as it goes). */
export const SPEEDS: readonly { label: string; ms: number }[] = [
  { label: '1/s', ms: 1000 }, { label: '4/s', ms: 250 }, { label: '10/s', ms: 100 }, { label: '20/s', ms: 50 },
  { label: '50/s', ms: 20 }, { label: '200/s', ms: 5 }, { label: 'max', ms: 0 },
];
export const DEFAULT_SPEED = 3;

const VIEWS: readonly View[] = ['sim', 'native', 'both'];
const MIN_COLUMNS = 60;
const MIN_ROWS = 16;

export function App(props: AppProperties) {
  const { exit } = useApp();
  const terminal = useTerminalSize();
  const size = props.size ?? terminal;
  const items = props.items ?? [];
  const [selected, setSelected] = useState(0);
  const [ref, setRef] = useState<string | undefined>(props.scenario);
  const [seed, setSeed] = useState(props.seed ?? 1);
  const [view, setView] = useState<View>(props.view ?? 'sim');
  const [help, setHelp] = useState(false);
  const [speed, setSpeed] = useState(props.speed ?? DEFAULT_SPEED);
  const [simState, setSimState] = useState<SimState>({ status: 'loading', seed, trace: [], steps: 0 });
  const [tick, setTick] = useState(0);
  const [sim] = useState(() => new SimDriver(props.createSim, (st) => setSimState(st)));
  const [nativeDriver] = useState(() => new NativeDriver(props.runNative, props.platform ?? process.platform,
    (st) => setNative(st), props.nativeTimeoutMs));
  const [native, setNative] = useState<NativeState>(() => nativeDriver.state);

  // What the key handler reads. Keys can arrive before React has re-rendered (and before Ink has
  // re-subscribed the handler of the latest render), so the handler reads and writes this ref,
  // never the state of the render it was made in; the state follows for drawing.
  const live = useRef({ ref, seed, view, help, selected, speed });
  const update = (change: Partial<typeof live.current>) => {
    live.current = { ...live.current, ...change };
    if ('ref' in change) setRef(change.ref);
    if (change.seed !== undefined) setSeed(change.seed);
    if (change.view !== undefined) setView(change.view);
    if (change.help !== undefined) setHelp(change.help);
    if (change.selected !== undefined) setSelected(change.selected);
    if (change.speed !== undefined) setSpeed(change.speed);
  };

  /** A fresh simulation of `scenario` with `seed`; the native run is redone when it is in view. */
  const restart = (scenario: string, withSeed: number) => {
    void sim.load(scenario, withSeed);
    nativeDriver.reset();
    if (live.current.view !== 'sim') nativeDriver.start(scenario, withSeed);
  };

  useEffect(() => {
    if (props.scenario !== undefined) restart(props.scenario, live.current.seed);
  }, []);

  useEffect(() => () => sim.dispose(), []);

  // Spinners and the native progress bar move while something runs.
  const busy = simState.status === 'running' || native.status === 'running';
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setTick((t) => t + 1), 120);
    return () => clearInterval(timer);
  }, [busy]);

  const comparison = useMemo(
    () => (simState.result && native.result ? compareRuns(simState.result, native.result) : undefined),
    [simState.result, native.result],
  );

  const quit = () => {
    sim.dispose();
    props.onQuit?.();
    exit();
  };

  useInput((input, key) => {
    // Keys typed faster than they are read arrive together ("sss"): one action each.
    if (input.length > 1 && !key.ctrl && !key.meta && /^[\x20-\x7e]+$/.test(input)) {
      for (const ch of input) onKey(ch, { ...key, return: false });
      return;
    }
    onKey(input, key);
  });

  function onKey(input: string, key: Key): void {
    const now = live.current;
    if (input === 'q' || (key.ctrl && input === 'c')) return quit();
    if (now.help) return update({ help: false });
    if (input === '?') return update({ help: true });
    if (now.ref === undefined) {
      if (key.upArrow || input === 'k') update({ selected: Math.max(0, now.selected - 1) });
      else if (key.downArrow || input === 'j') update({ selected: Math.max(0, Math.min(items.length - 1, now.selected + 1)) });
      else if (key.return && items[now.selected]) {
        update({ ref: items[now.selected].path });
        restart(items[now.selected].path, now.seed);
      }
      return;
    }
    if (key.escape) {
      if (items.length === 0) return;
      sim.dispose();
      nativeDriver.reset();
      setSimState({ status: 'loading', seed: now.seed, trace: [], steps: 0 });
      update({ ref: undefined });
      return;
    }
    const simKeys = now.view !== 'native';
    switch (input) {
      case 's': if (simKeys) void sim.step(); break;
      case 'r':
        if (simKeys) sim.run(SPEEDS[now.speed].ms);
        else if (nativeDriver.state.status !== 'running') nativeDriver.start(now.ref, now.seed);
        break;
      case 'e':
        if (simKeys) {
          update({ speed: SPEEDS.length - 1 });
          sim.run(0);
        }
        break;
      case 'p': if (simKeys) sim.pause(); break;
      case 'n':
        update({ seed: now.seed + 1 });
        restart(now.ref, now.seed + 1);
        break;
      case 'x': restart(now.ref, now.seed); break;
      case 'b': {
        const view = VIEWS[(VIEWS.indexOf(now.view) + 1) % VIEWS.length];
        update({ view });
        if (view !== 'sim' && nativeDriver.state.status === 'idle') nativeDriver.start(now.ref, now.seed);
        break;
      }
      case '+': case '=': case '-': case '_': {
        const next = Math.max(0, Math.min(SPEEDS.length - 1, now.speed + (input === '+' || input === '=' ? 1 : -1)));
        update({ speed: next });
        sim.setDelay(SPEEDS[next].ms);
        break;
      }
      default: break;
    }
  }

  const width = size.columns;
  const height = Math.max(1, size.rows - 1); // never the full height: Ink would clear the screen each frame
  if (width < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return (
      <Box flexDirection="column" width={width}>
        <Text color="yellow" wrap="truncate-end">{`ipcsim needs at least ${MIN_COLUMNS}x${MIN_ROWS} (80x24 is best);`}</Text>
        <Text wrap="truncate-end">{`this terminal is ${width}x${size.rows}. Enlarge it, or press q to quit.`}</Text>
      </Box>
    );
  }

  if (ref === undefined) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text wrap="truncate-end"><Text bold color="cyan">ipcsim</Text><Text dimColor>  the Linux IPC kernel, simulated and real</Text></Text>
        {help ? <HelpOverlay width={width} height={height - 2} /> : (
          <ScenarioPicker items={items} selected={selected} width={width} height={height - 2} />
        )}
        <KeyBar width={width} keys={[['↑↓', 'choose'], ['enter', 'open'], ['?', 'help'], ['q', 'quit']]} />
      </Box>
    );
  }

  // ---- a scenario ----
  const now = Date.now();
  const simSide: SimSide = {
    snapshot: simState.snapshot, trace: simState.result?.trace ?? simState.trace, steps: simState.steps, loading: simState.status === 'loading',
    done: simState.result !== undefined, error: simState.error,
  };
  const nativeSide: NativeSide = {
    status: native.status, result: native.result, reason: native.reason, timeoutMs: native.timeoutMs,
    trace: native.result?.trace ?? native.trace, snapshot: native.snapshot,
    elapsedMs: native.startedAt ? (native.endedAt ?? now) - native.startedAt : 0,
  };
  const verdict = verdictOf(simState, native, comparison);
  const highlight = comparison && !comparison.same && simState.result && native.result
    ? divergenceSeqs(comparison.firstDivergence, simState.result, native.result) : {};

  const progress: ReactElement[] = [];
  if (simState.status === 'running' && SPEEDS[speed].ms === 0 && view !== 'native') {
    const secs = simState.runStartedAt ? (now - simState.runStartedAt) / 1000 : 0;
    const calls = simState.steps - (simState.runStartedStep ?? 0);
    progress.push(<ProgressBar key="sim" width={width} tick={tick}
      label={`simulating: ${simState.steps} calls, ${secs.toFixed(1)}s, ${secs > 0 ? Math.round(calls / secs) : 0}/s`} />);
  }
  if (native.status === 'running' && view === 'sim') {
    progress.push(<ProgressBar key="native" width={width} tick={tick} fraction={nativeSide.elapsedMs / native.timeoutMs}
      label={`native run: ${(nativeSide.elapsedMs / 1000).toFixed(1)}s of ${native.timeoutMs / 1000}s timeout`} />);
  }
  const bodyH = height - 2 - progress.length;

  const headerStatus: RunStatus = view === 'native' ? nativeStatus(native) : simState.status;
  const last = view === 'native' ? nativeSide.trace.at(-1) : undefined;
  const finished = simState.result !== undefined || simState.status === 'error';
  const simKeys: [string, string][] = finished
    ? [['x', 'restart'], ['n', 'new seed'], ['b', 'backend'], ['?', 'help'], ['q', 'quit'], ['esc', 'list']]
    : [['s', 'step'], ['r', 'run'], ['p', 'pause'], ['n', 'new seed'], ['b', 'backend'], ['?', 'help'], ['q', 'quit'],
      ['e', 'to end'], ['+/-', 'speed'], ['x', 'restart'], ['esc', 'list']];
  const nativeKeys: [string, string][] = [['r', 'run again'], ['n', 'new seed'], ['b', 'backend'], ['?', 'help'],
    ['q', 'quit'], ['esc', 'list']];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header scenario={simState.name ?? baseName(ref)} view={view} seed={seed} width={width} tick={tick}
        steps={view === 'native' ? nativeSide.trace.length : simState.steps}
        t={view === 'native' ? last?.t ?? 0 : simState.snapshot?.t ?? 0}
        status={headerStatus} speed={view === 'native' ? undefined : SPEEDS[speed].label}
        verdict={comparison ? (comparison.same ? 'agree' : 'differ') : undefined} />
      {help ? (
        <HelpOverlay width={width} height={bodyH} nativeNote={native.status === 'unavailable' ? `native: ${native.reason}` : undefined} />
      ) : view === 'sim' ? (
        <SimBody side={simSide} width={width} height={bodyH} />
      ) : view === 'native' ? (
        <NativeBody side={nativeSide} width={width} height={bodyH} tick={tick} />
      ) : (
        <BothBody sim={simSide} native={nativeSide} verdict={verdict} highlight={highlight} width={width} height={bodyH} tick={tick} />
      )}
      {progress}
      <KeyBar width={width} keys={view === 'native' ? nativeKeys : simKeys} />
    </Box>
  );
}

function baseName(ref: string): string {
  return ref.replace(/#.*$/, '').split(/[\\/]/).pop()!.replace(/\.(m?[jt]s|tsx)$/, '');
}

function nativeStatus(n: NativeState): RunStatus {
  switch (n.status) {
    case 'running': return 'running';
    case 'done': return n.result?.timedOut ? 'timeout' : n.result?.deadlock ? 'deadlock' : 'done';
    case 'idle': return 'loading';
    case 'unavailable': return 'unavailable';
    default: return 'error';
  }
}

/** What the diff pane says, from both sides' state. */
export function verdictOf(s: SimState, n: NativeState, cmp: { same: boolean; firstDivergence?: string } | undefined): Verdict {
  if (n.status === 'unavailable') return { kind: 'unavailable', reason: n.reason ?? 'native backend unavailable' };
  if (n.status === 'error') return { kind: 'unavailable', reason: `the native run failed: ${n.reason ?? ''}` };
  if (s.status === 'error') return { kind: 'unavailable', reason: `the simulation failed: ${s.error ?? ''}` };
  if (cmp) {
    if (cmp.same) {
      const r = s.result!;
      return { kind: 'agree', detail: `${r.trace.length} calls, ${r.processes.length} processes: same calls, results, exits and output` };
    }
    return { kind: 'diverge', text: cmp.firstDivergence ?? 'the runs differ' };
  }
  const waits: string[] = [];
  if (!s.result) waits.push('the simulation to end (r runs it, e runs it flat out)');
  if (n.status === 'running') waits.push('the native run');
  return { kind: 'waiting', message: `waiting for ${waits.join(' and ') || 'both runs'}` };
}

/** The seq of the diverging call in each trace, from compareRuns' "process X (...), call N". */
export function divergenceSeqs(text: string | undefined, a: RunResult, b: RunResult): { sim?: number; native?: number } {
  const at = divergencePoint(text);
  if (!at) return {};
  const find = (r: RunResult): number | undefined => {
    const names = processNames(r.processes);
    const pid = [...names].find(([, n]) => n === at.process)?.[0];
    if (pid === undefined) return undefined;
    const calls = r.trace.filter((e) => e.pid === pid);
    return (calls[at.call - 1] ?? calls[calls.length - 1])?.seq;
  };
  return { sim: find(a), native: find(b) };
}
