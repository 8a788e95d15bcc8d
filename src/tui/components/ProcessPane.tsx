// Processes: pid, program and state: running, blocked in which call on which object, exited with
// which code or signal. Pure: it renders the snapshot it is given, at most `height` lines.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { ProcSnapshot } from '../../api/snapshot.js';
import { clip, exitText, stateText } from '../format.js';
import { Note, Section } from './Section.js';

export interface ProcessPaneProperties {
  readonly processes: readonly ProcSnapshot[];
  readonly width: number;
  readonly height: number;
  readonly title?: string;
  /** The pid that made the latest system call, marked with ▸. */
  readonly current?: number;
  /** Shown instead of the list when there are no processes (yet). */
  readonly empty?: string;
}

interface Line { key: string; node: ReactElement }

interface Row { head: string; word: string; detail: string; color?: string; oneLine: boolean }

function layoutRows(processes: readonly ProcSnapshot[], width: number, current?: number): Row[] {
  const pidW = Math.max(3, ...processes.map((p) => String(p.pid).length));
  const progW = Math.min(12, Math.max(4, ...processes.map((p) => p.program.length)));
  return processes.map((p) => {
    const s = stateText(p);
    const mark = p.pid === current ? '▸' : ' ';
    const head = `${mark}${String(p.pid).padStart(pidW)} ${clip(p.program, progW).padEnd(progW)} `;
    const ended = p.state === 'exited' || p.state === 'zombie';
    const word = ended ? (p.state === 'zombie' ? `zombie, ${exitText(p.exit)}` : exitText(p.exit) || 'exited') : s.word;
    const detail = ended ? '' : s.detail;
    const oneLine = !detail || head.length + word.length + 1 + detail.length <= width;
    return { head, word, detail, color: s.color, oneLine };
  });
}

/** Lines the pane wants for these processes at `width`, its title included. */
export function processLines(processes: readonly ProcSnapshot[], width: number): number {
  if (processes.length === 0) return 2;
  return 1 + layoutRows(processes, width).reduce((n, r) => n + (r.oneLine ? 1 : 2), 0);
}

export function ProcessPane({ processes, width, height, title = 'Processes', current, empty }: ProcessPaneProperties) {
  if (height <= 0) return null;
  const indent = ' '.repeat(Math.max(3, ...processes.map((p) => String(p.pid).length)) + 2);
  const lines: Line[][] = layoutRows(processes, width, current).map((r, i) => {
    const p = processes[i];
    const first = (
      <Text wrap="truncate-end">
        <Text bold={p.pid === current}>{r.head}</Text>
        <Text color={r.color} bold={p.state === 'blocked'}>{r.word}</Text>
        {r.oneLine && r.detail ? <Text color={r.color}>{` ${r.detail}`}</Text> : null}
      </Text>
    );
    const out: Line[] = [{ key: `${p.pid}`, node: first }];
    if (!r.oneLine) {
      out.push({ key: `${p.pid}d`, node: <Text wrap="truncate-end" color={r.color}>{`${indent}${r.detail}`}</Text> });
    }
    return out;
  });
  const room = height - 1;
  const total = lines.reduce((n, l) => n + l.length, 0);
  const budget = total <= room ? room : room - 1; // keep a line for "+N more"
  const shown: Line[] = [];
  let used = 0;
  let i = 0;
  for (; i < lines.length && used + lines[i].length <= budget; i++) {
    shown.push(...lines[i]);
    used += lines[i].length;
  }
  const more = lines.length - i;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title={title} width={width} note={processes.length ? String(processes.length) : undefined} />
      {processes.length === 0 ? <Note>{empty ?? 'none'}</Note> : null}
      {shown.map((l) => <Box key={l.key}>{l.node}</Box>)}
      {more > 0 ? <Note>{`+${more} more`}</Note> : null}
    </Box>
  );
}
