// Random System V semaphore call sequences from several processes, some of them exiting (or being
// killed) with SEM_UNDO records and sleeping operations: the kernel never traps, and its own checks
// (sem_check: every value within [0, SEMVMX], every pending operation on the right list with
// complex_count matching, every undo record within [-32768, 32767] and on both its process's and
// its set's list, semaphores in use = SEMMNS usage) hold after every step. When every process has
// exited, no undo record is left.
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import type { Sembuf, Sys } from '../../src/api/types.js';
import { semKernel } from '../../src/sim/calls-sem.js';
import { simulation } from '../helpers/sim.js';
import { rng, stepChecked } from '../helpers/chaos.js';


const KEYS = [C.IPC_PRIVATE, 21, 22, 23];
const OPS = [-32768, -3, -2, -1, -1, 0, 0, 1, 1, 2, 3, 32767];
const FLAGS = [0, C.IPC_NOWAIT, C.SEM_UNDO, C.SEM_UNDO, C.SEM_UNDO | C.IPC_NOWAIT, C.IPC_NOWAIT];
const VALUES = [-1, 0, 1, 2, 5, 32767, 32768];
const CMDS = [C.GETVAL, C.SETVAL, C.SETVAL, C.GETALL, C.SETALL, C.GETNCNT, C.GETZCNT, C.GETPID,
  C.IPC_STAT, C.IPC_SET, C.IPC_RMID, C.IPC_INFO, C.SEM_INFO, C.SEM_STAT, 99];

async function semChaos(sys: Sys, { seed, depth }: { seed: number; depth: number }): Promise<void> {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const ids: number[] = [-1, 0, 1, 32768];
  const kids: number[] = [];
  const sops = (): Sembuf[] => Array.from({ length: 1 + Math.floor(rand() * 3) },
    () => ({ sem_num: pick([0, 0, 1, 1, 2, 3, 9]), sem_op: pick(OPS), sem_flg: pick(FLAGS) }));
  for (let i = 0; i < 50; i++) {
    try {
      switch (Math.floor(rand() * 10)) {
        case 0:
          ids.push(await sys.semget(pick(KEYS), pick([0, 1, 2, 3, 4]), pick([C.IPC_CREAT | 0o666, C.IPC_CREAT | C.IPC_EXCL | 0o600, 0o600])));
          break;
        case 1: case 2: case 3:
          await sys.semop(pick(ids), sops());
          break;
        case 4:
          await sys.semtimedop(pick(ids), sops(), pick([null, 0, 1, 10, -1]));
          break;
        case 5: case 6: {
          const cmd = pick(CMDS);
          const arg = cmd === C.SETVAL ? pick(VALUES)
            : cmd === C.SETALL ? [pick(VALUES), pick(VALUES), pick(VALUES), pick(VALUES)]
              : cmd === C.IPC_SET ? { sem_perm: { mode: pick([0o600, 0o666, 0]) } } : undefined;
          if (cmd === C.IPC_RMID && rand() < 0.7) break; // keep sets around most of the time
          await sys.semctl(pick(ids), pick([0, 1, 2, 5, -1]), cmd, arg);
          break;
        }
        case 7:
          if (depth < 2) kids.push(await sys.fork('chaos', { seed: Math.floor(rand() * 2 ** 31), depth: depth + 1 }));
          break;
        case 8:
          if (kids.length > 0 && rand() < 0.3) await sys.kill(pick(kids), 'SIGKILL');
          else await sys.waitpid(-1, C.WNOHANG);
          break;
        case 9:
          if (rand() < 0.2) await sys.exit(pick([0, 3]));
          break;
      }
    } catch (err) {
      if ((err as Error).name !== 'SysError') throw err;
    }
  }
}

describe('property: random semaphore call sequences', () => {
  it('never trap the kernel, keep every value and semadj in range and every list consistent (600 runs)', async () => {
    let deadlocks = 0;
    let clean = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const sim = await simulation({ main: semChaos, chaos: semChaos }, { seed, args: { seed, depth: 0 }, timeoutMs: 10_000 });
      const k = semKernel(sim);
      try {
        const r = await stepChecked(sim, () => k.sem_check());
        expect(r.timedOut, `seed ${seed}`).toBe(false);
        for (const set of sim.snapshot().semSets ?? []) {
          for (const v of set.values) expect(v >= 0 && v <= 32767, `seed ${seed}: value ${v}`).toBe(true);
        }
        if (r.deadlock) deadlocks++;
        else {
          clean++;
          expect({ seed, undo: k.sem_undo_records() }).toEqual({ seed, undo: 0 });
        }
      } catch (err) {
        throw new Error(`seed ${seed}: ${(err as Error).message}`);
      }
    }
    expect(clean).toBeGreaterThan(100);
    expect(deadlocks).toBeGreaterThan(0); // sleepers were exercised
  }, 300_000);
});
