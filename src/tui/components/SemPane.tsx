// System V semaphore sets: each semaphore's value, semncnt and semzcnt, and the sleepers with the
// operations they wait to perform. undefined: the mechanism is not built yet.
import { Box, Text } from 'ink';
import type { SemSetSnapshot } from '../../api/snapshot.js';
import { clip, ipcKey, fitting } from '../format.js';
import { Note, Section } from './Section.js';

export interface SemPaneProperties {
  readonly sets: readonly SemSetSnapshot[] | undefined;
  readonly width: number;
  readonly height: number;
  readonly unavailable?: string;
}

/** A sleeper's operations as `[0]-1 [1]=0` (=0: waits for zero). */
export function sopsText(sops: SemSetSnapshot['sleepers'][number]['sops']): string {
  return sops.map((s) => `[${s.sem_num}]${s.sem_op === 0 ? '=0' : s.sem_op > 0 ? `+${s.sem_op}` : s.sem_op}`).join(' ');
}

function fullLines(s: SemSetSnapshot): number {
  return 1 + s.values.length + s.sleepers.length;
}

export function SemPane({ sets, width, height, unavailable }: SemPaneProperties) {
  if (height <= 0) return null;
  const title = 'Semaphore sets';
  if (!sets) {
    return (
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        <Section title={title} width={width} />
        <Note>{unavailable ?? 'not implemented yet'}</Note>
      </Box>
    );
  }
  const room = height - 1;
  const full = sets.reduce((n, s) => n + fullLines(s), 0) <= room;
  const per = (s: SemSetSnapshot) => (full ? fullLines(s) : s.sleepers.length ? 3 : 2);
  const count = fitting(sets, room, per);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title={title} width={width} note={sets.length ? String(sets.length) : undefined} />
      {sets.length === 0 ? <Note>none</Note> : null}
      {sets.slice(0, count).map((s) => <SetRows key={s.id} set={s} width={width} full={full} />)}
      {count < sets.length ? <Note>{`+${sets.length - count} more`}</Note> : null}
    </Box>
  );
}

function SetRows({ set, width, full }: { readonly set: SemSetSnapshot; readonly width: number; readonly full: boolean }) {
  const head = ` sem ${set.id} ${ipcKey(set.key)}  ${set.values.length} sem${set.values.length === 1 ? '' : 's'}`;
  const sleepers = set.sleepers.length ? `  ${set.sleepers.length} asleep` : '';
  const long = width >= 48; // semncnt/semzcnt as Linux names them, else ncnt/zcnt
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{clip(head, width)}</Text>
        <Text color="yellow">{sleepers}</Text>
      </Text>
      {full
        ? set.values.map((v, i) => (
          <Text key={i} wrap="truncate-end">
            <Text dimColor>{`   [${i}] `}</Text>
            <Text bold color={v === 0 ? 'yellow' : 'green'}>{`val ${v}`}</Text>
            <Text color={set.semncnt[i] ? 'yellow' : undefined} dimColor={!set.semncnt[i]}>{`  ${long ? 'sem' : ''}ncnt ${set.semncnt[i] ?? 0}`}</Text>
            <Text color={set.semzcnt[i] ? 'yellow' : undefined} dimColor={!set.semzcnt[i]}>{`  ${long ? 'sem' : ''}zcnt ${set.semzcnt[i] ?? 0}`}</Text>
            <Text dimColor>{`  pid ${set.sempid[i] ?? 0}`}</Text>
          </Text>
        ))
        : (
          <Text wrap="truncate-end">
            <Text dimColor>{'   values '}</Text>
            <Text bold>{set.values.join(' ')}</Text>
            <Text dimColor>{`  ncnt ${sum(set.semncnt)} zcnt ${sum(set.semzcnt)}`}</Text>
          </Text>
        )}
      {full
        ? set.sleepers.map((s, i) => (
          <Text key={`s${i}`} wrap="truncate-end" color="yellow">{`   asleep: pid ${s.pid} waits for ${sopsText(s.sops)}`}</Text>
        ))
        : set.sleepers.length
          ? <Text wrap="truncate-end" color="yellow">{`   asleep: ${set.sleepers.map((s) => `${s.pid} ${sopsText(s.sops)}`).join(', ')}`}</Text>
          : null}
    </Box>
  );
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
