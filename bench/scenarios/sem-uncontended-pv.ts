// Bench row sem-uncontended-pv: P then V on one semaphore that nobody else uses, in one process:
// the cost of two semop calls that never wait. bench/c/sem-uncontended-pv.c is the same in C.
import { defineScenario } from '../../src/scenarios/define.js';
import { constants as C } from '../../src/api/constants.js';
import { benchLine, calibrate, timed, type BenchArgs } from './measure.js';

const P = [{ sem_num: 0, sem_op: -1 }];
const V = [{ sem_num: 0, sem_op: 1 }];

export default defineScenario({
  name: 'bench-sem-uncontended-pv',
  description: 'bench: P and V on an uncontended semaphore in one process',
  programs: {
    async main(sys, args: BenchArgs) {
      const semid = await sys.semget(C.IPC_PRIVATE, 1, 0o600);
      await sys.semctl(semid, 0, C.SETVAL, 1);
      const pv = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          await sys.semop(semid, P);
          await sys.semop(semid, V);
        }
      };
      const ops = await calibrate(pv, args);
      const ns = await timed(pv, ops);
      await sys.semctl(semid, 0, C.IPC_RMID);
      await sys.print(benchLine(ops, ns));
    },
  },
});
