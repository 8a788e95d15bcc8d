// A KernelSnapshot of a native run while it goes on, for the TUI. Built only from what Linux shows
// without touching the run's objects: the processes from the run's records and /proc/<pid>/stat
// and /proc/<pid>/syscall (blocked in which call on which object), System V objects from
// /proc/sysvipc/{msg,sem,shm} restricted to the ids the run recorded creating, semaphore values
// through semctl GETALL/GETNCNT/GETZCNT/GETPID and msg_qbytes through MSG_STAT_ANY (read-only
// commands; skipped when not permitted), shared memory's page map from /proc/<pid>/maps.
// Pipes are not read: FIONREAD needs an open file of the pipe, and opening one through
// /proc/<pid>/fd adds a reader or writer for a moment, which can change the run (a FIFO's open
// returns, a writer misses its EPIPE), so the snapshot says so instead.
import * as fs from 'node:fs';
import { constants as C } from '../api/constants.js';
import { MSQID_DS_SIZE, readMsqidDs } from '../api/msg-struct.js';
import type {
  KernelSnapshot, MsgQueueSnapshot, ProcSnapshot, SemSetSnapshot, ShmSnapshot,
} from '../api/snapshot.js';
import type { ExitStatus } from '../api/types.js';
import { libc } from './libc.js';
import type { CreatedRecord, ProcRecord } from './records.js';

/** What the runner knows of its run. */
export interface NativeRunView {
  /** The .proc records, by process index ('main', 'main.1'...). */
  readonly records: ReadonlyMap<string, readonly ProcRecord[]>;
  readonly mainPid: number;
  readonly runnerPid: number;
  readonly mainExit?: ExitStatus;
  /** Exits of processes this runner reaped (reparented orphans). */
  readonly orphanExits: ReadonlyMap<number, ExitStatus>;
  /** Milliseconds since the run started; system calls seen so far. */
  readonly t: number;
  readonly steps: number;
}

/** How the builder reads the system (tests give their own). */
export interface NativeSources {
  /** A file's text, or undefined when it cannot be read (gone, not permitted). */
  read(file: string): string | undefined;
  readlink(file: string): string | undefined;
  /** Semaphore values and counts by semctl, or undefined when not permitted. */
  semState?(id: number, nsems: number): Pick<SemSetSnapshot, 'values' | 'semncnt' | 'semzcnt' | 'sempid'> | undefined;
  /** A queue's msg_qbytes by msgctl(MSG_STAT_ANY), or undefined. */
  msgQbytes?(id: number): number | undefined;
}

/** What a native snapshot cannot show; the TUI prints it. */
export const NATIVE_UNAVAILABLE: readonly string[] = [
  'pipes (FIONREAD would open them)', 'message types & sizes', 'sleepers\u2019 sops', 'fds',
];

/** The rows of a /proc/sysvipc table as objects keyed by its header's column names. */
export function parseSysvipc(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const names = lines[0].trim().split(/\s+/);
  return lines.slice(1).map((line) => {
    const cells = line.trim().split(/\s+/);
    const row: Record<string, string> = {};
    names.forEach((n, i) => { row[n] = cells[i] ?? ''; });
    return row;
  });
}

/**
 * The rows of a table whose id (column `idColumn`) the run created, with the key it recorded.
 * A removed shared memory segment (SHM_DEST) shows key 0: its id alone is enough.
 */
export function createdRows(rows: readonly Record<string, string>[], idColumn: string,
  created: readonly CreatedRecord[], kind: 'msg' | 'sem' | 'shm'): Record<string, string>[] {
  const keys = new Map<number, number>();
  for (const r of created) if (r.kind === kind && r.id !== undefined) keys.set(r.id, r.key ?? 0);
  return rows.filter((row) => {
    const id = Number(row[idColumn]);
    if (!keys.has(id)) return false;
    const key = Number(row.key);
    return key === keys.get(id) || (kind === 'shm' && key === 0);
  });
}

// System calls a process can sleep in, by number, per architecture; the first argument names
// the object (msqid, semid, fd). Others (epoll_wait, futex: Node's own loop) count as running.
const SYSCALLS: Record<string, Record<number, string>> = {
  x64: { 0: 'read', 1: 'write', 2: 'open', 7: 'poll', 34: 'pause', 35: 'nanosleep', 61: 'wait4', 65: 'semop',
    69: 'msgsnd', 70: 'msgrcv', 130: 'rt_sigsuspend', 220: 'semtimedop', 230: 'clock_nanosleep', 257: 'openat' },
  arm64: { 56: 'openat', 63: 'read', 64: 'write', 101: 'nanosleep', 115: 'clock_nanosleep', 133: 'rt_sigsuspend',
    188: 'msgrcv', 189: 'msgsnd', 192: 'semtimedop', 193: 'semop', 260: 'wait4' },
};

/** The state letter of /proc/<pid>/stat (after the command's closing parenthesis). */
export function statState(stat: string): string {
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** Which call a sleeping process is in and on what, from /proc/<pid>/syscall. */
export function blockedIn(syscallLine: string, arch: string, fdName: (fd: number) => string | undefined):
  { syscall: string; waitingOn?: string } | undefined {
  const [nr, a0] = syscallLine.trim().split(/\s+/);
  const name = SYSCALLS[arch]?.[Number(nr)];
  if (!name || a0 === undefined) return undefined;
  const arg = Number.parseInt(a0, 16);
  switch (name) {
    case 'msgsnd': case 'msgrcv': return { syscall: name, waitingOn: `msq:${arg}` };
    case 'semop': case 'semtimedop': return { syscall: 'semop', waitingOn: `sem:${arg}` };
    case 'read': case 'write': return { syscall: name, waitingOn: fdName(arg) ?? `fd ${arg}` };
    case 'wait4': return { syscall: 'waitpid', waitingOn: 'a child' };
    default: return { syscall: name };
  }
}

/** The pids of `maps` lines that map System V segment `shmid`, page by page. */
function mapPages(maps: string, shmid: number, pages: number[][], pid: number): void {
  for (const line of maps.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) \S+ (\d+)\s+\/SYSV/.exec(line);
    if (!m || Number(m[4]) !== shmid) continue;
    const first = Number.parseInt(m[3], 16) / 4096;
    const count = (Number.parseInt(m[2], 16) - Number.parseInt(m[1], 16)) / 4096;
    for (let p = first; p < first + count && p < pages.length; p++) if (!pages[p].includes(pid)) pages[p].push(pid);
  }
}

export function nativeSnapshot(run: NativeRunView, src: NativeSources = linuxSources(), arch = process.arch): KernelSnapshot {
  const all = [...run.records.values()].flat();
  const created = all.filter((r): r is CreatedRecord => r.k === 'created');

  // ---- processes, as the runner's collect() finds them ----
  const pidOf = new Map<string, number>([['main', run.mainPid]]);
  for (const r of all) if (r.k === 'fork') pidOf.set(r.index, r.pid);
  const procs = new Map<string, { pid: number; ppid: number; program: string; t: number }>();
  const mainStart = run.records.get('main')?.find((r) => r.k === 'start');
  procs.set('main', { pid: run.mainPid, ppid: run.runnerPid, t: -Infinity,
    program: mainStart?.k === 'start' ? mainStart.program : '' });
  const exits = new Map<number, ExitStatus>(run.orphanExits);
  for (const [index, list] of run.records) {
    for (const r of list) {
      if (r.k === 'fork') procs.set(r.index, { pid: r.pid, ppid: pidOf.get(index) ?? 0, program: r.program, t: r.t });
      else if (r.k === 'start' && !procs.has(index)) procs.set(index, { pid: r.pid, ppid: r.ppid, program: r.program, t: r.t });
      else if (r.k === 'child-exit') exits.set(r.pid, r.status);
    }
  }
  if (run.mainExit) exits.set(run.mainPid, run.mainExit);
  const live: number[] = [];
  const processes: ProcSnapshot[] = [...procs.entries()].sort(([, a], [, b]) => a.t - b.t).map(([index, p]) => {
    const base = { pid: p.pid, ppid: p.ppid, program: p.program, fds: {} };
    const exit = exits.get(p.pid);
    if (exit) return { ...base, state: 'exited', exit };
    const stat = src.read(`/proc/${p.pid}/stat`);
    const own = run.records.get(index)?.find((r) => r.k === 'exit');
    const ownExit = own?.k === 'exit' ? { code: own.code } : undefined;
    if (stat === undefined) return { ...base, state: 'exited', exit: ownExit };
    const letter = statState(stat);
    if (letter === 'Z' || letter === 'X') return { ...base, state: 'zombie', exit: ownExit };
    live.push(p.pid);
    if (letter === 'S' || letter === 'D') {
      const line = src.read(`/proc/${p.pid}/syscall`);
      const fdName = (fd: number) => {
        const link = src.readlink(`/proc/${p.pid}/fd/${fd}`);
        return link && /^pipe:/.test(link) ? link : link ? `fifo ${link}` : undefined;
      };
      const b = line ? blockedIn(line, arch, fdName) : undefined;
      if (b) return { ...base, state: 'blocked', ...b };
    }
    if (letter === 'T' || letter === 't') return { ...base, state: 'sleeping', syscall: 'stopped' };
    return { ...base, state: 'running' };
  });
  const waiting = (call: string, on: string) =>
    processes.filter((p) => p.state === 'blocked' && p.syscall === call && p.waitingOn === on).map((p) => p.pid);

  // ---- System V objects the run created ----
  const table = (name: string) => parseSysvipc(src.read(`/proc/sysvipc/${name}`) ?? '');
  const defaultQbytes = Number(src.read('/proc/sys/kernel/msgmnb')?.trim() ?? 16384);
  const msgQueues: MsgQueueSnapshot[] = createdRows(table('msg'), 'msqid', created, 'msg').map((row) => {
    const id = Number(row.msqid);
    return {
      id, key: Number(row.key), mode: Number.parseInt(row.perms, 8) & 0o777,
      qnum: Number(row.qnum), cbytes: Number(row.cbytes), qbytes: src.msgQbytes?.(id) ?? defaultQbytes,
      messages: [], waitingSenders: waiting('msgsnd', `msq:${id}`), waitingReceivers: waiting('msgrcv', `msq:${id}`),
    };
  });
  const semSets: SemSetSnapshot[] = createdRows(table('sem'), 'semid', created, 'sem').map((row) => {
    const id = Number(row.semid);
    const nsems = Number(row.nsems);
    const state = src.semState?.(id, nsems) ?? { values: [], semncnt: [], semzcnt: [], sempid: [] };
    return {
      id, key: Number(row.key), mode: Number.parseInt(row.perms, 8) & 0o777, ...state,
      sleepers: waiting('semop', `sem:${id}`).map((pid) => ({ pid, sops: [] })),
    };
  });
  const shmSegments: ShmSnapshot[] = createdRows(table('shm'), 'shmid', created, 'shm').map((row) => {
    const id = Number(row.shmid);
    const size = Number(row.size);
    const perms = Number.parseInt(row.perms, 8);
    const pages: number[][] = Array.from({ length: Math.min(4096, Math.ceil(size / 4096)) }, () => []);
    for (const pid of live) mapPages(src.read(`/proc/${pid}/maps`) ?? '', id, pages, pid);
    return { id, key: Number(row.key), mode: perms & 0o777, size, nattch: Number(row.nattch), dest: (perms & 0o1000) !== 0, pages };
  });

  return {
    backend: 'native', t: run.t, steps: run.steps, processes, pipes: [], msgQueues, semSets, shmSegments,
    unavailable: [...NATIVE_UNAVAILABLE],
  };
}

/** The real system: /proc, and libc for the read-only semctl and msgctl commands. */
export function linuxSources(): NativeSources {
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const readlink = (file: string) => {
    try {
      return fs.readlinkSync(file);
    } catch {
      return undefined;
    }
  };
  const sources: NativeSources = { read, readlink };
  if (process.platform !== 'linux') return sources;
  sources.semState = (id, nsems) => {
    const l = libc();
    if (nsems <= 0) return undefined;
    const buf = new Uint8Array(Math.max(2, nsems * 2));
    if (l.semctl(id, 0, C.GETALL, buf) !== 0) return undefined;
    const dv = new DataView(buf.buffer);
    const values = Array.from({ length: nsems }, (_, i) => dv.getUint16(i * 2, true));
    const each = (cmd: number) => Array.from({ length: nsems }, (_, i) => Math.max(0, l.semctl(id, i, cmd, null)));
    return { values, semncnt: each(C.GETNCNT), semzcnt: each(C.GETZCNT), sempid: each(C.GETPID) };
  };
  sources.msgQbytes = (id) => {
    const l = libc();
    const buf = new Uint8Array(MSQID_DS_SIZE);
    if (l.msgctl(id, C.MSG_STAT_ANY, buf) !== id) return undefined;
    return readMsqidDs(new DataView(buf.buffer)).msg_qbytes;
  };
  return sources;
}
