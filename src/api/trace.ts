// How trace values cross process boundaries and reach --json output. Both backends keep raw values
// (Uint8Array, bigint) in RunResult.trace; these functions turn them into JSON and back.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes longer than this are traced as a summary (length, first and last 64 bytes), on both
 * backends alike: a trace that kept every byte of a stream would grow as fast as the stream.
 */
export const TRACE_BYTES_MAX = 4096;

export interface BytesSummary { $bytes: number; head: Uint8Array; tail: Uint8Array }

/** What a trace keeps of some bytes: themselves, or their summary past TRACE_BYTES_MAX. */
export function traceBytes(b: Uint8Array): Uint8Array | BytesSummary {
  if (b.length <= TRACE_BYTES_MAX) return b;
  return { $bytes: b.length, head: b.slice(0, 64), tail: b.slice(b.length - 64) };
}

/** A JSON-safe copy of a trace value: bytes become { $text } when valid UTF-8, else { $hex }. */
export function encodeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    try {
      return { $text: utf8.decode(value) };
    } catch {
      return { $hex: bytesToHex(value) };
    }
  }
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value !== null && typeof value === 'object') {
    if (isMappingLike(value)) return { $mapping: (value as { addr: number }).addr, length: (value as { length: number }).length };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v);
    return out;
  }
  if (typeof value === 'function') return '[function]';
  return value;
}

/** The inverse of encodeValue. */
export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$text === 'string') return new TextEncoder().encode(o.$text);
    if (typeof o.$hex === 'string') return hexToBytes(o.$hex);
    if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
    if ('$mapping' in o) return o;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = decodeValue(v);
    return out;
  }
  return value;
}

function isMappingLike(v: object): boolean {
  return typeof (v as { readInt32?: unknown }).readInt32 === 'function';
}

function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A short human-readable form of a value, for the CLI and the TUI trace pane. */
export function showValue(value: unknown, max = 40): string {
  if (value instanceof Uint8Array) {
    let text: string;
    try {
      text = JSON.stringify(utf8.decode(value));
    } catch {
      text = `<${value.length} bytes>`;
    }
    return text.length > max ? `${text.slice(0, max - 4)}..."` : text;
  }
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > max ? `${text.slice(0, max - 4)}..."` : text;
  }
  if (typeof value === 'bigint') return `${value}`;
  if (value === undefined) return '';
  if (value !== null && typeof value === 'object' && typeof (value as BytesSummary).$bytes === 'number') {
    return `<${(value as BytesSummary).$bytes} bytes: ${showValue((value as BytesSummary).head, Math.min(max, 24))}>`;
  }
  if (typeof value === 'function') return showValue(encodeValue(value), max); // as a native trace has it
  if (Array.isArray(value)) return `[${value.map((v) => showValue(v, max)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    if (isMappingLike(value)) return `<mapping 0x${(value as { addr: number }).addr.toString(16)}>`;
    const parts = Object.entries(value).map(([k, v]) => `${k}: ${showValue(v, max)}`);
    return `{ ${parts.join(', ')} }`;
  }
  return String(value);
}
