// The tutorial's first pipe: the parent writes "hello world" into a pipe, the child reads it.
import { defineScenario } from '../define.js';

export default defineScenario({
  name: 'pipe-parent-to-child',
  description: 'pipe() then fork(): the parent writes "hello world", the child reads and prints it',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const child = await sys.fork('child', { r, w });
      await sys.close(r); // the parent only writes
      await sys.write(w, 'hello world\n');
      await sys.close(w);
      await sys.waitpid(child);
    },
    async child(sys, { r, w }: { r: number; w: number }) {
      await sys.close(w); // the child only reads
      const buff = await sys.read(r, 20);
      await sys.print(new TextDecoder().decode(buff).trimEnd());
    },
  },
});
