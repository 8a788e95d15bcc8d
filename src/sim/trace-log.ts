// The simulator's trace, kept in columns while a run goes. A million calls as a million event
// objects (each with an args array and a byte array) would make every young-generation collection
// copy them all: here numbers go into typed arrays, bytes (data written, data read) are copied
// into one growing pool (a snapshot, as the trace must be: a program may reuse its buffer), and
// only other objects (strings, structs) are referenced. Events become TraceEvent objects when
// someone looks (RunResult.trace, the TUI, onEvent listeners), once each.
import type { TraceEvent } from '../api/types.js';
import { TRACE_BYTES_MAX, traceBytes } from '../api/trace.js';

const BLOCKED = 1;
const ERROR = 2;
const RESULT = 4;
const ARGS_MAX = 4; // args beyond this many are kept as one array in refs
const ALL_REF = 7; // argc value: the whole args array is in refs

// How one value is kept (2 bits each: four args in a byte, the result in its own byte).
const NUM = 0;
const REF = 1;
const BYTES = 2;
// An argument: an array of sembuf ({ sem_num, sem_op, sem_flg? }), kept as numbers in `sops`.
// A result: a message ({ mtype, data }), mtype in `nums` and data in the pool.
const PACKED = 3;

const POOL_PAGE = 1 << 20; // bytes per page of the byte pool (> TRACE_BYTES_MAX)
const CHUNK_SHIFT = 14;
const CHUNK = 1 << CHUNK_SHIFT; // events per chunk: columns grow by chunks, never by copying

/** The columns of CHUNK consecutive events. */
class Chunk {
  readonly pids = new Int32Array(CHUNK);
  readonly times = new Float64Array(CHUNK);
  /** flags (bits 0-2), argc (3-5), argument kinds (6-13), result kind (14-15), name (16-31). */
  readonly meta = new Uint32Array(CHUNK);
  readonly nums = new Float64Array(CHUNK * (ARGS_MAX + 1)); // args, then the result
  readonly refStart = new Int32Array(CHUNK); // first of this event's values in refs
  readonly byteStart = new Int32Array(CHUNK); // first of this event's byte runs in spans
}

export class TraceLog {
  private readonly chunks: Chunk[] = [];
  // Byte runs live in pages of POOL_PAGE bytes (a run never straddles two: it is at most
  // TRACE_BYTES_MAX), so the pool grows without copying what it holds.
  private spans = new Int32Array(3 * 1024); // [page, offset, length] of each byte run
  private spanCount = 0;
  private readonly pages: Uint8Array[] = [new Uint8Array(POOL_PAGE)];
  private page: Uint8Array = this.pages[0];
  private pageUsed = 0;
  private sops = new Float64Array(1024); // sem_num, sem_op, sem_flg (NaN: absent) per sembuf
  private sopsUsed = 0;
  private readonly refs: unknown[] = [];
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private lastName = ''; // the last name looked up, and its id: calls come in runs
  private lastId = 0;
  private readonly events: TraceEvent[] = []; // materialised so far, a prefix of the log
  length = 0;

  push(pid: number, name: string, args: unknown[], result: unknown, error: string | undefined,
    blocked: boolean, t: number): void {
    const i = this.length;
    const o = i & (CHUNK - 1);
    if (o === 0) this.chunks.push(new Chunk());
    const c = this.chunks[i >>> CHUNK_SHIFT];
    c.pids[o] = pid;
    c.times[o] = t;
    let id = name === this.lastName ? this.lastId : this.nameIndex.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, id);
    }
    this.lastName = name;
    this.lastId = id;
    c.refStart[o] = this.refs.length;
    c.byteStart[o] = this.spanCount;
    let n = args.length;
    let kinds = 0;
    if (n > ARGS_MAX) {
      n = ALL_REF;
      this.refs.push(args);
    } else {
      for (let a = 0; a < n; a++) kinds |= this.keep(c, args[a], o * (ARGS_MAX + 1) + a) << (2 * a);
    }
    let f = blocked ? BLOCKED : 0;
    let rk = 0;
    if (error !== undefined) {
      f |= ERROR;
      rk = this.keep(c, error, o * (ARGS_MAX + 1) + ARGS_MAX);
    } else if (result !== undefined) {
      f |= RESULT;
      rk = this.keep(c, result, o * (ARGS_MAX + 1) + ARGS_MAX);
    }
    c.meta[o] = (f | (n << 3) | (kinds << 6) | (rk << 14) | (id << 16)) >>> 0;
    this.length = i + 1;
  }

  /** Keeps one value: a number in `nums` at slot, bytes in the pool, anything else in refs. */
  private keep(c: Chunk, v: unknown, slot: number): number {
    if (typeof v === 'number') {
      c.nums[slot] = v;
      return NUM;
    }
    // The structures hot calls pass (semop's sops, msgrcv's message) are kept unpacked too, so
    // that a long run does not hold an object or two per call.
    if (slot % (ARGS_MAX + 1) !== ARGS_MAX ? this.keepSops(v) : this.keepMessage(c, v, slot)) return PACKED;
    if (v instanceof Uint8Array) {
      if (v.length > TRACE_BYTES_MAX) v = traceBytes(v);
      else {
        this.copyBytes(v);
        return BYTES;
      }
    }
    this.refs.push(v);
    return REF;
  }

  private keepSops(v: unknown): boolean {
    if (!Array.isArray(v) || v.length === 0 || v.length > 64) return false;
    // What the kernel reads of a sembuf is kept; other properties a program hung on it are not.
    for (const op of v) {
      if (op === null || typeof op !== 'object') return false;
      if (typeof op.sem_num !== 'number' || typeof op.sem_op !== 'number') return false;
      if (op.sem_flg !== undefined && typeof op.sem_flg !== 'number') return false;
    }
    const need = this.sopsUsed + 1 + 3 * v.length;
    if (need > this.sops.length) this.sops = widen(this.sops, Math.max(need, this.sops.length * 2));
    this.sops[this.sopsUsed++] = v.length;
    for (const op of v) {
      this.sops[this.sopsUsed++] = op.sem_num;
      this.sops[this.sopsUsed++] = op.sem_op;
      this.sops[this.sopsUsed++] = op.sem_flg === undefined ? NaN : op.sem_flg;
    }
    this.refs.push(this.sopsUsed - 1 - 3 * v.length); // where they start
    return true;
  }

  private keepMessage(c: Chunk, v: unknown, slot: number): boolean {
    if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
    const m = v as { mtype?: unknown; data?: unknown };
    if (typeof m.mtype !== 'number' || !(m.data instanceof Uint8Array) || m.data.length > TRACE_BYTES_MAX) return false;
    if (ownKeys(m) !== 2) return false;
    c.nums[slot] = m.mtype;
    this.copyBytes(m.data);
    return true;
  }

  private copyBytes(v: Uint8Array): void {
    const len = v.length;
    if (this.pageUsed + len > POOL_PAGE) {
      this.page = new Uint8Array(POOL_PAGE);
      this.pages.push(this.page);
      this.pageUsed = 0;
    }
    const at = this.pageUsed;
    if (len <= 64) for (let j = 0; j < len; j++) this.page[at + j] = v[j];
    else this.page.set(v, at);
    if (this.spanCount * 3 === this.spans.length) this.spans = widen(this.spans, this.spans.length * 2);
    this.spans[this.spanCount * 3] = this.pages.length - 1;
    this.spans[this.spanCount * 3 + 1] = at;
    this.spans[this.spanCount * 3 + 2] = len;
    this.spanCount++;
    this.pageUsed = at + len;
  }

  /** Event i as the API shows it. */
  event(i: number): TraceEvent {
    if (i < this.events.length) return this.events[i];
    const c = this.chunks[i >>> CHUNK_SHIFT];
    const o = i & (CHUNK - 1);
    const cursor = { ref: c.refStart[o], span: c.byteStart[o] };
    const take = (kind: number, slot: number): unknown => {
      if (kind === NUM) return c.nums[slot];
      if (kind === REF) return this.refs[cursor.ref++];
      if (kind === PACKED) {
        if (slot % (ARGS_MAX + 1) !== ARGS_MAX) return this.unpackSops(this.refs[cursor.ref++] as number);
        const at = cursor.span++ * 3;
        return { mtype: c.nums[slot], data: this.bytesAt(at) };
      }
      const at = cursor.span++ * 3;
      return this.bytesAt(at);
    };
    let args: unknown[];
    const meta = c.meta[o];
    const argc = (meta >>> 3) & 7;
    if (argc === ALL_REF) args = this.refs[cursor.ref++] as unknown[];
    else {
      args = new Array(argc);
      const kinds = (meta >>> 6) & 0xff;
      for (let a = 0; a < argc; a++) args[a] = take((kinds >> (2 * a)) & 3, o * (ARGS_MAX + 1) + a);
    }
    const e: TraceEvent = { seq: i, pid: c.pids[o], syscall: this.names[meta >>> 16], args, t: c.times[o] };
    const f = meta & 7;
    const rk = (meta >>> 14) & 3;
    if (f & ERROR) e.error = take(rk, o * (ARGS_MAX + 1) + ARGS_MAX) as string;
    else if (f & RESULT) e.result = take(rk, o * (ARGS_MAX + 1) + ARGS_MAX);
    if (f & BLOCKED) e.blocked = true;
    return e;
  }

  /** A copy of the byte run described by spans[at..at+2]. */
  private bytesAt(at: number): Uint8Array {
    const from = this.spans[at + 1];
    return this.pages[this.spans[at]].slice(from, from + this.spans[at + 2]);
  }

  private unpackSops(at: number): unknown[] {
    const n = this.sops[at];
    const out: unknown[] = [];
    for (let j = 0; j < n; j++) {
      const base = at + 1 + 3 * j;
      const flg = this.sops[base + 2];
      out.push(Number.isNaN(flg)
        ? { sem_num: this.sops[base], sem_op: this.sops[base + 1] }
        : { sem_num: this.sops[base], sem_op: this.sops[base + 1], sem_flg: flg });
    }
    return out;
  }

  /** Every event so far, as objects (made once, then kept). */
  all(): TraceEvent[] {
    for (let i = this.events.length; i < this.length; i++) this.events.push(this.event(i));
    return this.events;
  }

  last(): TraceEvent | null {
    return this.length === 0 ? null : this.event(this.length - 1);
  }
}

/** How many keys a plain object has, without making an array of them (this is per call). */
function ownKeys(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

function widen<T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
