// Helpers shared by the shm, mmap and POSIX shm conformance cases. Cases never print addresses,
// ids, keys or pids (they differ natively): they print relations and errno names.
import type { Mapping, Sys } from 'ipcsim';

const decoder = new TextDecoder();

export const PAGE = 4096;

export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** What a call gives: 'ok' when it succeeds, or the name of the errno it fails with. */
export async function attempt(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    if (err instanceof Error && err.name === 'SysError') return (err as Error & { code: string }).code;
    throw err;
  }
}

/** The errno name a synchronous call throws, or 'ok'. */
export function attemptSync(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (err) {
    if (err instanceof Error && err.name === 'SysError') return (err as Error & { code: string }).code;
    throw err;
  }
}

/**
 * A System V key of this process's own (natively other keys may be in use on the machine): the
 * pid keeps concurrent runs apart, `n` keeps a run's keys apart.
 */
export async function ownKey(sys: Sys, n: number): Promise<number> {
  return 0x5a000000 | ((await sys.getpid()) & 0xffff) << 8 | (n & 0xff);
}

/** A POSIX shm name of this process's own, `/ipcsim-<pid>-<tag>`. */
export async function ownName(sys: Sys, tag: string): Promise<string> {
  return `/ipcsim-${await sys.getpid()}-${tag}`;
}

/** Forks `program`, waits for it and describes how it ended: 'exit 0', 'SIGSEGV'... */
export async function runChild(sys: Sys, program: string, args?: unknown): Promise<string> {
  const pid = await sys.fork(program, args);
  const st = await sys.waitpid(pid);
  return st.signal ?? `exit ${st.code}`;
}

/**
 * Three pages with no access (PROT_NONE): whatever is later mapped in the middle page has
 * neighbours that fault, on both backends (natively the kernel would otherwise put other
 * mappings right next to it, and an access past the end would land in them).
 */
export async function guarded(sys: Sys): Promise<number> {
  const g = await sys.mmap(3 * PAGE, 0, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */);
  return g.addr + PAGE;
}

export function str(m: Mapping, offset: number, length: number): string {
  return text(m.read(offset, length)).replace(/\0/g, '.');
}
