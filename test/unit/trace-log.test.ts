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

  it('keeps every kind of number exactly, and any event can be read on its own', () => {
    const log = new TraceLog();
    const values = [0, -0, 1, -1, 127, 128, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 40), 0.5, NaN, Infinity, 10n, null, 'x'];
    values.forEach((v, i) => log.push(i, 'f', [v, i], v, undefined, false, i * 0.001));
    const last = log.event(values.length - 1);
    expect(last.args[0]).toBe('x');
    values.forEach((v, i) => {
      const e = log.event(i);
      expect(Object.is(e.args[0], v), `value ${String(v)}`).toBe(true);
      expect(Object.is(e.result, v), `result ${String(v)}`).toBe(true);
      expect(e.t).toBe(i * 0.001);
    });
  });

  it('round-trips random events across many pages', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const log = new TraceLog();
    const want: unknown[][] = [];
    for (let i = 0; i < 20000; i++) {
      const data = new Uint8Array(rand(3) === 0 ? rand(4097) : rand(70)).fill(i & 0xff);
      const args = [rand(1000) - 500, data, rand(2) ? [{ sem_num: rand(5), sem_op: rand(3) - 1 }] : 'text'];
      const result = rand(2) ? { mtype: rand(9), data: data.slice(0, 3) } : undefined;
      const error = result === undefined && rand(2) ? 'EAGAIN' : undefined;
      log.push(100 + rand(3), rand(2) ? 'msgsnd' : 'semop', args, result, error, rand(2) === 1, i);
      want.push([args, result, error]);
    }
    const all = log.all();
    for (const i of [0, 1, 777, 16383, 16384, 19999]) {
      expect(all[i].args, `seed 7, event ${i}`).toEqual(want[i][0]);
      expect(all[i].result, `seed 7, event ${i}`).toEqual(want[i][1]);
      expect(all[i].error).toBe(want[i][2]);
      expect(log.event(i)).toBe(all[i]);
    }
    expect(all.every((e, i) => e.seq === i && e.t === i)).toBe(true);
  });

  it('writes a call made again the same way once, and still gives each event back whole', () => {
    const log = new TraceLog();
    const data = new Uint8Array(61).fill(0x5a); // not a whole number of words: padding is compared too
    const P = [{ sem_num: 0, sem_op: -1 }];
    const V = [{ sem_num: 0, sem_op: 1 }];
    for (let i = 0; i < 3; i++) {
      log.push(101, 'msgsnd', [0, 1, data, 0], undefined, undefined, false, 4 * i);
      log.push(100, 'msgrcv', [0, 64, 1, 0], { mtype: 1, data: data.slice() }, undefined, i === 2, 4 * i + 1);
      log.push(100, 'semop', [3, P], undefined, undefined, false, 4 * i + 2);
      log.push(100, 'semop', [3, V], undefined, undefined, false, 4 * i + 3);
    }
    const once = log.streamWords;
    for (let i = 3; i < 1000; i++) {
      log.push(101, 'msgsnd', [0, 1, data, 0], undefined, undefined, false, 4 * i);
      log.push(100, 'semop', [3, P], undefined, undefined, false, 4 * i + 2);
    }
    expect(log.streamWords).toBe(once);
    data[60] = 1; // one byte differs: a new event
    log.push(101, 'msgsnd', [0, 1, data, 0], undefined, undefined, false, 5000);
    expect(log.streamWords).toBeGreaterThan(once);
    const all = log.all();
    expect(all[8]).toEqual({ seq: 8, pid: 101, syscall: 'msgsnd', args: [0, 1, new Uint8Array(61).fill(0x5a), 0], t: 8 });
    expect(all[9].result).toEqual({ mtype: 1, data: new Uint8Array(61).fill(0x5a) });
    expect(all[9].blocked).toBe(true);
    expect(all[5].blocked).toBeUndefined();
    expect(all[11].args).toEqual([3, V]);
    expect(all[2005]).toMatchObject({ seq: 2005, syscall: 'semop', args: [3, P], t: 3998 });
    expect(all[2006].args[2]).toEqual(data);
    expect(all[2004].args[2]).toEqual(new Uint8Array(61).fill(0x5a));
  });

  it('tells apart events whose words differ only as +0 and -0 or as NaNs would', () => {
    const log = new TraceLog();
    // Sixteen bytes after a tag word; the last eight (past the words an event is hashed by) are
    // compared as one double: all zeros is +0, and a last byte 0x80 makes it -0.
    const bytes = (last: number[]): Uint8Array => new Uint8Array([...new Array(8).fill(0), ...last]);
    const zeros = bytes([0, 0, 0, 0, 0, 0, 0, 0]);
    const negZero = bytes([0, 0, 0, 0, 0, 0, 0, 0x80]);
    const nan1 = bytes([1, 0, 0, 0, 0, 0, 0xf8, 0x7f]);
    const nan2 = bytes([2, 0, 0, 0, 0, 0, 0xf8, 0x7f]);
    for (const b of [zeros, negZero, zeros, nan1, nan2, nan1]) log.push(1, 'write', [4, b], 16, undefined, false, 0);
    expect(log.all().map((e) => e.args[1])).toEqual([zeros, negZero, zeros, nan1, nan2, nan1]);
  });
});
