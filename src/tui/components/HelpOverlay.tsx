// The help overlay: every key, and how to read the panes.
import { Box, Text } from 'ink';

export interface HelpOverlayProperties {
  readonly width: number;
  readonly height: number;
  /** The native backend's state on this host, e.g. "unavailable: needs Linux". */
  readonly nativeNote?: string;
}

export const HELP_KEYS: readonly (readonly [string, string])[] = [
  ['s', 'step: run the simulator until one more system call completes'],
  ['r', 'run: keep stepping at the chosen speed (+ faster, - slower)'],
  ['e', 'run to the end at full speed'],
  ['p', 'pause a run (then s steps again)'],
  ['n', 'restart with a new seed (the next one)'],
  ['x', 'restart with the same seed'],
  ['b', 'switch backend: sim → native → both side by side'],
  ['esc', 'back to the scenario list'],
  ['?', 'this help (any key closes it)'],
  ['q', 'quit'],
];

const LEGEND: readonly string[] = [
  '▸ marks the process that made the latest call; yellow: asleep or waiting',
  'pipe bars: bytes buffered against the pipe capacity (F_GETPIPE_SZ)',
  'message cells: [type:size] in queue order; bar: bytes against msg_qbytes',
  'page map: one row per process, █ where it maps a page of the segment',
  'native runs are shown when they end, with a progress bar meanwhile',
];

export function HelpOverlay({ width, height, nativeNote }: HelpOverlayProperties) {
  const legend = nativeNote ? [...LEGEND, nativeNote] : LEGEND;
  const room = Math.max(0, height - 3);
  const keys = HELP_KEYS.slice(0, room);
  const legendShown = legend.slice(0, Math.max(0, room - keys.length - 1));
  const boxW = Math.min(width, 4 + Math.max(...[...HELP_KEYS.map(([, l]) => l.length + 4), ...legend.map((l) => l.length)]));
  const inner = Math.max(10, boxW - 4);
  const boxH = Math.min(height, 3 + keys.length + (legendShown.length ? 1 + legendShown.length : 0));
  return (
    <Box flexDirection="column" width={boxW} height={boxH} borderStyle="round" borderColor="cyan" paddingX={1} overflow="hidden">
      <Text bold color="cyan">Keys</Text>
      {keys.map(([k, l]) => (
        <Text key={k} wrap="truncate-end">
          <Text bold>{k.padEnd(4)}</Text>
          <Text>{l}</Text>
        </Text>
      ))}
      {legendShown.length ? <Text> </Text> : null}
      {legendShown.map((l) => <Text key={l} wrap="truncate-end" dimColor>{l.slice(0, inner)}</Text>)}
    </Box>
  );
}
