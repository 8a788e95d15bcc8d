// Bench row pipe-pingpong: a round trip between two processes over two pipes. The parent writes
// 1 byte to the child, the child reads it and writes 1 byte back, the parent reads it. A 0 byte
// tells the child to exit. bench/c/pipe-pingpong.c is the same with fork().
import { defineScenario } from '../../src/scenarios/define.js';
import { benchLine, calibrate, timed, type BenchArgs } from './measure.js';

interface EchoArgs { r: number; w: number; unused: number[] }

export default defineScenario({
  name: 'bench-pipe-pingpong',
  description: 'bench: 1-byte round trips between a parent and a child over two pipes',
  programs: {
    async main(sys, args: BenchArgs) {
      const [toChildR, toChildW] = await sys.pipe();
      const [toParentR, toParentW] = await sys.pipe();
      const child = await sys.fork('echo', {
        r: toChildR, w: toParentW, unused: [toChildW, toParentR],
      } satisfies EchoArgs);
      await sys.close(toChildR);
      await sys.close(toParentW);
      const ping = new Uint8Array([1]);
      const roundTrips = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          await sys.write(toChildW, ping);
          if ((await sys.read(toParentR, 1)).length !== 1) throw new Error('echo: end of file');
        }
      };
      const ops = await calibrate(roundTrips, args);
      const ns = await timed(roundTrips, ops);
      await sys.write(toChildW, new Uint8Array([0]));
      const st = await sys.waitpid(child);
      if (st.code !== 0) throw new Error(`echo exited with ${JSON.stringify(st)}`);
      await sys.print(benchLine(ops, ns));
    },
    async echo(sys, { r, w, unused }: EchoArgs) {
      for (const fd of unused) await sys.close(fd);
      for (;;) {
        const b = await sys.read(r, 1);
        if (b.length === 0 || b[0] === 0) break;
        await sys.write(w, b);
      }
    },
  },
});
