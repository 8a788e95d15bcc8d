// The tutorial's pipe with a reader that starts late: the parent writes "111" (4 bytes with the
// NUL), closes its end and sleeps; the child sleeps 3 s, then still finds the data in the pipe.
import { defineScenario } from '../define.js';

export default defineScenario({
  name: 'pipe-late-reader',
  description: 'data written before the reader starts waits in the pipe; the child exits 1',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const child = await sys.fork('child', { r, w });
      await sys.close(r);
      await sys.write(w, new Uint8Array([0x31, 0x31, 0x31, 0])); // strcpy(w_buf, "111")
      await sys.print('parent write over');
      await sys.print('parent close fd[1] over');
      await sys.close(w);
      await sys.sleep(10_000);
      await sys.waitpid(child);
    },
    async child(sys, { r, w }: { r: number; w: number }) {
      await sys.print('');
      await sys.close(w);
      await sys.sleep(3000); // make sure the parent has closed its write end
      const data = await sys.read(r, 10);
      const text = new TextDecoder().decode(data.subarray(0, data.indexOf(0) >= 0 ? data.indexOf(0) : data.length));
      await sys.print(`read num is ${data.length} the data read from the pipe is ${parseInt(text, 10)}`);
      await sys.close(r);
      return 1; // exit(1), as in the tutorial
    },
  },
});
