// Random system-call sequences from several processes: the kernel never traps, its own checks
// (kernel_check: every pipe's bytes in = bytes out + buffered) hold after every step, and across
// the run bytes written = bytes read + bytes buffered + bytes discarded with the last close.
import { describe, expect, it } from 'vitest';
import { chaos, stepChecked } from '../helpers/chaos.js';
import { simulation } from '../helpers/sim.js';

describe('property: random call sequences', () => {
  it('never trap the kernel and lose no byte (1000 runs)', async () => {
    let deadlocks = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const sim = await simulation({ main: chaos, chaos }, { seed, args: { seed, depth: 0 }, timeoutMs: 10_000 });
      try {
        const r = await stepChecked(sim, () => sim.k.kernel_check());
        if (r.deadlock) deadlocks++;
        expect(r.timedOut, `seed ${seed}`).toBe(false);
        let written = 0;
        let read = 0;
        for (const e of r.trace) {
          if (e.error !== undefined) continue;
          if (e.syscall === 'write') written += e.result as number;
          // Reads past TRACE_BYTES_MAX are traced as a summary that keeps their length.
          if (e.syscall === 'read') read += (e.result as { $bytes?: number }).$bytes ?? (e.result as Uint8Array).length;
        }
        const buffered = sim.snapshot().pipes.reduce((n, p) => n + p.bytes, 0);
        const { bytesIn, bytesOut, discarded } = sim.pipeTotals();
        expect({ seed, balance: bytesIn - bytesOut - buffered - discarded }).toEqual({ seed, balance: 0 });
        // The trace sees every byte unless a call never returned: killed by a signal inside it,
        // or still asleep in a partial write when the run ended.
        const killed = r.processes.some((p) => 'signal' in p.exit);
        const inWrite = r.deadlock?.blocked.some((b) => b.syscall === 'write') ?? false;
        expect(written).toBeLessThanOrEqual(bytesIn);
        expect(read).toBeLessThanOrEqual(bytesOut);
        if (!killed) expect({ seed, read }).toEqual({ seed, read: bytesOut });
        if (!killed && !inWrite) expect({ seed, written }).toEqual({ seed, written: bytesIn });
      } catch (err) {
        throw new Error(`seed ${seed}: ${(err as Error).message}`);
      }
    }
    expect(deadlocks).toBeLessThan(1000);
  }, 120_000);
});
