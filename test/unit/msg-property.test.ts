// Random System V message-queue call sequences from several processes: the kernel never traps,
// its own checks hold after every step (kernel_check: each queue's msg_qnum and msg_cbytes match
// its messages; messages and bytes sent = received + queued + dropped with a removed queue), and
// the trace agrees: every successful msgsnd was counted as sent, every msgrcv (but MSG_COPY) as
// received.
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import type { Sys } from '../../src/api/types.js';
import type { MsgExports } from '../../src/sim/calls-msg.js';
import { simulation } from '../helpers/sim.js';
import { rng, stepChecked } from '../helpers/chaos.js';


const SIZES = [0, 1, 7, 100, 4096, 8191, 8192, 8193];
const TYPES: (number | bigint)[] = [1, 2, 3, 5, 0, -1, 2n ** 62n];
const MSGTYPS: (number | bigint)[] = [0, 1, 2, 3, -2, -5, 5, 9, -(2n ** 63n)];
const RCV_FLAGS = [0, C.IPC_NOWAIT, C.MSG_NOERROR, C.MSG_EXCEPT, C.IPC_NOWAIT | C.MSG_NOERROR,
  C.MSG_COPY | C.IPC_NOWAIT, C.MSG_COPY, C.IPC_NOWAIT | C.MSG_EXCEPT];
const CMDS = [C.IPC_STAT, C.IPC_SET, C.IPC_RMID, C.IPC_INFO, C.MSG_INFO, C.MSG_STAT, C.MSG_STAT_ANY, 99];
const KEYS = [C.IPC_PRIVATE, 11, 12, 13];

async function msgChaos(sys: Sys, { seed, depth }: { seed: number; depth: number }): Promise<void> {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const ids: number[] = [-1, 0, 32768];
  const id = (): number => pick(ids);
  for (let i = 0; i < 60; i++) {
    try {
      switch (Math.floor(rand() * 11)) {
        case 0:
          ids.push(await sys.msgget(pick(KEYS), pick([C.IPC_CREAT | 0o666, C.IPC_CREAT | C.IPC_EXCL | 0o600, 0o600, 0])));
          break;
        case 1: case 2: case 3:
          await sys.msgsnd(id(), pick(TYPES), new Uint8Array(pick(SIZES)), pick([0, C.IPC_NOWAIT, C.IPC_NOWAIT]));
          break;
        case 4: case 5: case 6:
          await sys.msgrcv(id(), pick([0, 3, 100, 8192, 100000, -1]), pick(MSGTYPS), pick(RCV_FLAGS));
          break;
        case 7: {
          const cmd = pick(CMDS);
          await sys.msgctl(id(), cmd, cmd === C.IPC_SET
            ? { msg_qbytes: pick([0, 5, 100, 8192, 16384, 16385]), msg_perm: { mode: pick([0o600, 0o666, 0o222, 0]) } }
            : undefined);
          break;
        }
        case 8:
          if (depth < 2) await sys.fork('chaos', { seed: Math.floor(rand() * 2 ** 31), depth: depth + 1 });
          break;
        case 9: await sys.waitpid(-1, pick([0, C.WNOHANG])); break;
        case 10:
          if (rand() < 0.1) await sys.kill(0, pick(['SIGTERM', 'SIGKILL']));
          else if (depth > 0 && rand() < 0.5) await sys.setuid(65534);
          break;
      }
    } catch (err) {
      if ((err as Error).name !== 'SysError') throw err;
    }
  }
}

describe('property: random message-queue call sequences', () => {
  it('never trap the kernel and lose no message (1000 runs)', async () => {
    let deadlocks = 0;
    let sentTotal = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const sim = await simulation({ main: msgChaos, chaos: msgChaos },
        { seed, args: { seed, depth: 0 }, timeoutMs: 10_000, limits: { MSGMNI: 6 } });
      try {
        const r = await stepChecked(sim, () => sim.k.kernel_check());
        if (r.deadlock) deadlocks++;
        expect(r.timedOut, `seed ${seed}`).toBe(false);
        (sim.k as unknown as MsgExports).msg_totals();
        const dv = new DataView(sim.mem().buffer, sim.xfer, 64);
        const [sentMsgs, sentBytes, recvMsgs, recvBytes, queuedMsgs, queuedBytes, droppedMsgs, droppedBytes] =
          Array.from({ length: 8 }, (_, i) => dv.getFloat64(i * 8, true));
        expect({ seed, msgs: sentMsgs - recvMsgs - queuedMsgs - droppedMsgs }).toEqual({ seed, msgs: 0 });
        expect({ seed, bytes: sentBytes - recvBytes - queuedBytes - droppedBytes }).toEqual({ seed, bytes: 0 });
        const queued = sim.snapshot().msgQueues ?? [];
        expect(queued.reduce((n, q) => n + q.qnum, 0)).toBe(queuedMsgs);
        let sent = 0;
        let received = 0;
        for (const e of r.trace) {
          if (e.error !== undefined) continue;
          if (e.syscall === 'msgsnd') sent++;
          if (e.syscall === 'msgrcv' && !((e.args[3] as number) & C.MSG_COPY)) received++;
        }
        // A call that completed in a process that a pending signal then killed on its way out is
        // counted but never traced (natively too, the process dies after the call took effect).
        const killed = r.processes.some((p) => 'signal' in p.exit);
        expect(sent).toBeLessThanOrEqual(sentMsgs);
        expect(received).toBeLessThanOrEqual(recvMsgs);
        if (!killed) expect({ seed, sent, received }).toEqual({ seed, sent: sentMsgs, received: recvMsgs });
        sentTotal += sent;
      } catch (err) {
        throw new Error(`seed ${seed}: ${(err as Error).message}`);
      }
    }
    expect(deadlocks).toBeLessThan(1000);
    expect(sentTotal).toBeGreaterThan(2500); // the sequences do reach the queues
  }, 180_000);
});
