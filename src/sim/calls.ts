// Marshalling of each system call between JavaScript values and the wasm kernel: arguments into
// integers and the transfer buffer, results back out. `run` may be called several times for one
// call (after each wake-up); per-call state lives in op.state.
import { toBytes } from '../api/sys-base.js';
import { signalName } from '../api/constants.js';
import { IPC_CALLS } from './calls-ipc.js';
import { SIGNAL_CALLS, sigKernel } from './calls-signal.js';
import { copyIn, copyOut, n, pathCall, type Call } from './marshal.js';
import { BLOCKED, DIED, HANDLER } from './abi.js';

const decoder = new TextDecoder();
const EPOCH = 1_700_000_000; // the simulated clock's time(2) at the start of a run

function getid(which: number, name: string): Call {
  const sysno = n(name);
  return { run: (sim, hp) => sim.k.sys_getid(hp.pid, sysno, which) };
}

const BASE_CALLS: Record<string, Call> = {
  getpid: getid(0, 'getpid'),
  getppid: getid(1, 'getppid'),
  getuid: getid(2, 'getuid'),
  getgid: getid(3, 'getgid'),
  geteuid: getid(4, 'geteuid'),
  getegid: getid(5, 'getegid'),
  setuid: { run: (sim, hp, op) => sim.k.sys_setuid(hp.pid, n('setuid'), op.args[0]), value: () => undefined },
  setgid: { run: (sim, hp, op) => sim.k.sys_setgid(hp.pid, n('setgid'), op.args[0]), value: () => undefined },

  fork: {
    run(sim, hp, op) {
      const program = op.args[0] as string;
      if (!(program in sim.scenario.programs)) {
        throw new TypeError(`fork: scenario '${sim.scenario.name}' has no program '${program}'`);
      }
      const pid = sim.k.sys_fork(hp.pid, n('fork'), sim.programId(program));
      const child = pid === HANDLER ? sigKernel(sim).sig_outcome(hp.pid) : pid;
      if (child > 0) sim.addProc(child, hp.pid, program, op.args[1]);
      return pid;
    },
  },
  exit: { run: (sim, hp, op) => sim.k.sys_exit(hp.pid, n('exit'), op.args[0]) },
  $exit: { run: (sim, hp, op) => sim.k.sys_exit(hp.pid, n('exit'), op.args[0]) },
  waitpid: {
    run: (sim, hp, op) => sim.k.sys_waitpid(hp.pid, n('waitpid'), op.args[0], op.args[1]),
    value(sim, _hp, _op, raw) {
      if (raw === 0) return { pid: 0 };
      const st = sim.k.wait_status();
      return st & 0x7f ? { pid: raw, signal: signalName(st & 0x7f) } : { pid: raw, code: (st >> 8) & 0xff };
    },
  },
  sleep: { run: (sim, hp, op) => sim.k.sys_sleep(hp.pid, n('sleep'), Math.round(op.args[0] * 1e6)), value: () => undefined },
  time: {
    run: (sim, hp) => sim.k.sys_time(hp.pid, n('time')),
    value: (sim) => EPOCH + Math.floor(sim.k.now_ns() / 1e9),
  },
  clock_gettime: {
    run: (sim, hp) => sim.k.sys_time(hp.pid, n('clock_gettime')),
    value: (sim) => sim.k.now_ns() / 1e9,
  },
  pipe: {
    run: (sim, hp, op) => sim.k.sys_pipe2(hp.pid, n('pipe'), op.args[0]),
    value(sim) {
      const dv = new DataView(sim.mem().buffer, sim.xfer, 8);
      return [dv.getInt32(0, true), dv.getInt32(4, true)];
    },
  },
  read: {
    run: (sim, hp, op) => sim.k.sys_read(hp.pid, n('read'), op.args[0], op.args[1]),
    value: (sim, _hp, _op, raw) => copyOut(sim.mem(), sim.xfer, raw),
  },
  write: {
    run(sim, hp, op) {
      // op.state: the bytes, and how many of them earlier chunks already wrote. A write larger
      // than the transfer buffer goes to the kernel in chunks within this one call, which is
      // what Linux's pipe_write does page by page (only writes up to PIPE_BUF are atomic).
      let st: { data: Uint8Array; base: number; slept: boolean } = op.state;
      if (st === undefined) st = op.state = { data: toBytes(op.args[1]), base: 0, slept: false };
      for (;;) {
        const left = st.data.length - st.base;
        const total = Math.min(left, sim.xferSize);
        // A chunk that slept resumes where it stopped: the kernel kept its progress.
        const from = st.slept ? sim.k.proc_progress(hp.pid) : 0;
        const mem = sim.mem();
        const start = st.base + from;
        if (total - from > 0) copyIn(mem, sim.xfer, st.data, start, st.base + total);
        // Signals wait for the last chunk: to the program this is one system call.
        if (st.base + total < st.data.length) sigKernel(sim).sig_defer(hp.pid, total);
        const r = sim.k.sys_write(hp.pid, n('write'), op.args[0], total - from, total);
        const done = r === HANDLER ? sigKernel(sim).sig_outcome(hp.pid) : r;
        if (done > 0 && sim.k.console_written()) hp.output.push(decoder.decode(mem.subarray(sim.xfer, sim.xfer + done)));
        st.slept = r === BLOCKED;
        if (r === BLOCKED || r === DIED || r === HANDLER) return r;
        if (r < 0) return st.base > 0 ? st.base : r;
        if (r < total || st.base + r === st.data.length) return st.base + r;
        st.base += r; // the next chunk is a fresh start in the kernel
      }
    },
    // Interrupted in a later chunk, the call has still written what the earlier ones did.
    outcome(_sim, _hp, op, kernel) {
      const base = (op.state as { base: number }).base;
      return kernel >= 0 ? base + kernel : base > 0 ? base : kernel;
    },
  },
  close: { run: (sim, hp, op) => sim.k.sys_close(hp.pid, n('close'), op.args[0]), value: () => undefined },
  dup: { run: (sim, hp, op) => sim.k.sys_dup(hp.pid, n('dup'), op.args[0]) },
  dup2: { run: (sim, hp, op) => sim.k.sys_dup2(hp.pid, n('dup2'), op.args[0], op.args[1]) },
  fcntl: { run: (sim, hp, op) => sim.k.sys_fcntl(hp.pid, n('fcntl'), op.args[0], op.args[1], op.args[2]) },
  ioctl: { run: (sim, hp, op) => sim.k.sys_ioctl(hp.pid, n('ioctl'), op.args[0], op.args[1]) },
  lseek: { run: (sim, hp, op) => sim.k.sys_lseek(hp.pid, n('lseek'), op.args[0], op.args[1], op.args[2]) },
  ftruncate: { run: (sim, hp, op) => sim.k.sys_ftruncate(hp.pid, n('ftruncate'), op.args[0], op.args[1]), value: () => undefined },
  open: pathCall((k, pid, len, op) => k.sys_open(pid, n('open'), len, op.args[1], op.args[2])),
  mkfifo: { ...pathCall((k, pid, len, op) => k.sys_mkfifo(pid, n('mkfifo'), len, op.args[1])), value: () => undefined },
  unlink: { ...pathCall((k, pid, len) => k.sys_unlink(pid, n('unlink'), len)), value: () => undefined },
  truncate: { ...pathCall((k, pid, len, op) => k.sys_truncate(pid, n('truncate'), len, op.args[1])), value: () => undefined },
};

/** Every call the simulator knows: the base above, signals, and one table per IPC mechanism. */
export const CALLS: Record<string, Call> = { ...BASE_CALLS, ...SIGNAL_CALLS, ...IPC_CALLS };
