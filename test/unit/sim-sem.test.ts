// The semaphore set in the simulator: limits a run can set (SEMMNI, SEMMNS, SEMMSL, SEMOPM), the
// snapshot and the deadlock report of its sleepers, and semtimedop in virtual time.
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import type { Sys } from '../../src/api/types.js';
import { semKernel } from '../../src/sim/calls-sem.js';
import { out, simulate, simulation } from '../helpers/sim.js';

async function attempt(call: Promise<unknown>): Promise<string> {
  try {
    const v = await call;
    return v === undefined ? 'ok' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('semaphore limits', () => {
  it('SEMMNI bounds the number of sets (ENOSPC), and a removed set frees its slot', async () => {
    const r = await simulate({
      async main(sys) {
        const a = await sys.semget(C.IPC_PRIVATE, 1, 0o600);
        await sys.semget(C.IPC_PRIVATE, 1, 0o600);
        await sys.print(await attempt(sys.semget(C.IPC_PRIVATE, 1, 0o600)), await attempt(sys.semget(77, 1, C.IPC_CREAT | 0o600)));
        await sys.semctl(a, 0, C.IPC_RMID);
        await sys.print(await attempt(sys.semget(C.IPC_PRIVATE, 1, 0o600)) !== 'ENOSPC');
      },
    }, { limits: { SEMMNI: 2 } });
    expect(out(r)).toBe('ENOSPC ENOSPC\ntrue\n');
  });

  it('SEMMNS bounds the semaphores of all sets together (ENOSPC); SEM_INFO counts them', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.semget(C.IPC_PRIVATE, 6, 0o600);
        await sys.print(await attempt(sys.semget(C.IPC_PRIVATE, 5, 0o600)));
        const b = await sys.semget(C.IPC_PRIVATE, 4, 0o600);
        const info = await sys.semctl(0, 0, C.SEM_INFO);
        await sys.print(info.semusz, info.semaem, info.semmns, info.max_idx === (b & 0x7fff));
      },
    }, { limits: { SEMMNS: 10 } });
    expect(out(r)).toBe('ENOSPC\n2 10 10 true\n');
  });

  it('SEMMSL bounds nsems (EINVAL) and SEMOPM the operations of one call (E2BIG)', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.print(await attempt(sys.semget(C.IPC_PRIVATE, 9, 0o600)));
        const id = await sys.semget(C.IPC_PRIVATE, 8, 0o600);
        const ops = (n: number) => Array.from({ length: n }, (_, i) => ({ sem_num: i, sem_op: 1 }));
        await sys.print(await attempt(sys.semop(id, ops(4))), await attempt(sys.semop(id, ops(3))));
        const info = await sys.semctl(id, 0, C.IPC_INFO);
        await sys.print(info.semmsl, info.semopm);
      },
    }, { limits: { SEMMSL: 8, SEMOPM: 3 } });
    expect(out(r)).toBe('EINVAL\nE2BIG ok\n8 3\n');
  });

  it('ids are allocated cyclically: a removed set\'s index is not reused at once', async () => {
    const r = await simulate({
      async main(sys) {
        const a = await sys.semget(C.IPC_PRIVATE, 1, 0o600);
        await sys.semctl(a, 0, C.IPC_RMID);
        const b = await sys.semget(C.IPC_PRIVATE, 1, 0o600);
        await sys.print(a, b);
      },
    });
    expect(out(r)).toBe('0 1\n');
  });
});

describe('semaphore sleepers', () => {
  it('the snapshot shows values, counts, sempids and each sleeper with its sops', async () => {
    const sim = await simulation({
      async main(sys: Sys) {
        const id = await sys.semget(C.IPC_PRIVATE, 2, 0o640);
        await sys.semctl(id, 1, C.SETVAL, 3);
        await sys.fork('sleeper', { id, ops: [{ sem_num: 0, sem_op: -1 }, { sem_num: 1, sem_op: -1, sem_flg: C.SEM_UNDO }] });
        await sys.fork('sleeper', { id, ops: [{ sem_num: 1, sem_op: 0 }] });
        await sys.sleep(10);
      },
      async sleeper(sys: Sys, { id, ops }) {
        await sys.semop(id, ops);
      },
    });
    sim.start(true);
    while (!sim.isDone && sim.trace.filter((e) => e.syscall === 'sleep').length === 0) await sim.step();
    // Let the children reach their semops (each takes one step: they sleep at once).
    for (let i = 0; i < 40 && sim.snapshot().semSets?.[0]?.sleepers.length !== 2; i++) await sim.step();
    const snap = sim.snapshot();
    const set = snap.semSets![0];
    const [main, a, b] = snap.processes;
    expect(set).toMatchObject({ id: 0, key: 0, mode: 0o640, values: [0, 3], semncnt: [1, 0], semzcnt: [0, 1], sempid: [0, main.pid] });
    expect(set.sleepers).toEqual([
      { pid: a.pid, sops: [{ sem_num: 0, sem_op: -1, sem_flg: 0 }, { sem_num: 1, sem_op: -1, sem_flg: C.SEM_UNDO }] },
      { pid: b.pid, sops: [{ sem_num: 1, sem_op: 0, sem_flg: 0 }] },
    ]);
    expect(a).toMatchObject({ state: 'blocked', syscall: 'semop', waitingOn: 'sem:0[0]' });
    expect(b).toMatchObject({ state: 'blocked', syscall: 'semop', waitingOn: 'sem:0[1]' });
    semKernel(sim).sem_check();
    const r = await sim.resume();
    expect(r.deadlock?.blocked.map((x) => x.waitingOn)).toEqual(['sem:0[0]', 'sem:0[1]']);
  });

  it('semtimedop times out in virtual time, after exactly its timeout', async () => {
    const r = await simulate({
      async main(sys) {
        const id = await sys.semget(C.IPC_PRIVATE, 1, 0o600);
        const t0 = await sys.clock_gettime();
        await sys.print(await attempt(sys.semtimedop(id, [{ sem_num: 0, sem_op: -1 }], 1500)));
        const dt = (await sys.clock_gettime()) - t0;
        await sys.print(dt >= 1.5 && dt < 1.501);
      },
    });
    expect(out(r)).toBe('EAGAIN\ntrue\n');
  });

  it('a process woken by its timer after a waker completed its operation keeps the result', async () => {
    // The waker's +1 and the deadline fall at the same virtual instant; whichever the scheduler
    // runs first, the sleeper sees one consistent outcome and the value agrees with it.
    for (let seed = 1; seed <= 20; seed++) {
      const r = await simulate({
        async main(sys) {
          const id = await sys.semget(C.IPC_PRIVATE, 1, 0o600);
          const child = await sys.fork('sleeper', { id });
          await sys.sleep(5);
          await sys.semop(id, [{ sem_num: 0, sem_op: 1 }]);
          await sys.waitpid(child);
          await sys.print(await sys.semctl(id, 0, C.GETVAL));
        },
        async sleeper(sys, { id }) {
          await sys.print(await attempt(sys.semtimedop(id, [{ sem_num: 0, sem_op: -1 }], 5)));
        },
      }, { seed });
      const got = `${r.processes[1].output}${out(r)}`;
      expect(['ok\n0\n', 'EAGAIN\n1\n']).toContain(got);
    }
  });
});
