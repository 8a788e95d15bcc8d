// The trace: the latest system calls, one a line, in the order the kernel completed them. Errors
// are red; a call that slept before completing is marked. `highlight` (a seq) marks a line in
// inverse red and keeps it in view: the first divergence in 'both' mode.
import { Box, Text } from 'ink';
import type { TraceEvent } from '../../api/types.js';
import { showValue } from '../../api/trace.js';
import { clip, ms } from '../format.js';
import { Note, Section } from './Section.js';

export interface TracePaneProperties {
  readonly events: readonly TraceEvent[];
  readonly width: number;
  readonly height: number;
  readonly title?: string;
  readonly highlight?: number;
  /** Calls in the whole trace when `events` is only its tail (default: events.length). */
  readonly total?: number;
  /** Shown when there are no events. */
  readonly empty?: string;
}

const PID_COLORS = ['cyan', 'magenta', 'green'] as const; // readable on dark and light backgrounds

export function TracePane({ events, width, height, title = 'Trace', highlight, total, empty }: TracePaneProperties) {
  if (height <= 0) return null;
  const room = height - 1;
  let end = events.length;
  if (highlight !== undefined) {
    const at = events.findIndex((e) => e.seq === highlight);
    // Keep the marked call in view with a little context after it.
    if (at >= 0 && at < end - room) end = Math.min(events.length, at + 1 + Math.min(3, Math.floor(room / 4)));
  }
  const start = Math.max(0, end - room);
  const shown = events.slice(start, end);
  const seqW = Math.max(2, String(events.length ? events[events.length - 1].seq : 0).length);
  const pidW = Math.max(3, ...shown.map((e) => String(e.pid).length));
  const showTime = width >= 90;
  const markW = highlight !== undefined ? 1 : 0; // a ✗ column, so the mark reads without colour too
  const fixed = markW + seqW + 1 + (showTime ? 10 : 0) + pidW + 1;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title={title} width={width} note={events.length ? `${total ?? events.length} calls` : undefined} />
      {events.length === 0 ? <Note>{empty ?? 'no system calls yet'}</Note> : null}
      {shown.map((e) => {
        const marked = e.seq === highlight;
        const { args, res } = fitCall(e, width - fixed);
        return (
          <Text key={e.seq} wrap="truncate-end" inverse={marked} color={marked ? 'red' : undefined}>
            {markW ? <Text bold>{marked ? '✗' : ' '}</Text> : null}
            <Text dimColor={!marked}>{`${String(e.seq).padStart(seqW)} `}</Text>
            {showTime ? <Text dimColor={!marked}>{`${ms(e.t).padStart(9)} `}</Text> : null}
            <Text color={marked ? undefined : PID_COLORS[e.pid % PID_COLORS.length]}>{`${String(e.pid).padStart(pidW)} `}</Text>
            <Text bold>{e.syscall}</Text>
            <Text>{`(${args})`}</Text>
            {res === '' ? null : <Text>{' = '}</Text>}
            {res === '' ? null : <Text color={e.error && !marked ? 'red' : undefined} bold={e.error !== undefined}>{res}</Text>}
            {e.blocked ? <Text color={marked ? undefined : 'yellow'}>{' (slept)'}</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}

/**
 * The arguments and result of a call, with values shortened until the line fits `width` (the
 * result is kept whole when it can be: it is what changes the story).
 */
export function fitCall(e: TraceEvent, width: number): { args: string; res: string } {
  let out = { args: '', res: '' };
  // Optional arguments left out are undefined at the end: not shown, as in strace.
  let n = e.args.length;
  while (n > 0 && e.args[n - 1] === undefined) n--;
  const given = e.args.slice(0, n);
  for (const max of [60, 40, 28, 20, 14, 10, 8]) {
    const args = given.map((a) => showValue(a, max)).join(', ');
    const res = e.error ?? showValue(e.result, Math.max(max, 16));
    out = { args, res };
    if (lineLength(e, args, res) <= width) return out;
  }
  // Still too long: cut the arguments, so the result stays in view.
  const room = width - lineLength(e, '', out.res);
  if (room >= 4) out = { ...out, args: clip(out.args, room) };
  return out;
}

function lineLength(e: TraceEvent, args: string, res: string): number {
  return e.syscall.length + args.length + 2 + (res === '' ? 0 : res.length + 3) + (e.blocked ? 8 : 0);
}
