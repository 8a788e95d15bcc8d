// The tutorial's parent/child mmap demonstration, run twice: with MAP_SHARED the child's *p = 2000
// reaches the parent; with MAP_PRIVATE it does not. `var` is an ordinary variable: the child's copy
// changes, the parent's stays 100 (fork copies memory; here the child gets it as an argument).
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';
import type { Sys } from '../../api/types.js';

async function demo(sys: Sys, flags: number): Promise<void> {
  const v = 100; // int var = 100;
  const fd = await sys.open('temp', C.O_RDWR | C.O_CREAT | C.O_TRUNC, 0o644);
  await sys.unlink('temp'); // the file goes once nothing uses it
  await sys.ftruncate(fd, 4);
  const p = await sys.mmap(4, C.PROT_READ | C.PROT_WRITE, flags, fd, 0);
  await sys.close(fd); // the mapping keeps the file
  const pid = await sys.fork('child', { p: p.addr, v });
  await sys.sleep(1000);
  await sys.print(`parent, *p = ${p.readInt32(0)}, var = ${v}`);
  await sys.waitpid(pid);
  await sys.munmap(p, 4);
}

export default defineScenario({
  name: 'mmap-shared-private',
  description: 'parent and child share a MAP_SHARED mapping; with MAP_PRIVATE each has its own',
  programs: {
    async main(sys) {
      await sys.print('MAP_SHARED:');
      await demo(sys, C.MAP_SHARED);
      await sys.print('MAP_PRIVATE:');
      await demo(sys, C.MAP_PRIVATE);
    },
    async child(sys, { p, v }: { p: number; v: number }) {
      const m = sys.mappingAt(p);
      m.writeInt32(0, 2000); // *p = 2000;
      v = 1000; // var = 1000;
      await sys.print(`child, *p = ${m.readInt32(0)}, var = ${v}`);
    },
  },
});
