// What the processes of a native run tell the runner. Each process appends JSON lines to two files
// of its own in the run's bookkeeping directory, with one write(2) per line, so that nothing is
// lost when it dies by a signal: `<index>.proc` (small: its start, forks, children's exits, objects
// it created, its exit) and `<index>.trace` (its system calls). The runner polls the .proc files
// while the run goes on (to learn the pids it may have to reap) and reads everything at the end.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeValue, encodeValue, TRACE_BYTES_MAX, traceBytes } from '../api/trace.js';
import type { ExitStatus } from '../api/types.js';
import { mapShared } from './libc.js';

/** Kinds of kernel objects that outlive processes and that the runner removes at the end. */
export type CreatedKind = 'file' | 'fifo' | 'msg' | 'sem' | 'shm' | 'posix-shm' | 'mq' | 'posix-sem';

// file/fifo: path + dev/ino (removed only if still the same inode); msg/sem/shm: id + key
// (removed only if IPC_STAT still shows that key); posix-*, mq: name.
export interface CreatedRecord {
  k: 'created'; kind: CreatedKind; path?: string; dev?: string; ino?: string;
  id?: number; key?: number; name?: string;
}

export type ProcRecord =
  | { k: 'start'; pid: number; ppid: number; index: string; program: string; t: number }
  | { k: 'fork'; pid: number; index: string; program: string; t: number }
  | { k: 'child-exit'; pid: number; status: ExitStatus; t: number }
  | { k: 'exit'; code: number; t: number }
  | CreatedRecord
  | { k: 'fatal'; message: string };

/** The bookkeeping directory inside a run directory (the scenario's files live beside it). */
export const META_DIR = '.ipcsim';

export function metaPath(runDir: string, index: string, ext: 'proc' | 'trace' | 'out' | 'err'): string {
  return path.join(runDir, META_DIR, `${index}.${ext}`);
}

export interface RecordSink {
  write(record: unknown): void;
}

/** An append-only JSON-lines file; O_APPEND, and close-on-exec as every fd Node opens. */
export class RecordLog implements RecordSink {
  private readonly fd: number;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'a');
  }
  write(record: unknown): void {
    fs.writeSync(this.fd, JSON.stringify(record) + '\n');
  }
}

const CHUNK = 1 << 20;
const encoder = new TextEncoder();

/**
 * The trace log: JSON lines written into a file mapped MAP_SHARED, so that an event costs no
 * system call (a write(2) per event took most of a traced call's time) and still survives a death
 * by any signal, since the pages belong to the page cache. The file grows by mapped chunks; a line
 * never straddles two. The unused end of a chunk is filled with newlines when the next is taken,
 * so a NUL byte always means "not written yet": a reader stops there and comes back later.
 */
export class MappedLog implements RecordSink {
  private readonly fd: number;
  private chunk: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private size = 0;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'w+');
  }
  write(record: unknown): void {
    const line = JSON.stringify(record) + '\n';
    const r = encoder.encodeInto(line, this.chunk.subarray(this.pos));
    if (r.read === line.length) {
      this.pos += r.written;
      return;
    }
    this.chunk.fill(10, this.pos);   // a partial line undone, and the rest: empty lines
    const length = Math.max(CHUNK, Math.ceil((Buffer.byteLength(line) + 1) / 4096) * 4096);
    fs.ftruncateSync(this.fd, this.size + length);
    const chunk = mapShared(this.fd, this.size, length);
    if (!chunk) throw new Error('cannot map the trace file');
    this.chunk = chunk;
    this.size += length;
    this.pos = encoder.encodeInto(line, chunk).written;
  }
}

// Trace values as JSON, in the format of encodeValue/decodeValue (src/api/trace.ts), which
// decode them. Two additions: undefined (JSON has none: inside an array, such as fork's args, it
// would come back as null, and a void result must stay undefined), and speed: the common values
// (numbers, strings, bytes, arrays, plain objects) are encoded here in one walk, since every
// traced call pays for it; anything else (mappings, functions) goes to encodeValue.
const UNDEFINED = { $undefined: true };

export function encodeTraceValue(value: unknown): unknown {
  if (value === undefined) return UNDEFINED;
  if (value === null) return null;
  switch (typeof value) {
    case 'number': case 'string': case 'boolean': return value;
    case 'object': break;
    default: return encodeValue(value);
  }
  if (value instanceof Uint8Array) {
    if (value.length > TRACE_BYTES_MAX) return encodeTraceValue(traceBytes(value));
    const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return isUtf8(b) ? { $text: b.toString('utf8') } : { $hex: b.toString('hex') };
  }
  if (Array.isArray(value)) return value.map(encodeTraceValue);
  if (Object.getPrototypeOf(value) !== Object.prototype) return encodeValue(value);
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = encodeTraceValue((value as Record<string, unknown>)[k]);
  return out;
}

export function decodeTraceValue(value: unknown): unknown {
  return unmarkUndefined(decodeValue(value));
}

function unmarkUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unmarkUndefined);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const o = value as Record<string, unknown>;
    if (o.$undefined === true && Object.keys(o).length === 1) return undefined;
    if ('$mapping' in o) return o;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = unmarkUndefined(v);
    return out;
  }
  return value;
}

/** Reads a JSON-lines file as it grows: each call returns the lines completed since the last. */
export class LineReader {
  private offset = 0;
  private rest: Buffer = Buffer.alloc(0);
  constructor(private readonly file: string) {}

  readNew(): unknown[] {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return [];
    }
    const chunks: Buffer[] = [this.rest];
    try {
      const buf = Buffer.allocUnsafe(1 << 17);
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, this.offset);
        if (n === 0) break;
        // A NUL: the part of the last MappedLog chunk not written yet. Stop there, so the lines
        // written there later are read on the next call.
        const z = buf.subarray(0, n).indexOf(0);
        if (z !== -1) {
          chunks.push(Buffer.from(buf.subarray(0, z)));
          this.offset += z;
          break;
        }
        chunks.push(Buffer.from(buf.subarray(0, n)));
        this.offset += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    // Split on the last newline byte: a line still being written waits, whole, for its end.
    const data = Buffer.concat(chunks);
    const end = data.lastIndexOf(10) + 1;
    this.rest = data.subarray(end);
    const lines = data.subarray(0, end).toString('utf8').split('\n');
    return lines.filter((l) => l !== '').map((l) => JSON.parse(l));
  }
}
