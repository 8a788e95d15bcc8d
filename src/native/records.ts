// What the processes of a native run tell the runner. Each process appends JSON lines to two files
// of its own in the run's bookkeeping directory, with one write(2) per line, so that nothing is
// lost when it dies by a signal: `<index>.proc` (small: its start, forks, children's exits, objects
// it created, its exit) and `<index>.trace` (its system calls). The runner polls the .proc files
// while the run goes on (to learn the pids it may have to reap) and reads everything at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeValue, encodeValue } from '../api/trace.js';
import type { ExitStatus } from '../api/types.js';

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

/** An append-only JSON-lines file; O_APPEND, and close-on-exec as every fd Node opens. */
export class RecordLog {
  private readonly fd: number;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'a');
  }
  write(record: unknown): void {
    fs.writeSync(this.fd, JSON.stringify(record) + '\n');
  }
}

// JSON has no undefined: inside arrays (fork's args, a void result) it would come back as null,
// and a trace must read the same on both backends. encodeValue (src/api/trace.ts) does the bytes
// and bigints; this marks undefined around it.
const UNDEFINED = { $undefined: true };

function markUndefined(value: unknown): unknown {
  if (value === undefined) return UNDEFINED;
  if (Array.isArray(value)) return value.map(markUndefined);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = markUndefined(v);
    return out;
  }
  return value;
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

export function encodeTraceValue(value: unknown): unknown {
  return encodeValue(markUndefined(value));
}

export function decodeTraceValue(value: unknown): unknown {
  return unmarkUndefined(decodeValue(value));
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
      const buf = Buffer.allocUnsafe(1 << 16);
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, this.offset);
        if (n === 0) break;
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
