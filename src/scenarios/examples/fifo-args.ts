// The tutorial's first FIFO pair, fed from the program's args instead of a terminal: the writer
// sends each line it is given, the reader prints what it receives. Both try to create myfifo, as
// in the tutorial; the reader goes first, so the writer finds it there.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';

const DEFAULT_LINES = ['hello fifo', 'a second line', 'bye'];

async function makeFifo(sys: import('../../api/types.js').Sys): Promise<void> {
  try {
    await sys.mkfifo('myfifo', 0o666);
    await sys.print('created by this process.');
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
    await sys.print('The fifo is exist.');
  }
}

export default defineScenario({
  name: 'fifo-args',
  description: 'a FIFO writer fed from args instead of stdin, and its reader',
  programs: {
    async main(sys, args: { lines?: string[] } | undefined) {
      const [r, w] = await sys.pipe();
      const reader = await sys.fork('reader', { ready: w });
      await sys.close(w);
      await sys.read(r, 1);
      await sys.close(r);
      const writer = await sys.fork('writer', { lines: args?.lines ?? DEFAULT_LINES });
      await sys.waitpid(writer);
      await sys.waitpid(reader);
      await sys.unlink('myfifo');
    },
    async reader(sys, { ready }: { ready: number }) {
      await makeFifo(sys);
      await sys.write(ready, 'x');
      await sys.close(ready);
      const fd = await sys.open('myfifo', C.O_RDONLY);
      for (;;) {
        const buf = await sys.read(fd, 80);
        if (buf.length === 0) break;
        await sys.print(`received from fifo: ${new TextDecoder().decode(buf)}`);
      }
      await sys.close(fd);
    },
    async writer(sys, { lines }: { lines: string[] }) {
      await makeFifo(sys);
      const fd = await sys.open('myfifo', C.O_WRONLY);
      for (const line of lines) {
        await sys.print('please input something:');
        await sys.write(fd, line);
        await sys.sleep(100); // a person types the next line later
      }
      await sys.print('please input something:');
      await sys.close(fd);
    },
  },
});
