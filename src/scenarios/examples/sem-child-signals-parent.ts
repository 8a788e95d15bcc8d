// The tutorial's P/V pair: a one-semaphore set keyed by ftok(".", 'z') starts at 0 (the resource
// is taken); the child sleeps two seconds and signals (V); the parent waits (P) for it, then
// releases it (V) and removes the set. P and V use SEM_UNDO, as in the tutorial. The tutorial
// prints pids; these lines name the process instead, so that the two backends print the same.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';
import type { Sys } from '../../api/types.js';

const P = { sem_num: 0, sem_op: -1, sem_flg: C.SEM_UNDO };
const V = { sem_num: 0, sem_op: 1, sem_flg: C.SEM_UNDO };

async function semV(sys: Sys, id: number): Promise<void> {
  await sys.semop(id, [V]);
}

export default defineScenario({
  name: 'sem-child-signals-parent',
  description: 'the parent waits (P) on a semaphore at 0 until the child, two seconds later, signals (V)',
  programs: {
    async main(sys) {
      const key = await sys.ftok('.', 'z'.charCodeAt(0));
      const id = await sys.semget(key, 1, C.IPC_CREAT | 0o666);
      await sys.semctl(id, 0, C.SETVAL, 0); // init_sem: the resource is taken
      await sys.fork('child', { id });
      await sys.semop(id, [P]); // wait for the resource
      await sys.print('Process father: got the resource');
      await semV(sys, id); // release it
      await sys.semctl(id, 0, C.IPC_RMID); // del_sem
    },
    async child(sys, { id }: { id: number }) {
      await sys.sleep(2000);
      await sys.print('Process child: releasing the resource');
      await semV(sys, id); // release the resource
    },
  },
});
