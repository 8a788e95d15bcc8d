// The tutorial's second message-queue pair, keyed by ftok of the server's file (msg_server.c,
// 'a'): the server makes the queue (PERM|IPC_CREAT|IPC_EXCL, PERM = S_IRUSR|S_IWUSR) and, for
// every type-1 message, prints it and sends it back as type 2; a client opens the queue (PERM
// alone), sends its string as type 1 and prints the type-2 answer. The strings come from the
// args (one client each, in turn) instead of argv; the server stops on "quit", which main sends,
// and then removes the queue.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';

const MSG_FILE = 'msg_server.c';
const BUFFER = 255;
const PERM = C.S_IRUSR | C.S_IWUSR;
const DEFAULT_STRINGS = ['hello server', 'a second client'];

const decoder = new TextDecoder();

function key(sys: import('../../api/types.js').Sys): Promise<number> {
  return sys.ftok(MSG_FILE, 'a'.charCodeAt(0));
}

export default defineScenario({
  name: 'msg-ftok-client-server',
  description: 'message queue keyed by ftok of a file: clients send type 1, the server echoes type 2',
  programs: {
    async main(sys, args: { strings?: string[] } | undefined) {
      const fd = await sys.open(MSG_FILE, C.O_CREAT | C.O_WRONLY, 0o644);
      await sys.close(fd);
      // The server is started first, as in the tutorial: it says when its queue exists.
      const [r, w] = await sys.pipe();
      const server = await sys.fork('server', { ready: w });
      await sys.close(w);
      await sys.read(r, 1);
      await sys.close(r);
      for (const s of args?.strings ?? DEFAULT_STRINGS) await sys.waitpid(await sys.fork('client', { s }));
      await sys.msgsnd(await sys.msgget(await key(sys), PERM), 1, 'quit');
      await sys.waitpid(server);
      await sys.unlink(MSG_FILE);
    },
    async server(sys, { ready }: { ready: number }) {
      const msgid = await sys.msgget(await key(sys), PERM | C.IPC_CREAT | C.IPC_EXCL);
      await sys.write(ready, 'x');
      await sys.close(ready);
      for (;;) {
        const msg = await sys.msgrcv(msgid, BUFFER + 1, 1);
        const s = decoder.decode(msg.data);
        if (s === 'quit') break;
        await sys.print(`Server Receive:${s}`);
        await sys.msgsnd(msgid, 2, msg.data);
      }
      await sys.msgctl(msgid, C.IPC_RMID);
    },
    async client(sys, { s }: { s: string }) {
      const msgid = await sys.msgget(await key(sys), PERM);
      await sys.msgsnd(msgid, 1, s.slice(0, BUFFER));
      const msg = await sys.msgrcv(msgid, BUFFER + 1, 2);
      await sys.print(`Client receive:${decoder.decode(msg.data)}`);
    },
  },
});
