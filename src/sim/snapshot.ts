// Builds a KernelSnapshot from the kernel's state, for the TUI and tests.
import type { KernelSnapshot, PipeSnapshot, ProcSnapshot, ProcState } from '../api/snapshot.js';
import { signalName } from '../api/constants.js';
import { SYSNO } from './abi.js';
import type { Simulation } from './simulation.js';

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
    if (state === 'blocked' || state === 'sleeping') {
      p.syscall = SYSNO[k.proc_sysno(hp.pid)];
      p.waitingOn = sim.waitingOn(hp.pid);
    }
    if (st < 0) {
      const count = k.proc_fds(hp.pid);
      const dv = new DataView(sim.mem().buffer, sim.xfer, count * 16);
      for (let i = 0; i < count; i++) {
        const fd = dv.getInt32(i * 16, true);
        const kind = FD_KINDS[dv.getInt32(i * 16 + 4, true)];
        const obj = dv.getInt32(i * 16 + 8, true);
        const acc = dv.getInt32(i * 16 + 12, true) & 3;
        const end = acc === 0 ? 'r' : acc === 1 ? 'w' : 'rw';
        p.fds[fd] = kind === 'console' ? 'console' : `${kind}:${obj}:${end}`;
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
      id: field(0), name: field(1) ? `fifo:${field(1)}` : `pipe:${field(0)}`, bytes: field(2),
      capacity: field(3), slotsUsed: field(4), readers: field(5), writers: field(6),
      waitingReaders: [], waitingWriters: [],
    };
    at += 36;
    for (let j = 0; j < nRd; j++, at += 4) pipe.waitingReaders.push(dv.getInt32(at, true));
    for (let j = 0; j < nWr; j++, at += 4) pipe.waitingWriters.push(dv.getInt32(at, true));
    pipes.push(pipe);
  }
  return { backend: 'sim', t: sim.now(), steps: sim.trace.length, processes, pipes };
}
