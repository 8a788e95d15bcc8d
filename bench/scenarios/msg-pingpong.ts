// Bench row msg-pingpong: a round trip between two processes over one System V message queue.
// The parent sends a 1-byte message of type 1, the child receives it and answers with type 2, the
// parent receives that. A 0 byte tells the child to exit. bench/c/msg-pingpong.c is the same with
// fork().
import { defineScenario } from '../../src/scenarios/define.js';
import { constants as C } from '../../src/api/constants.js';
import { benchLine, calibrate, timed, type BenchArgs } from './measure.js';

const PING = 1;
const PONG = 2;

export default defineScenario({
  name: 'bench-msg-pingpong',
  description: 'bench: 1-byte round trips between a parent and a child over one message queue',
  programs: {
    async main(sys, args: BenchArgs) {
      const msqid = await sys.msgget(C.IPC_PRIVATE, 0o600);
      const child = await sys.fork('echo', { msqid });
      const ping = new Uint8Array([1]);
      const roundTrips = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          await sys.msgsnd(msqid, PING, ping);
          if ((await sys.msgrcv(msqid, 1, PONG)).data.length !== 1) throw new Error('echo: short answer');
        }
      };
      const ops = await calibrate(roundTrips, args);
      const ns = await timed(roundTrips, ops);
      await sys.msgsnd(msqid, PING, new Uint8Array([0]));
      const st = await sys.waitpid(child);
      await sys.msgctl(msqid, C.IPC_RMID);
      if (st.code !== 0) throw new Error(`echo exited with ${JSON.stringify(st)}`);
      await sys.print(benchLine(ops, ns));
    },
    async echo(sys, { msqid }: { msqid: number }) {
      for (;;) {
        const m = await sys.msgrcv(msqid, 1, PING);
        if (m.data[0] === 0) break;
        await sys.msgsnd(msqid, PONG, m.data);
      }
    },
  },
});
