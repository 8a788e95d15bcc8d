// Signals between two processes, the tutorials' kill()/pause() pair: the parent catches SIGUSR1
// and waits for it in pause(); the child sends it three times, half a second apart, and the
// parent counts in its handler. pause() returns (with EINTR) each time the handler has run. The
// tutorial prints pids; these lines name the process instead, so that the two backends agree.
import { defineScenario } from '../define.js';
import { SysError } from '../../api/errors.js';

const TIMES = 3;

export default defineScenario({
  name: 'signal-child-notifies-parent',
  description: 'the parent catches SIGUSR1 and waits in pause(); the child sends it three times, half a second apart',
  programs: {
    async main(sys) {
      let count = 0;
      await sys.sigaction('SIGUSR1', async () => {
        count++;
        await sys.print(`Process father: got SIGUSR1 (${count})`);
      });
      const child = await sys.fork('child');
      while (count < TIMES) {
        try {
          await sys.pause();
        } catch (err) {
          if (!(err instanceof SysError) || err.code !== 'EINTR') throw err; // pause ends so
        }
      }
      await sys.waitpid(child);
      await sys.print('Process father: the child is done');
    },
    async child(sys) {
      const parent = await sys.getppid();
      for (let i = 1; i <= TIMES; i++) {
        await sys.sleep(500);
        await sys.print(`Process child: sending SIGUSR1 (${i})`);
        await sys.kill(parent, 'SIGUSR1');
      }
    },
  },
});
