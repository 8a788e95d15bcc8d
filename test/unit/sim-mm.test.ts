// Page-mapped memory in the simulator, driven directly: frames are reused (no leak over 100,000
// cycles, and the wasm memory stops growing), copy-on-write accounting after fork, the snapshot
// of shm segments, and random mapping operations that never trap the kernel.
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import { mmKernel } from '../../src/sim/mapping.js';
import type { Simulation } from '../../src/sim/simulation.js';
import type { Sys } from '../../src/api/types.js';
import { out, simulate, simulation } from '../helpers/sim.js';

const PAGE = 4096;
const RW = C.PROT_READ | C.PROT_WRITE;

function frames(sim: Simulation): { free: number; total: number } {
  const k = mmKernel(sim);
  return { free: k.frames_free(), total: k.frames_total() };
}

describe('frames', () => {
  it('come back after 100,000 shm create/attach/write/detach/remove cycles, and memory stops growing', async () => {
    const CYCLES = 100_000;
    const WARMUP = 1_000;
    let sim!: Simulation;
    let at: { free: number; total: number; bytes: number } | null = null;
    const payload = new Uint8Array(2 * PAGE).fill(7); // at most PAGE - 1 in: within the 3 pages
    sim = await simulation({
      async main(sys: Sys) {
        for (let i = 0; i < CYCLES; i++) {
          if (i === WARMUP) at = { ...frames(sim), bytes: sim.k.memory.buffer.byteLength };
          const id = await sys.shmget(C.IPC_PRIVATE, 2 * PAGE + 1, C.IPC_CREAT | 0o600);
          const m = await sys.shmat(id);
          m.write(i % PAGE, payload);
          await sys.shmdt(m);
          await sys.shmctl(id, C.IPC_RMID);
        }
      },
    }, { timeoutMs: 300_000 });
    const r = await sim.run();
    expect(r.processes[0].exit).toEqual({ code: 0 });
    const end = { ...frames(sim), bytes: sim.k.memory.buffer.byteLength };
    expect(at).not.toBeNull();
    expect(end.free).toBe(end.total);          // nothing holds a frame any more
    expect(end.free).toBe(at!.free);            // ... as it was after the warm-up
    expect(end.total).toBe(at!.total);          // the pool did not grow
    expect(end.bytes).toBe(at!.bytes);          // nor did the wasm memory
  }, 300_000);

  it('come back after mmap cycles of every kind (anonymous, shared, file, POSIX shm)', async () => {
    let sim!: Simulation;
    let warm = { free: 0, total: 0 };
    sim = await simulation({
      async main(sys: Sys) {
        for (let i = 0; i < 2_000; i++) {
          if (i === 100) warm = frames(sim);
          const a = await sys.mmap(2 * PAGE, RW, C.MAP_PRIVATE | C.MAP_ANONYMOUS);
          const b = await sys.mmap(2 * PAGE, RW, C.MAP_SHARED | C.MAP_ANONYMOUS);
          const fd = await sys.shm_open('/cycle', C.O_RDWR | C.O_CREAT, 0o600);
          await sys.ftruncate(fd, 3 * PAGE);
          const f = await sys.mmap(3 * PAGE, RW, C.MAP_SHARED, fd, 0);
          const p = await sys.mmap(3 * PAGE, RW, C.MAP_PRIVATE, fd, 0);
          a.write(100, 'a'); b.write(5000, 'b'); f.write(9000, 'f'); p.write(1, 'p');
          await sys.write(fd, 'through write()');
          await sys.close(fd);
          await sys.shm_unlink('/cycle');
          await sys.munmap(a.addr + PAGE, PAGE); // a partial unmap, then the rest
          for (const m of [a, b, f, p]) await sys.munmap(m);
        }
      },
    });
    await sim.run();
    expect(frames(sim).free).toBe(frames(sim).total);
    expect(warm.free).toBe(warm.total);
    expect(frames(sim).total).toBe(warm.total); // the pool did not grow after the warm-up
  }, 60_000);

  it('are shared copy-on-write after fork and freed when both sides are gone', async () => {
    let sim!: Simulation;
    const seen: number[] = [];
    sim = await simulation({
      async main(sys: Sys) {
        const m = await sys.mmap(4 * PAGE, RW, C.MAP_PRIVATE | C.MAP_ANONYMOUS);
        for (let i = 0; i < 4; i++) m.write(i * PAGE, 'x');
        seen.push(frames(sim).total - frames(sim).free); // 4 private pages
        const child = await sys.fork('child', { addr: m.addr });
        await sys.waitpid(child);
        seen.push(frames(sim).total - frames(sim).free); // the child's copy went with it
        await sys.munmap(m);
        seen.push(frames(sim).total - frames(sim).free);
      },
      async child(sys: Sys, { addr }: { addr: number }) {
        seen.push(frames(sim).total - frames(sim).free); // shared: still 4
        sys.mappingAt(addr).write(0, 'y');
        seen.push(frames(sim).total - frames(sim).free); // one page copied: 5
        await sys.getpid();
      },
    });
    await sim.run();
    expect(seen).toEqual([4, 4, 5, 4, 0]);
  });
});

describe('snapshot', () => {
  it('shows shm segments with nattch, SHM_DEST and who maps each page', async () => {
    let sim!: Simulation;
    let snap: unknown;
    sim = await simulation({
      async main(sys: Sys) {
        const id = await sys.shmget(C.IPC_PRIVATE, 2 * PAGE, C.IPC_CREAT | 0o640);
        const m = await sys.shmat(id);
        await sys.munmap(m.addr + PAGE, PAGE);
        await sys.shmctl(id, C.IPC_RMID);
        snap = sim.snapshot().shmSegments;
        await sys.shmdt(m);
      },
    });
    await sim.run();
    const pid = sim.order[0].pid;
    expect(snap).toEqual([{ id: 0, key: 0, mode: 0o640, size: 2 * PAGE, nattch: 1, dest: true, pages: [[pid], []] }]);
  });
});

describe('faults', () => {
  it('kill only the faulting process, which runs no further, while the others go on', async () => {
    const r = await simulate({
      async main(sys: Sys) {
        const child = await sys.fork('child');
        const st = await sys.waitpid(child);
        await sys.print('child:', st.signal ?? st.code);
      },
      async child(sys: Sys) {
        const m = await sys.mmap(PAGE, C.PROT_READ, C.MAP_PRIVATE | C.MAP_ANONYMOUS);
        try {
          m.write(0, 'x');
        } catch {
          // A program that swallows the fault still never runs again.
        }
        await sys.print('not reached');
      },
    });
    expect(out(r)).toBe('child: SIGSEGV\n');
    expect(r.processes[1]).toMatchObject({ output: '', exit: { signal: 'SIGSEGV' } });
  });
});

describe('property: random mapping operations', () => {
  it('never trap the kernel and leave no frame behind (200 runs)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      let sim!: Simulation;
      sim = await simulation({
        async main(sys: Sys) {
          let x = seed;
          const rand = (n: number): number => {
            x = (x * 1103515245 + 12345) & 0x7fffffff;
            return x % n;
          };
          const live: { addr: number; length: number }[] = [];
          const id = await sys.shmget(C.IPC_PRIVATE, 3 * PAGE, C.IPC_CREAT | 0o600);
          for (let step = 0; step < 40; step++) {
            const op = rand(6);
            try {
              if (op === 0) live.push(await sys.mmap((1 + rand(4)) * PAGE, RW, [0x21, 0x22][rand(2)]));
              else if (op === 1) live.push(await sys.shmat(id, null, rand(2) ? C.SHM_RDONLY : 0));
              else if (op === 2 && live.length) {
                const m = live[rand(live.length)];
                await sys.munmap(m.addr + rand(2) * PAGE, PAGE);
              } else if (op === 3 && live.length) {
                const m = live[rand(live.length)];
                await sys.mprotect(m.addr, [C.PROT_NONE, C.PROT_READ, RW][rand(3)], PAGE);
              } else if (op === 4 && live.length) {
                const child = await sys.fork('child', { addrs: live.map((m) => m.addr) });
                await sys.waitpid(child);
              } else if (op === 5 && live.length) {
                await sys.shmdt(live[rand(live.length)].addr);
              }
            } catch (err) {
              if ((err as Error).name !== 'SysError') throw err;
            }
          }
          await sys.shmctl(id, C.IPC_RMID);
        },
        async child(sys: Sys, { addrs }: { addrs: number[] }) {
          // Writes where it can; a fault kills it, which is fine.
          for (const a of addrs) sys.mappingAt(a).write(0, 'c');
        },
      }, { seed });
      const r = await sim.run();
      expect(r.processes[0].exit, `seed ${seed}`).toEqual({ code: 0 });
      sim.k.kernel_check();
      expect(frames(sim).free, `seed ${seed}`).toBe(frames(sim).total);
    }
  }, 120_000);
});

describe('limits', () => {
  it('SHMMNI, SHMALL, SHMMAX and SHMMIN, set per run, are enforced as Linux does', async () => {
    const r = await simulate({
      async main(sys: Sys) {
        const get = async (size: number): Promise<string> => {
          try {
            await sys.shmget(C.IPC_PRIVATE, size, C.IPC_CREAT | 0o600);
            return 'ok';
          } catch (err) {
            return (err as { code: string }).code;
          }
        };
        await sys.print('SHMMAX', await get(8192), await get(8193));
        await sys.print('SHMMIN', await get(99));
        await sys.print('SHMALL', await get(4096)); // 2 + 1 pages of 4 taken
        await sys.print('SHMALL', await get(4097)); // 2 more: past SHMALL
        await sys.print('SHMMNI', await get(100)); // 1 page fits, a third id does not
      },
    }, { limits: { SHMMAX: 8192, SHMMIN: 100, SHMALL: 4, SHMMNI: 2 } });
    expect(out(r)).toBe('SHMMAX ok EINVAL\nSHMMIN EINVAL\nSHMALL ok\nSHMALL ENOSPC\nSHMMNI ENOSPC\n');
  });
});
