// System V message queues: the messages by type and size, bytes against msg_qbytes, and the
// senders and receivers asleep on each queue. undefined: the mechanism is not built yet.
import { Box, Text } from 'ink';
import type { MsgQueueSnapshot } from '../../api/snapshot.js';
import { bar, bytes, clip, ipcKey, pids, fitting } from '../format.js';
import { Note, Section } from './Section.js';

export interface MsgPaneProperties {
  readonly queues: readonly MsgQueueSnapshot[] | undefined;
  readonly width: number;
  readonly height: number;
  readonly unavailable?: string;
}

export function MsgPane({ queues, width, height, unavailable }: MsgPaneProperties) {
  if (height <= 0) return null;
  const title = 'Message queues';
  if (!queues) {
    return (
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        <Section title={title} width={width} />
        <Note>{unavailable ?? 'not implemented yet'}</Note>
      </Box>
    );
  }
  const rows = queues.map((q) => ({ q, lines: q.waitingSenders.length || q.waitingReceivers.length ? 3 : 2 }));
  const room = height - 1;
  const count = fitting(rows, room, (r) => r.lines);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title={title} width={width} note={queues.length ? String(queues.length) : undefined} />
      {queues.length === 0 ? <Note>none</Note> : null}
      {rows.slice(0, count).map(({ q }) => <QueueRows key={q.id} q={q} width={width} />)}
      {count < queues.length ? <Note>{`+${queues.length - count} more`}</Note> : null}
    </Box>
  );
}

/** The messages in queue order as `type:size` cells, as many as fit in `width`. */
export function messageCells(messages: MsgQueueSnapshot['messages'], width: number): string {
  const cells = messages.map((m) => `[${m.mtype}:${bytes(m.size).replace(' ', '')}]`);
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const next = out ? `${out} ${cells[i]}` : cells[i];
    const rest = cells.length - i - 1;
    if (next.length + (rest > 0 ? ` +${rest}`.length : 0) > width) {
      return out ? `${out} +${cells.length - i}` : `+${cells.length}`;
    }
    out = next;
  }
  return out;
}

function QueueRows({ q, width }: { readonly q: MsgQueueSnapshot; readonly width: number }) {
  const head = ` msq ${q.id} ${ipcKey(q.key)} `;
  const amount = ` ${bytes(q.cbytes)}/${bytes(q.qbytes)}`;
  const count = `${q.qnum} msg${q.qnum === 1 ? '' : 's'}`;
  const barW = Math.max(4, Math.min(24, width - head.length - amount.length - 1));
  const full = q.qbytes > 0 && q.cbytes >= q.qbytes;
  const waiting: string[] = [];
  if (q.waitingSenders.length) waiting.push(`send ${pids(q.waitingSenders)}`);
  if (q.waitingReceivers.length) waiting.push(`receive ${pids(q.waitingReceivers)}`);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{clip(head, width)}</Text>
        <Text color={full ? 'red' : q.cbytes > 0 ? 'green' : undefined} dimColor={q.cbytes === 0}>
          {bar(q.qbytes > 0 ? q.cbytes / q.qbytes : 0, barW)}
        </Text>
        <Text>{amount}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text dimColor>{`   ${count}${q.messages.length ? ':' : ''} `}</Text>
        <Text>{q.messages.length ? messageCells(q.messages, width - count.length - 6) : ''}</Text>
      </Text>
      {waiting.length ? <Text wrap="truncate-end" color="yellow">{`   waiting: ${waiting.join('  ')}`}</Text> : null}
    </Box>
  );
}
