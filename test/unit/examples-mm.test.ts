// The shared-memory and mmap tutorials (src/scenarios/examples): their output on the simulator
// (two seeds), and natively the same run, as `ipcsim run <name> --backend both` compares them.
import { describe, expect, it } from 'vitest';
import { builtinPath } from '../../src/scenarios/builtin.js';
import { compareRuns } from '../../src/scenarios/compare.js';
import { runScenario } from '../../src/scenarios/run.js';

const OUTPUTS: Record<string, Record<string, string>> = {
  'shm-write-read': { shm_write: 'write successful.\n', shm_read: 'read:hello, shared memory\n\n' },
  'mmap-shared-private': {
    main: 'MAP_SHARED:\nparent, *p = 2000, var = 100\nMAP_PRIVATE:\nparent, *p = 0, var = 100\n',
    child: 'child, *p = 2000, var = 1000\n'.repeat(2), // one child per demonstration
  },
  'mmap-write-read': {
    mmap_write: 'mmap write finished.\n',
    mmap_read: Array.from({ length: 10 }, (_, i) => `name:${String.fromCharCode(98 + i)} age:${20 + i}\n`).join(''),
  },
  'shm-open-writer-reader': {
    writer: 'start writeing data....\nwrite over\n',
    reader: 'start reading data....\nHello\n\nread over\n',
  },
  'shm-sem-msg-client-server': {
    server: 'hello\nshared-memory\n',
    client: '***************************************\n*                 IPC                 *\n' +
      '*    Input r to send data to server.  *\n*    Input q to quit.                 *\n' +
      '***************************************\nPlease input command: r\nData to send: hello\n' +
      'Please input command: r\nData to send: shared-memory\nPlease input command: x\nWrong input!\n' +
      'Please input command: q\n',
  },
};

function outputs(r: Awaited<ReturnType<typeof runScenario>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of r.processes) {
    expect(p.exit, `${p.program}`).toEqual({ code: 0 });
    out[p.program] = (out[p.program] ?? '') + p.output;
  }
  return out;
}

describe('shm and mmap tutorials', () => {
  for (const [name, want] of Object.entries(OUTPUTS)) {
    it(`${name} on the simulator`, async () => {
      for (const seed of [1, 2]) {
        const r = await runScenario(builtinPath(name)!, { backend: 'sim', seed });
        expect(outputs(r)).toMatchObject(want);
      }
    });
    it.skipIf(process.platform !== 'linux')(`${name}: the simulator and Linux agree`, async () => {
      const sim = await runScenario(builtinPath(name)!, { backend: 'sim' });
      const native = await runScenario(builtinPath(name)!, { backend: 'native', timeoutMs: 20_000 });
      expect(outputs(native)).toMatchObject(want);
      expect(compareRuns(sim, native)).toEqual({ same: true });
    }, 30_000);
  }
});
