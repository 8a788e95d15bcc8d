// The built-in scenarios: the tutorials' examples, by name.
import { fileURLToPath } from 'node:url';

export const BUILTIN = [
  'pipe-parent-to-child',
  'pipe-child-to-parent',
  'pipe-late-reader',
  'fifo-writer-reader',
  'fifo-args',
  'msg-client-server',
  'msg-ftok-client-server',
  'sem-child-signals-parent',
  'sem-three-children',
  'sem-printer-usage',
  'sem-nowait-lock',
  'shm-write-read',
  'shm-sem-msg-client-server',
  'mmap-shared-private',
  'mmap-write-read',
  'shm-open-writer-reader',
  'signal-child-notifies-parent',
] as const;

/** The module path of a built-in scenario (the compiled .js beside this file, or the .ts source). */
export function builtinPath(name: string): string | undefined {
  if (!(BUILTIN as readonly string[]).includes(name)) return undefined;
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./examples/${name}${ext}`, import.meta.url));
}
