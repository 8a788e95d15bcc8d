// The simulator keeps its trace in columns; what comes out must be what went in.
import { describe, expect, it } from 'vitest';
import { TraceLog } from '../../src/sim/trace-log.js';

describe('TraceLog', () => {
  it('gives back every event as it was recorded, bytes as snapshots', () => {
    const log = new TraceLog();
    const buf = new Uint8Array([1, 2, 3]);
    const big = new Uint8Array(5000).fill(7);
    const sops = [{ sem_num: 0, sem_op: -1 }, { sem_num: 2, sem_op: 1, sem_flg: 0o10000 }];
    const events: [number, string, unknown[], unknown, string | undefined, boolean][] = [
      [100, 'pipe', [0], [3, 4], undefined, false],
      [100, 'write', [4, buf], 3, undefined, false],
      [101, 'read', [3, 10], new Uint8Array([1, 2, 3]), undefined, true],
      [101, 'read', [3, 10], undefined, 'EAGAIN', false],
      [100, 'semop', [7, sops], undefined, undefined, true],
      [100, 'msgrcv', [0, 64, 1, 0], { mtype: 5, data: new Uint8Array([9, 9]) }, undefined, false],
      [100, 'msgrcv', [0, 64, 1, 0], { mtype: 2n ** 60n, data: new Uint8Array([1]) }, undefined, false],
      [100, 'write', [5, big], 5000, undefined, false],
      [100, 'msgctl', [0, 2, undefined], { msg_qnum: 1 }, undefined, false],
      [100, 'sigaction', ['SIGUSR1', 'SIG_IGN', {}, 1, 2], undefined, undefined, false],
    ];
    events.forEach(([pid, name, args, result, error, blocked], i) => log.push(pid, name, args, result, error, blocked, i / 10));
    buf[0] = 42; // a program reusing its buffer does not change what was traced
    const all = log.all();
    expect(all).toHaveLength(events.length);
    expect(all[0]).toEqual({ seq: 0, pid: 100, syscall: 'pipe', args: [0], result: [3, 4], t: 0 });
    expect(all[1].args[1]).toEqual(new Uint8Array([1, 2, 3]));
    expect(all[2]).toEqual({ seq: 2, pid: 101, syscall: 'read', args: [3, 10], result: new Uint8Array([1, 2, 3]), blocked: true, t: 0.2 });
    expect(all[3]).toEqual({ seq: 3, pid: 101, syscall: 'read', args: [3, 10], error: 'EAGAIN', t: 0.3 });
    expect(all[4].args[1]).toEqual(sops);
    expect(all[4].blocked).toBe(true);
    expect(all[5].result).toEqual({ mtype: 5, data: new Uint8Array([9, 9]) });
    expect(all[6].result).toEqual({ mtype: 2n ** 60n, data: new Uint8Array([1]) });
    expect(all[7].args[1]).toMatchObject({ $bytes: 5000 });
    expect(all[8].args).toEqual([0, 2, undefined]);
    expect(all[9].args).toEqual(['SIGUSR1', 'SIG_IGN', {}, 1, 2]);
    expect(log.last()).toEqual(all[9]);
  });

  it('grows past its first capacity', () => {
    const log = new TraceLog();
    for (let i = 0; i < 5000; i++) log.push(1, 'read', [3, i], new Uint8Array([i & 0xff]), undefined, false, i);
    const all = log.all();
    expect(all[4999]).toMatchObject({ seq: 4999, args: [3, 4999], result: new Uint8Array([4999 & 0xff]) });
  });

  it('keeps bytes across pages of its pool', () => {
    const log = new TraceLog();
    for (let i = 0; i < 3000; i++) log.push(1, 'write', [4, new Uint8Array(1000).fill(i & 0xff)], 1000, undefined, false, i);
    const all = log.all();
    for (const i of [0, 1047, 1048, 2999]) expect(all[i].args[1]).toEqual(new Uint8Array(1000).fill(i & 0xff));
  });
});
