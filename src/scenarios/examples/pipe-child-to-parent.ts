// The reverse data path: the child writes, the parent reads until end of file. The child writes
// its three lines at once: one write of at most PIPE_BUF bytes arrives whole, so every schedule
// (and Linux) gives the parent the same reads.
import { defineScenario } from '../define.js';

export default defineScenario({
  name: 'pipe-child-to-parent',
  description: 'the child writes three lines into a pipe; the parent reads until end of file',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const child = await sys.fork('child', { r, w });
      await sys.close(w); // else the parent would never see end of file
      let text = '';
      for (;;) {
        const data = await sys.read(r, 64);
        if (data.length === 0) break;
        text += new TextDecoder().decode(data);
      }
      await sys.close(r);
      await sys.print(`parent read ${JSON.stringify(text)}`);
      const st = await sys.waitpid(child);
      await sys.print(`child exited with ${st.code}`);
    },
    async child(sys, { r, w }: { r: number; w: number }) {
      await sys.close(r);
      await sys.write(w, 'one\ntwo\nthree\n');
      await sys.close(w);
    },
  },
});
