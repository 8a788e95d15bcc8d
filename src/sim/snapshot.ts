// Builds a KernelSnapshot from the kernel's state, for the TUI and tests.
import type { KernelSnapshot, PipeSnapshot, ProcSnapshot, ProcState } from '../api/snapshot.js';
import { signalName } from '../api/constants.js';
import { SYSNO } from './abi.js';
import type { Simulation } from './simulation.js';
import { semSetsSnapshot } from './calls-sem.js';
import { msgQueuesSnapshot } from './snapshot-msg.js';
import { shmSegmentsSnapshot } from './snapshot-shm.js';
import { sigKernel } from './calls-signal.js';
import { sigsetNames } from '../api/sigset.js';

const FD_KINDS = ['', 'console', 'pipe', 'fifo', 'file', 'dir'];

export function buildSnapshot(sim: Simulation): KernelSnapshot {
  const k = sim.k;
  const processes: ProcSnapshot[] = [];
  for (const hp of sim.order) {
    const st = k.proc_exit_status(hp.pid);
    const kstate = k.proc_state(hp.pid);
    let state: ProcState;
    if (st >= 0) state = kstate === 3 ? 'zombie' : 'exited';
    else if (kstate === 2) state = k.proc_wait_kind(hp.pid) === 5 ? 'sleeping' : 'blocked';
    else state = hp.op === null && hp.started ? 'running' : 'runnable';
    const p: ProcSnapshot = { pid: hp.pid, ppid: hp.ppid, program: hp.program, state, fds: {} };
    if (st >= 0) p.exit = st & 0x7f ? { signal: signalName(st & 0x7f) } : { code: (st >> 8) & 0xff };
    else p.signals = signalsOf(sim, hp.pid);
    if (state === 'blocked' || state === 'sleeping') {
      p.syscall = SYSNO[k.proc_sysno(hp.pid)];
      p.waitingOn = sim.waitingOn(hp.pid);
    }
    if (st < 0) {
      const count = k.proc_fds(hp.pid);
      const dv = new DataView(sim.mem().buffer, sim.xfer, count * 16);
      const raw: [number, string, number, number][] = [];
      for (let i = 0; i < count; i++) {
        const o = i * 16;
        raw.push([dv.getInt32(o, true), FD_KINDS[dv.getInt32(o + 4, true)], dv.getInt32(o + 8, true), dv.getInt32(o + 12, true) & 3]);
      }
      // Named after reading them all: naming a FIFO reuses the transfer buffer.
      for (const [fd, kind, obj, acc] of raw) {
        const end = acc === 0 ? 'r' : acc === 1 ? 'w' : 'rw';
        if (kind === 'console') p.fds[fd] = 'console';
        else if (kind === 'pipe' || kind === 'fifo') p.fds[fd] = `${sim.pipeName(obj)}:${end}`;
        else p.fds[fd] = `${kind}:${obj}:${end}`;
      }
    }
    processes.push(p);
  }
  const pipes: PipeSnapshot[] = [];
  const count = k.pipes_snapshot();
  const dv = new DataView(sim.mem().buffer, sim.xfer);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const field = (j: number) => dv.getInt32(at + 4 * j, true);
    const nRd = field(7);
    const nWr = field(8);
    const pipe: PipeSnapshot = {
      id: field(0), name: '', bytes: field(2),
      capacity: dv.getUint32(at + 12, true), slotsUsed: field(4), readers: field(5), writers: field(6),
      waitingReaders: [], waitingWriters: [],
    };
    at += 36;
    for (let j = 0; j < nRd; j++, at += 4) pipe.waitingReaders.push(dv.getInt32(at, true));
    for (let j = 0; j < nWr; j++, at += 4) pipe.waitingWriters.push(dv.getInt32(at, true));
    pipes.push(pipe);
  }
  for (const pipe of pipes) {
    pipe.name = sim.pipeName(pipe.id);
    if (pipe.name.startsWith('fifo:')) pipe.path = pipe.name.slice(5);
  }
  return {
    backend: 'sim', t: sim.now(), steps: sim.log.length, processes, pipes, msgQueues: msgQueuesSnapshot(sim),
    semSets: semSetsSnapshot(sim), shmSegments: shmSegmentsSnapshot(sim),
  };
}

/** proc_sigstate's four masks, by name. */
function signalsOf(sim: Simulation, pid: number): ProcSnapshot['signals'] {
  const k = sigKernel(sim);
  if (k.proc_sigstate(pid) < 0) return undefined;
  const dv = new DataView(sim.mem().buffer, k.siginfo_ptr(), 32);
  const names = (at: number) => sigsetNames(dv.getBigUint64(at, true));
  return { pending: names(0), blocked: names(8), caught: names(16), ignored: names(24) };
}
