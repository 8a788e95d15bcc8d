// The tutorial's message-queue client and server on one queue: the client sends a type-888
// message and waits for the server's type-999 answer; the server answers every 888 it receives.
// Both get the key with ftok and open the queue with IPC_CREAT|0777, whoever comes first making
// it. Two changes make it a scenario: the key file is one the run creates (not /etc/passwd, which
// every run on a machine would share), and the server's loop ends on a "quit" message, which main
// sends once the client is done; the server then removes the queue. Keys, ids and pids, which the
// tutorial prints, differ from run to run and are left out.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';
import type { Sys } from '../../api/types.js';

const MSG_FILE = 'msg_file';
const TEXT_SIZE = 256; // char mtext[256]

const decoder = new TextDecoder();
const text = (data: Uint8Array): string => decoder.decode(data).replace(/\0.*$/s, '');

/** ftok(MSG_FILE, 'z') and msgget(key, IPC_CREAT|0777), as both tutorial programs begin. */
async function openQueue(sys: Sys, who: string): Promise<number> {
  const key = await sys.ftok(MSG_FILE, 'z'.charCodeAt(0));
  const msqid = await sys.msgget(key, C.IPC_CREAT | 0o777);
  await sys.print(`Message Queue - ${who}: queue opened.`);
  return msqid;
}

/** sprintf into a char[256]: the text, NUL-padded, sent whole as sizeof(msg.mtext). */
function mtext(s: string): Uint8Array {
  const buf = new Uint8Array(TEXT_SIZE);
  buf.set(new TextEncoder().encode(s));
  return buf;
}

export default defineScenario({
  name: 'msg-client-server',
  description: 'message queue client/server: the client sends type 888, the server answers type 999',
  programs: {
    async main(sys) {
      const fd = await sys.open(MSG_FILE, C.O_CREAT | C.O_WRONLY, 0o644);
      await sys.close(fd);
      const server = await sys.fork('server');
      const client = await sys.fork('client');
      await sys.waitpid(client);
      const msqid = await sys.msgget(await sys.ftok(MSG_FILE, 'z'.charCodeAt(0)), 0o777);
      await sys.msgsnd(msqid, 888, mtext('quit'));
      await sys.waitpid(server);
      await sys.unlink(MSG_FILE);
    },
    async server(sys) {
      const msqid = await openQueue(sys, 'Server');
      for (;;) {
        const msg = await sys.msgrcv(msqid, TEXT_SIZE, 888); // the first message of type 888
        if (text(msg.data) === 'quit') break;
        await sys.print(`Server: receive msg.mtext is: ${text(msg.data)}.`);
        await sys.print(`Server: receive msg.mtype is: ${msg.mtype}.`);
        await sys.msgsnd(msqid, 999, mtext("hello, I'm server")); // the type the client waits for
      }
      await sys.msgctl(msqid, C.IPC_RMID);
      await sys.print('Server: quit.');
    },
    async client(sys) {
      const msqid = await openQueue(sys, 'Client');
      await sys.msgsnd(msqid, 888, mtext("hello, I'm client"));
      const msg = await sys.msgrcv(msqid, TEXT_SIZE, 999);
      await sys.print(`Client: receive msg.mtext is: ${text(msg.data)}.`);
      await sys.print(`Client: receive msg.mtype is: ${msg.mtype}.`);
    },
  },
});
