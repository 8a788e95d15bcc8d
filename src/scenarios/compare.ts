// Differential comparison of two runs. Processes are matched by their place in the fork tree
// ('main', 'main.1', 'main.1.2': main's first child's second child). Within each process the
// calls are compared in order, after renaming what legitimately differs between two kernels:
// pids, fds, IPC ids and keys, paths and addresses get names in order of first appearance, and
// times are ignored.
import type { ProcessRecord, RunResult, TraceEvent } from '../api/types.js';
import { SYSCALLS, type Fields, type Kind } from '../api/syscalls.js';
import { encodeValue, showValue } from '../api/trace.js';

/** pid -> fork-tree name, for every process of a run (processes in order of creation). */
export function processNames(processes: ProcessRecord[]): Map<number, string> {
  const names = new Map<number, string>();
  const kids = new Map<number, number>();
  for (const p of processes) {
    const parent = names.get(p.ppid);
    if (parent === undefined) {
      names.set(p.pid, names.size === 0 ? 'main' : `orphan.${names.size}`);
      continue;
    }
    const k = (kids.get(p.ppid) ?? 0) + 1;
    kids.set(p.ppid, k);
    names.set(p.pid, `${parent}.${k}`);
  }
  return names;
}

function byteLength(data: unknown): number {
  if (data instanceof Uint8Array) return data.length;
  return typeof data === 'string' ? new TextEncoder().encode(data).length : -1;
}

class Namer {
  private readonly maps = new Map<string, Map<unknown, string>>();
  pids: Map<number, string>;
  /**
   * The call being named: IPC ids are numbered per mechanism (shm, msg and sem ids are separate
   * tables, and the simulator's first of each is 0), addresses per process (each has its own
   * address space, and the simulator's are the same layout in every process).
   */
  scope = { mechanism: '', process: '' };
  constructor(pids: Map<number, string>) {
    this.pids = pids;
  }
  name(kind: string, raw: unknown): string {
    if (kind === 'pid' && typeof raw === 'number') {
      const known = this.pids.get(raw);
      if (known) return known;
    }
    const table = kind === 'id' ? `id.${this.scope.mechanism}` : kind === 'addr' ? `addr.${this.scope.process}` : kind;
    let m = this.maps.get(table);
    if (!m) this.maps.set(table, (m = new Map()));
    let n = m.get(raw);
    if (!n) m.set(raw, (n = `${kind}#${m.size + 1}`));
    return n;
  }
}

/** Per-process fd names, inherited by children at the fork. */
class FdNames {
  private readonly map: Map<number, string>;
  private next: { n: number };
  constructor(from?: FdNames) {
    this.map = new Map(from?.map ?? [[0, 'fd0'], [1, 'fd1'], [2, 'fd2']]);
    this.next = from ? { n: from.next.n } : { n: 1 };
  }
  name(fd: unknown): string {
    if (typeof fd !== 'number' || fd < 0) return String(fd);
    let n = this.map.get(fd);
    if (!n) this.map.set(fd, (n = `F${this.next.n++}`));
    return n;
  }
}

function normaliseValue(kind: Kind, v: unknown, namer: Namer, fds: FdNames): unknown {
  if (v === undefined || v === null) return v;
  switch (kind) {
    case 'fd': return fds.name(v);
    case 'time': return 'T';
    case 'args': return '…';
    case 'value': return v;
    case 'addr':
      if (typeof v === 'object' && v !== null && 'addr' in v) return namer.name('addr', (v as { addr: number }).addr);
      // A native run's mappings come back from its trace file as { $mapping: addr, length }.
      if (typeof v === 'object' && v !== null && '$mapping' in v) return namer.name('addr', (v as { $mapping: number }).$mapping);
      return namer.name('addr', v);
    default: return namer.name(kind, v);
  }
}

function normaliseResult(schema: Kind | Kind[] | Fields | undefined, v: unknown,
  namer: Namer, fds: FdNames): unknown {
  if (schema === undefined || v === undefined) return v;
  if (typeof schema === 'string') return normaliseValue(schema, v, namer, fds);
  if (Array.isArray(schema)) {
    return Array.isArray(v) ? v.map((x, i) => normaliseValue(schema[i] ?? 'value', x, namer, fds)) : v;
  }
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  for (const [k, kind] of Object.entries(schema)) if (k in out) out[k] = normaliseResult(kind, out[k], namer, fds);
  return out;
}

/** A call with what differs between kernels renamed: `key` compares it in full, `text` shows it. */
interface NormCall { key: string; text: string; event: TraceEvent }

function normaliseRun(r: RunResult): { calls: Map<string, NormCall[]>; names: Map<number, string> } {
  const names = processNames(r.processes);
  const namer = new Namer(names);
  const byPid = new Map<number, TraceEvent[]>();
  for (const e of r.trace) {
    let list = byPid.get(e.pid);
    if (!list) byPid.set(e.pid, (list = []));
    list.push(e);
  }
  const calls = new Map<string, NormCall[]>();
  const fdsOf = new Map<number, FdNames>();
  // Walk processes in creation order so a parent's fd names exist before its children need them.
  for (const p of r.processes) {
    const fds = fdsOf.get(p.pid) ?? new FdNames(fdsOf.get(p.ppid));
    fdsOf.set(p.pid, fds);
    const out: NormCall[] = [];
    for (const e of byPid.get(p.pid) ?? []) {
      const schema = SYSCALLS[e.syscall] ?? {};
      namer.scope = { mechanism: e.syscall.slice(0, 3), process: names.get(p.pid)! };
      const args = e.args.map((a, i) => normaliseValue(schema.args?.[i] ?? 'value', a, namer, fds));
      const resultSchema = schema.resultOf ? schema.resultOf(e.args) : schema.result;
      const res = e.error !== undefined ? e.error
        : resultSchema === 'count' ? (e.result === byteLength(e.args[1]) ? 'all' : e.result)
        : normaliseResult(resultSchema, e.result, namer, fds);
      if (e.syscall === 'fork' && typeof e.result === 'number') {
        // The child starts with the parent's descriptors as they are at this fork.
        fdsOf.set(e.result, new FdNames(fds));
      }
      out.push({
        key: `${e.syscall} ${JSON.stringify(encodeValue(args))} ${JSON.stringify(encodeValue(res) ?? null)}`,
        text: `${e.syscall}(${args.map((a) => showValue(a, 60)).join(', ')}) = ${showValue(res, 60)}`,
        event: e,
      });
    }
    calls.set(names.get(p.pid)!, out);
  }
  return { calls, names };
}

function exitText(p: ProcessRecord): string {
  return 'code' in p.exit ? `exit code ${p.exit.code}` : `killed by ${p.exit.signal}`;
}

/**
 * Do two outputs say the same? Numbers may differ only where each side printed one of its own
 * pids and both are the same process ("I am 104" vs "I am 23511"); a number that happens to equal
 * a pid on one side only ("var = 100") must still be equal as a number.
 */
function sameOutput(a: string, b: string, pidsA: Map<number, string>, pidsB: Map<number, string>): boolean {
  if (a === b) return true;
  const ta = a.split(/(\d+)/);
  const tb = b.split(/(\d+)/);
  if (ta.length !== tb.length) return false;
  for (let i = 0; i < ta.length; i++) {
    if (ta[i] === tb[i]) continue;
    if (i % 2 === 0) return false; // text between numbers differs
    const na = pidsA.get(Number(ta[i]));
    if (na === undefined || na !== pidsB.get(Number(tb[i]))) return false;
  }
  return true;
}

/** Compares two runs: the same processes, calls, results, errors, exits and outputs. */
export function compareRuns(a: RunResult, b: RunResult): { same: boolean; firstDivergence?: string } {
  const na = normaliseRun(a);
  const nb = normaliseRun(b);
  const la = `${a.backend}`;
  const lb = b.backend === a.backend ? `${b.backend} (2)` : `${b.backend}`;
  const procsA = new Map(a.processes.map((p) => [na.names.get(p.pid)!, p]));
  const procsB = new Map(b.processes.map((p) => [nb.names.get(p.pid)!, p]));
  for (const name of new Set([...procsA.keys(), ...procsB.keys()])) {
    const pa = procsA.get(name);
    const pb = procsB.get(name);
    if (!pa || !pb) {
      return { same: false, firstDivergence: `process ${name} exists only on ${pa ? la : lb}` };
    }
    const ca = na.calls.get(name) ?? [];
    const cb = nb.calls.get(name) ?? [];
    const n = Math.max(ca.length, cb.length);
    for (let i = 0; i < n; i++) {
      const x = ca[i]?.key;
      const y = cb[i]?.key;
      // Equal, or differing only where each side wrote one of its own pids into data
      // ("Process 102's time" against "Process 18849's time").
      if (x === y || (x !== undefined && y !== undefined && sameOutput(x, y, na.names, nb.names))) continue;
      const context = (list: NormCall[]) => list.slice(Math.max(0, i - 3), i).map((c) => `    ${c.text}`).join('\n');
      return {
        same: false,
        firstDivergence:
          `process ${name} (${pa.program}), call ${i + 1}:\n` +
          `  ${la}: ${ca[i]?.text ?? '(no more calls)'}\n  ${lb}: ${cb[i]?.text ?? '(no more calls)'}\n` +
          (i > 0 ? `  before it, on ${la}:\n${context(ca)}` : ''),
      };
    }
    if (exitText(pa) !== exitText(pb)) {
      return { same: false, firstDivergence: `process ${name} (${pa.program}): ${la} ${exitText(pa)}, ${lb} ${exitText(pb)}` };
    }
    if (!sameOutput(pa.output, pb.output, na.names, nb.names)) {
      return {
        same: false,
        firstDivergence: `process ${name} (${pa.program}) output differs:\n  ${la}: ${JSON.stringify(pa.output)}\n  ${lb}: ${JSON.stringify(pb.output)}`,
      };
    }
  }
  if (!!a.deadlock !== !!b.deadlock) {
    return { same: false, firstDivergence: `deadlock on ${a.deadlock ? la : lb} only` };
  }
  return { same: true };
}
