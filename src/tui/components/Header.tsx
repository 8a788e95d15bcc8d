// The header line: scenario, backend, seed, step count, virtual time, status, and the verdict of
// the comparison once both backends have run. Items drop from the right end when space is short.
import { Box, Text } from 'ink';
import { ms } from '../format.js';
import { spinner } from './ProgressBar.js';

export type View = 'sim' | 'native' | 'both';
export type RunStatus = 'loading' | 'stepping' | 'running' | 'paused' | 'done' | 'deadlock' | 'timeout' | 'error' | 'unavailable';

export interface HeaderProperties {
  readonly scenario: string;
  readonly view: View;
  readonly seed: number;
  readonly steps: number;
  readonly t: number;
  readonly status: RunStatus;
  readonly width: number;
  /** 'agree' / 'differ' once both backends have finished (both mode). */
  readonly verdict?: 'agree' | 'differ';
  /** Run speed, e.g. '20/s' or 'max'. */
  readonly speed?: string;
  readonly tick?: number;
}

const STATUS_COLOR: Record<RunStatus, string | undefined> = {
  loading: undefined, stepping: 'cyan', running: 'green', paused: 'yellow', done: 'green',
  deadlock: 'red', timeout: 'red', error: 'red', unavailable: 'yellow',
};

interface Item { text: string; color?: string; bold?: boolean; inverse?: boolean; dim?: boolean }

export function Header({ scenario, view, seed, steps, t, status, width, verdict, speed, tick = 0 }: HeaderProperties) {
  const statusText = status === 'running' ? `${spinner(tick)} running${speed ? ` ${speed}` : ''}`
    : status === 'deadlock' ? 'DEADLOCK' : status === 'timeout' ? 'TIMED OUT' : status;
  // In display order; `keep` ranks importance: the lowest goes first when the line is too long.
  const items: { key: string; keep: number; parts: Item[] }[] = [
    { key: 'name', keep: 9, parts: [{ text: 'ipcsim ', bold: true, color: 'cyan' }, { text: scenario, bold: true }] },
    {
      key: 'backend', keep: 7,
      parts: width >= 100
        ? [{ text: 'backend ', dim: true }, ...(['sim', 'native', 'both'] as const).flatMap((v, i): Item[] => [
          ...(i ? [{ text: '│', dim: true }] : []),
          { text: v, inverse: v === view, bold: v === view },
        ])]
        : [{ text: 'backend ', dim: true }, { text: view, bold: true }],
    },
    { key: 'seed', keep: 6, parts: [{ text: 'seed ', dim: true }, { text: String(seed) }] },
    { key: 'step', keep: 5, parts: [{ text: 'step ', dim: true }, { text: String(steps) }] },
    { key: 't', keep: 1, parts: [{ text: 't ', dim: true }, { text: ms(t) }] },
    {
      key: 'status', keep: 10,
      parts: [{ text: statusText, color: STATUS_COLOR[status], bold: true, inverse: status === 'deadlock' }],
    },
  ];
  if (verdict) {
    items.push({
      key: 'verdict', keep: 10,
      parts: [{ text: verdict === 'agree' ? '✓ agree' : '✗ differ', color: verdict === 'agree' ? 'green' : 'red', bold: true }],
    });
  }
  const size = (list: typeof items) => list.reduce((n, it) => n + 2 + it.parts.reduce((m, p) => m + p.text.length, 0), -2);
  let order = items;
  for (const victim of [...items].filter((it) => it.keep < 9).sort((x, y) => x.keep - y.keep)) {
    if (size(order) <= width) break;
    order = order.filter((it) => it !== victim);
  }
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {order.map((item, n) => (
          <Text key={item.key}>
            {n ? '  ' : ''}
            {item.parts.map((it, j) => (
              <Text key={j} color={it.color} bold={it.bold} inverse={it.inverse} dimColor={it.dim}>{it.text}</Text>
            ))}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
