// Bench row pipe-throughput-64k: a child writes 64 KiB chunks into a pipe, the parent reads them
// with 64 KiB reads. The parent asks for each batch over a control pipe (a 4-byte chunk count,
// 0 = exit), so both sides know the count and the timed part is only data moving.
// bench/c/pipe-throughput-64k.c is the same with fork().
import { defineScenario } from '../../src/scenarios/define.js';
import { benchLine, calibrate, timed, type BenchArgs } from './measure.js';

const CHUNK = 64 * 1024;

interface WriterArgs { data: number; control: number; unused: number[] }

function count(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

export default defineScenario({
  name: 'bench-pipe-throughput-64k',
  description: 'bench: 64 KiB writes by a child, 64 KiB reads by the parent',
  programs: {
    async main(sys, args: BenchArgs) {
      const [dataR, dataW] = await sys.pipe();
      const [controlR, controlW] = await sys.pipe();
      const child = await sys.fork('writer', {
        data: dataW, control: controlR, unused: [dataR, controlW],
      } satisfies WriterArgs);
      await sys.close(dataW);
      await sys.close(controlR);
      const chunks = async (n: number): Promise<void> => {
        await sys.write(controlW, count(n));
        for (let left = n * CHUNK; left > 0;) {
          const got = (await sys.read(dataR, CHUNK)).length;
          if (got === 0) throw new Error('writer: end of file');
          left -= got;
        }
      };
      const ops = await calibrate(chunks, args);
      const ns = await timed(chunks, ops);
      await sys.write(controlW, count(0));
      const st = await sys.waitpid(child);
      if (st.code !== 0) throw new Error(`writer exited with ${JSON.stringify(st)}`);
      await sys.print(benchLine(ops, ns, ops * CHUNK));
    },
    async writer(sys, { data, control, unused }: WriterArgs) {
      for (const fd of unused) await sys.close(fd);
      const chunk = new Uint8Array(CHUNK).fill(0x5a);
      for (;;) {
        const msg = await sys.read(control, 4);
        if (msg.length !== 4) throw new Error('control: short read');
        const n = new DataView(msg.buffer, msg.byteOffset, 4).getUint32(0, true);
        if (n === 0) break;
        for (let i = 0; i < n; i++) {
          if ((await sys.write(data, chunk)) !== CHUNK) throw new Error('short write');
        }
      }
    },
  },
});
