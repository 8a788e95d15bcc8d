// The tutorial's sem_read/sem_write pair: sem_read makes a set of three semaphores, forks three
// children that each wait (-1) on their own semaphore, and exits; sem_write, run once per
// semaphore, adds 1 to it (with SEM_UNDO) and so releases that child. Here main runs sem_read and
// then sem_write for 0, 1 and 2 in turn, where the tutorial asked the user to, and removes the set
// at the end. sem_write then waits for zero, i.e. until its child took the 1: in the tutorial the
// user starts it when the children are long asleep, and its exit undoes the +1 (SEM_UNDO), which
// would leave a child that had not yet reached its semop asleep for good. The key is
// ftok(".", 's') rather than the tutorial's 12345, so that two runs cannot share a set, and the
// children print their semaphore's number rather than their pid, so that both backends agree.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';
import type { Sys } from '../../api/types.js';

async function openSet(sys: Sys): Promise<number> {
  return sys.semget(await sys.ftok('.', 's'.charCodeAt(0)), 3, 0o666 | C.IPC_CREAT);
}

export default defineScenario({
  name: 'sem-three-children',
  description: 'three children each wait on their own semaphore; a second program releases them one by one',
  programs: {
    async main(sys) {
      await sys.waitpid(await sys.fork('sem_read'));
      for (const n of [0, 1, 2]) await sys.waitpid(await sys.fork('sem_write', { n }));
      await sys.semctl(await openSet(sys), 0, C.IPC_RMID);
    },
    async sem_read(sys) {
      const id = await openSet(sys);
      await sys.print('begin fork()');
      for (let count = 0; count < 3; count++) await sys.fork('waiter', { id, count });
    },
    async waiter(sys, { id, count }: { id: number; count: number }) {
      await sys.print(`child[${count}]created!`);
      await sys.semop(id, [{ sem_num: count, sem_op: -1, sem_flg: 0 }]);
      await sys.print(`child[${count}]exited!`);
    },
    async sem_write(sys, { n }: { n: number }) {
      const id = await openSet(sys);
      await sys.semop(id, [{ sem_num: n, sem_op: 1, sem_flg: C.SEM_UNDO }]);
      await sys.print(`semop(${n}) over.`);
      await sys.semop(id, [{ sem_num: n, sem_op: 0, sem_flg: 0 }]); // until the child took it
    },
  },
});
