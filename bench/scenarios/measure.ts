// What every bench scenario shares: how long to run and how the figure is reported. The programs
// time their own loops with the host's clock (performance.now), so process start-up, module
// loading and the run's bookkeeping are left out; the bench runner reads the BENCH line back.

/** JSON args of a bench scenario's main program. */
export interface BenchArgs {
  /** Warm-up: loop in growing batches until this much time has passed (JIT, caches, pipe pages). */
  warmupMs: number;
  /** The measured loop is sized from the warm-up's last batch to take about this long. */
  targetMs: number;
  /** A fixed operation count instead (warm-up then runs a quarter of it): the --quick mode. */
  ops?: number;
}

const OPS_MIN = 16;
const OPS_MAX = 50_000_000;

/**
 * Warms up with `loop` and returns how many operations the measured loop should make. A first
 * operation waits for the other side (a child may still be starting) and is not counted; then
 * batches double until the warm-up time is spent and the last batch is long enough to time. The
 * rate is taken from that last batch, when the code is as warm as it will get.
 */
export async function calibrate(loop: (n: number) => Promise<void>, a: BenchArgs): Promise<number> {
  if (a.ops !== undefined) {
    await loop(Math.max(1, Math.ceil(a.ops / 4)));
    return a.ops;
  }
  await loop(1);
  const batchMsMin = a.warmupMs / 4;
  let batch = 8;
  let lastMs = 0;
  const start = performance.now();
  for (;;) {
    const t0 = performance.now();
    await loop(batch);
    const t1 = performance.now();
    lastMs = t1 - t0;
    if (t1 - start >= a.warmupMs && lastMs >= batchMsMin) break;
    if (lastMs < 2 * batchMsMin) batch *= 2;
  }
  const perOpMs = Math.max(lastMs / batch, 1e-7);
  return Math.min(OPS_MAX, Math.max(OPS_MIN, Math.round(a.targetMs / perOpMs)));
}

/** Runs `loop(ops)` once under the clock; returns the elapsed nanoseconds. */
export async function timed(loop: (n: number) => Promise<void>, ops: number): Promise<number> {
  const t0 = performance.now();
  await loop(ops);
  return Math.round((performance.now() - t0) * 1e6);
}

/** The line the bench runner parses (the C programs print the same). */
export function benchLine(ops: number, ns: number, bytes = 0): string {
  return `BENCH ops=${ops} ns=${ns} bytes=${bytes}`;
}
