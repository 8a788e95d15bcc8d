// System V shared memory: segments, nattch, and a page map: one row per process, one cell per page
// of the segment, filled where that process maps the page. undefined: not built yet.
import { Box, Text } from 'ink';
import type { ShmSnapshot } from '../../api/snapshot.js';
import { bytes, clip, ipcKey, fitting } from '../format.js';
import { Note, Section } from './Section.js';

export interface ShmPaneProperties {
  readonly segments: readonly ShmSnapshot[] | undefined;
  readonly width: number;
  readonly height: number;
  readonly unavailable?: string;
}

/** The pids that map some page of the segment, in ascending order. */
export function mappers(seg: ShmSnapshot): number[] {
  const set = new Set<number>();
  for (const page of seg.pages) for (const pid of page) set.add(pid);
  return [...set].sort((a, b) => a - b);
}

/** One process's row of the page map: █ where it maps the page, · where not. */
export function pageRow(seg: ShmSnapshot, pid: number, width: number): string {
  const cells = seg.pages.map((page) => (page.includes(pid) ? '█' : '·')).join('');
  if (cells.length <= width) return cells;
  const keep = Math.max(0, width - `…+${seg.pages.length}`.length);
  return `${cells.slice(0, keep)}…+${seg.pages.length - keep}`;
}

function fullLines(s: ShmSnapshot): number {
  return 1 + Math.max(1, mappers(s).length);
}

export function ShmPane({ segments, width, height, unavailable }: ShmPaneProperties) {
  if (height <= 0) return null;
  const title = 'Shared memory';
  if (!segments) {
    return (
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        <Section title={title} width={width} />
        <Note>{unavailable ?? 'not implemented yet'}</Note>
      </Box>
    );
  }
  const room = height - 1;
  const full = segments.reduce((n, s) => n + fullLines(s), 0) <= room;
  const per = (s: ShmSnapshot) => (full ? fullLines(s) : 2);
  const count = fitting(segments, room, per);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title={title} width={width} note={segments.length ? String(segments.length) : undefined} />
      {segments.length === 0 ? <Note>none</Note> : null}
      {segments.slice(0, count).map((s) => <SegmentRows key={s.id} seg={s} width={width} full={full} />)}
      {count < segments.length ? <Note>{`+${segments.length - count} more`}</Note> : null}
    </Box>
  );
}

function SegmentRows({ seg, width, full }: { readonly seg: ShmSnapshot; readonly width: number; readonly full: boolean }) {
  const who = mappers(seg);
  const head = ` shm ${seg.id} ${ipcKey(seg.key)} ${bytes(seg.size)} ${seg.pages.length}p`;
  const pidW = Math.max(3, ...who.map((p) => String(p).length));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{clip(head, width)}</Text>
        <Text>{`  nattch ${seg.nattch}`}</Text>
        {seg.dest ? <Text color="red">{'  removed (SHM_DEST)'}</Text> : null}
      </Text>
      {!full
        ? <Text wrap="truncate-end" dimColor={who.length === 0}>{who.length ? `   mapped by ${who.join(',')}` : '   not attached'}</Text>
        : who.length === 0
          ? <Note>not attached</Note>
          : who.map((pid) => (
            <Text key={pid} wrap="truncate-end">
              <Text dimColor>{`   pid ${String(pid).padStart(pidW)} `}</Text>
              <Text color="green">{pageRow(seg, pid, width - pidW - 9)}</Text>
            </Text>
          ))}
    </Box>
  );
}
