// Signals on the simulator, driven directly: what the conformance cases cannot pin natively (virtual
// time to the nanosecond, limits, deadlocks) and the host's side of handlers (errors, exit inside a
// handler, nesting). Behaviour that Linux shows is in test/conformance/signal.cases.ts.
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import type { SigInfo, Sys } from '../../src/api/types.js';
import { out, simulate, simulation } from '../helpers/sim.js';

async function errno(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('alarm', () => {
  it('rounds the seconds left to the nearest, and to 1 below a second (alarm_setitimer)', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.alarm(3);
        await sys.sleep(1400); // 1.6 s left
        await sys.print(await sys.alarm(3));
        await sys.sleep(2600); // 0.4 s left
        await sys.print(await sys.alarm(0));
      },
    });
    expect(out(r)).toBe('2\n1\n');
  });

  it('fires in virtual time even when every process sleeps (no deadlock)', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.sigaction('SIGALRM', () => sys.print('alarm'));
        await sys.alarm(30);
        await sys.print(await errno(sys.pause()), (await sys.clock_gettime()) >= 30);
      },
    });
    expect(r.deadlock).toBeNull();
    expect(out(r)).toBe('alarm\nEINTR true\n');
  });

  it('dies with its process', async () => {
    const r = await simulate({
      async main(sys) {
        const child = await sys.fork('child');
        await sys.waitpid(child);
        await sys.sleep(3000);
        await sys.print('main lives');
      },
      async child(sys) {
        await sys.alarm(1);
      },
    });
    expect(out(r)).toBe('main lives\n');
    expect(r.processes[1].exit).toEqual({ code: 0 });
  });
});

describe('pending signals', () => {
  it('refuses sigqueue past RLIMIT_SIGPENDING (EAGAIN), while kill still gets through', async () => {
    const r = await simulate({
      async main(sys) {
        const got: string[] = [];
        await sys.sigaction('SIGRTMIN', (_s, info) => { got.push(`${info.si_code}:${info.si_value ?? '-'}`); }, { flags: C.SA_SIGINFO });
        await sys.sigprocmask(C.SIG_BLOCK, ['SIGRTMIN']);
        await sys.sigqueue(sys.pid, 'SIGRTMIN', 1);
        await sys.sigqueue(sys.pid, 'SIGRTMIN', 2);
        await sys.print('third:', await errno(sys.sigqueue(sys.pid, 'SIGRTMIN', 3)));
        await sys.print('kill:', await errno(sys.kill(sys.pid, 'SIGRTMIN')));
        await sys.sigprocmask(C.SIG_UNBLOCK, ['SIGRTMIN']);
        await sys.print(got.join(' '));
      },
    }, { limits: { RLIMIT_SIGPENDING: 2 } });
    expect(out(r)).toBe('third: EAGAIN\nkill: ok\n-1:1 -1:2\n');
  });

  it('gives a parent CLD_KILLED and the signal for a child killed by one', async () => {
    const r = await simulate({
      async main(sys) {
        let info: SigInfo | undefined;
        await sys.sigaction('SIGCHLD', (_s, i) => { info = i; }, { flags: C.SA_SIGINFO });
        const child = await sys.fork('child');
        await sys.kill(child, 'SIGTERM');
        await sys.waitpid(child);
        await sys.print(info?.si_code === C.CLD_KILLED, info?.si_status === C.SIGTERM, info?.si_pid === child);
      },
      async child(sys) {
        await sys.pause();
      },
    });
    expect(out(r)).toBe('true true true\n');
  });

  it('reports processes in pause as waiting for a signal when nothing can wake them', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.sigaction('SIGUSR1', () => {});
        await sys.pause();
      },
    });
    expect(r.deadlock?.blocked).toEqual([{ pid: r.processes[0].pid, syscall: 'pause', waitingOn: 'signal' }]);
  });
});

describe('interrupted sleepers clean up', () => {
  it('msgrcv and semop leave no waiter behind after EINTR', async () => {
    const sim = await simulation({
      async main(sys) {
        const q = await sys.msgget(C.IPC_PRIVATE, 0o600);
        const s = await sys.semget(C.IPC_PRIVATE, 1, 0o600);
        await sys.sigaction('SIGALRM', () => {});
        await sys.alarm(1);
        await sys.print('msgrcv', await errno(sys.msgrcv(q, 8, 0)));
        await sys.alarm(1);
        await sys.print('semop', await errno(sys.semop(s, [{ sem_num: 0, sem_op: -1 }])), await sys.semctl(s, 0, C.GETNCNT));
        await sys.pause();
      },
    });
    const r = await sim.run();
    expect(out(r)).toBe('msgrcv EINTR\nsemop EINTR 0\n');
    const snap = sim.snapshot();
    expect(snap.msgQueues?.[0].waitingReceivers).toEqual([]);
    expect(snap.semSets?.[0].sleepers).toEqual([]);
    expect(snap.processes[0].signals).toEqual({ pending: [], blocked: [], caught: ['SIGALRM'], ignored: [] });
  });
});

describe('handlers in the host', () => {
  it('throw their error from the call they interrupted, after the other handlers ran', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.sigaction('SIGUSR1', () => { throw new Error('boom'); });
        await sys.sigaction('SIGUSR2', () => sys.print('usr2 ran'));
        await sys.sigprocmask(C.SIG_BLOCK, ['SIGUSR1', 'SIGUSR2']);
        await sys.raise('SIGUSR1');
        await sys.raise('SIGUSR2');
        await sys.sigprocmask(C.SIG_UNBLOCK, ['SIGUSR1', 'SIGUSR2']);
        await sys.print('not reached');
      },
    });
    expect(out(r)).toBe('usr2 ran\nboom\n');
    expect(r.processes[0].exit).toEqual({ code: 1 });
  });

  it('may end the process: the interrupted call never returns', async () => {
    const r = await simulate({
      async main(sys) {
        const [rd] = await sys.pipe();
        await sys.sigaction('SIGALRM', () => sys.exit(9));
        await sys.alarm(1);
        await sys.read(rd, 1);
        await sys.print('not reached');
      },
    });
    expect(r.processes[0].exit).toEqual({ code: 9 });
    // The read ended (EINTR) before the handler ran, as an strace would show it.
    expect(r.trace.map((e) => `${e.syscall}${e.error ? ` ${e.error}` : ''}`)).toEqual(['pipe', 'sigaction', 'alarm', 'read EINTR', 'exit']);
  });

  it('can block in a call of their own, which another signal interrupts', async () => {
    const r = await simulate({
      async main(sys) {
        const [rd] = await sys.pipe();
        await sys.sigaction('SIGALRM', () => sys.print('alarm'));
        await sys.sigaction('SIGUSR1', async () => {
          await sys.alarm(1);
          await sys.print('inner read', await errno(sys.read(rd, 1)));
        });
        await sys.raise('SIGUSR1');
        await sys.print('back in main');
      },
    });
    expect(out(r)).toBe('alarm\ninner read EINTR\nback in main\n');
  });

  it('are not offered for faults (ENOSYS): a handler could not resume the access', async () => {
    const r = await simulate({
      async main(sys) {
        await sys.print(await errno(sys.sigaction('SIGSEGV', () => {})), await errno(sys.sigaction('SIGSEGV', 'SIG_IGN')));
      },
    });
    expect(out(r)).toBe('ENOSYS ok\n');
  });

  it('end a write larger than the transfer buffer with the count it moved, and run first', async () => {
    const size = 5 << 20;
    const r = await simulate({
      async main(sys) {
        const [rd, wr] = await sys.pipe();
        const child = await sys.fork('reader', { rd, wr, size, pid: sys.pid });
        await sys.close(rd);
        let ran = 0;
        await sys.sigaction('SIGUSR1', () => { ran++; }, { flags: C.SA_RESTART });
        const n = await sys.write(wr, new Uint8Array(size));
        await sys.print('partial', n > 2 << 20 && n < size, 'handler runs', ran);
        await sys.waitpid(child);
      },
      async reader(sys, { rd, wr, size, pid }) {
        await sys.close(wr);
        let got = 0;
        let sent = false;
        while (got < size) {
          got += (await sys.read(rd, 65536)).length;
          if (!sent && got > size / 2) {
            sent = true;
            await sys.kill(pid, 'SIGUSR1');
          }
        }
      },
    });
    expect(out(r)).toBe('partial true handler runs 1\n');
  });
});

describe('property: random signals between processes', () => {
  /** Sends, blocks, catches and waits at random; every process ends, none traps the kernel. */
  async function storm(sys: Sys, { seed, peers }: { seed: number; peers: number[] }): Promise<void> {
    let s = seed >>> 0;
    const rand = (n: number): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return (s >>> 8) % n;
    };
    const sigs = ['SIGUSR1', 'SIGUSR2', 'SIGTERM', 'SIGRTMIN', 'SIGRTMIN+1', 'SIGURG'];
    const flags = [0, C.SA_RESTART, C.SA_NODEFER, C.SA_SIGINFO | C.SA_RESTART];
    let depth = 0;
    const handler = async (): Promise<void> => {
      if (++depth < 3 && rand(2) === 0) await sys.kill(peers[rand(peers.length)] || sys.pid, sigs[rand(sigs.length)]);
      depth--;
    };
    for (const sig of sigs) await sys.sigaction(sig, handler, { flags: flags[rand(flags.length)], mask: rand(2) ? [sigs[rand(sigs.length)]] : [] });
    const [rd, wr] = await sys.pipe(C.O_NONBLOCK);
    for (let i = 0; i < 30; i++) {
      try {
        switch (rand(7)) {
          case 0: await sys.kill(peers[rand(peers.length)] || sys.pid, sigs[rand(sigs.length)]); break;
          case 1: await sys.sigprocmask(rand(3), [sigs[rand(sigs.length)]]); break;
          case 2: await sys.sigqueue(sys.pid, sigs[rand(sigs.length)], i); break;
          case 3: await sys.raise(sigs[rand(sigs.length)]); break;
          case 4: await sys.sleep(rand(5)); break;
          case 5: await sys.write(wr, 'x'); await sys.read(rd, 1); break;
          case 6: await sys.alarm(rand(2)); break;
        }
      } catch (err) {
        if ((err as Error).name !== 'SysError') throw err;
      }
    }
    await sys.alarm(0);
    await sys.sigprocmask(C.SIG_SETMASK, []);
  }

  it('never trap the kernel and leave no handler frame behind (300 runs)', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const sim = await simulation({
        async main(sys, args) {
          const kids: number[] = [];
          for (let i = 0; i < 2; i++) kids.push(await sys.fork('storm', { seed: seed * 7 + i, peers: [sys.pid, ...kids] }));
          await storm(sys, { seed, peers: kids });
          for (const k of kids) await sys.waitpid(k).catch(() => {});
          return args;
        },
        storm,
      }, { seed, timeoutMs: 10_000 });
      sim.start(true);
      while (!sim.isDone) {
        await sim.step();
        sim.k.kernel_check();
      }
      const r = await sim.finished;
      expect({ seed, timedOut: r.timedOut }).toEqual({ seed, timedOut: false });
      for (const hp of sim.order) {
        if (hp.exit && 'code' in hp.exit) expect({ seed, pid: hp.pid, frames: hp.frames.length }).toEqual({ seed, pid: hp.pid, frames: 0 });
      }
    }
  }, 120_000);
});
