// The tutorial's lock attempt: a new one-semaphore set keyed by ftok(".", 'a') (IPC_CREAT|
// IPC_EXCL), SETVAL 1, then a -1 with IPC_NOWAIT that takes the lock, GETVAL before and after;
// a second attempt shows what the tutorial's "can not lock semaphore." branch prints; IPC_RMID.
// The tutorial prints the id, which differs between kernels; this prints whether it is valid.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';
import type { Sys } from '../../api/types.js';

const lockIt = { sem_num: 0, sem_op: -1, sem_flg: C.IPC_NOWAIT };

async function tryLock(sys: Sys, id: number): Promise<boolean> {
  try {
    await sys.semop(id, [lockIt]);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== 'EAGAIN') throw err;
    await sys.print('can not lock semaphore.');
    return false;
  }
}

export default defineScenario({
  name: 'sem-nowait-lock',
  description: 'SETVAL 1, then a -1 with IPC_NOWAIT takes the lock; a second try fails at once with EAGAIN',
  programs: {
    async main(sys) {
      const uniqueKey = await sys.ftok('.', 'a'.charCodeAt(0));
      const id = await sys.semget(uniqueKey, 1, C.IPC_CREAT | C.IPC_EXCL | 0o666);
      await sys.print(`semaphore id valid: ${id >= 0}`);
      await sys.semctl(id, 0, C.SETVAL, 1);
      await sys.print(`value of semaphore at index 0 is ${await sys.semctl(id, 0, C.GETVAL, 0)}`);
      if (await tryLock(sys, id)) await sys.print('locked');
      await sys.print(`value of semaphore at index 0 is ${await sys.semctl(id, 0, C.GETVAL, 0)}`);
      if (await tryLock(sys, id)) await sys.print('locked again');
      await sys.semctl(id, 0, C.IPC_RMID);
    },
  },
});
