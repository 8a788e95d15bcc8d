// The tutorial's share_mem_server.c and share_mem_client.c: the server creates a 1024-byte segment,
// a message queue and a semaphore (set to 1) on ftok(".", 'z'); the client, for each command,
// either writes text into the segment under the semaphore and sends 'r' (type 888) through the
// queue, or sends 'q'. The server prints the segment on 'r' and, on 'q', detaches and removes all
// three objects. The client's commands come from its args instead of a terminal (echoed as a
// terminal would), a moment apart as a person types them.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';
import type { Sys } from '../../api/types.js';

const MTYPE = 888;
const DEFAULT_COMMANDS = ['r hello', 'r shared-memory', 'x', 'q'];

async function semP(sys: Sys, semid: number): Promise<void> {
  await sys.semop(semid, [{ sem_num: 0, sem_op: -1, sem_flg: C.SEM_UNDO }]);
}

async function semV(sys: Sys, semid: number): Promise<void> {
  await sys.semop(semid, [{ sem_num: 0, sem_op: 1, sem_flg: C.SEM_UNDO }]);
}

/** printf("%s\n", shm): the C string at the start of the segment. */
function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

export default defineScenario({
  name: 'shm-sem-msg-client-server',
  description: 'a client writes into shared memory under a semaphore and notifies the server through a message queue',
  programs: {
    async main(sys, args: { commands?: string[] } | undefined) {
      const [r, w] = await sys.pipe();
      const server = await sys.fork('server', { ready: w });
      await sys.close(w);
      await sys.read(r, 1); // the server has made its objects (it is started first)
      await sys.close(r);
      const client = await sys.fork('client', { commands: args?.commands ?? DEFAULT_COMMANDS });
      await sys.waitpid(client);
      await sys.waitpid(server);
    },
    async server(sys, { ready }: { ready: number }) {
      const key = await sys.ftok('.', 'z'.charCodeAt(0));
      const shmid = await sys.shmget(key, 1024, C.IPC_CREAT | 0o666);
      const shm = await sys.shmat(shmid, null, 0);
      const msqid = await sys.msgget(key, C.IPC_CREAT | 0o777);
      const semid = await sys.semget(key, 1, C.IPC_CREAT | 0o666); // creat_sem
      await sys.semctl(semid, 0, C.SETVAL, 1); // init_sem: the resource is free
      await sys.write(ready, 'x');
      await sys.close(ready);
      for (;;) {
        const msg = await sys.msgrcv(msqid, 1, MTYPE, 0);
        const c = String.fromCharCode(msg.data[0]);
        if (c === 'q') break;
        if (c === 'r') {
          await semP(sys, semid);
          await sys.print(cString(shm.read(0, 1024)));
          await semV(sys, semid);
        }
      }
      await sys.shmdt(shm);
      await sys.shmctl(shmid, C.IPC_RMID);
      await sys.msgctl(msqid, C.IPC_RMID);
      await sys.semctl(semid, 0, C.IPC_RMID); // del_sem
    },
    async client(sys, { commands }: { commands: string[] }) {
      const key = await sys.ftok('.', 'z'.charCodeAt(0));
      const shmid = await sys.shmget(key, 1024, 0);
      const shm = await sys.shmat(shmid, null, 0);
      const msqid = await sys.msgget(key, 0);
      const semid = await sys.semget(key, 0, 0);
      await sys.print('***************************************');
      await sys.print('*                 IPC                 *');
      await sys.print('*    Input r to send data to server.  *');
      await sys.print('*    Input q to quit.                 *');
      await sys.print('***************************************');
      for (const command of commands) {
        const [c, text = ''] = command.split(' ');
        await sys.write(1, `Please input command: ${c}\n`);
        if (c === 'r') {
          await sys.write(1, `Data to send: ${text}\n`);
          await semP(sys, semid);
          shm.write(0, `${text}\0`); // scanf("%s", shm)
          await semV(sys, semid);
          await sys.msgsnd(msqid, MTYPE, 'r');
        } else if (c === 'q') {
          await sys.msgsnd(msqid, MTYPE, 'q');
          break;
        } else {
          await sys.print('Wrong input!');
        }
        await sys.sleep(200); // the next command is typed a moment later
      }
      await sys.shmdt(shm);
    },
  },
});
