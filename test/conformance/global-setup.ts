// Counts conformance cases across the test files of one vitest run: each file's harness writes its
// counts into a directory made here, and the teardown prints the total and removes it, so a run
// leaves nothing behind in the temporary directory.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'ipcsim-counts-'));
  process.env.IPCSIM_COUNTS_DIR = dir;
  return () => {
    const total = { sim: 0, native: 0, failedSim: 0, failedNative: 0, files: 0 };
    for (const name of readdirSync(dir)) {
      const c = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      total.sim += c.ran.sim;
      total.native += c.ran.native;
      total.failedSim += c.failed.sim;
      total.failedNative += c.failed.native;
      total.files++;
    }
    rmSync(dir, { recursive: true, force: true });
    if (total.files === 0) return;
    const failures = total.failedSim + total.failedNative > 0
      ? ` (failed: ${total.failedSim} on sim, ${total.failedNative} on native)` : '';
    console.log(`conformance: ${total.sim} cases on sim, ${total.native} on native, in ${total.files} files${failures}`);
  };
}
