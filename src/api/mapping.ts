// What both backends' Mapping objects share: argument checks (a wrong JavaScript type is a
// TypeError, before memory is touched) and the encoding of data. Bounds are not checked here:
// as in C, what an access may touch is the page tables' business, and a bad one is a SIGSEGV.
import type { Mapping } from './types.js';

const encoder = new TextEncoder();

export function checkOffset(value: unknown, name: string, method: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`Mapping.${method}: argument '${name}' must be an integer, got ${typeof value}`);
  }
  return value;
}

export function checkLength(value: unknown, method: string): number {
  const n = checkOffset(value, 'length', method);
  if (n < 0) throw new TypeError(`Mapping.${method}: argument 'length' must not be negative, got ${n}`);
  return n;
}

export function mappingData(data: unknown): Uint8Array {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  throw new TypeError(`Mapping.write: argument 'data' must be a Uint8Array or a string, got ${typeof data}`);
}

export function checkInt32(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`Mapping.writeInt32: argument 'value' must be an integer, got ${typeof value}`);
  }
  return value | 0;
}

/** Serialises as the trace shows a mapping: its address and length. */
export function mappingJSON(m: Mapping): { $mapping: number; length: number } {
  return { $mapping: m.addr, length: m.length };
}
