// The native snapshot builder from fixed /proc text: tables parsed by their headers, only the
// objects the run created, processes from the run's records and /proc/<pid>/{stat,syscall}.
import { describe, expect, it } from 'vitest';
import { blockedIn, createdRows, nativeSnapshot, parseSysvipc, type NativeSources } from '../../src/native/snapshot.js';
import type { ProcRecord } from '../../src/native/records.js';

const MSG = `       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime
2046870442    1703945   777          12          2   101   102     0     0     0     0 1700000000 1700000000 1700000000
         0         99   600           0          0     0     0     0     0     0     0          0          0 1700000000
`;
const SEM = `       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime
2046870442     786468   666          2     0     0     0     0 1700000000 1700000000
`;
const SHM = `       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
         0     327707  1666                  8192   101   102      1     0     0     0     0 1700000000          0 1700000000                  4096                     0
        42     327708   666                  4096   101   102      0     0     0     0     0          0          0 1700000000                     0                     0
`;

describe('parsing /proc/sysvipc', () => {
  it('reads rows by the header\'s column names', () => {
    const rows = parseSysvipc(MSG);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ key: '2046870442', msqid: '1703945', perms: '777', cbytes: '12', qnum: '2', lspid: '101', lrpid: '102' });
    expect(parseSysvipc('')).toEqual([]);
  });

  it('keeps only the ids the run created, with their key (a removed segment shows key 0)', () => {
    const created = [
      { k: 'created' as const, kind: 'msg' as const, id: 1703945, key: 2046870442 },
      { k: 'created' as const, kind: 'msg' as const, id: 99, key: 5 },          // reused id, other key
      { k: 'created' as const, kind: 'shm' as const, id: 327707, key: 7 },
    ];
    expect(createdRows(parseSysvipc(MSG), 'msqid', created, 'msg').map((r) => r.msqid)).toEqual(['1703945']);
    expect(createdRows(parseSysvipc(SHM), 'shmid', created, 'shm').map((r) => r.shmid)).toEqual(['327707']);
    expect(createdRows(parseSysvipc(SEM), 'semid', created, 'sem')).toEqual([]);
  });

  it('names the call and object of a sleeping process from /proc/<pid>/syscall', () => {
    expect(blockedIn('70 0x1a0009 0x7ffd 0x100 0x0 0x0 0x0 0x7ffd 0x7f', 'x64', () => undefined))
      .toEqual({ syscall: 'msgrcv', waitingOn: 'msq:1703945' });
    expect(blockedIn('0 0x5 0x7ffd 0x10 0 0 0 0 0', 'x64', () => 'pipe:[77]')).toEqual({ syscall: 'read', waitingOn: 'pipe:[77]' });
    expect(blockedIn('232 0x3 0 0 0 0 0 0 0', 'x64', () => undefined)).toBeUndefined(); // Node's epoll: running
    expect(blockedIn('running', 'x64', () => undefined)).toBeUndefined();
  });
});

describe('nativeSnapshot', () => {
  const records = new Map<string, ProcRecord[]>([
    ['main', [
      { k: 'start', pid: 100, ppid: 1, index: 'main', program: 'main', t: 0 },
      { k: 'created', kind: 'msg', id: 1703945, key: 2046870442 },
      { k: 'created', kind: 'sem', id: 786468, key: 2046870442 },
      { k: 'created', kind: 'shm', id: 327707, key: 2046870442 },
      { k: 'fork', pid: 101, index: 'main.1', program: 'server', t: 1 },
      { k: 'fork', pid: 102, index: 'main.2', program: 'client', t: 2 },
      { k: 'child-exit', pid: 102, status: { code: 3 }, t: 5 },
    ]],
  ]);
  const files: Record<string, string> = {
    '/proc/sysvipc/msg': MSG, '/proc/sysvipc/sem': SEM, '/proc/sysvipc/shm': SHM,
    '/proc/100/stat': '100 (node main) S 1 100 100 0', '/proc/100/syscall': '232 0x3 0 0 0 0 0 0 0',
    '/proc/101/stat': '101 (node (x) y) S 100 100 100 0', '/proc/101/syscall': '70 0x1a0009 0x7ffd 0x100 0x0 0x0 0x0 0 0',
    '/proc/101/maps': '7f0000000000-7f0000001000 rw-s 00001000 00:01 327707                     /SYSV7a0067aa (deleted)\n',
    '/proc/sys/kernel/msgmnb': '16384\n',
  };
  const src: NativeSources = {
    read: (f) => files[f], readlink: () => undefined,
    semState: () => ({ values: [1, 0], semncnt: [0, 1], semzcnt: [0, 0], sempid: [101, 0] }),
  };
  const snap = nativeSnapshot({ records, mainPid: 100, runnerPid: 1, orphanExits: new Map(), t: 12, steps: 7 }, src, 'x64');

  it('has the run\'s processes: running, blocked in which call on what, exited with what', () => {
    expect(snap).toMatchObject({ backend: 'native', t: 12, steps: 7, pipes: [] });
    expect(snap.processes.map((p) => [p.pid, p.ppid, p.program, p.state, p.syscall, p.waitingOn, p.exit])).toEqual([
      [100, 1, 'main', 'running', undefined, undefined, undefined],
      [101, 100, 'server', 'blocked', 'msgrcv', 'msq:1703945', undefined],
      [102, 100, 'client', 'exited', undefined, undefined, { code: 3 }],
    ]);
  });

  it('has only the objects the run created, with what /proc and semctl say', () => {
    expect(snap.msgQueues).toEqual([{ id: 1703945, key: 2046870442, mode: 0o777, qnum: 2, cbytes: 12, qbytes: 16384,
      messages: [], waitingSenders: [], waitingReceivers: [101] }]);
    expect(snap.semSets).toEqual([{ id: 786468, key: 2046870442, mode: 0o666, values: [1, 0], semncnt: [0, 1],
      semzcnt: [0, 0], sempid: [101, 0], sleepers: [] }]);
    // Removed (SHM_DEST, key 0) but still attached; page 1 of 2 mapped by 101.
    expect(snap.shmSegments).toEqual([{ id: 327707, key: 0, mode: 0o666, size: 8192, nattch: 1, dest: true, pages: [[], [101]] }]);
    expect(snap.unavailable?.join(' ')).toMatch(/pipes/);
  });
});
