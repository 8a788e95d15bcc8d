// The simulator's trace, kept as a stream of 32-bit words while a run goes. A million calls as a
// million event objects (each with an args array and a byte array) would make every young-generation
// collection copy them all, and even columns of numbers cost more per call than the call itself.
// Here an event is a few words written into pages: a header (name, flags, argument count), the
// pid, then its values, most of them one word each (a small integer shifted past a 3-bit tag).
// Bytes (data written, data read) are copied in, as a snapshot must be (a program may reuse its
// buffer); semop's sembufs and msgrcv's message are written out too; only other objects (strings,
// structs) are kept by reference. An index holds where each event starts and its time, and an
// event written exactly like a recent one points at that one's words instead of keeping its own:
// a loop making the same call costs the index's 16 bytes a call. Events become TraceEvent
// objects when someone looks (RunResult.trace, the TUI, onEvent), once each.
import type { TraceEvent } from '../api/types.js';
import { TRACE_BYTES_MAX, traceBytes } from '../api/trace.js';

// Event flags (the header word's low 3 bits; argc is in bits 3-5, the name id above).
const BLOCKED = 1;
const ERROR = 2;
const RESULT = 4;
const ARGS_MAX = 4; // args beyond this many are kept as one array by reference
const ALL_REF = 7; // argc value: the whole args array is a ref

// Value tags: a value's first word is (payload << 3) | tag.
const UNDEF = 0;
const INT = 1; // payload: the integer itself, when it is within ±2^28
const F64 = 2; // then two words: the float's bytes
const BYTES = 3; // payload: the length; then the bytes, padded to a word
const REF = 4; // then a word: the index into refs
const SOPS = 5; // payload: how many sembufs; then per sembuf sem_num, sem_op, sem_flg (UNDEF: absent)
const MESSAGE = 6; // then mtype (a value) and its data (a BYTES value)
const NAME = 7; // payload: an index into the interned names (errno names)
const INT_MAX = 1 << 28;

// Pages start at 1 MiB and double up to 64 MiB: a short run stays small, and a long one is made
// of a few large buffers rather than thousands of small ones.
const PAGE_WORDS_MIN = 1 << 18;
const PAGE_DOUBLINGS = 6; // to 64 MiB
const PAGE_STRIDE = 1 << 26; // an event's start is page * PAGE_STRIDE + its word offset
// The most one event can take, in words: a header, four args and a result of at most
// TRACE_BYTES_MAX bytes or 64 sembufs each (bigger ones are refs). An event never straddles pages.
const EVENT_MAX = 8 << 10;
const SOPS_MAX = 64;
const SEEN_BITS = 8; // the table of recent events that a new one may share words with
const CHUNK_SHIFT = 16;
const CHUNK = 1 << CHUNK_SHIFT; // events per chunk of the index: it grows without copying

const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);

interface Parts {
  words: Int32Array[];
  bytes: Uint8Array[]; // the same pages, as bytes
  starts: Float64Array[];
  times: Float64Array[];
  refs: unknown[];
  names: string[];
}

export class TraceLog {
  private readonly parts: Parts = { words: [], bytes: [], starts: [], times: [], refs: [], names: [] };
  private page: Int32Array = new Int32Array(0); // the page being written, as words and as bytes
  private pageBytes: Uint8Array = new Uint8Array(0);
  private pageF64: Float64Array = new Float64Array(0);
  private at = 0; // the write position in `page` (full: the first push makes a page)
  private starts: Float64Array = new Float64Array(0); // the index's chunk being written
  private times: Float64Array = new Float64Array(0);
  private readonly nameIndex = new Map<string, number>();
  // The last two names looked up, and their ids: calls come in runs, or alternate (P and V, a
  // sender and a receiver).
  private lastName = '';
  private lastId = 0;
  private prevName = '';
  private prevId = 0;
  private readonly events: TraceEvent[] = []; // materialised so far, a prefix of the log
  // Events written so far, by a hash of their first words: where one is (as an index entry, and
  // as its page and offset), how long, and its hash.
  private readonly seenStart = new Float64Array(1 << SEEN_BITS);
  private readonly seenLen = new Int32Array(1 << SEEN_BITS);
  private readonly seenHash = new Int32Array(1 << SEEN_BITS);
  private readonly seenPage: Int32Array[] = new Array<Int32Array>(1 << SEEN_BITS).fill(new Int32Array(0));
  private readonly seenPageF64: Float64Array[] = new Array<Float64Array>(1 << SEEN_BITS).fill(new Float64Array(0));
  private readonly seenAt = new Int32Array(1 << SEEN_BITS);
  length = 0;

  /** Records one call made at `ms` milliseconds into the run. */
  push(pid: number, name: string, args: unknown[], result: unknown, error: string | undefined,
    blocked: boolean, ms: number): void {
    const i = this.length;
    const o = i & (CHUNK - 1);
    if (o === 0) {
      this.starts = new Float64Array(CHUNK);
      this.times = new Float64Array(CHUNK);
      this.parts.starts.push(this.starts);
      this.parts.times.push(this.times);
    }
    if (this.at > this.page.length - EVENT_MAX) this.newPage();
    const w = this.page;
    const from = this.at;
    let at = from;
    this.times[o] = ms;
    let argc = args.length;
    if (argc > ARGS_MAX) argc = ALL_REF;
    let flags = (blocked ? BLOCKED : 0) | (argc << 3);
    if (error !== undefined) flags |= ERROR;
    else if (result !== undefined) flags |= RESULT;
    const id = name === this.lastName ? this.lastId : name === this.prevName ? this.prevId : this.intern(name);
    w[at] = flags | (id << 6);
    w[at + 1] = pid;
    at += 2;
    if (argc === ALL_REF) at = this.ref(w, at, args);
    else {
      for (let a = 0; a < argc; a++) {
        const v = args[a];
        // Most arguments are small integers: one word, written here without a call.
        if (typeof v === 'number' && (v | 0) === v && v < INT_MAX && v >= -INT_MAX && (v !== 0 || 1 / v > 0)) {
          w[at++] = (v << 3) | INT;
        } else at = this.value(w, at, v, false);
      }
    }
    if (error !== undefined) w[at++] = (this.intern(error) << 3) | NAME;
    else if (result !== undefined) at = this.value(w, at, result, true);
    this.starts[o] = this.commit(w, from, at);
    this.length = i + 1;
  }

  /**
   * Keeps the event just written at w[from, to), or, when an earlier event was written the same
   * (a program's loop makes the same call with the same data again and again), drops it and
   * shares that one's words. Returns where the event's words are, for the index.
   */
  private commit(w: Int32Array, from: number, to: number): number {
    // The hash takes the first words (name, pid, the first args), enough to tell a loop's calls
    // apart; the comparison then looks at all of them.
    const len = to - from;
    let h = len;
    const end = Math.min(to, from + 6);
    for (let j = from; j < end; j++) h = Math.imul(h ^ w[j], 0x9e3779b1);
    const slot = (h >>> (32 - SEEN_BITS));
    if (this.seenHash[slot] === h && this.seenLen[slot] === len && this.same(slot, from, to)) {
      return this.seenStart[slot]; // this.at stays: the words just written are written over
    }
    const start = (this.parts.words.length - 1) * PAGE_STRIDE + from;
    this.seenHash[slot] = h;
    this.seenLen[slot] = len;
    this.seenStart[slot] = start;
    this.seenPage[slot] = w;
    this.seenPageF64[slot] = this.pageF64;
    this.seenAt[slot] = from;
    // Events start on even words, so that same() can compare them two words at a time.
    this.at = to + (to & 1);
    return start;
  }

  /**
   * Whether page[from, to) holds the same words as the event seen in `slot`. Pairs of words are
   * compared as doubles, half as many steps as words: equal doubles have equal bits, except +0
   * and -0, so a pair equal to 0, or unequal (NaN is never equal to itself), is compared as words.
   */
  private same(slot: number, from: number, to: number): boolean {
    const w = this.page;
    const f = this.pageF64;
    const old = this.seenPage[slot];
    const oldF = this.seenPageF64[slot];
    const d = this.seenAt[slot] - from;
    let j = from;
    for (; j + 1 < to; j += 2) {
      const a = f[j >>> 1];
      if (a === oldF[(j + d) >>> 1] && a !== 0) continue;
      if (w[j] !== old[j + d] || w[j + 1] !== old[j + d + 1]) return false;
    }
    return j === to || w[j] === old[j + d];
  }

  private newPage(): void {
    this.page = new Int32Array(PAGE_WORDS_MIN * 2 ** Math.min(this.parts.words.length, PAGE_DOUBLINGS));
    this.pageBytes = new Uint8Array(this.page.buffer);
    this.pageF64 = new Float64Array(this.page.buffer);
    this.parts.words.push(this.page);
    this.parts.bytes.push(this.pageBytes);
    this.at = 0;
  }

  private intern(name: string): number {
    let id = this.nameIndex.get(name);
    if (id === undefined) {
      id = this.parts.names.length;
      this.parts.names.push(name);
      this.nameIndex.set(name, id);
    }
    this.prevName = this.lastName;
    this.prevId = this.lastId;
    this.lastName = name;
    this.lastId = id;
    return id;
  }

  /** Writes one value at word `at`; returns where the next goes. */
  private value(w: Int32Array, at: number, v: unknown, isResult: boolean): number {
    if (typeof v === 'number') return number(w, at, v);
    if (v === undefined) {
      w[at] = UNDEF;
      return at + 1;
    }
    if (v instanceof Uint8Array) {
      if (v.length <= TRACE_BYTES_MAX) return this.bytes(w, at, v);
      return this.ref(w, at, traceBytes(v));
    }
    // The structures hot calls pass (semop's sops, msgrcv's message) are written out too, so
    // that a long run does not hold an object or two per call.
    if (isResult) {
      if (isMessage(v)) {
        w[at] = MESSAGE;
        at = typeof v.mtype === 'number' ? number(w, at + 1, v.mtype) : this.ref(w, at + 1, v.mtype);
        return this.bytes(w, at, v.data);
      }
    } else if (isSops(v)) {
      w[at++] = (v.length << 3) | SOPS;
      for (let j = 0; j < v.length; j++) {
        const op = v[j];
        at = number(w, at, op.sem_num);
        at = number(w, at, op.sem_op);
        if (op.sem_flg === undefined) w[at++] = UNDEF;
        else at = number(w, at, op.sem_flg);
      }
      return at;
    }
    return this.ref(w, at, v);
  }

  private ref(w: Int32Array, at: number, v: unknown): number {
    w[at] = REF;
    w[at + 1] = this.parts.refs.length;
    this.parts.refs.push(v);
    return at + 2;
  }

  private bytes(w: Int32Array, at: number, v: Uint8Array): number {
    const len = v.length;
    w[at] = (len << 3) | BYTES;
    if (len & 3) w[at + ((len + 3) >>> 2)] = 0; // zero padding: equal events have equal words
    const from = (at + 1) * 4;
    if (len <= 8) for (let j = 0; j < len; j++) this.pageBytes[from + j] = v[j]; // cheaper than set()
    else this.pageBytes.set(v, from);
    return at + 1 + ((len + 3) >>> 2);
  }

  /** Words of the stream in use (the index aside): what a run's trace costs in memory. */
  get streamWords(): number {
    let n = this.at;
    for (let j = 0; j < this.parts.words.length - 1; j++) n += this.parts.words[j].length;
    return n;
  }

  /** Event i as the API shows it. */
  event(i: number): TraceEvent {
    if (i < this.events.length) return this.events[i];
    return new Reader(this.parts, i).event();
  }

  /** Every event so far, as objects (made once, then kept). */
  all(): TraceEvent[] {
    if (this.events.length < this.length) {
      const r = new Reader(this.parts, this.events.length);
      while (this.events.length < this.length) this.events.push(r.event());
    }
    return this.events;
  }

  last(): TraceEvent | null {
    return this.length === 0 ? null : this.event(this.length - 1);
  }
}

/** Writes a number at word `at`; returns where the next goes. */
function number(w: Int32Array, at: number, v: number): number {
  if ((v | 0) === v && v < INT_MAX && v >= -INT_MAX && (v !== 0 || 1 / v > 0)) { // -0 is a float
    w[at] = (v << 3) | INT;
    return at + 1;
  }
  w[at] = F64;
  f64[0] = v;
  w[at + 1] = f64Words[0];
  w[at + 2] = f64Words[1];
  return at + 3;
}

/** Decodes events from i on, in order. */
class Reader {
  private readonly p: Parts;
  private seq: number;
  private w: Int32Array = new Int32Array(0);
  private b: Uint8Array = new Uint8Array(0);
  private at = 0;

  constructor(parts: Parts, i: number) {
    this.p = parts;
    this.seq = i;
  }

  event(): TraceEvent {
    const i = this.seq++;
    const start = this.p.starts[i >>> CHUNK_SHIFT][i & (CHUNK - 1)];
    const page = Math.floor(start / PAGE_STRIDE);
    this.w = this.p.words[page];
    this.b = this.p.bytes[page];
    this.at = start % PAGE_STRIDE;
    const head = this.w[this.at];
    const pid = this.w[this.at + 1];
    this.at += 2;
    const argc = (head >>> 3) & 7;
    let args: unknown[];
    if (argc === ALL_REF) args = this.value() as unknown[];
    else {
      args = new Array(argc);
      for (let a = 0; a < argc; a++) args[a] = this.value();
    }
    const t = this.p.times[i >>> CHUNK_SHIFT][i & (CHUNK - 1)];
    const e: TraceEvent = { seq: i, pid, syscall: this.p.names[head >>> 6], args, t };
    if (head & ERROR) e.error = this.value() as string;
    else if (head & RESULT) e.result = this.value();
    if (head & BLOCKED) e.blocked = true;
    return e;
  }

  private value(): unknown {
    const word = this.w[this.at++];
    const payload = word >> 3;
    switch (word & 7) {
      case UNDEF: return undefined;
      case INT: return payload;
      case F64:
        f64Words[0] = this.w[this.at];
        f64Words[1] = this.w[this.at + 1];
        this.at += 2;
        return f64[0];
      case BYTES: {
        const from = this.at * 4;
        this.at += (payload + 3) >>> 2;
        return this.b.slice(from, from + payload);
      }
      case REF: return this.p.refs[this.w[this.at++]];
      case NAME: return this.p.names[payload];
      case MESSAGE: {
        const mtype = this.value();
        return { mtype, data: this.value() };
      }
      default: { // SOPS
        const out: unknown[] = [];
        for (let j = 0; j < payload; j++) {
          const sem_num = this.value();
          const sem_op = this.value();
          const sem_flg = this.value();
          out.push(sem_flg === undefined ? { sem_num, sem_op } : { sem_num, sem_op, sem_flg });
        }
        return out;
      }
    }
  }
}

function isMessage(v: unknown): v is { mtype: unknown; data: Uint8Array } {
  // Results are made by the simulator, never by programs: msgrcv's is the one with these two.
  const m = v as { mtype?: unknown; data?: unknown } | null;
  return typeof m === 'object' && m !== null && m.data instanceof Uint8Array && m.data.length <= TRACE_BYTES_MAX
    && (typeof m.mtype === 'number' || typeof m.mtype === 'bigint');
}

interface SembufLike { sem_num: number; sem_op: number; sem_flg?: number }

function isSops(v: unknown): v is SembufLike[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > SOPS_MAX) return false;
  // What the kernel reads of a sembuf is kept; other properties a program hung on it are not.
  for (let j = 0; j < v.length; j++) {
    const op = v[j];
    if (op === null || typeof op !== 'object') return false;
    if (typeof op.sem_num !== 'number' || typeof op.sem_op !== 'number') return false;
    if (op.sem_flg !== undefined && typeof op.sem_flg !== 'number') return false;
  }
  return true;
}
