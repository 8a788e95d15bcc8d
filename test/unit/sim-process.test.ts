// Processes in the simulator: fork, exit status, waitpid, zombies, orphans, deadlock reports,
// argument types and determinism.
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import { SysError } from '../../src/api/errors.js';
import { out, simulate } from '../helpers/sim.js';

describe('processes', () => {
  it('fork gives the child the parent fd table and waitpid the exit code', async () => {
    const r = await simulate({
      async main(sys) {
        const [rd, wr] = await sys.pipe();
        const pid = await sys.fork('child', { wr });
        await sys.close(wr);
        const got = new TextDecoder().decode(await sys.read(rd, 10));
        const st = await sys.waitpid(pid);
        await sys.print(got, st.pid === pid, st.code);
      },
      async child(sys, { wr }) {
        await sys.write(wr, 'via fork');
        return 7;
      },
    });
    expect(out(r)).toBe('via fork true 7\n');
    expect(r.processes[1].exit).toEqual({ code: 7 });
  });

  it('waitpid without children fails with ECHILD, WNOHANG gives pid 0', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.waitpid(-1).catch((e: SysError) => sys.print(e.code));
        const pid = await sys.fork('child');
        const st = await sys.waitpid(pid, C.WNOHANG);
        await sys.print(st.pid);
        await sys.waitpid(pid);
        await sys.waitpid(-1, 0x1234).catch((e: SysError) => sys.print(e.code));
      },
      async child(sys) {
        await sys.sleep(10);
      },
    });
    expect(out(r)).toBe('ECHILD\n0\nEINVAL\n');
  });

  it('an orphan is reparented to init (pid 1)', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.fork('child');
      },
      async child(sys) {
        await sys.sleep(100);
        await sys.print(await sys.getppid());
      },
    });
    expect(r.processes[1].output).toBe('1\n');
  });

  it('a zombie keeps its status until waited for', async () => {
    const r = await simulate({
      async main(sys) {
        const pid = await sys.fork('child');
        await sys.sleep(50);
        await sys.kill(pid, 0); // a zombie still exists
        const st = await sys.waitpid(pid);
        await sys.print(st.code);
        await sys.kill(pid, 0).catch((e: SysError) => sys.print(e.code));
      },
      async child() {
        return 3;
      },
    });
    expect(out(r)).toBe('3\nESRCH\n');
  });

  it('an uncaught SysError ends the process with code 1 and the error in its output', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.close(99);
      },
    });
    expect(r.processes[0]).toMatchObject({ exit: { code: 1 }, output: 'close: EBADF\n' });
  });

  it('kill with a default-fatal signal ends the target', async () => {
    const r = await simulate({
      async main(sys) {
        const pid = await sys.fork('child');
        await sys.kill(pid, 'SIGTERM');
        await sys.print(JSON.stringify(await sys.waitpid(pid)) === JSON.stringify({ pid, signal: 'SIGTERM' }));
      },
      async child(sys) {
        await sys.sleep(1000);
      },
    });
    expect(out(r)).toBe('true\n');
  });

  it('reports a deadlock with who waits on what', async () => {
    const r = await simulate({
      async main(sys) {
        const [rd] = await sys.pipe();
        await sys.fork('child');
        await sys.read(rd, 1); // its own write end keeps the pipe open: sleeps forever
      },
      async child(sys) {
        await sys.waitpid(-1); // has no children: ECHILD, then exits
        await sys.pause().catch(() => {});
      },
    });
    expect(r.deadlock).not.toBeNull();
    expect(r.deadlock!.blocked).toEqual([{ pid: r.processes[0].pid, syscall: 'read', waitingOn: expect.stringMatching(/^pipe:\d+ \(readable\)$/) }]);
    expect(r.processes[0].exit).toEqual({ signal: 'SIGKILL' });
  });

  it('a wrong JavaScript type is a TypeError naming the argument', async () => {
    const r = await simulate({
      async main(sys) {
        try {
          await sys.read('3' as unknown as number, 1);
        } catch (e) {
          await sys.print((e as Error).name, (e as Error).message);
        }
        try {
          await sys.fork('nosuchprogram');
        } catch (e) {
          await sys.print((e as Error).name);
        }
      },
    });
    expect(out(r)).toBe("TypeError read: argument 'fd' must be an integer, got string\nTypeError\n");
  });

  it('time and sleep run on the virtual clock', async () => {
    const r = await simulate({
      async main(sys) {
        const t0 = await sys.clock_gettime();
        await sys.sleep(2500);
        const t1 = await sys.clock_gettime();
        await sys.print(Math.round(t1 - t0));
      },
    });
    expect(out(r)).toBe('3\n');
  });
});

describe('determinism', () => {
  const racy = {
    async main(sys: import('../../src/api/types.js').Sys) {
      const [rd, wr] = await sys.pipe();
      for (let i = 0; i < 3; i++) await sys.fork('writer', { wr, i });
      await sys.close(wr);
      let text = '';
      for (;;) {
        const b = await sys.read(rd, 100);
        if (b.length === 0) break;
        text += new TextDecoder().decode(b);
      }
      await sys.print(text);
    },
    async writer(sys: import('../../src/api/types.js').Sys, { wr, i }: { wr: number; i: number }) {
      for (let k = 0; k < 3; k++) await sys.write(wr, String(i));
    },
  };

  it('the same seed gives byte-identical traces', async () => {
    const a = await simulate(racy, { seed: 42 });
    const b = await simulate(racy, { seed: 42 });
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    expect(out(b)).toBe(out(a));
  });

  it('different seeds give different interleavings of a racy scenario', async () => {
    const outputs = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) outputs.add(out(await simulate(racy, { seed })));
    expect(outputs.size).toBeGreaterThan(1);
  });
});
