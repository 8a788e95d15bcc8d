// System V IPC calls shared by every mechanism (ftok), and the tables of each mechanism.
import { n, pathCall, type Call } from './marshal.js';
import { SEM_CALLS } from './calls-sem.js';
import { MSG_CALLS } from './calls-msg.js';
import { SHM_CALLS } from './calls-shm.js';

const FTOK: Record<string, Call> = {
  ftok: {
    ...pathCall((k, pid, len, op) => k.sys_ftok(pid, n('ftok'), len, op.args[1])),
    value: (sim) => new DataView(sim.mem().buffer, sim.xfer, 4).getInt32(0, true),
  },
};

export const IPC_CALLS: Record<string, Call> = { ...FTOK, ...MSG_CALLS, ...SEM_CALLS, ...SHM_CALLS };
