// Conformance cases for System V message queues: msgget, msgsnd, msgrcv, msgctl (man 2 msgget,
// man 2 msgop, man 2 msgctl; shared/linux-ipc-facts.md section 1, "facts §1.n"). Each case
// prints what it observes and pins the text, on the simulator and natively. Cases that sleep in
// a call use a handshake (the sleeper writes to a pipe just before it blocks, the other side
// waits SETTLE_MS more). EINTR cases are left out until signal handlers exist.
import { constants, defineScenario } from 'ipcsim';
import {
  awaitReady, becomeNobody, octal, outcome, received, signalReady, stat,
} from './msg-helpers.js';

const {
  IPC_PRIVATE, IPC_CREAT, IPC_NOWAIT, IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO, MSG_INFO, MSG_STAT,
  MSG_STAT_ANY, MSG_NOERROR, MSG_EXCEPT, MSG_COPY,
} = constants;

const NOWAIT = IPC_NOWAIT;

function bytes(n: number): Uint8Array {
  return new Uint8Array(n).fill(0x61);
}

// ---------------------------------------------------------------------------------------------
// msgget and the state of a new queue

export const new_queue_state = defineScenario({
  name: 'msg-new-queue-state',
  description: 'a new queue: __key 0 for IPC_PRIVATE, uid = cuid = euid, gid = cgid = egid, mode = ' +
    'flag & 0777, no times but msg_ctime (now), no bytes, no messages, msg_qbytes = MSGMNB, no pids. ' +
    'facts §1.1; man 2 msgget',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, IPC_CREAT | 0o640);
      const ds = await stat(sys, id);
      const now = await sys.time();
      const p = ds.msg_perm;
      await sys.print('key', p.__key, 'mode', octal(p.mode));
      await sys.print('uid = cuid = euid:', p.uid === p.cuid && p.uid === await sys.geteuid());
      await sys.print('gid = cgid = egid:', p.gid === p.cgid && p.gid === await sys.getegid());
      await sys.print('stime', ds.msg_stime, 'rtime', ds.msg_rtime, 'ctime is now:', Math.abs(ds.msg_ctime - now) <= 2);
      await sys.print('cbytes', ds.msg_cbytes, 'qnum', ds.msg_qnum, 'qbytes', ds.msg_qbytes);
      await sys.print('lspid', ds.msg_lspid, 'lrpid', ds.msg_lrpid);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'key 0 mode 0o640\n' +
        'uid = cuid = euid: true\n' +
        'gid = cgid = egid: true\n' +
        'stime 0 rtime 0 ctime is now: true\n' +
        'cbytes 0 qnum 0 qbytes 16384\n' +
        'lspid 0 lrpid 0\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// msgsnd: arguments

export const msgsnd_size_limit = defineScenario({
  name: 'msgsnd-size-limit-msgmax',
  description: 'a message of MSGMAX (8192) bytes is sent; 8193 bytes is EINVAL. facts §1.5; man 2 msgop',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.print('8192 bytes:', await outcome(sys.msgsnd(id, 1, bytes(8192))));
      await sys.print('8193 bytes:', await outcome(sys.msgsnd(id, 1, bytes(8193))));
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: '8192 bytes: ok\n8193 bytes: EINVAL\nqnum 1\n' } },
});

export const msgsnd_bad_mtype = defineScenario({
  name: 'msgsnd-mtype-must-be-positive',
  description: 'mtype 0 or negative is EINVAL; 1 and the largest long are fine. facts §1.7; man 2 msgop',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.print('mtype 0:', await outcome(sys.msgsnd(id, 0, 'x', NOWAIT)));
      await sys.print('mtype -1:', await outcome(sys.msgsnd(id, -1, 'x', NOWAIT)));
      await sys.print('mtype LONG_MIN:', await outcome(sys.msgsnd(id, -(2n ** 63n), 'x', NOWAIT)));
      await sys.print('mtype 1:', await outcome(sys.msgsnd(id, 1, 'x', NOWAIT)));
      await sys.print('mtype LONG_MAX:', await outcome(sys.msgsnd(id, 2n ** 63n - 1n, 'x', NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'mtype 0: EINVAL\nmtype -1: EINVAL\nmtype LONG_MIN: EINVAL\nmtype 1: ok\nmtype LONG_MAX: ok\n',
    },
  },
});

export const msgsnd_check_order = defineScenario({
  name: 'msgsnd-check-order',
  description: 'msgsz and msqid are checked before the lookup (msgsz 9000 or mtype 0 on msqid -1 is ' +
    'EINVAL); a stale or negative id is EINVAL; permission and space come after. facts §1.9, §0.11',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.print('9000 bytes to msqid -1:', await outcome(sys.msgsnd(-1, 1, bytes(9000))));
      await sys.print('mtype 0 to msqid -1:', await outcome(sys.msgsnd(-1, 0, 'x')));
      await sys.print('to msqid -1:', await outcome(sys.msgsnd(-1, 1, 'x')));
      await sys.print('to id + 32768:', await outcome(sys.msgsnd(id + 32768, 1, 'x')));
      await sys.print('9000 bytes to a real queue:', await outcome(sys.msgsnd(id, 1, bytes(9000))));
      await sys.msgctl(id, IPC_RMID);
      await sys.print('to the removed id:', await outcome(sys.msgsnd(id, 1, 'x')));
    },
  },
  expect: {
    output: {
      main: '9000 bytes to msqid -1: EINVAL\nmtype 0 to msqid -1: EINVAL\nto msqid -1: EINVAL\n' +
        'to id + 32768: EINVAL\n9000 bytes to a real queue: EINVAL\nto the removed id: EINVAL\n',
    },
  },
});

export const zero_length_message = defineScenario({
  name: 'msg-zero-length-message',
  description: 'msgsz 0 is legal: the message counts in msg_qnum, not in msg_cbytes, and is ' +
    'received with 0 bytes of text, also into a 0-byte buffer. facts §1.11',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 4, new Uint8Array(0));
      await sys.msgsnd(id, 4, '');
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'cbytes', ds.msg_cbytes);
      await sys.print('received:', await received(sys.msgrcv(id, 100, 0)));
      await sys.print('into 0 bytes:', await received(sys.msgrcv(id, 0, 0)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'qnum 2 cbytes 0\nreceived: 4:""\ninto 0 bytes: 4:""\n' } },
});

// ---------------------------------------------------------------------------------------------
// msgsnd: capacity (msg_qbytes limits bytes and the number of messages)

export const two_max_messages_fill = defineScenario({
  name: 'msg-two-max-messages-fill-the-queue',
  description: 'two 8192-byte messages fill a default queue (16384 bytes); a third send of even ' +
    'one byte with IPC_NOWAIT is EAGAIN. facts §1.13',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.print('first:', await outcome(sys.msgsnd(id, 1, bytes(8192), NOWAIT)));
      await sys.print('second:', await outcome(sys.msgsnd(id, 1, bytes(8192), NOWAIT)));
      await sys.print('1 more byte:', await outcome(sys.msgsnd(id, 1, 'x', NOWAIT)));
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'cbytes', ds.msg_cbytes);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'first: ok\nsecond: ok\n1 more byte: EAGAIN\nqnum 2 cbytes 16384\n' } },
});

export const zero_bytes_fit_full_queue = defineScenario({
  name: 'msg-zero-length-fits-a-byte-full-queue',
  description: 'a 0-byte message still fits a queue whose bytes are used up, while msg_qnum < ' +
    'msg_qbytes. facts §1.14',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, bytes(8192));
      await sys.msgsnd(id, 1, bytes(8192));
      await sys.print('0 bytes:', await outcome(sys.msgsnd(id, 2, '', NOWAIT)));
      await sys.print('1 byte:', await outcome(sys.msgsnd(id, 2, 'x', NOWAIT)));
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: '0 bytes: ok\n1 byte: EAGAIN\nqnum 3\n' } },
});

export const qbytes_limits_count = defineScenario({
  name: 'msg-qbytes-limits-the-message-count',
  description: 'msg_qbytes also caps the number of messages (qnum + 1 <= qbytes): with msg_qbytes ' +
    '5, five 0-byte messages fit and the sixth is EAGAIN. facts §1.15; man 2 msgop',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 5 });
      const results: string[] = [];
      for (let i = 0; i < 6; i++) results.push(await outcome(sys.msgsnd(id, 1, '', NOWAIT)));
      await sys.print(results.join(' '));
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'ok ok ok ok ok EAGAIN\nqnum 5\n' } },
});

export const qbytes_below_cbytes = defineScenario({
  name: 'msg-qbytes-set-below-cbytes',
  description: 'IPC_SET may set msg_qbytes below msg_cbytes: queued messages stay, sends fail until ' +
    'room is made; msg_qbytes 0 makes every send, even of 0 bytes, find the queue full. facts §1.17',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, bytes(100));
      await sys.print('set qbytes 10:', await outcome(sys.msgctl(id, IPC_SET, { msg_qbytes: 10 })));
      let ds = await stat(sys, id);
      await sys.print('qbytes', ds.msg_qbytes, 'cbytes', ds.msg_cbytes, 'qnum', ds.msg_qnum);
      await sys.print('send 1 byte:', await outcome(sys.msgsnd(id, 1, 'x', NOWAIT)));
      await sys.print('receive:', (await sys.msgrcv(id, 200, 0)).data.length);
      await sys.print('send 1 byte now:', await outcome(sys.msgsnd(id, 1, 'x', NOWAIT)));
      await sys.print('set qbytes 0:', await outcome(sys.msgctl(id, IPC_SET, { msg_qbytes: 0 })));
      await sys.msgrcv(id, 10, 0);
      await sys.print('send 0 bytes to an empty queue:', await outcome(sys.msgsnd(id, 1, '', NOWAIT)));
      ds = await stat(sys, id);
      await sys.print('qbytes', ds.msg_qbytes, 'qnum', ds.msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'set qbytes 10: ok\nqbytes 10 cbytes 100 qnum 1\nsend 1 byte: EAGAIN\nreceive: 100\n' +
        'send 1 byte now: ok\nset qbytes 0: ok\nsend 0 bytes to an empty queue: EAGAIN\nqbytes 0 qnum 0\n',
    },
  },
});

export const msgsnd_stats = defineScenario({
  name: 'msgsnd-updates-stime-lspid-qnum-cbytes',
  description: 'a send sets msg_lspid (the sender) and msg_stime (now), adds to msg_qnum and ' +
    'msg_cbytes, and leaves msg_ctime alone. facts §1.18',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const before = await stat(sys, id);
      await sys.msgsnd(id, 1, 'hello');
      const child = await sys.fork('sender', { id });
      await sys.waitpid(child);
      const ds = await stat(sys, id);
      const now = await sys.time();
      await sys.print('qnum', ds.msg_qnum, 'cbytes', ds.msg_cbytes);
      await sys.print('lspid is the last sender:', ds.msg_lspid === child);
      await sys.print('stime is now:', ds.msg_stime >= before.msg_ctime && Math.abs(ds.msg_stime - now) <= 2);
      await sys.print('ctime unchanged:', ds.msg_ctime === before.msg_ctime);
      await sys.print('rtime', ds.msg_rtime, 'lrpid', ds.msg_lrpid);
      await sys.msgctl(id, IPC_RMID);
    },
    async sender(sys, { id }: { id: number }) {
      await sys.msgsnd(id, 2, 'world!');
    },
  },
  expect: {
    output: {
      main: 'qnum 2 cbytes 11\nlspid is the last sender: true\nstime is now: true\nctime unchanged: true\n' +
        'rtime 0 lrpid 0\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// msgrcv: arguments and selection

export const msgrcv_returns_type_and_text = defineScenario({
  name: 'msgrcv-returns-type-and-text',
  description: 'msgrcv returns the bytes of text copied and the message type. facts §1.26',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 42, 'the answer');
      const m = await sys.msgrcv(id, 64, 0);
      await sys.print('mtype', m.mtype, 'length', m.data.length, 'text', new TextDecoder().decode(m.data));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'mtype 42 length 10 text the answer\n' } },
});

export const msgrcv_size_above_msgmax = defineScenario({
  name: 'msgrcv-msgsz-above-msgmax-accepted',
  description: 'msgrcv accepts a msgsz larger than MSGMAX (8193, 100000); a negative msgsz and a ' +
    'negative or stale msqid are EINVAL. facts §1.25; man 2 msgop',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, 'a');
      await sys.msgsnd(id, 1, 'b');
      await sys.print('msgsz 8193:', await received(sys.msgrcv(id, 8193, 0, NOWAIT)));
      await sys.print('msgsz 100000:', await received(sys.msgrcv(id, 100000, 0, NOWAIT)));
      await sys.print('msgsz -1:', await received(sys.msgrcv(id, -1, 0, NOWAIT)));
      await sys.print('msqid -1:', await received(sys.msgrcv(-1, 10, 0, NOWAIT)));
      await sys.print('id + 32768:', await received(sys.msgrcv(id + 32768, 10, 0, NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'msgsz 8193: 1:"a"\nmsgsz 100000: 1:"b"\nmsgsz -1: EINVAL\nmsqid -1: EINVAL\nid + 32768: EINVAL\n',
    },
  },
});

export const msgrcv_type_zero = defineScenario({
  name: 'msgrcv-type-0-takes-the-oldest',
  description: 'msgtyp 0 takes the first (oldest) message, whatever its type; an empty queue with ' +
    'IPC_NOWAIT is ENOMSG. facts §1.27',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      for (const [t, s] of [[9, 'nine'], [2, 'two'], [5, 'five']] as const) await sys.msgsnd(id, t, s);
      const got: string[] = [];
      for (let i = 0; i < 4; i++) got.push(await received(sys.msgrcv(id, 10, 0, NOWAIT)));
      await sys.print(got.join(' '));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: '9:"nine" 2:"two" 5:"five" ENOMSG\n' } },
});

export const msgrcv_type_positive = defineScenario({
  name: 'msgrcv-type-positive-takes-the-first-of-that-type',
  description: 'msgtyp > 0 takes the oldest message of exactly that type. man 2 msgop; facts §1.27',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      for (const [t, s] of [[1, 'a'], [2, 'b'], [1, 'c'], [2, 'd']] as const) await sys.msgsnd(id, t, s);
      const got: string[] = [];
      for (let i = 0; i < 3; i++) got.push(await received(sys.msgrcv(id, 10, 2, NOWAIT)));
      got.push(await received(sys.msgrcv(id, 10, 1, NOWAIT)));
      await sys.print(got.join(' '));
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: '2:"b" 2:"d" ENOMSG 1:"a"\nqnum 1\n' } },
});

export const msgrcv_except = defineScenario({
  name: 'msgrcv-msg-except',
  description: 'msgtyp > 0 with MSG_EXCEPT takes the oldest message whose type differs; ENOMSG when ' +
    'every message has that type. facts §1.29',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      for (const [t, s] of [[3, 'a'], [3, 'b'], [4, 'c'], [5, 'd']] as const) await sys.msgsnd(id, t, s);
      const got: string[] = [];
      for (let i = 0; i < 3; i++) got.push(await received(sys.msgrcv(id, 10, 3, MSG_EXCEPT | NOWAIT)));
      await sys.print(got.join(' '));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: '4:"c" 5:"d" ENOMSG\n' } },
});

export const msgrcv_type_negative = defineScenario({
  name: 'msgrcv-type-negative-lowest-type-first',
  description: 'msgtyp < 0 takes, among messages of type <= |msgtyp|, the one of lowest type, the ' +
    'oldest among equals: on [5,3,7,3,1,9], -4 gives 1, then the first 3, then the second 3. ' +
    'facts §1.30',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const types = [5, 3, 7, 3, 1, 9];
      for (let i = 0; i < types.length; i++) await sys.msgsnd(id, types[i], `m${i}`);
      const got: string[] = [];
      for (let i = 0; i < 4; i++) got.push(await received(sys.msgrcv(id, 10, -4, NOWAIT)));
      await sys.print(got.join(' '));
      await sys.print('then -9:', await received(sys.msgrcv(id, 10, -9, NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: '1:"m4" 3:"m1" 3:"m3" ENOMSG\nthen -9: 5:"m0"\n' } },
});

export const msg_except_ignored = defineScenario({
  name: 'msgrcv-msg-except-ignored-for-type-0-or-negative',
  description: 'MSG_EXCEPT is ignored when msgtyp <= 0: 0|MSG_EXCEPT takes the oldest message; ' +
    '-2|MSG_EXCEPT on a queue of types above 2 is ENOMSG. facts §1.31',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 4, 'four');
      await sys.msgsnd(id, 3, 'three');
      await sys.msgsnd(id, 6, 'six');
      await sys.print('-2|MSG_EXCEPT:', await received(sys.msgrcv(id, 10, -2, MSG_EXCEPT | NOWAIT)));
      await sys.print('0|MSG_EXCEPT:', await received(sys.msgrcv(id, 10, 0, MSG_EXCEPT | NOWAIT)));
      await sys.print('-5|MSG_EXCEPT:', await received(sys.msgrcv(id, 10, -5, MSG_EXCEPT | NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: '-2|MSG_EXCEPT: ENOMSG\n0|MSG_EXCEPT: 4:"four"\n-5|MSG_EXCEPT: 3:"three"\n' } },
});

export const long_types = defineScenario({
  name: 'msg-types-are-64-bit-longs',
  description: 'mtype and msgtyp are longs: types beyond 2^53 and up to LONG_MAX keep every bit ' +
    '(bigints), and msgtyp LONG_MIN selects like LONG_MAX. man 2 msgop; ipc/msg.c convert_mode',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const big = 2n ** 62n + 1n;
      await sys.msgsnd(id, big, 'big');
      await sys.msgsnd(id, 2n ** 63n - 1n, 'max');
      await sys.msgsnd(id, 2 ** 40, 'mid');
      await sys.print('type 2^62+1:', await received(sys.msgrcv(id, 10, big, NOWAIT)));
      await sys.print('type 2^62 (none):', await received(sys.msgrcv(id, 10, 2n ** 62n, NOWAIT)));
      await sys.print('LONG_MIN:', await received(sys.msgrcv(id, 10, -(2n ** 63n), NOWAIT)));
      const m = await sys.msgrcv(id, 10, 0, NOWAIT);
      await sys.print('last is a bigint:', typeof m.mtype, String(m.mtype));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'type 2^62+1: 4611686018427387905:"big"\ntype 2^62 (none): ENOMSG\n' +
        'LONG_MIN: 1099511627776:"mid"\nlast is a bigint: bigint 9223372036854775807\n',
    },
  },
});

export const e2big_first_match_only = defineScenario({
  name: 'msgrcv-e2big-on-the-first-match',
  description: 'only the first matching message is considered: longer than msgsz (no MSG_NOERROR) ' +
    'is E2BIG, even if a later match would fit; the message stays and msg_qnum, msg_lrpid and ' +
    'msg_rtime do not change. facts §1.33, §1.34',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, 'a long message');
      await sys.msgsnd(id, 1, 'short');
      await sys.print('msgsz 6:', await received(sys.msgrcv(id, 6, 1, NOWAIT)));
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'lrpid', ds.msg_lrpid, 'rtime', ds.msg_rtime);
      await sys.print('msgsz 14:', await received(sys.msgrcv(id, 14, 1, NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'msgsz 6: E2BIG\nqnum 2 lrpid 0 rtime 0\nmsgsz 14: 1:"a long message"\n' } },
});

export const msg_noerror = defineScenario({
  name: 'msgrcv-msg-noerror-truncates',
  description: 'MSG_NOERROR copies msgsz bytes, returns msgsz, discards the rest and removes the ' +
    'message (qnum - 1, cbytes - its full size). facts §1.35',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 7, 'abcdefghij');
      await sys.msgsnd(id, 7, 'xyz');
      await sys.print('msgsz 4:', await received(sys.msgrcv(id, 4, 0, MSG_NOERROR)));
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'cbytes', ds.msg_cbytes);
      await sys.print('msgsz 0:', await received(sys.msgrcv(id, 0, 0, MSG_NOERROR)));
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'msgsz 4: 7:"abcd"\nqnum 1 cbytes 3\nmsgsz 0: 7:""\nqnum 0\n' } },
});

export const msgrcv_stats = defineScenario({
  name: 'msgrcv-updates-rtime-lrpid-qnum-cbytes',
  description: 'a receive sets msg_lrpid (the receiver) and msg_rtime (now), takes from msg_qnum ' +
    'and msg_cbytes, and leaves msg_ctime, msg_stime and msg_lspid alone. facts §1.38',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, 'one');
      await sys.msgsnd(id, 1, 'three');
      const before = await stat(sys, id);
      const child = await sys.fork('receiver', { id });
      await sys.waitpid(child);
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'cbytes', ds.msg_cbytes);
      await sys.print('lrpid is the receiver:', ds.msg_lrpid === child);
      await sys.print('rtime is now:', Math.abs(ds.msg_rtime - await sys.time()) <= 2);
      await sys.print('unchanged:', ds.msg_ctime === before.msg_ctime && ds.msg_stime === before.msg_stime &&
        ds.msg_lspid === before.msg_lspid);
      await sys.msgctl(id, IPC_RMID);
    },
    async receiver(sys, { id }: { id: number }) {
      await sys.msgrcv(id, 10, 0);
    },
  },
  expect: {
    output: { main: 'qnum 1 cbytes 5\nlrpid is the receiver: true\nrtime is now: true\nunchanged: true\n' },
  },
});

// ---------------------------------------------------------------------------------------------
// MSG_COPY

export const msg_copy_peeks = defineScenario({
  name: 'msgrcv-msg-copy-peeks-by-position',
  description: 'MSG_COPY|IPC_NOWAIT: msgtyp is a 0-based position over all messages, whatever ' +
    'their type; the call returns a copy and leaves the queue, msg_qnum, msg_rtime and msg_lrpid ' +
    'as they were. facts §1.49',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 8, 'first');
      await sys.msgsnd(id, 3, 'second');
      await sys.msgsnd(id, 8, 'third');
      const got: string[] = [];
      for (const pos of [0, 1, 2, 1]) got.push(await received(sys.msgrcv(id, 64, pos, MSG_COPY | NOWAIT)));
      await sys.print(got.join(' '));
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'rtime', ds.msg_rtime, 'lrpid', ds.msg_lrpid);
      await sys.print('then a real receive:', await received(sys.msgrcv(id, 64, 0)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: '8:"first" 3:"second" 8:"third" 3:"second"\nqnum 3 rtime 0 lrpid 0\nthen a real receive: 8:"first"\n',
    },
  },
});

export const msg_copy_invalid = defineScenario({
  name: 'msgrcv-msg-copy-einval',
  description: 'MSG_COPY without IPC_NOWAIT, or with MSG_EXCEPT, is EINVAL (before the queue is ' +
    'looked up). facts §1.50',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, 'x');
      await sys.print('without IPC_NOWAIT:', await received(sys.msgrcv(id, 10, 0, MSG_COPY)));
      await sys.print('with MSG_EXCEPT:', await received(sys.msgrcv(id, 10, 0, MSG_COPY | MSG_EXCEPT | NOWAIT)));
      await sys.print('on msqid -1 without IPC_NOWAIT:', await received(sys.msgrcv(-1, 10, 0, MSG_COPY)));
      await sys.print('on a stale id:', await received(sys.msgrcv(id + 32768, 10, 0, MSG_COPY | NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'without IPC_NOWAIT: EINVAL\nwith MSG_EXCEPT: EINVAL\non msqid -1 without IPC_NOWAIT: EINVAL\n' +
        'on a stale id: EINVAL\n',
    },
  },
});

export const msg_copy_position_range = defineScenario({
  name: 'msgrcv-msg-copy-position-out-of-range',
  description: 'MSG_COPY with a position >= msg_qnum, or negative, is ENOMSG. facts §1.51',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, 'a');
      await sys.msgsnd(id, 1, 'b');
      for (const pos of [2, 100, -1]) {
        await sys.print(`position ${pos}:`, await received(sys.msgrcv(id, 10, pos, MSG_COPY | NOWAIT)));
      }
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'position 2: ENOMSG\nposition 100: ENOMSG\nposition -1: ENOMSG\n' } },
});

export const msg_copy_small_buffer = defineScenario({
  name: 'msgrcv-msg-copy-small-buffer',
  description: 'MSG_COPY of a message longer than msgsz: E2BIG without MSG_NOERROR, and EINVAL with ' +
    'it (the copy must take the whole text: ipc/msgutil.c copy_msg); the message stays. man 2 msgop',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, 'twelve bytes');
      await sys.print('msgsz 5:', await received(sys.msgrcv(id, 5, 0, MSG_COPY | NOWAIT)));
      await sys.print('msgsz 5 MSG_NOERROR:', await received(sys.msgrcv(id, 5, 0, MSG_COPY | MSG_NOERROR | NOWAIT)));
      await sys.print('msgsz 12:', await received(sys.msgrcv(id, 12, 0, MSG_COPY | NOWAIT)));
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: { main: 'msgsz 5: E2BIG\nmsgsz 5 MSG_NOERROR: EINVAL\nmsgsz 12: 1:"twelve bytes"\nqnum 1\n' },
  },
});

export const msg_copy_empty = defineScenario({
  name: 'msgrcv-msg-copy-empty-queue',
  description: 'MSG_COPY|IPC_NOWAIT on an empty queue is ENOMSG; MSG_COPY with msgsz above MSGMAX ' +
    'is fine. facts §1.49, §1.51',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.print('empty:', await received(sys.msgrcv(id, 10, 0, MSG_COPY | NOWAIT)));
      await sys.msgsnd(id, 2, 'z');
      await sys.print('msgsz 100000:', await received(sys.msgrcv(id, 100000, 0, MSG_COPY | NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'empty: ENOMSG\nmsgsz 100000: 2:"z"\n' } },
});

// ---------------------------------------------------------------------------------------------
// Blocking receivers: the direct hand-off (pipelined_send)

interface SleeperArgs { id: number; ready: number; msgsz?: number; msgtyp?: number; flags?: number }

/** A child that says it is ready, then sleeps in msgrcv and prints what it gets. */
async function sleeper(sys: import('ipcsim').Sys, a: SleeperArgs): Promise<void> {
  await signalReady(sys, a.ready);
  await sys.print('got', await received(sys.msgrcv(a.id, a.msgsz ?? 100, a.msgtyp ?? 0, a.flags ?? 0)));
}

async function startSleeper(sys: import('ipcsim').Sys, args: Omit<SleeperArgs, 'ready'>): Promise<number> {
  const [r, w] = await sys.pipe();
  const child = await sys.fork('sleeper', { ...args, ready: w });
  await awaitReady(sys, r);
  await sys.close(r);
  await sys.close(w);
  return child;
}

export const blocking_receive = defineScenario({
  name: 'msgrcv-blocks-until-a-message-comes',
  description: 'msgrcv on an empty queue without IPC_NOWAIT sleeps, and returns the message a ' +
    'later send brings. man 2 msgop',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await startSleeper(sys, { id });
      await sys.msgsnd(id, 5, 'wake up');
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: { output: { 'main.1': 'got 5:"wake up"\n' } },
});

export const pipelined_send = defineScenario({
  name: 'msgsnd-hands-off-to-a-sleeping-receiver',
  description: 'a sleeping receiver gets the message directly: msg_qnum and msg_cbytes never ' +
    'change, and the sender\'s call sets msg_lspid and msg_stime, and msg_lrpid (the receiver) and ' +
    'msg_rtime. facts §1.43',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await startSleeper(sys, { id });
      await sys.msgsnd(id, 1, 'direct');
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'cbytes', ds.msg_cbytes);
      await sys.print('lspid is the sender:', ds.msg_lspid === await sys.getpid(), 'stime set:', ds.msg_stime > 0);
      await sys.print('lrpid is the receiver:', ds.msg_lrpid === child, 'rtime set:', ds.msg_rtime > 0);
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: {
    output: {
      main: 'qnum 0 cbytes 0\nlspid is the sender: true stime set: true\nlrpid is the receiver: true rtime set: true\n',
      'main.1': 'got 1:"direct"\n',
    },
  },
});

export const typed_sleeper = defineScenario({
  name: 'msgrcv-typed-sleeper-lets-other-types-queue',
  description: 'messages of another type sent while a typed receiver sleeps are queued as usual; ' +
    'the matching one goes to the sleeper. facts §1.45',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await startSleeper(sys, { id, msgtyp: 2 });
      await sys.msgsnd(id, 1, 'other');
      await sys.print('after type 1: qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgsnd(id, 2, 'mine');
      await sys.print('after type 2: qnum', (await stat(sys, id)).msg_qnum);
      await sys.waitpid(child);
      await sys.print('left:', await received(sys.msgrcv(id, 10, 0, NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: {
    output: {
      main: 'after type 1: qnum 1\nafter type 2: qnum 1\nleft: 1:"other"\n',
      'main.1': 'got 2:"mine"\n',
    },
  },
});

export const negative_sleeper_first_arrival = defineScenario({
  name: 'msgrcv-negative-type-sleeper-takes-the-first-arrival',
  description: 'a sleeping receiver with msgtyp < 0 takes the first arriving message of type <= ' +
    '|msgtyp|, not the lowest of later arrivals (types 3 then 1: it gets 3). facts §1.46',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await startSleeper(sys, { id, msgtyp: -5 });
      await sys.msgsnd(id, 7, 'too high');
      await sys.msgsnd(id, 3, 'three');
      await sys.msgsnd(id, 1, 'one');
      await sys.waitpid(child);
      const left: string[] = [];
      for (let i = 0; i < 3; i++) left.push(await received(sys.msgrcv(id, 10, 0, NOWAIT)));
      await sys.print('left:', left.join(' '));
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: {
    output: { main: 'left: 7:"too high" 1:"one" ENOMSG\n', 'main.1': 'got 3:"three"\n' },
  },
});

export const sleeper_too_small = defineScenario({
  name: 'msgrcv-sleeper-with-small-buffer-gets-e2big',
  description: 'a sleeping receiver whose msgsz is too small (no MSG_NOERROR) is woken with E2BIG ' +
    'when a matching message comes; the message is queued (msg_qnum 1, msg_lrpid stays 0). ' +
    'facts §1.47',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await startSleeper(sys, { id, msgsz: 3 });
      await sys.msgsnd(id, 1, 'too long');
      await sys.waitpid(child);
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'lrpid', ds.msg_lrpid);
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: { output: { main: 'qnum 1 lrpid 0\n', 'main.1': 'got E2BIG\n' } },
});

export const sleeper_noerror = defineScenario({
  name: 'msgrcv-sleeper-with-msg-noerror-takes-it-truncated',
  description: 'a sleeping receiver with MSG_NOERROR and a small msgsz takes the message, cut to ' +
    'msgsz bytes; nothing is queued. facts §1.47',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await startSleeper(sys, { id, msgsz: 3, flags: MSG_NOERROR });
      await sys.msgsnd(id, 1, 'too long');
      await sys.waitpid(child);
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: { output: { main: 'qnum 0\n', 'main.1': 'got 1:"too"\n' } },
});

export const e2big_sleeper_passes_on = defineScenario({
  name: 'msgsnd-passes-a-message-past-a-too-small-sleeper',
  description: 'a message too long for the first sleeping receiver wakes it with E2BIG and goes ' +
    'to the next suitable sleeper. ipc/msg.c pipelined_send; facts §1.47',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const small = await startSleeper(sys, { id, msgsz: 2 });
      const large = await startSleeper(sys, { id, msgsz: 100 });
      await sys.msgsnd(id, 1, 'hello');
      await sys.waitpid(small);
      await sys.waitpid(large);
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: { output: { main: 'qnum 0\n', 'main.1': 'got E2BIG\n', 'main.2': 'got 1:"hello"\n' } },
});

export const sleepers_in_order = defineScenario({
  name: 'msgrcv-sleepers-served-in-arrival-order',
  description: 'receivers sleeping for any type are given messages in the order they went to ' +
    'sleep (q_receivers is a FIFO). ipc/msg.c pipelined_send',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const first = await startSleeper(sys, { id });
      const second = await startSleeper(sys, { id });
      await sys.msgsnd(id, 1, 'one');
      await sys.waitpid(first);
      await sys.msgsnd(id, 2, 'two');
      await sys.waitpid(second);
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: { output: { 'main.1': 'got 1:"one"\n', 'main.2': 'got 2:"two"\n' } },
});

// ---------------------------------------------------------------------------------------------
// Blocking senders

export const blocking_send = defineScenario({
  name: 'msgsnd-blocks-on-a-full-queue',
  description: 'a send to a full queue without IPC_NOWAIT sleeps, and completes when a receive ' +
    'frees enough room. facts §1.19',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, bytes(8192));
      await sys.msgsnd(id, 1, bytes(8192));
      const [r, w] = await sys.pipe();
      const child = await sys.fork('sender', { id, ready: w });
      await awaitReady(sys, r);
      await sys.print('still 2 messages:', (await stat(sys, id)).msg_qnum === 2);
      await sys.msgrcv(id, 8192, 0);
      const st = await sys.waitpid(child);
      await sys.print('sender exited', st.code);
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'cbytes', ds.msg_cbytes, 'lspid is the child:', ds.msg_lspid === child);
      await sys.msgctl(id, IPC_RMID);
    },
    async sender(sys, { id, ready }: { id: number; ready: number }) {
      await signalReady(sys, ready);
      await sys.msgsnd(id, 2, 'late');
      await sys.print('sent');
    },
  },
  expect: {
    output: {
      main: 'still 2 messages: true\nsender exited 0\nqnum 2 cbytes 8196 lspid is the child: true\n',
      'main.1': 'sent\n',
    },
  },
});

export const ipc_set_wakes_sender = defineScenario({
  name: 'msgctl-ipc-set-raising-qbytes-wakes-a-sender',
  description: 'a sender sleeping on a full queue completes when IPC_SET gives the queue more ' +
    'room (msgctl_down wakes the senders that now fit). ipc/msg.c ss_wakeup',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 10 });
      await sys.msgsnd(id, 1, bytes(10));
      const [r, w] = await sys.pipe();
      const child = await sys.fork('sender', { id, ready: w });
      await awaitReady(sys, r);
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 100 });
      await sys.waitpid(child);
      const ds = await stat(sys, id);
      await sys.print('qnum', ds.msg_qnum, 'cbytes', ds.msg_cbytes);
      await sys.msgctl(id, IPC_RMID);
    },
    async sender(sys, { id, ready }: { id: number; ready: number }) {
      await signalReady(sys, ready);
      await sys.print('send:', await outcome(sys.msgsnd(id, 1, bytes(20))));
    },
  },
  expect: { output: { main: 'qnum 2 cbytes 30\n', 'main.1': 'send: ok\n' } },
});

// ---------------------------------------------------------------------------------------------
// Removal

export const rmid_wakes_receiver = defineScenario({
  name: 'msgctl-ipc-rmid-wakes-a-receiver-with-eidrm',
  description: 'a receiver asleep on a queue that is removed fails with EIDRM. facts §1.41, §1.58',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await startSleeper(sys, { id });
      await sys.msgctl(id, IPC_RMID);
      await sys.waitpid(child);
    },
    sleeper,
  },
  expect: { output: { 'main.1': 'got EIDRM\n' } },
});

export const rmid_wakes_sender = defineScenario({
  name: 'msgctl-ipc-rmid-wakes-a-sender-with-eidrm',
  description: 'a sender asleep on a full queue that is removed fails with EIDRM. facts §1.21',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 1 });
      await sys.msgsnd(id, 1, 'x');
      const [r, w] = await sys.pipe();
      const child = await sys.fork('sender', { id, ready: w });
      await awaitReady(sys, r);
      await sys.msgctl(id, IPC_RMID);
      await sys.waitpid(child);
    },
    async sender(sys, { id, ready }: { id: number; ready: number }) {
      await signalReady(sys, ready);
      await sys.print('send:', await outcome(sys.msgsnd(id, 1, 'y')));
    },
  },
  expect: { output: { 'main.1': 'send: EIDRM\n' } },
});

export const after_rmid = defineScenario({
  name: 'msgctl-after-ipc-rmid-everything-is-einval',
  description: 'IPC_RMID is immediate: later calls on the id get EINVAL (not EIDRM), and so does a ' +
    'second IPC_RMID. facts §1.58, §0.11',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, 'lost');
      await sys.print('rmid:', await outcome(sys.msgctl(id, IPC_RMID)));
      await sys.print('msgsnd:', await outcome(sys.msgsnd(id, 1, 'x', NOWAIT)));
      await sys.print('msgrcv:', await received(sys.msgrcv(id, 10, 0, NOWAIT)));
      await sys.print('IPC_STAT:', await outcome(sys.msgctl(id, IPC_STAT)));
      await sys.print('IPC_SET:', await outcome(sys.msgctl(id, IPC_SET, { msg_qbytes: 100 })));
      await sys.print('rmid again:', await outcome(sys.msgctl(id, IPC_RMID)));
    },
  },
  expect: {
    output: {
      main: 'rmid: ok\nmsgsnd: EINVAL\nmsgrcv: EINVAL\nIPC_STAT: EINVAL\nIPC_SET: EINVAL\nrmid again: EINVAL\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// msgctl

export const ipc_set_fields = defineScenario({
  name: 'msgctl-ipc-set-changes-mode-uid-gid-qbytes',
  description: 'IPC_SET sets the low 9 mode bits, uid, gid and msg_qbytes, and msg_ctime; cuid and ' +
    'cgid stay; send and receive leave msg_ctime alone. facts §1.55',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const before = await stat(sys, id);
      await sys.sleep(1100);
      await sys.msgctl(id, IPC_SET, { msg_perm: { uid: 4321, gid: 8765, mode: 0o7644 }, msg_qbytes: 1000 });
      const ds = await stat(sys, id);
      const p = ds.msg_perm;
      await sys.print('uid', p.uid, 'gid', p.gid, 'mode', octal(p.mode), 'qbytes', ds.msg_qbytes);
      await sys.print('cuid, cgid unchanged:', p.cuid === before.msg_perm.cuid && p.cgid === before.msg_perm.cgid);
      await sys.print('ctime moved on:', ds.msg_ctime > before.msg_ctime);
      await sys.msgsnd(id, 1, 'x');
      await sys.msgrcv(id, 1, 0);
      await sys.print('send and receive keep ctime:', (await stat(sys, id)).msg_ctime === ds.msg_ctime);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'uid 4321 gid 8765 mode 0o644 qbytes 1000\ncuid, cgid unchanged: true\nctime moved on: true\n' +
        'send and receive keep ctime: true\n',
    },
  },
});

export const ipc_set_partial = defineScenario({
  name: 'msgctl-ipc-set-partial-keeps-the-rest',
  description: 'IPC_SET given only some fields keeps the others; a whole struct from IPC_STAT works ' +
    'too. API.md (msgctl)',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o640);
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 2000 });
      let ds = await stat(sys, id);
      await sys.print('mode', octal(ds.msg_perm.mode), 'qbytes', ds.msg_qbytes);
      await sys.msgctl(id, IPC_SET, { msg_perm: { mode: 0o600 } });
      ds = await stat(sys, id);
      await sys.print('mode', octal(ds.msg_perm.mode), 'qbytes', ds.msg_qbytes);
      ds.msg_qbytes = 3000;
      await sys.msgctl(id, IPC_SET, ds);
      ds = await stat(sys, id);
      await sys.print('mode', octal(ds.msg_perm.mode), 'qbytes', ds.msg_qbytes);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'mode 0o640 qbytes 2000\nmode 0o600 qbytes 2000\nmode 0o600 qbytes 3000\n' } },
});

export const ipc_set_invalid_ids = defineScenario({
  name: 'msgctl-ipc-set-uid-minus-one-einval',
  description: 'IPC_SET with uid or gid (uid_t)-1 is EINVAL and changes nothing; other ids, even ' +
    'above 2^31, are taken. ipc/util.c ipc_update_perm',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.print('uid -1:', await outcome(sys.msgctl(id, IPC_SET, { msg_perm: { uid: -1 }, msg_qbytes: 99 })));
      await sys.print('gid 4294967295:', await outcome(sys.msgctl(id, IPC_SET, { msg_perm: { gid: 4294967295 } })));
      await sys.print('qbytes unchanged:', (await stat(sys, id)).msg_qbytes === 16384);
      await sys.print('gid 4294967294:', await outcome(sys.msgctl(id, IPC_SET, { msg_perm: { gid: 4294967294 } })));
      await sys.print('gid', (await stat(sys, id)).msg_perm.gid);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'uid -1: EINVAL\ngid 4294967295: EINVAL\nqbytes unchanged: true\ngid 4294967294: ok\ngid 4294967294\n',
    },
  },
});

export const ipc_set_needs_buffer = defineScenario({
  name: 'msgctl-ipc-set-without-a-buffer-efault',
  description: 'IPC_SET without a buffer is EFAULT, found before the id is looked up (only a ' +
    'negative id or cmd comes first). ipc/msg.c ksys_msgctl',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.print('no buffer:', await outcome(sys.msgctl(id, IPC_SET)));
      await sys.print('no buffer, stale id:', await outcome(sys.msgctl(id + 32768, IPC_SET)));
      await sys.print('no buffer, id -1:', await outcome(sys.msgctl(-1, IPC_SET)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'no buffer: EFAULT\nno buffer, stale id: EFAULT\nno buffer, id -1: EINVAL\n' } },
});

export const bad_commands = defineScenario({
  name: 'msgctl-unknown-command-einval',
  description: 'an unknown cmd (99), a negative one, or IPC_STAT with the IPC_64 flag (0x100) is ' +
    'EINVAL on x86_64; so is a negative msqid with IPC_STAT. facts §0.14',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      for (const [what, cmd] of [['99', 99], ['-1', -1], ['IPC_STAT|IPC_64', IPC_STAT | 0x100]] as const) {
        await sys.print(`cmd ${what}:`, await outcome(sys.msgctl(id, cmd)));
      }
      await sys.print('IPC_STAT on -1:', await outcome(sys.msgctl(-1, IPC_STAT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: { main: 'cmd 99: EINVAL\ncmd -1: EINVAL\ncmd IPC_STAT|IPC_64: EINVAL\nIPC_STAT on -1: EINVAL\n' },
  },
});

export const msg_stat_by_index = defineScenario({
  name: 'msgctl-msg-stat-takes-an-index',
  description: 'MSG_STAT and MSG_STAT_ANY take the index part of an id (the id works too) and ' +
    'return the full id with the msqid_ds; __seq is the id\'s sequence part. man 2 msgctl; facts §0.9',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const index = id & 0x7fff;
      const byIndex = await sys.msgctl(index, MSG_STAT);
      const byId = await sys.msgctl(id, MSG_STAT);
      const any = await sys.msgctl(index, MSG_STAT_ANY);
      await sys.print('MSG_STAT(index) gives the id:', byIndex.msqid === id);
      await sys.print('MSG_STAT(id) gives the id:', byId.msqid === id, 'MSG_STAT_ANY too:', any.msqid === id);
      await sys.print('__seq is id >> 15:', byIndex.msg_perm.__seq === ((id >> 15) & 0xffff));
      await sys.print('MSG_STAT(id + 32768) gives the id:', (await sys.msgctl(id + 32768, MSG_STAT)).msqid === id);
      await sys.print('IPC_STAT(id + 32768):', await outcome(sys.msgctl(id + 32768, IPC_STAT)));
      await sys.msgctl(id, IPC_RMID);
      await sys.print('MSG_STAT after removal:', await outcome(sys.msgctl(index, MSG_STAT)));
    },
  },
  expect: {
    output: {
      main: 'MSG_STAT(index) gives the id: true\nMSG_STAT(id) gives the id: true MSG_STAT_ANY too: true\n' +
        '__seq is id >> 15: true\nMSG_STAT(id + 32768) gives the id: true\nIPC_STAT(id + 32768): EINVAL\n' +
        'MSG_STAT after removal: EINVAL\n',
    },
  },
});

export const msg_info = defineScenario({
  name: 'msgctl-ipc-info-and-msg-info',
  description: 'IPC_INFO fills msginfo with the limits (msgmax 8192, msgmnb 16384, msgmni 32000, ' +
    'msgssz 16, msgseg 65535) and the constants msgpool 512000, msgmap and msgtql 16384; MSG_INFO ' +
    'gives the live counts instead (queues, messages, bytes of the whole system). Both return the ' +
    'highest index in use. facts §1 (limits), §0.13',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgsnd(id, 1, 'abc');
      const info = await sys.msgctl(0, IPC_INFO);
      await sys.print('IPC_INFO', info.msgpool, info.msgmap, info.msgmax, info.msgmnb, info.msgmni, info.msgssz,
        info.msgtql, info.msgseg);
      await sys.print('highest index >= ours:', info.max_idx >= (id & 0x7fff));
      const live = await sys.msgctl(id, MSG_INFO);
      await sys.print('MSG_INFO counts at least ours:', live.msgpool >= 1 && live.msgmap >= 1 && live.msgtql >= 3);
      await sys.print('MSG_INFO limits', live.msgmax, live.msgmnb, live.msgmni, live.msgssz, live.msgseg);
      await sys.print('highest index >= ours:', live.max_idx >= (id & 0x7fff));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'IPC_INFO 512000 16384 8192 16384 32000 16 16384 65535\nhighest index >= ours: true\n' +
        'MSG_INFO counts at least ours: true\nMSG_INFO limits 8192 16384 32000 16 65535\nhighest index >= ours: true\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Signals and sleeping calls (no handlers yet: default actions and SIG_IGN only)

export const killed_while_receiving = defineScenario({
  name: 'msgrcv-sleeper-killed-by-a-terminating-signal',
  description: 'a signal whose default action terminates kills a process asleep in msgrcv. ' +
    'facts §5.6',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await startSleeper(sys, { id });
      await sys.kill(child, 'SIGTERM');
      const st = await sys.waitpid(child);
      await sys.print('child', st.signal);
      await sys.print('send still works:', await outcome(sys.msgsnd(id, 1, 'x', NOWAIT)));
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: {
    output: { main: 'child SIGTERM\nsend still works: ok\nqnum 1\n', 'main.1': '' },
    exit: { main: { code: 0 }, 'main.1': { signal: 'SIGTERM' } },
  },
});

export const ignored_signal = defineScenario({
  name: 'msgrcv-ignored-signal-does-not-interrupt',
  description: 'a signal the sleeper ignores (SIG_IGN) does not interrupt msgrcv: it goes on ' +
    'sleeping and gets the next message. facts §5.5',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const [r, w] = await sys.pipe();
      const child = await sys.fork('ignorer', { id, ready: w });
      await awaitReady(sys, r);
      await sys.kill(child, 'SIGUSR1');
      await sys.sleep(100);
      await sys.msgsnd(id, 3, 'after the signal');
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_RMID);
    },
    async ignorer(sys, { id, ready }: { id: number; ready: number }) {
      await sys.sigaction('SIGUSR1', 'SIG_IGN');
      await signalReady(sys, ready);
      await sys.print('got', await received(sys.msgrcv(id, 100, 0)));
    },
  },
  expect: { output: { 'main.1': 'got 3:"after the signal"\n' } },
});

export const killed_while_sending = defineScenario({
  name: 'msgsnd-sleeper-killed-leaves-the-queue-as-it-was',
  description: 'a sender killed while asleep on a full queue sends nothing; the queue keeps its ' +
    'messages and takes new ones once there is room. ipc/msg.c do_msgsnd',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 4 });
      await sys.msgsnd(id, 1, 'full');
      const [r, w] = await sys.pipe();
      const child = await sys.fork('sender', { id, ready: w });
      await awaitReady(sys, r);
      await sys.kill(child, 'SIGKILL');
      await sys.print('child', (await sys.waitpid(child)).signal);
      await sys.msgrcv(id, 10, 0);
      await sys.print('qnum after receive', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
    async sender(sys, { id, ready }: { id: number; ready: number }) {
      await signalReady(sys, ready);
      await sys.msgsnd(id, 1, 'more');
    },
  },
  expect: {
    output: { main: 'child SIGKILL\nqnum after receive 0\n' },
    exit: { main: { code: 0 }, 'main.1': { signal: 'SIGKILL' } },
  },
});

// ---------------------------------------------------------------------------------------------
// Permissions (a second user: these cases start as root and drop to uid/gid 65534)

export const no_write_permission = defineScenario({
  name: 'msgsnd-without-write-permission-eacces',
  description: 'a send without write permission is EACCES, also with IPC_NOWAIT on a full queue ' +
    '(permission is checked before space). facts §1.10',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o644);
      const child = await sys.fork('nobody', { id });
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 0 });
      const again = await sys.fork('nobody', { id });
      await sys.waitpid(again);
      await sys.msgctl(id, IPC_RMID);
    },
    async nobody(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('msgsnd:', await outcome(sys.msgsnd(id, 1, 'x', NOWAIT)));
      await sys.print('msgrcv (read allowed):', await received(sys.msgrcv(id, 10, 0, NOWAIT)));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      'main.1': 'msgsnd: EACCES\nmsgrcv (read allowed): ENOMSG\n',
      'main.2': 'msgsnd: EACCES\nmsgrcv (read allowed): ENOMSG\n',
    },
  },
});

export const no_read_permission = defineScenario({
  name: 'msgrcv-without-read-permission-eacces',
  description: 'a receive without read permission is EACCES, checked before looking for messages: ' +
    'an empty queue with IPC_NOWAIT also gives EACCES. facts §1.37',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o622);
      const child = await sys.fork('nobody', { id });
      await sys.waitpid(child);
      await sys.print('root receives:', await received(sys.msgrcv(id, 20, 0, NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
    async nobody(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('empty, IPC_NOWAIT:', await received(sys.msgrcv(id, 10, 0, NOWAIT)));
      await sys.print('msgsnd (write allowed):', await outcome(sys.msgsnd(id, 6, 'from nobody')));
      await sys.print('with a message:', await received(sys.msgrcv(id, 10, 0, NOWAIT)));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      main: 'root receives: 6:"from nobody"\n',
      'main.1': 'empty, IPC_NOWAIT: EACCES\nmsgsnd (write allowed): ok\nwith a message: EACCES\n',
    },
  },
});

export const ipc_stat_needs_read = defineScenario({
  name: 'msgctl-ipc-stat-needs-read-permission',
  description: 'IPC_STAT and MSG_STAT need read permission, even for the owner of a mode-0200 ' +
    'queue; MSG_STAT_ANY does not, and returns the id; IPC_INFO needs none. facts §1.54, §1.59',
  programs: {
    async main(sys) {
      await becomeNobody(sys);
      const id = await sys.msgget(IPC_PRIVATE, 0o200);
      await sys.print('IPC_STAT:', await outcome(sys.msgctl(id, IPC_STAT)));
      await sys.print('MSG_STAT:', await outcome(sys.msgctl(id, MSG_STAT)));
      const any = await sys.msgctl(id, MSG_STAT_ANY);
      await sys.print('MSG_STAT_ANY gives the id:', any.msqid === id, 'mode', octal(any.msg_perm.mode));
      await sys.print('IPC_INFO:', await outcome(sys.msgctl(id, IPC_INFO)));
      await sys.print('owner removes it:', await outcome(sys.msgctl(id, IPC_RMID)));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      main: 'IPC_STAT: EACCES\nMSG_STAT: EACCES\nMSG_STAT_ANY gives the id: true mode 0o200\nIPC_INFO: ok\n' +
        'owner removes it: ok\n',
    },
  },
});

export const qbytes_above_msgmnb = defineScenario({
  name: 'msgctl-raising-qbytes-above-msgmnb-needs-cap-sys-resource',
  description: 'IPC_SET of msg_qbytes above MSGMNB without CAP_SYS_RESOURCE is EPERM, even for the ' +
    'owner; up to MSGMNB, lowering or raising, is fine. msg_qbytes passes through an int: ' +
    '2^32 + 100 sets 100. ipc/msg.c msgctl_down',
  programs: {
    async main(sys) {
      await becomeNobody(sys);
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.print('16385:', await outcome(sys.msgctl(id, IPC_SET, { msg_qbytes: 16385 })));
      await sys.print('100:', await outcome(sys.msgctl(id, IPC_SET, { msg_qbytes: 100 })));
      await sys.print('16384:', await outcome(sys.msgctl(id, IPC_SET, { msg_qbytes: 16384 })));
      await sys.print('2^32 + 100:', await outcome(sys.msgctl(id, IPC_SET, { msg_qbytes: 2 ** 32 + 100 })));
      await sys.print('qbytes', (await stat(sys, id)).msg_qbytes);
      await sys.print('-1:', await outcome(sys.msgctl(id, IPC_SET, { msg_qbytes: -1 })));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    needsRoot: true,
    output: { main: '16385: EPERM\n100: ok\n16384: ok\n2^32 + 100: ok\nqbytes 100\n-1: EPERM\n' },
  },
});

export const ipc_set_wakes_receiver_to_recheck = defineScenario({
  name: 'msgctl-ipc-set-makes-sleeping-receivers-recheck-permission',
  description: 'IPC_SET wakes every sleeping receiver to look again; one that has lost read ' +
    'permission fails with EACCES. ipc/msg.c msgctl_down (expunge_all with -EAGAIN)',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o666);
      const [r, w] = await sys.pipe();
      const child = await sys.fork('nobody', { id, ready: w });
      await awaitReady(sys, r);
      await sys.msgctl(id, IPC_SET, { msg_perm: { mode: 0o600 } });
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_RMID);
    },
    async nobody(sys, { id, ready }: { id: number; ready: number }) {
      await becomeNobody(sys);
      await signalReady(sys, ready);
      await sys.print('got', await received(sys.msgrcv(id, 10, 0)));
    },
  },
  expect: { needsRoot: true, output: { 'main.1': 'got EACCES\n' } },
});

export const full_queue_blocks_handoff = defineScenario({
  name: 'msgsnd-full-queue-refuses-even-with-a-receiver-waiting',
  description: 'the room check comes before the hand-off: on a queue with no room (msg_qbytes 0) a ' +
    'send is EAGAIN with IPC_NOWAIT although a receiver is waiting for it. ipc/msg.c do_msgsnd ' +
    '(msg_fits_inqueue, then pipelined_send)',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 0 });
      const child = await startSleeper(sys, { id });
      await sys.print('send with a receiver waiting:', await outcome(sys.msgsnd(id, 1, '', NOWAIT)));
      await sys.msgctl(id, IPC_SET, { msg_qbytes: 10 });
      await sys.print('after making room:', await outcome(sys.msgsnd(id, 1, 'now', NOWAIT)));
      await sys.waitpid(child);
      await sys.print('qnum', (await stat(sys, id)).msg_qnum);
      await sys.msgctl(id, IPC_RMID);
    },
    sleeper,
  },
  expect: {
    output: { main: 'send with a receiver waiting: EAGAIN\nafter making room: ok\nqnum 0\n', 'main.1': 'got 1:"now"\n' },
  },
});
