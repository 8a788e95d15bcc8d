// Message queues on the native backend: every queue a run creates is removed when it ends, also
// when it times out; a queue the run only opened is left alone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { constants as C } from '../../src/api/constants.js';
import { libc } from '../../src/native/libc.js';
import { runNative } from '../../src/native/runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'msg-cleanup.ts');

/** The ids of /proc/sysvipc/msg. */
function liveIds(): Set<number> {
  const lines = fs.readFileSync('/proc/sysvipc/msg', 'utf8').trim().split('\n').slice(1);
  return new Set(lines.map((l) => Number(l.trim().split(/\s+/)[1])));
}

describe.skipIf(process.platform !== 'linux')('native message queues', () => {
  for (const end of ['exit', 'hang'] as const) {
    it(`removes the queues a run created when it ${end === 'exit' ? 'ends' : 'times out'}, and only those`, async () => {
      const key = 0x4d000000 + (process.pid & 0xffffff);
      const outsideId = libc().msgget(key, C.IPC_CREAT | C.IPC_EXCL | 0o600);
      expect(outsideId).toBeGreaterThanOrEqual(0);
      try {
        const r = await runNative(fixture, { backend: 'native', args: { key, end }, timeoutMs: end === 'hang' ? 3000 : 30_000 });
        expect(r.timedOut).toBe(end === 'hang');
        const { ids, outside } = JSON.parse(r.processes[0].output) as { ids: number[]; outside: number };
        expect(ids).toHaveLength(3);
        expect(outside).toBe(outsideId);
        const live = liveIds();
        for (const id of ids) expect(live.has(id), `queue ${id} left behind`).toBe(false);
        expect(live.has(outsideId)).toBe(true);
      } finally {
        libc().msgctl(outsideId, C.IPC_RMID, null);
      }
    });
  }
});
