import { ERRNO, errnoName } from './errno.js';

/** A failed system call: the Linux errno, by name and number, and the call that failed. */
export class SysError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  constructor(errno: number, syscall: string) {
    const code = errnoName(errno);
    super(`${syscall}: ${code}`);
    this.name = 'SysError';
    this.code = code;
    this.errno = errno;
    this.syscall = syscall;
  }
  static of(code: keyof typeof ERRNO, syscall: string): SysError {
    return new SysError(ERRNO[code], syscall);
  }
}

/** A broken invariant inside the simulated kernel: a bug in ipcsim, never an expected failure. */
export class KernelPanic extends Error {
  readonly seed: number;
  readonly step: number;
  readonly where: string;
  constructor(message: string, where: string, seed: number, step: number) {
    super(`kernel panic: ${message} at ${where} (seed ${seed}, step ${step})`);
    this.name = 'KernelPanic';
    this.where = where;
    this.seed = seed;
    this.step = step;
  }
}

/** Argument-type checks shared by both backends: a wrong JavaScript type is a TypeError. */
export function checkInt(value: unknown, name: string, syscall: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${syscall}: argument '${name}' must be an integer, got ${describe(value)}`);
  }
  return value;
}

export function checkString(value: unknown, name: string, syscall: string): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${syscall}: argument '${name}' must be a string, got ${describe(value)}`);
  }
  return value;
}

export function checkData(value: unknown, name: string, syscall: string): Uint8Array | string {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  throw new TypeError(
    `${syscall}: argument '${name}' must be a Uint8Array or a string, got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value;
}
