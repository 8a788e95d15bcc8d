// Text helpers shared by the panes: fitting text to a width, bars, the one-line form of a system
// call, process states in words, and sharing a column's height between panes. Pure functions only.
import type { ProcSnapshot } from '../api/snapshot.js';
import type { ProcessRecord, TraceEvent } from '../api/types.js';
import { showValue } from '../api/trace.js';

/** `text` cut to `width` characters (with an ellipsis when cut). */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** `text` cut or padded with spaces to exactly `width` characters. */
export function fit(text: string, width: number): string {
  return clip(text, width).padEnd(Math.max(0, width), ' ');
}

/** A bar of `width` cells filled to `fraction`; any non-zero fraction shows at least one cell. */
export function bar(fraction: number, width: number): string {
  if (width <= 0) return '';
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  let full = Math.round(f * width);
  if (f > 0 && full === 0) full = 1;
  if (f < 1 && full === width && width > 1) full = width - 1;
  return '█'.repeat(full) + '░'.repeat(width - full);
}

/** Bytes in a short form: 512 B, 4 KiB, 64 KiB, 1.5 MiB. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${trimNum(n / 1024)} KiB`;
  return `${trimNum(n / (1024 * 1024))} MiB`;
}

function trimNum(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** A System V key as ipcs prints it. */
export function ipcKey(key: number): string {
  return key === 0 ? 'IPC_PRIVATE' : `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
}

/** A list of pids, or a dash when empty. */
export function pids(list: readonly number[]): string {
  return list.length === 0 ? '-' : list.join(',');
}

/** Milliseconds in a short form. */
export function ms(t: number): string {
  if (t < 10) return `${t.toFixed(2)}ms`;
  if (t < 1000) return `${t.toFixed(1)}ms`;
  return `${(t / 1000).toFixed(2)}s`;
}

/** One system call as a line: `read(3, 80) = "hello"`, errors as `= EAGAIN`. */
export function callText(e: TraceEvent, argMax = 24): string {
  const args = e.args.map((a) => showValue(a, argMax)).join(', ');
  const res = e.error ?? showValue(e.result, argMax);
  return `${e.syscall}(${args})${res === '' ? '' : ` = ${res}`}`;
}

/** How a process ended: 'exit 0' or 'killed by SIGPIPE'. */
export function exitText(exit: ProcSnapshot['exit']): string {
  if (!exit) return '';
  return 'code' in exit ? `exit ${exit.code}` : `killed by ${exit.signal}`;
}

/** The process state in words, and a colour for it. */
export function stateText(p: ProcSnapshot): { word: string; detail: string; color?: string } {
  switch (p.state) {
    case 'blocked':
    case 'sleeping': {
      const call = p.syscall ? `in ${p.syscall}()` : '';
      const on = p.waitingOn ? `on ${p.waitingOn}` : '';
      return { word: p.state, detail: [call, on].filter(Boolean).join(' '), color: 'yellow' };
    }
    case 'zombie':
    case 'exited': {
      const bad = p.exit !== undefined && !('code' in p.exit && p.exit.code === 0);
      return { word: p.state, detail: exitText(p.exit), color: bad ? 'red' : 'green' };
    }
    case 'running':
      return { word: 'running', detail: '', color: 'cyan' };
    default:
      return { word: p.state, detail: '' };
  }
}

/** A finished run's process record in the snapshot's shape (for the native side). */
export function recordToProc(r: ProcessRecord): ProcSnapshot {
  return { pid: r.pid, ppid: r.ppid, program: r.program, state: 'exited', exit: r.exit, fds: {} };
}

/**
 * Shares `total` lines between sections: each gets its minimum first (in order, while lines last),
 * then the rest goes to each in order up to what it wants.
 */
export function allocate(total: number, wants: readonly { min: number; want: number }[]): number[] {
  const out = wants.map(() => 0);
  let left = Math.max(0, total);
  wants.forEach((w, i) => {
    const give = Math.min(left, w.min);
    out[i] = give;
    left -= give;
  });
  wants.forEach((w, i) => {
    const give = Math.min(left, Math.max(0, w.want - out[i]));
    out[i] += give;
    left -= give;
  });
  return out;
}

/** The place of the first divergence compareRuns reports: fork-tree name and 1-based call index. */
export function divergencePoint(text: string | undefined): { process: string; call: number } | undefined {
  const m = /^process (\S+) \(.*?\), call (\d+):/.exec(text ?? '');
  return m ? { process: m[1], call: Number(m[2]) } : undefined;
}

/** `text` broken into lines of at most `width` characters at spaces, each prefixed by `indent`. */
export function wrapText(text: string, width: number, indent = '  '): string[] {
  const room = Math.max(8, width - indent.length);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > room) {
      out.push(indent + line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
    while (line.length > room) {
      out.push(indent + line.slice(0, room));
      line = line.slice(room);
    }
  }
  if (line) out.push(indent + line);
  return out;
}

/**
 * How many of `items` fit in `room` lines, each taking lines(item): all of them, or as many as
 * leave one line free for "+N more".
 */
export function fitting<T>(items: readonly T[], room: number, lines: (item: T) => number): number {
  const total = items.reduce((n, item) => n + lines(item), 0);
  const budget = total <= room ? room : room - 1;
  let used = 0;
  let count = 0;
  while (count < items.length && used + lines(items[count]) <= budget) used += lines(items[count++]);
  return count;
}
