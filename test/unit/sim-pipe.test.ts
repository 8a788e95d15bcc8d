// The pipe object in the simulator, seen through snapshots and through its wake-up order.
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import { out, simulate, simulation } from '../helpers/sim.js';

describe('pipe object', () => {
  it('a write larger than the transfer buffer arrives whole and in order', async () => {
    const size = 5 * 1024 * 1024 + 3;
    const r = await simulate({
      async main(sys) {
        const [rd, wr] = await sys.pipe();
        const pid = await sys.fork('reader', { rd, wr });
        await sys.close(rd);
        const data = new Uint8Array(size);
        for (let i = 0; i < size; i++) data[i] = i % 251;
        await sys.print(await sys.write(wr, data));
        await sys.close(wr);
        await sys.waitpid(pid);
      },
      async reader(sys, { rd, wr }) {
        await sys.close(wr);
        let total = 0;
        let ok = true;
        for (;;) {
          const b = await sys.read(rd, 100_000);
          if (!b.length) break;
          for (let i = 0; i < b.length; i++) ok &&= b[i] === (total + i) % 251;
          total += b.length;
        }
        await sys.print(total, ok);
      },
    });
    expect(out(r)).toBe(`${size}\n`);
    expect(r.processes[1].output).toBe(`${size} true\n`);
  });

  it('the snapshot shows a pipe filling against its capacity, and its sleeping writer', async () => {
    const sim = await simulation({
      async main(sys) {
        const [, wr] = await sys.pipe();
        await sys.fcntl(wr, C.F_SETPIPE_SZ, 8192);
        await sys.write(wr, new Uint8Array(5000));
        // Two slots: 4096 + 904. The next write merges its last 904 bytes (5000 & 4095) into the
        // partly used slot first, then finds no free slot and sleeps (fs/pipe.c pipe_write).
        await sys.write(wr, new Uint8Array(5000));
      },
    });
    sim.start(true);
    for (let i = 0; i < 4; i++) await sim.step();
    await sim.step().catch(() => {});
    const snap = sim.snapshot();
    expect(snap.pipes).toHaveLength(1);
    expect(snap.pipes[0]).toMatchObject({ bytes: 5904, capacity: 8192, slotsUsed: 2, readers: 1, writers: 1 });
    expect(snap.pipes[0].waitingWriters).toEqual([snap.processes[0].pid]);
    expect(snap.processes[0]).toMatchObject({ state: 'blocked', syscall: 'write' });
    const r = await sim.finished;
    expect(r.deadlock?.blocked[0]).toMatchObject({ syscall: 'write' });
  });

  it('with CAP_SYS_RESOURCE a pipe grows to 2^31 bytes, and F_GETPIPE_SZ says so', async () => {
    const r = await simulate({
      async main(sys) {
        const [rd] = await sys.pipe();
        await sys.print(await sys.fcntl(rd, C.F_SETPIPE_SZ, 2 ** 31), await sys.fcntl(rd, C.F_GETPIPE_SZ));
        await sys.fcntl(rd, C.F_SETPIPE_SZ, 2 ** 31 + 1).catch((e: Error & { code: string }) => sys.print(e.code));
      },
    });
    expect(out(r)).toBe('2147483648 2147483648\nEINVAL\n');
  });

  it('sleeping readers are woken in the order they slept (exclusive, FIFO)', async () => {
    const r = await simulate({
      async main(sys) {
        const [rd, wr] = await sys.pipe();
        const [sr, sw] = await sys.pipe();
        for (let i = 1; i <= 3; i++) {
          await sys.fork('reader', { rd, sw, i });
          await sys.sleep(10); // reader i is asleep in read before reader i+1 starts
        }
        for (let i = 0; i < 3; i++) {
          await sys.write(wr, 'x');
          await sys.sleep(10);
        }
        await sys.close(sw);
        await sys.print(new TextDecoder().decode(await sys.read(sr, 10)));
        for (let i = 0; i < 3; i++) await sys.waitpid(-1);
        void sr;
      },
      async reader(sys, { rd, sw, i }) {
        await sys.read(rd, 1);
        await sys.write(sw, String(i));
      },
    });
    expect(out(r)).toBe('123\n');
  });
});
