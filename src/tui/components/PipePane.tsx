// Pipes and FIFOs: fill against capacity as a bar, readers and writers, and who sleeps on them.
import { Box, Text } from 'ink';
import type { PipeSnapshot } from '../../api/snapshot.js';
import { bar, bytes, clip, pids, fitting } from '../format.js';
import { Note, Section } from './Section.js';

export interface PipePaneProperties {
  /** undefined: the backend gives no pipe state (shown as a note). */
  readonly pipes: readonly PipeSnapshot[] | undefined;
  readonly width: number;
  readonly height: number;
  readonly unavailable?: string;
}

export function PipePane({ pipes, width, height, unavailable }: PipePaneProperties) {
  if (height <= 0) return null;
  if (!pipes) {
    return (
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        <Section title="Pipes & FIFOs" width={width} />
        <Note>{unavailable ?? 'not available'}</Note>
      </Box>
    );
  }
  const room = height - 1;
  const count = fitting(pipes, room, (p) => pipeLines(p, width));
  const nameW = Math.min(14, Math.max(6, ...pipes.map((p) => label(p).length)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title="Pipes & FIFOs" width={width} note={pipes.length ? String(pipes.length) : undefined} />
      {pipes.length === 0 ? <Note>none</Note> : null}
      {pipes.slice(0, count).map((p) => <PipeRows key={p.id} pipe={p} width={width} nameW={nameW} />)}
      {count < pipes.length ? <Note>{`+${pipes.length - count} more`}</Note> : null}
    </Box>
  );
}

/** Lines a pipe takes at `width`: the bar, the counts, and the sleepers when they do not fit beside. */
export function pipeLines(p: PipeSnapshot, width: number): number {
  const waiting = waitingText(p);
  if (!waiting) return 2;
  return countsText(p).length + waiting.length + 2 <= width ? 2 : 3;
}

function countsText(p: PipeSnapshot): string {
  return `   readers ${p.readers}  writers ${p.writers}`;
}

function waitingText(p: PipeSnapshot): string {
  const waiting: string[] = [];
  if (p.waitingReaders.length) waiting.push(`read ${pids(p.waitingReaders)}`);
  if (p.waitingWriters.length) waiting.push(`write ${pids(p.waitingWriters)}`);
  return waiting.length ? `waiting: ${waiting.join(' ')}` : '';
}

function label(p: PipeSnapshot): string {
  return p.path ? `fifo ${p.path}` : p.name;
}

function PipeRows({ pipe, width, nameW }: { readonly pipe: PipeSnapshot; readonly width: number; readonly nameW: number }) {
  const amount = ` ${bytes(pipe.bytes)}/${bytes(pipe.capacity)}`;
  const barW = Math.max(4, Math.min(32, width - nameW - amount.length - 3));
  const frac = pipe.capacity > 0 ? pipe.bytes / pipe.capacity : 0;
  const full = pipe.capacity > 0 && pipe.bytes >= pipe.capacity;
  const waiting = waitingText(pipe);
  const beside = pipeLines(pipe, width) === 2;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{` ${clip(label(pipe), nameW).padEnd(nameW)} `}</Text>
        <Text color={full ? 'red' : pipe.bytes > 0 ? 'green' : undefined} dimColor={pipe.bytes === 0}>{bar(frac, barW)}</Text>
        <Text>{amount}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text dimColor>{'   readers '}</Text><Text color={pipe.readers === 0 ? 'yellow' : undefined}>{String(pipe.readers)}</Text>
        <Text dimColor>{'  writers '}</Text><Text color={pipe.writers === 0 ? 'yellow' : undefined}>{String(pipe.writers)}</Text>
        {waiting && beside ? <Text color="yellow">{`  ${waiting}`}</Text> : null}
      </Text>
      {waiting && !beside ? <Text wrap="truncate-end" color="yellow">{`   ${waiting}`}</Text> : null}
    </Box>
  );
}
