// Bench row pipe-write-read-1b: one process writes 1 byte into a pipe and reads it back, over and
// over. The figure is the time of one write+read pair; bench/c/pipe-write-read-1b.c is the same.
import { defineScenario } from '../../src/scenarios/define.js';
import { benchLine, calibrate, timed, type BenchArgs } from './measure.js';

export default defineScenario({
  name: 'bench-pipe-write-read-1b',
  description: 'bench: a 1-byte write then a 1-byte read of the same pipe, in one process',
  programs: {
    async main(sys, args: BenchArgs) {
      const [r, w] = await sys.pipe();
      const byte = new Uint8Array([1]);
      const pairs = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          await sys.write(w, byte);
          if ((await sys.read(r, 1)).length !== 1) throw new Error('short read');
        }
      };
      const ops = await calibrate(pairs, args);
      const ns = await timed(pairs, ops);
      await sys.close(r);
      await sys.close(w);
      await sys.print(benchLine(ops, ns));
    },
  },
});
