// The tutorial's shm_write.c and shm_read.c: the writer reads test.txt into a 4096-byte segment on
// key 12345 (created if missing), the reader attaches the same key and prints what is there. As in
// the tutorial, neither removes the segment; here main does, once both are done.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';

const KEY = 12345;

export default defineScenario({
  name: 'shm-write-read',
  description: 'shm_write fills a segment on key 12345 from test.txt, shm_read prints it',
  programs: {
    async main(sys) {
      const fd = await sys.open('test.txt', C.O_WRONLY | C.O_CREAT | C.O_TRUNC, 0o644);
      await sys.write(fd, 'hello, shared memory\n');
      await sys.close(fd);
      await sys.waitpid(await sys.fork('shm_write'));
      await sys.waitpid(await sys.fork('shm_read'));
      await sys.shmctl(await sys.shmget(KEY, 0, 0), C.IPC_RMID);
      await sys.unlink('test.txt');
    },
    async shm_write(sys) {
      const fd = await sys.open('test.txt', C.O_RDONLY);
      const shmid = await sys.shmget(KEY, 4096, 0o666 | C.IPC_CREAT);
      const buf = await sys.shmat(shmid, null, 0);
      buf.write(0, await sys.read(fd, 1024)); // read(fd, buf, 1024)
      await sys.print('write successful.');
      await sys.shmdt(buf);
    },
    async shm_read(sys) {
      const shmid = await sys.shmget(KEY, 4096, 0o666 | C.IPC_CREAT);
      const buf = await sys.shmat(shmid, null, 0);
      const bytes = buf.read(0, 4096);
      const text = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0))); // a C string
      await sys.print(text === '' ? 'read nothing' : `read:${text}`);
      await sys.shmdt(buf);
    },
  },
});
