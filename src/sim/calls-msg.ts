// Marshalling of the System V message-queue calls (assembly/sys_msg.ts has the ABI). msgsnd puts
// struct msgbuf (mtype, then the text) into the transfer buffer, msgrcv finds one there; msgctl
// reads and writes struct msqid_ds / msginfo in their x86_64 layout.
import { toBytes } from '../api/sys-base.js';
import { constants as C } from '../api/constants.js';
import {
  getLong, MSGBUF_HEADER, MSQID_DS_SIZE, putLong, readMsgInfo, readMsqidDs, sizeArg, writeMsqidSet,
} from '../api/msg-struct.js';
import type { Long } from '../api/types.js';
import { copyIn, copyOut, n, type Call } from './marshal.js';
import type { Simulation } from './simulation.js';

/** The kernel's message-queue exports (assembly/sys_msg.ts). */
export interface MsgExports {
  sys_msgget(pid: number, sysno: number, key: number, msgflg: number): number;
  sys_msgsnd(pid: number, sysno: number, msqid: number, msgsz: number, msgflg: number): number;
  sys_msgrcv(pid: number, sysno: number, msqid: number, msgsz: number, typLo: number, typHi: number, msgflg: number): number;
  sys_msgctl(pid: number, sysno: number, msqid: number, cmd: number): number;
  msg_snapshot(maxShown: number): number;
  msg_totals(): void;
}

const kernel = (sim: Simulation): MsgExports => sim.k as unknown as MsgExports;

const TWO_32 = 2 ** 32;
const SYSNO_MSGSND = n('msgsnd');
const SYSNO_MSGRCV = n('msgrcv');

export const MSG_CALLS: Record<string, Call> = {
  msgget: {
    run: (sim, hp, op) => kernel(sim).sys_msgget(hp.pid, n('msgget'), op.args[0], op.args[1]),
  },
  msgsnd: {
    run(sim, hp, op) {
      // The buffer is put there again on every attempt: a sender that slept sends it when woken.
      const data: Uint8Array = op.state ?? (op.state = toBytes(op.args[2]));
      putLong(sim.view(), sim.xfer, op.args[1] as Long);
      // Too long for the transfer buffer: the kernel refuses it by its length alone (EINVAL).
      if (data.length + MSGBUF_HEADER <= sim.xferSize) copyIn(sim.mem(), sim.xfer + MSGBUF_HEADER, data, 0, data.length);
      return kernel(sim).sys_msgsnd(hp.pid, SYSNO_MSGSND, op.args[0], data.length, op.args[3]);
    },
    value: () => undefined,
  },
  msgrcv: {
    run(sim, hp, op) {
      // msgtyp goes as two 32-bit halves: a safe integer is split by arithmetic, anything else
      // (a bigint) through the transfer buffer's first 8 bytes.
      const typ = op.args[2] as Long;
      let lo: number;
      let hi: number;
      if (typeof typ === 'number' && Number.isSafeInteger(typ)) {
        hi = Math.floor(typ / TWO_32);
        lo = typ - hi * TWO_32;
      } else {
        const d = sim.view();
        putLong(d, sim.xfer, typ);
        lo = d.getUint32(sim.xfer, true);
        hi = d.getInt32(sim.xfer + 4, true);
      }
      return kernel(sim).sys_msgrcv(hp.pid, SYSNO_MSGRCV, op.args[0], sizeArg(op.args[1]), lo, hi, op.args[3]);
    },
    value(sim, _hp, _op, raw) {
      const mtype = getLong(sim.view(), sim.xfer);
      const data = copyOut(sim.mem(), sim.xfer + MSGBUF_HEADER, raw);
      return { mtype, data };
    },
  },
  msgctl: {
    run(sim, hp, op) {
      if (op.args[1] === C.IPC_SET) {
        const d = new DataView(sim.mem().buffer, sim.xfer, MSQID_DS_SIZE + 4);
        d.setInt32(MSQID_DS_SIZE, writeMsqidSet(d, 0, op.args[2]), true);
      }
      return kernel(sim).sys_msgctl(hp.pid, n('msgctl'), op.args[0], op.args[1]);
    },
    value(sim, _hp, op, raw) {
      const d = new DataView(sim.mem().buffer, sim.xfer, MSQID_DS_SIZE);
      switch (op.args[1]) {
        case C.IPC_STAT: return readMsqidDs(d);
        case C.MSG_STAT: case C.MSG_STAT_ANY: return { ...readMsqidDs(d), msqid: raw };
        case C.IPC_INFO: case C.MSG_INFO: return { ...readMsgInfo(d), max_idx: raw };
        default: return undefined;
      }
    },
  },
};
