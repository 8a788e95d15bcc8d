// Each pane renders the state it is given, and says so when a mechanism is not built yet.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type {
  MsgQueueSnapshot, PipeSnapshot, ProcSnapshot, SemSetSnapshot, ShmSnapshot,
} from '../../src/api/snapshot.js';
import type { TraceEvent } from '../../src/api/types.js';
import { DiffPane } from '../../src/tui/components/DiffPane.js';
import { Header } from '../../src/tui/components/Header.js';
import { HelpOverlay } from '../../src/tui/components/HelpOverlay.js';
import { KeyBar } from '../../src/tui/components/KeyBar.js';
import { MsgPane, messageCells } from '../../src/tui/components/MsgPane.js';
import { PipePane } from '../../src/tui/components/PipePane.js';
import { ProcessPane } from '../../src/tui/components/ProcessPane.js';
import { ProgressBar, bounce } from '../../src/tui/components/ProgressBar.js';
import { ScenarioPicker } from '../../src/tui/components/ScenarioPicker.js';
import { SemPane } from '../../src/tui/components/SemPane.js';
import { ShmPane, pageRow } from '../../src/tui/components/ShmPane.js';
import { TracePane } from '../../src/tui/components/TracePane.js';
import { withObjectNames } from '../../src/tui/components/Layouts.js';
import { allocate, bar, clip, divergencePoint } from '../../src/tui/format.js';

// eslint-disable-next-line no-control-regex
const strip = (s: string | undefined) => (s ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const frame = (el: React.ReactElement) => {
  const r = render(el);
  const out = strip(r.lastFrame());
  r.unmount();
  return out;
};
const lines = (s: string) => s.split('\n');

const PROCS: ProcSnapshot[] = [
  { pid: 100, ppid: 1, program: 'main', state: 'blocked', syscall: 'waitpid', waitingOn: 'child 102', fds: { 0: 'console' } },
  { pid: 101, ppid: 100, program: 'reader', state: 'blocked', syscall: 'read', waitingOn: 'pipe:2 (readable)', fds: {} },
  { pid: 102, ppid: 100, program: 'writer', state: 'running', fds: {} },
  { pid: 103, ppid: 100, program: 'late', state: 'exited', exit: { code: 3 }, fds: {} },
  { pid: 104, ppid: 100, program: 'victim', state: 'zombie', exit: { signal: 'SIGPIPE' }, fds: {} },
];

describe('ProcessPane', () => {
  it('shows pid, program and state: blocked in which call on which object, exit code or signal', () => {
    const out = frame(<ProcessPane processes={PROCS} width={80} height={10} current={102} />);
    expect(out).toMatch(/Processes 5/);
    expect(out).toMatch(/100 main +blocked in waitpid\(\) on child 102/);
    expect(out).toMatch(/101 reader +blocked in read\(\) on pipe:2 \(readable\)/);
    expect(out).toMatch(/▸102 writer +running/);
    expect(out).toMatch(/103 late +exit 3/);
    expect(out).toMatch(/104 victim +zombie, killed by SIGPIPE/);
  });

  it('puts what a blocked process waits on under it when the pane is narrow', () => {
    const out = lines(frame(<ProcessPane processes={PROCS.slice(0, 2)} width={36} height={10} />));
    expect(out[1]).toMatch(/100 main +blocked$/);
    expect(out[2]).toMatch(/^ +in waitpid\(\) on child 102/);
    expect(out.every((l) => l.length <= 36)).toBe(true);
  });

  it('keeps to its height and counts what it left out', () => {
    const out = lines(frame(<ProcessPane processes={PROCS} width={80} height={4} />));
    expect(out).toHaveLength(4);
    expect(out[3]).toMatch(/\+3 more/);
  });

  it('says when there are no processes', () => {
    expect(frame(<ProcessPane processes={[]} width={40} height={3} empty="loading…" />)).toContain('loading…');
  });
});

const PIPES: PipeSnapshot[] = [
  { id: 1, name: 'pipe:1', bytes: 32768, capacity: 65536, slotsUsed: 8, readers: 1, writers: 1, waitingReaders: [], waitingWriters: [] },
  { id: 2, name: 'fifo:7', path: 'myfifo', bytes: 65536, capacity: 65536, slotsUsed: 16, readers: 0, writers: 2, waitingReaders: [], waitingWriters: [101, 102] },
  { id: 3, name: 'pipe:3', bytes: 0, capacity: 4096, slotsUsed: 0, readers: 1, writers: 0, waitingReaders: [103], waitingWriters: [] },
];

describe('PipePane', () => {
  it('shows the fill against capacity as a bar, readers, writers and who waits', () => {
    const out = frame(<PipePane pipes={PIPES} width={70} height={10} />);
    expect(out).toMatch(/Pipes & FIFOs 3/);
    expect(out).toMatch(/pipe:1 +█+░+ 32 KiB\/64 KiB/);
    expect(out).toMatch(/fifo myfifo +█+ 64 KiB\/64 KiB/);
    expect(out).toMatch(/readers 0  writers 2  waiting: write 101,102/);
    expect(out).toMatch(/pipe:3 +░+ 0 B\/4 KiB/);
    expect(out).toMatch(/readers 1  writers 0  waiting: read 103/);
    const half = /pipe:1 +(█+)(░+)/.exec(out)!;
    expect(half[1].length).toBe(half[2].length);
  });

  it('puts the sleepers on a line of their own when the pane is narrow', () => {
    const out = frame(<PipePane pipes={[PIPES[1]]} width={36} height={4} />).split('\n');
    expect(out[2]).toMatch(/readers 0  writers 2$/);
    expect(out[3]).toMatch(/^ +waiting: write 101,102/);
  });

  it('says "none" when there are no pipes', () => {
    expect(frame(<PipePane pipes={[]} width={40} height={3} />)).toMatch(/Pipes & FIFOs[\s\S]*none/);
  });
});

const QUEUES: MsgQueueSnapshot[] = [{
  id: 0, key: 0x1234, mode: 0o666, qnum: 3, cbytes: 120, qbytes: 16384,
  messages: [{ mtype: 1, size: 10 }, { mtype: 2, size: 100 }, { mtype: 1, size: 10 }],
  waitingSenders: [105], waitingReceivers: [106, 107],
}];

describe('MsgPane', () => {
  it('shows messages by type and size, bytes against msg_qbytes, waiting senders and receivers', () => {
    const out = frame(<MsgPane queues={QUEUES} width={70} height={6} />);
    expect(out).toMatch(/Message queues 1/);
    expect(out).toMatch(/msq 0 0x00001234 █+░+ 120 B\/16 KiB/);
    expect(out).toContain('3 msgs: [1:10B] [2:100B] [1:10B]');
    expect(out).toMatch(/waiting: send 105 {2}receive 106,107/);
  });

  it('says "not implemented yet" when the kernel has no message queues', () => {
    expect(frame(<MsgPane queues={undefined} width={40} height={3} />)).toMatch(/Message queues[\s\S]*not implemented yet/);
  });

  it('cuts the message list to the width with a count of the rest', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ mtype: i, size: 8 }));
    const cells = messageCells(many, 30);
    expect(cells.length).toBeLessThanOrEqual(30);
    expect(cells).toMatch(/\+\d+$/);
  });
});

const SETS: SemSetSnapshot[] = [{
  id: 2, key: 0, mode: 0o600, values: [0, 3], semncnt: [2, 0], semzcnt: [0, 1], sempid: [100, 101],
  sleepers: [
    { pid: 104, sops: [{ sem_num: 0, sem_op: -1, sem_flg: 0 }] },
    { pid: 105, sops: [{ sem_num: 1, sem_op: 0, sem_flg: 0 }, { sem_num: 0, sem_op: 2, sem_flg: 0 }] },
  ],
}];

describe('SemPane', () => {
  it('shows values, semncnt, semzcnt and the sleepers with their operations', () => {
    const out = frame(<SemPane sets={SETS} width={70} height={8} />);
    expect(out).toMatch(/Semaphore sets 1/);
    expect(out).toMatch(/sem 2 IPC_PRIVATE {2}2 sems {2}2 asleep/);
    expect(out).toMatch(/\[0\] val 0 {2}semncnt 2 {2}semzcnt 0 {2}pid 100/);
    expect(out).toMatch(/\[1\] val 3 {2}semncnt 0 {2}semzcnt 1 {2}pid 101/);
    expect(out).toMatch(/asleep: pid 104 waits for \[0\]-1/);
    expect(out).toMatch(/asleep: pid 105 waits for \[1\]=0 \[0\]\+2/);
  });

  it('shows a compact form when the full one does not fit', () => {
    const out = frame(<SemPane sets={SETS} width={70} height={4} />);
    expect(out).toMatch(/values 0 3 {2}ncnt 2 zcnt 1/);
    expect(out).toMatch(/asleep: 104 \[0\]-1, 105/);
  });

  it('says "not implemented yet" when the kernel has no semaphores', () => {
    expect(frame(<SemPane sets={undefined} width={40} height={3} />)).toMatch(/Semaphore sets[\s\S]*not implemented yet/);
  });
});

const SEGMENTS: ShmSnapshot[] = [{
  id: 0, key: 0x42, mode: 0o666, size: 4 * 4096, nattch: 2, dest: true,
  pages: [[100, 101], [100], [], [101]],
}];

describe('ShmPane', () => {
  it('shows segments, nattch and a page map of which process maps which page', () => {
    const out = frame(<ShmPane segments={SEGMENTS} width={70} height={6} />);
    expect(out).toMatch(/Shared memory 1/);
    expect(out).toMatch(/shm 0 0x00000042 16 KiB 4p {2}nattch 2 {2}removed \(SHM_DEST\)/);
    expect(out).toMatch(/pid 100 ██··/);
    expect(out).toMatch(/pid 101 █··█/);
  });

  it('cuts a long page map to the width', () => {
    const seg = { ...SEGMENTS[0], pages: Array.from({ length: 200 }, (_, i) => (i % 2 ? [7] : [])) };
    const row = pageRow(seg, 7, 30);
    expect(row.length).toBe(30);
    expect(row).toMatch(/…\+\d+$/);
  });

  it('says "not implemented yet" when the kernel has no shared memory', () => {
    expect(frame(<ShmPane segments={undefined} width={40} height={3} />)).toMatch(/Shared memory[\s\S]*not implemented yet/);
  });
});

const TRACE: TraceEvent[] = [
  { seq: 0, pid: 100, syscall: 'pipe', args: [0], result: [3, 4], t: 0 },
  { seq: 1, pid: 100, syscall: 'fork', args: ['reader', { r: 3 }], result: 101, t: 0.1 },
  { seq: 2, pid: 101, syscall: 'read', args: [3, 80], result: new TextEncoder().encode('hello'), blocked: true, t: 0.2 },
  { seq: 3, pid: 101, syscall: 'write', args: [3, 'x'], error: 'EBADF', t: 0.3 },
];

describe('TracePane', () => {
  it('shows the latest calls with their results, errors and whether they slept', () => {
    const out = frame(<TracePane events={TRACE} width={70} height={6} />);
    expect(out).toMatch(/Trace 4 calls/);
    expect(out).toMatch(/0 +100 pipe\(0\) = \[3, 4\]/);
    expect(out).toMatch(/2 +101 read\(3, 80\) = "hello" \(slept\)/);
    expect(out).toMatch(/3 +101 write\(3, "x"\) = EBADF/);
  });

  it('shows the tail when the trace is longer than the pane', () => {
    const long = Array.from({ length: 50 }, (_, i) => ({ seq: i, pid: 1, syscall: 'getpid', args: [], result: 1, t: i }));
    const out = lines(frame(<TracePane events={long} width={40} height={5} />));
    expect(out).toHaveLength(5);
    expect(out[4]).toMatch(/^49 /);
  });

  it('keeps a highlighted call in view', () => {
    const long = Array.from({ length: 50 }, (_, i) => ({ seq: i, pid: 1, syscall: 'getpid', args: [], result: 1, t: i }));
    const out = frame(<TracePane events={long} width={40} height={6} highlight={10} />);
    expect(out).toMatch(/^✗10 /m);
    expect(out).toMatch(/^  9 /m);
    expect(out).not.toMatch(/^ ?49 /m);
  });

  it('says why it is empty', () => {
    expect(frame(<TracePane events={[]} width={40} height={3} empty="nothing yet" />)).toContain('nothing yet');
  });
});

describe('withObjectNames', () => {
  it('names what a process waits on as the pipes pane does', () => {
    const snap = {
      backend: 'sim' as const, t: 0, steps: 0, pipes: [PIPES[1]],
      processes: [{ ...PROCS[1], waitingOn: 'pipe:2 (fifo partner)' }, PROCS[0]],
    };
    const [reader, main] = withObjectNames(snap);
    expect(reader.waitingOn).toBe('fifo myfifo (fifo partner)');
    expect(main.waitingOn).toBe('child 102');
  });
});

describe('DiffPane', () => {
  it('says agree', () => {
    expect(frame(<DiffPane verdict={{ kind: 'agree', detail: '36 calls' }} width={60} height={2} />)).toMatch(/✓ agree {2}36 calls/);
  });

  it('marks the first divergence with both sides', () => {
    const text = 'process main.1 (reader), call 2:\n  sim: read(F1, 80) = "x"\n  native: read(F1, 80) = EAGAIN';
    const out = frame(<DiffPane verdict={{ kind: 'diverge', text }} width={70} height={4} />);
    expect(out).toMatch(/✗ differ: process main\.1 \(reader\), call 2:/);
    expect(out).toMatch(/sim: read\(F1, 80\) = "x"/);
    expect(out).toMatch(/native: read\(F1, 80\) = EAGAIN/);
  });

  it('gives the reason when there is no comparison', () => {
    const out = frame(<DiffPane verdict={{ kind: 'unavailable', reason: 'the native backend needs Linux (this host is darwin)' }} width={80} height={2} />);
    expect(out).toMatch(/no comparison: the native backend needs Linux \(this host is darwin\)/);
  });
});

describe('Header', () => {
  it('shows scenario, backend, seed, steps, time, status and the verdict', () => {
    const out = frame(<Header scenario="fifo-args" view="both" seed={7} steps={12} t={100} status="done" width={80} verdict="agree" />);
    expect(out).toMatch(/ipcsim fifo-args {2}backend both {2}seed 7 {2}step 12 {2}t 100\.0ms {2}done {2}✓ agree/);
  });

  it('drops the least important items to fit, never the status', () => {
    const out = frame(<Header scenario="a-very-long-scenario-name" view="sim" seed={12345} steps={99999} t={123456} status="deadlock" width={60} verdict="differ" />);
    expect(out).toMatch(/DEADLOCK/);
    expect(out).toMatch(/✗ differ/);
    expect(out).not.toMatch(/ t /);
    expect(out.length).toBeLessThanOrEqual(60);
  });
});

describe('HelpOverlay', () => {
  it('lists every key', () => {
    const out = frame(<HelpOverlay width={80} height={22} nativeNote="native: unavailable here" />);
    for (const k of ['s', 'r', 'e', 'p', 'n', 'x', 'b', 'esc', '?', 'q']) expect(out).toMatch(new RegExp(`│ ${k.replace('?', '\\?')} +\\w`));
    expect(out).toMatch(/step: run the simulator until one more system call completes/);
    expect(out).toMatch(/native: unavailable here/);
  });
});

describe('ScenarioPicker', () => {
  it('lists the scenarios with descriptions and marks the chosen one', () => {
    const items = [{ name: 'pipe-a', description: 'first' }, { name: 'fifo-b', description: 'second' }];
    const out = frame(<ScenarioPicker items={items} selected={1} width={60} height={6} />);
    expect(out).toMatch(/Pick a scenario 2 built in/);
    expect(out).toMatch(/^ {3}pipe-a +first/m);
    expect(out).toMatch(/^ ▸ fifo-b +second/m);
  });
});

describe('ProgressBar and KeyBar', () => {
  it('fills to the fraction, or bounces when the total is unknown', () => {
    expect(frame(<ProgressBar width={40} label="native" fraction={0.5} />)).toMatch(/native █+░+ 50%/);
    expect(bounce(0, 10)).toBe('███░░░░░░░');
    expect(bounce(7, 10)).toBe('░░░░░░░███');
    expect(bounce(8, 10)).toBe('░░░░░░███░');
  });

  it('drops keys that do not fit', () => {
    const out = frame(<KeyBar width={20} keys={[['s', 'step'], ['r', 'run'], ['q', 'quit'], ['?', 'help']]} />);
    expect(out).toBe('s step  r run');
  });
});

describe('format', () => {
  it('clips, bars, shares heights and finds the divergence', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(bar(0.001, 10)).toBe('█░░░░░░░░░');
    expect(bar(0.999, 4)).toBe('███░');
    expect(allocate(10, [{ min: 2, want: 8 }, { min: 2, want: 2 }, { min: 2, want: 5 }])).toEqual([6, 2, 2]);
    expect(allocate(3, [{ min: 2, want: 8 }, { min: 2, want: 2 }])).toEqual([2, 1]);
    expect(divergencePoint('process main.1 (reader), call 12:\n...')).toEqual({ process: 'main.1', call: 12 });
  });
});

describe('the native view of a live snapshot', () => {
  it('shows Linux\'s processes and objects while the run goes, and what Linux does not show', async () => {
    const { NativeBody, NATIVE_PIPES_NOTE } = await import('../../src/tui/components/Layouts.js');
    const snapshot = {
      backend: 'native' as const, t: 120, steps: 2, pipes: [],
      processes: [
        { pid: 100, ppid: 1, program: 'main', state: 'running' as const, fds: {} },
        { pid: 101, ppid: 100, program: 'server', state: 'blocked' as const, syscall: 'msgrcv', waitingOn: 'msq:9', fds: {} },
      ],
      msgQueues: [{ id: 9, key: 42, mode: 0o600, qnum: 1, cbytes: 5, qbytes: 16384, messages: [], waitingSenders: [], waitingReceivers: [101] }],
      semSets: [{ id: 4, key: 42, mode: 0o600, values: [3], semncnt: [0], semzcnt: [0], sempid: [100], sleepers: [] }],
      shmSegments: [{ id: 7, key: 42, mode: 0o600, size: 4096, nattch: 1, dest: false, pages: [[100]] }],
      unavailable: ['pipes (FIONREAD would open them)', 'fds'],
    };
    const trace = [{ seq: 0, pid: 100, syscall: 'msgget', args: [42, 0o1600], result: 9, t: 1 },
      { seq: 1, pid: 101, syscall: 'msgrcv', args: [9, 80, 0, 0], blocked: true, t: 2 }];
    const out = frame(<NativeBody side={{ status: 'running', elapsedMs: 120, timeoutMs: 30_000, trace, snapshot }}
      width={80} height={22} tick={0} />);
    expect(out).toMatch(/Processes \(Linux\)/);
    expect(out).toMatch(/101 server +blocked[\s\S]*in msgrcv\(\) on msq:9/);
    expect(out).toMatch(/msq 9 .*0x0000002a/);
    expect(out).toMatch(/waiting: receive 101/);
    expect(out).toMatch(/sem 4/);
    expect(out).toMatch(/shm 7/);
    expect(out).toContain(NATIVE_PIPES_NOTE.slice(0, 20));
    expect(out).toMatch(/n\/a on Linux: pipes \(FIONREAD would/);
    expect(out).toMatch(/open them\), fds/);
    expect(out).toMatch(/msgget\(42, 896\) = 9/);
  });
});
