// Message queues on the simulator alone: what a native run cannot show (exact ids in a fresh
// namespace, limits set per run, snapshots, deadlock reports).
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import { out, simulate, simulation } from '../helpers/sim.js';

const { IPC_PRIVATE, IPC_RMID, IPC_STAT, IPC_INFO, IPC_NOWAIT } = C;

describe('msg ids', () => {
  it('are handed out cyclically in a fresh namespace: 0, 1, 2, then 3 after removing 0', async () => {
    const r = await simulate({
      async main(sys) {
        const ids = [];
        for (let i = 0; i < 3; i++) ids.push(await sys.msgget(IPC_PRIVATE, 0o600));
        await sys.msgctl(ids[0], IPC_RMID);
        ids.push(await sys.msgget(IPC_PRIVATE, 0o600));
        await sys.print(ids.join(' '));
      },
    });
    expect(out(r)).toBe('0 1 2 3\n');
  });

  it('move to the next sequence after 64 create/remove cycles (facts §0.10)', async () => {
    const r = await simulate({
      async main(sys) {
        const ids = [];
        for (let i = 0; i < 66; i++) {
          const id = await sys.msgget(IPC_PRIVATE, 0o600);
          ids.push(id);
          await sys.msgctl(id, IPC_RMID);
        }
        await sys.print(ids.slice(62).join(' '));
      },
    });
    expect(out(r)).toBe('62 63 32768 32769\n');
  });
});

describe('msg limits', () => {
  it('MSGMNI caps the number of queues with ENOSPC; a removal makes room', async () => {
    const r = await simulate({
      async main(sys) {
        const ids = [];
        for (let i = 0; i < 3; i++) ids.push(await sys.msgget(IPC_PRIVATE, 0o600));
        await sys.print(await sys.msgget(IPC_PRIVATE, 0o600).catch((e) => e.code));
        await sys.msgctl(ids[1], IPC_RMID);
        await sys.print(typeof await sys.msgget(IPC_PRIVATE, 0o600));
      },
    }, { limits: { MSGMNI: 3 } });
    expect(out(r)).toBe('ENOSPC\nnumber\n');
  });

  it('MSGMNB is a new queue\'s msg_qbytes, MSGMAX the largest message, and IPC_INFO shows them', async () => {
    const r = await simulate({
      async main(sys) {
        const id = await sys.msgget(IPC_PRIVATE, 0o600);
        const ds = await sys.msgctl(id, IPC_STAT);
        const info = await sys.msgctl(0, IPC_INFO);
        await sys.print(ds.msg_qbytes, info.msgmnb, info.msgmax, info.msgmni);
        await sys.print(await sys.msgsnd(id, 1, new Uint8Array(101)).catch((e) => e.code));
        await sys.print(await sys.msgsnd(id, 1, new Uint8Array(100), IPC_NOWAIT).then(() => 'ok'));
        await sys.print(await sys.msgctl(id, C.IPC_SET, { msg_qbytes: 51 }).then(() => 'ok', (e) => e.code));
      },
    }, { uid: 1000, gid: 1000, limits: { MSGMNB: 200, MSGMAX: 100, MSGMNI: 7 } });
    expect(out(r)).toBe('200 200 100 7\nEINVAL\nok\nok\n');
  });

  it('raising msg_qbytes above MSGMNB is root\'s only with CAP_SYS_RESOURCE', async () => {
    const program = {
      async main(sys: import('../../src/api/types.js').Sys) {
        const id = await sys.msgget(IPC_PRIVATE, 0o600);
        await sys.print(await sys.msgctl(id, C.IPC_SET, { msg_qbytes: 20000 }).then(() => 'ok', (e) => e.code));
      },
    };
    expect(out(await simulate(program))).toBe('ok\n');
    const without = await simulate(program, { capabilities: ['CAP_IPC_OWNER', 'CAP_SYS_ADMIN', 'CAP_SETUID'] });
    expect(out(without)).toBe('EPERM\n');
  });
});

describe('msg snapshots and reports', () => {
  it('show messages by type and size, bytes against msg_qbytes, and who waits', async () => {
    const sim = await simulation({
      async main(sys) {
        const id = await sys.msgget(IPC_PRIVATE, 0o640);
        await sys.msgsnd(id, 3, 'abc');
        await sys.msgsnd(id, 7, '');
        const child = await sys.fork('reader', { id });
        await sys.sleep(10);
        await sys.msgctl(id, IPC_RMID);
        await sys.waitpid(child);
      },
      async reader(sys, { id }: { id: number }) {
        await sys.msgrcv(id, 10, 99).catch(() => undefined);
      },
    });
    sim.start(true);
    let seen = false;
    while (!sim.isDone) {
      const e = await sim.step();
      const snap = sim.snapshot();
      const q = snap.msgQueues?.[0];
      if (q && q.waitingReceivers.length === 1) {
        expect(q).toMatchObject({ id: 0, key: 0, mode: 0o640, qnum: 2, cbytes: 3, qbytes: 16384 });
        expect(q.messages).toEqual([{ mtype: 3, size: 3 }, { mtype: 7, size: 0 }]);
        const reader = snap.processes.find((p) => p.program === 'reader')!;
        expect(q.waitingReceivers).toEqual([reader.pid]);
        expect(reader).toMatchObject({ state: 'blocked', syscall: 'msgrcv', waitingOn: 'msq:0 (message)' });
        seen = true;
      }
      if (e === null) break;
    }
    expect(seen).toBe(true);
    expect(sim.snapshot().msgQueues).toEqual([]);
  });

  it('a receiver that waits forever is a deadlock, reported with its queue', async () => {
    const r = await simulate({
      async main(sys) {
        const id = await sys.msgget(IPC_PRIVATE, 0o600);
        await sys.msgrcv(id, 10, 0);
      },
    });
    expect(r.deadlock?.blocked).toEqual([{ pid: r.processes[0].pid, syscall: 'msgrcv', waitingOn: 'msq:0 (message)' }]);
  });

  it('a sender on a full queue that nobody drains is a deadlock too', async () => {
    const r = await simulate({
      async main(sys) {
        const id = await sys.msgget(IPC_PRIVATE, 0o600);
        await sys.msgctl(id, C.IPC_SET, { msg_qbytes: 0 });
        await sys.msgsnd(id, 1, '');
      },
    });
    expect(r.deadlock?.blocked[0]).toMatchObject({ syscall: 'msgsnd', waitingOn: 'msq:0 (space)' });
  });

  it('the same seed gives the same trace', async () => {
    const programs = {
      async main(sys: import('../../src/api/types.js').Sys) {
        const id = await sys.msgget(IPC_PRIVATE, 0o600);
        const kids = [];
        for (let i = 0; i < 3; i++) kids.push(await sys.fork('worker', { id, i }));
        for (let i = 0; i < 6; i++) await sys.print((await sys.msgrcv(id, 10, 0)).mtype);
        for (const k of kids) await sys.waitpid(k);
      },
      async worker(sys: import('../../src/api/types.js').Sys, { id, i }: { id: number; i: number }) {
        await sys.msgsnd(id, i + 1, 'a');
        await sys.msgsnd(id, i + 1, 'b');
      },
    };
    const a = await simulate(programs, { seed: 9 });
    const b = await simulate(programs, { seed: 9 });
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
    expect(out(a)).toBe(out(b));
  });
});
