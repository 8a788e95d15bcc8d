// Bench row msg-throughput-64b: 64-byte messages one way, from a child to the parent, over one
// System V message queue. The parent asks for each batch with a type-2 message holding the count
// (0 = exit); the child sends that many type-1 messages, which the parent receives. The default
// msg_qbytes (16384) holds 256 of them, so the sender sleeps whenever it is that far ahead.
// bench/c/msg-throughput-64b.c is the same with fork().
import { defineScenario } from '../../src/scenarios/define.js';
import { constants as C } from '../../src/api/constants.js';
import { benchLine, calibrate, timed, type BenchArgs } from './measure.js';

const SIZE = 64;
const DATA = 1;
const CONTROL = 2;

function count(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

export default defineScenario({
  name: 'bench-msg-throughput-64b',
  description: 'bench: 64-byte messages from a child to the parent over one message queue',
  programs: {
    async main(sys, args: BenchArgs) {
      const msqid = await sys.msgget(C.IPC_PRIVATE, 0o600);
      const child = await sys.fork('sender', { msqid });
      const messages = async (n: number): Promise<void> => {
        await sys.msgsnd(msqid, CONTROL, count(n));
        for (let i = 0; i < n; i++) {
          if ((await sys.msgrcv(msqid, SIZE, DATA)).data.length !== SIZE) throw new Error('short message');
        }
      };
      const ops = await calibrate(messages, args);
      const ns = await timed(messages, ops);
      await sys.msgsnd(msqid, CONTROL, count(0));
      const st = await sys.waitpid(child);
      await sys.msgctl(msqid, C.IPC_RMID);
      if (st.code !== 0) throw new Error(`sender exited with ${JSON.stringify(st)}`);
      await sys.print(benchLine(ops, ns, ops * SIZE));
    },
    async sender(sys, { msqid }: { msqid: number }) {
      const message = new Uint8Array(SIZE).fill(0x5a);
      for (;;) {
        const m = await sys.msgrcv(msqid, 4, CONTROL);
        const n = new DataView(m.data.buffer, m.data.byteOffset, 4).getUint32(0, true);
        if (n === 0) break;
        for (let i = 0; i < n; i++) await sys.msgsnd(msqid, DATA, message);
      }
    },
  },
});
