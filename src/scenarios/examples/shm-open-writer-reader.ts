// The tutorial's shm_open_w.c and shm_open_r.c: the writer creates /hello.txt (or opens it),
// sizes it to 4096 bytes, stores "Hello\n" and waits for a key press; the reader maps the same
// object and prints it. Both unlink the name at the end, as the tutorial does (the second unlink
// fails, which C ignores). The key press comes from main through a pipe once the reader is done.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';
import type { Sys } from '../../api/types.js';

const NAME = '/hello.txt';

async function openObject(sys: Sys): Promise<number> {
  try {
    const fd = await sys.shm_open(NAME, C.O_RDWR | C.O_CREAT | C.O_EXCL, 0o777);
    await sys.ftruncate(fd, 4096); // created here: give it its size
    return fd;
  } catch {
    return sys.shm_open(NAME, C.O_RDWR, 0o777);
  }
}

async function unlinkQuietly(sys: Sys): Promise<void> {
  await sys.shm_unlink(NAME).catch(() => undefined);
}

export default defineScenario({
  name: 'shm-open-writer-reader',
  description: 'a POSIX shm writer stores "Hello" in /hello.txt, a reader maps it and prints it',
  programs: {
    async main(sys) {
      const [keyR, keyW] = await sys.pipe();
      const [readyR, readyW] = await sys.pipe();
      const writer = await sys.fork('writer', { key: keyR, ready: readyW, unused: [keyW, readyR] });
      await sys.close(keyR);
      await sys.close(readyW);
      await sys.read(readyR, 1); // the writer waits in getchar()
      await sys.waitpid(await sys.fork('reader'));
      await sys.write(keyW, '\n'); // the key press
      await sys.waitpid(writer);
    },
    async writer(sys, { key, ready, unused }: { key: number; ready: number; unused: number[] }) {
      for (const fd of unused) await sys.close(fd);
      const fd = await openObject(sys);
      const ptr = await sys.mmap(4096, C.PROT_READ | C.PROT_WRITE, C.MAP_SHARED, fd, 0);
      await sys.print('start writeing data....');
      ptr.write(0, 'Hello\n\0'); // strcpy
      await sys.print('write over');
      await sys.write(ready, 'x');
      await sys.read(key, 1); // getchar()
      await unlinkQuietly(sys);
      await sys.close(fd);
    },
    async reader(sys) {
      const fd = await openObject(sys);
      const ptr = await sys.mmap(4096, C.PROT_READ | C.PROT_WRITE, C.MAP_SHARED, fd, 0);
      await sys.print('start reading data....');
      const bytes = ptr.read(0, 4096);
      await sys.print(new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)))); // puts
      await sys.print('read over');
      await unlinkQuietly(sys);
      await sys.close(fd);
    },
  },
});
