// The message queues of a KernelSnapshot, from the kernel's msg_snapshot (assembly/sys_msg.ts).
import type { MsgQueueSnapshot } from '../api/snapshot.js';
import type { MsgExports } from './calls-msg.js';
import type { Simulation } from './simulation.js';

/** Messages listed per queue at most (msg_qnum still counts them all). */
const SHOWN_MAX = 1024;

export function msgQueuesSnapshot(sim: Simulation): MsgQueueSnapshot[] {
  const count = (sim.k as unknown as MsgExports).msg_snapshot(SHOWN_MAX);
  const dv = new DataView(sim.mem().buffer, sim.xfer);
  const queues: MsgQueueSnapshot[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const int = (j: number): number => dv.getInt32(at + 4 * j, true);
    const shown = int(3);
    const nSend = int(4);
    const nRecv = int(5);
    const q: MsgQueueSnapshot = {
      id: int(0), key: int(1), mode: int(2),
      qnum: dv.getFloat64(at + 24, true), cbytes: dv.getFloat64(at + 32, true), qbytes: dv.getFloat64(at + 40, true),
      messages: [], waitingSenders: [], waitingReceivers: [],
    };
    at += 48;
    for (let j = 0; j < shown; j++, at += 12) {
      q.messages.push({ mtype: dv.getFloat64(at, true), size: dv.getInt32(at + 8, true) });
    }
    for (let j = 0; j < nSend; j++, at += 4) q.waitingSenders.push(dv.getInt32(at, true));
    for (let j = 0; j < nRecv; j++, at += 4) q.waitingReceivers.push(dv.getInt32(at, true));
    queues.push(q);
  }
  return queues;
}
