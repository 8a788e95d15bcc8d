// The tutorial's fifo_read/fifo_write pair: the reader creates fifo1 and prints what arrives; the
// writer sends ten timestamped messages a second apart. Here main starts both; a pipe tells main
// when the reader has made the FIFO, where the tutorial asked the user to start them in order.
// Times are seconds since the writer's first message, so the two backends can agree.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';

const MESSAGES = 10;

export default defineScenario({
  name: 'fifo-writer-reader',
  description: 'the reader creates fifo1; the writer sends ten timestamped lines a second apart',
  programs: {
    async main(sys, args: { interval?: number } = {}) {
      const [r, w] = await sys.pipe();
      const reader = await sys.fork('reader', { ready: w });
      await sys.close(w);
      await sys.read(r, 1); // the reader has created the FIFO
      await sys.close(r);
      const writer = await sys.fork('writer', { interval: args?.interval ?? 1000 });
      await sys.waitpid(writer);
      await sys.waitpid(reader);
      await sys.unlink('fifo1');
    },
    async reader(sys, { ready }: { ready: number }) {
      try {
        await sys.mkfifo('fifo1', 0o666);
      } catch (err) {
        if ((err as { code?: string }).code !== 'EEXIST') throw err;
      }
      await sys.write(ready, 'x');
      await sys.close(ready);
      const fd = await sys.open('fifo1', C.O_RDONLY);
      for (;;) {
        const buf = await sys.read(fd, 1024);
        if (buf.length === 0) break;
        await sys.print(`Read message: ${new TextDecoder().decode(buf).trimEnd()}`);
      }
      await sys.close(fd);
    },
    async writer(sys, { interval }: { interval: number }) {
      const pid = await sys.getpid();
      await sys.print(`I am ${pid} process.`);
      const fd = await sys.open('fifo1', C.O_WRONLY);
      const start = await sys.clock_gettime();
      for (let i = 0; i < MESSAGES; ++i) {
        const now = await sys.clock_gettime();
        const seconds = Math.round(((now - start) * 1000) / interval);
        const buf = `Process ${pid}'s time is +${seconds}s\n`;
        await sys.print(`Send message: ${buf.trimEnd()}`);
        await sys.write(fd, buf);
        await sys.sleep(interval);
      }
      await sys.close(fd);
    },
  },
});
