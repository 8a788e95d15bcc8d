// Random system calls for property tests: each program draws its calls from its own seed.
import type { RunResult } from '../../src/api/types.js';
import type { Simulation } from '../../src/sim/simulation.js';
import { constants as C } from '../../src/api/constants.js';
import type { Sys } from '../../src/api/types.js';

/** A small integer PRNG (mulberry32): each program draws its own calls from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIZES = [0, 1, 7, 100, 4095, 4096, 4097, 10000, 65536, 70000];
const PIPE_SIZES = [0, 1, 4096, 4097, 8192, 65536, 1 << 20, (1 << 20) + 1, -1];

export async function chaos(sys: Sys, { seed, depth }: { seed: number; depth: number }): Promise<void> {
  const rand = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const fds = (): number => pick([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1023, 1024]);
  // Without the terminal every successful write goes into a pipe or FIFO, for the byte count.
  if (depth === 0) for (const fd of [0, 1, 2]) await sys.close(fd);
  for (let i = 0; i < 40; i++) {
    try {
      switch (Math.floor(rand() * 14)) {
        case 0: await sys.pipe(pick([0, C.O_NONBLOCK, C.O_CLOEXEC, C.O_DIRECT, 0xdead])); break;
        case 1: await sys.write(fds(), new Uint8Array(pick(SIZES))); break;
        case 2: await sys.read(fds(), pick(SIZES)); break;
        case 3: await sys.close(fds()); break;
        case 4: await sys.dup(fds()); break;
        case 5: await sys.dup2(fds(), fds()); break;
        case 6: await sys.fcntl(fds(), C.F_SETPIPE_SZ, pick(PIPE_SIZES)); break;
        case 7: await sys.fcntl(fds(), C.F_SETFL, pick([0, C.O_NONBLOCK, C.O_DIRECT])); break;
        case 8: await sys.ioctl(fds(), C.FIONREAD); break;
        case 9:
          if (depth < 2) await sys.fork('chaos', { seed: Math.floor(rand() * 2 ** 31), depth: depth + 1 });
          break;
        case 10: await sys.mkfifo(pick(['f1', 'f2', '/nodir/f', '']), 0o600); break;
        case 11: await sys.open(pick(['f1', 'f2', 'nofile', '/tmp']), pick([C.O_RDONLY, C.O_WRONLY, C.O_RDWR]) | pick([0, C.O_NONBLOCK])); break;
        case 12: await sys.unlink(pick(['f1', 'f2', 'nofile'])); break;
        case 13: await sys.waitpid(-1, pick([0, C.WNOHANG])); break;
      }
    } catch (err) {
      if ((err as Error).name !== 'SysError') throw err;
    }
  }
}


/** Runs a simulation one system call at a time, checking the kernel's invariants after each. */
export async function stepChecked(sim: Simulation, check: () => void): Promise<RunResult> {
  sim.start(true);
  while (!sim.isDone) {
    await sim.step();
    check();
  }
  return sim.finished;
}
