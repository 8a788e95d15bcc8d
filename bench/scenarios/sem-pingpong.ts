// Bench row sem-pingpong: a round trip between two processes over a set of two semaphores. The
// parent raises semaphore 0 and waits on semaphore 1; the child waits on 0 and raises 1. Removing
// the set tells the child to exit (its wait fails with EIDRM). bench/c/sem-pingpong.c is the same
// with fork().
import { defineScenario } from '../../src/scenarios/define.js';
import { constants as C } from '../../src/api/constants.js';
import { benchLine, calibrate, timed, type BenchArgs } from './measure.js';

const V0 = [{ sem_num: 0, sem_op: 1 }];
const P0 = [{ sem_num: 0, sem_op: -1 }];
const V1 = [{ sem_num: 1, sem_op: 1 }];
const P1 = [{ sem_num: 1, sem_op: -1 }];

export default defineScenario({
  name: 'bench-sem-pingpong',
  description: 'bench: round trips between a parent and a child over two semaphores',
  programs: {
    async main(sys, args: BenchArgs) {
      const semid = await sys.semget(C.IPC_PRIVATE, 2, 0o600);
      const child = await sys.fork('echo', { semid });
      const roundTrips = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          await sys.semop(semid, V0);
          await sys.semop(semid, P1);
        }
      };
      const ops = await calibrate(roundTrips, args);
      const ns = await timed(roundTrips, ops);
      await sys.semctl(semid, 0, C.IPC_RMID);
      const st = await sys.waitpid(child);
      if (st.code !== 0) throw new Error(`echo exited with ${JSON.stringify(st)}`);
      await sys.print(benchLine(ops, ns));
    },
    async echo(sys, { semid }: { semid: number }) {
      for (;;) {
        try {
          await sys.semop(semid, P0);
        } catch (err) {
          if ((err as { code?: string }).code === 'EIDRM' || (err as { code?: string }).code === 'EINVAL') return;
          throw err;
        }
        await sys.semop(semid, V1);
      }
    },
  },
});
