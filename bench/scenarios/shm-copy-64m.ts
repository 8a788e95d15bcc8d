// Bench row shm-copy-64m: 64 MiB copied into a System V shared memory segment with one
// Mapping.write, again and again (the segment's pages are faulted in during the warm-up, so the
// timed part is the copy). bench/c/shm-copy-64m.c is the same with memcpy.
import { constants } from '../../src/api/constants.js';
import { defineScenario } from '../../src/scenarios/define.js';
import { benchLine, calibrate, timed, type BenchArgs } from './measure.js';

const SIZE = 64 << 20;

export default defineScenario({
  name: 'bench-shm-copy-64m',
  description: 'bench: 64 MiB copies into a shm segment through Mapping.write',
  programs: {
    async main(sys, args: BenchArgs) {
      const id = await sys.shmget(constants.IPC_PRIVATE, SIZE, constants.IPC_CREAT | 0o600);
      const m = await sys.shmat(id);
      await sys.shmctl(id, constants.IPC_RMID); // gone with the last detach, whatever happens
      const data = new Uint8Array(SIZE).fill(0x5a);
      const copies = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          data[i & 0xfff] = i; // a different buffer each time, as a real producer's
          m.write(0, data);
        }
      };
      const ops = await calibrate(copies, args);
      const ns = await timed(copies, ops);
      if (m.readInt32(SIZE - 4) !== 0x5a5a5a5a) throw new Error('the copy did not land');
      await sys.shmdt(m);
      await sys.print(benchLine(ops, ns, ops * SIZE));
    },
  },
});
