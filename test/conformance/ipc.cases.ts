// Conformance cases for the rules every System V IPC mechanism shares (ipc/util.c: keys, ids,
// ipcperms, IPC_SET/IPC_RMID rights) and ftok(3), exercised through message queues
// (shared/linux-ipc-facts.md section 0, "facts §0.n"; man 7 sysvipc, man 2 msgget, man 3 ftok).
// Keys come from ftok of the run's own directory, so a case never meets another run's object.
// Cases that need a second user start as root and drop to uid/gid 65534 (needsRoot).
import { constants, defineScenario } from 'ipcsim';
import type { Sys } from 'ipcsim';
import { becomeNobody, octal, outcome, runKey, stat } from './msg-helpers.js';

const { IPC_PRIVATE, IPC_CREAT, IPC_EXCL, IPC_NOWAIT, IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO, O_CREAT, O_WRONLY } = constants;

/** A queue of the run's own key, created with `mode`; returns its id and key. */
async function keyedQueue(sys: Sys, proj: number, mode: number): Promise<{ id: number; key: number }> {
  const key = await runKey(sys, proj);
  return { id: await sys.msgget(key, IPC_CREAT | IPC_EXCL | mode), key };
}

export const ipc_private_always_new = defineScenario({
  name: 'ipc-private-always-creates',
  description: 'key IPC_PRIVATE always creates a new object, whatever IPC_CREAT and IPC_EXCL say; ' +
    'two calls give two ids, and IPC_STAT shows __key 0. facts §0.1',
  programs: {
    async main(sys) {
      const a = await sys.msgget(IPC_PRIVATE, 0o600);
      const b = await sys.msgget(IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0o600);
      const c = await sys.msgget(IPC_PRIVATE, 0);
      await sys.print('three ids:', new Set([a, b, c]).size);
      await sys.print('__key', (await stat(sys, b)).msg_perm.__key);
      for (const id of [a, b, c]) await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'three ids: 3\n__key 0\n' } },
});

export const key_lookup = defineScenario({
  name: 'ipc-key-lookup-enoent-eexist-same-id',
  description: 'a key not in use without IPC_CREAT is ENOENT; IPC_CREAT|IPC_EXCL on a key in use is ' +
    'EEXIST; IPC_CREAT alone, or no flag, finds the existing object and leaves its mode. ' +
    'facts §0.2, §0.3, §1.3',
  programs: {
    async main(sys) {
      const key = await runKey(sys, 1);
      await sys.print('unused key, no IPC_CREAT:', await outcome(sys.msgget(key, 0o600)));
      const id = await sys.msgget(key, IPC_CREAT | 0o640);
      await sys.print('IPC_CREAT|IPC_EXCL again:', await outcome(sys.msgget(key, IPC_CREAT | IPC_EXCL | 0o600)));
      await sys.print('IPC_CREAT again finds it:', await sys.msgget(key, IPC_CREAT | 0o666) === id);
      await sys.print('no flags finds it:', await sys.msgget(key, 0) === id);
      const ds = await stat(sys, id);
      await sys.print('__key is the key:', ds.msg_perm.__key === key, 'mode', octal(ds.msg_perm.mode));
      await sys.msgctl(id, IPC_RMID);
      await sys.print('after removal:', await outcome(sys.msgget(key, 0)));
    },
  },
  expect: {
    output: {
      main: 'unused key, no IPC_CREAT: ENOENT\nIPC_CREAT|IPC_EXCL again: EEXIST\nIPC_CREAT again finds it: true\n' +
        'no flags finds it: true\n__key is the key: true mode 0o640\nafter removal: ENOENT\n',
    },
  },
});

export const creation_mode = defineScenario({
  name: 'ipc-creation-mode-is-flag-and-0777',
  description: 'a new object\'s mode is msgflg & 0777: the umask is not applied and other bits ' +
    '(S_IFMT, IPC_NOWAIT, the setuid bits) are not kept. facts §0.5',
  programs: {
    async main(sys) {
      const a = await sys.msgget(IPC_PRIVATE, 0o666);
      const b = await sys.msgget(IPC_PRIVATE, 0o170000 | 0o7000 | IPC_NOWAIT | 0o604);
      await sys.print('0666 ->', octal((await stat(sys, a)).msg_perm.mode));
      await sys.print('0170000|07000|IPC_NOWAIT|0604 ->', octal((await stat(sys, b)).msg_perm.mode));
      await sys.msgctl(a, IPC_RMID);
      await sys.msgctl(b, IPC_RMID);
    },
  },
  expect: { output: { main: '0666 -> 0o666\n0170000|07000|IPC_NOWAIT|0604 -> 0o604\n' } },
});

export const creator_ids = defineScenario({
  name: 'ipc-creator-is-the-effective-ids',
  description: 'uid = cuid = the creator\'s euid, gid = cgid = its egid. facts §0.5',
  programs: {
    async main(sys) {
      await becomeNobody(sys);
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const p = (await stat(sys, id)).msg_perm;
      await sys.print('uid', p.uid, 'cuid', p.cuid, 'gid', p.gid, 'cgid', p.cgid);
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { needsRoot: true, output: { main: 'uid 65534 cuid 65534 gid 65534 cgid 65534\n' } },
});

export const owner_class_no_fallthrough = defineScenario({
  name: 'ipc-owner-class-has-no-fallthrough',
  description: 'the owner gets the owner bits only: on a mode-0066 object its own sends and ' +
    'receives are EACCES although group and other may. facts §0.6',
  programs: {
    async main(sys) {
      await becomeNobody(sys);
      const id = await sys.msgget(IPC_PRIVATE, 0o066);
      await sys.print('owner msgsnd:', await outcome(sys.msgsnd(id, 1, 'x', IPC_NOWAIT)));
      await sys.print('owner msgrcv:', await outcome(sys.msgrcv(id, 1, 0, IPC_NOWAIT)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { needsRoot: true, output: { main: 'owner msgsnd: EACCES\nowner msgrcv: EACCES\n' } },
});

export const creator_stays_owner = defineScenario({
  name: 'ipc-creator-stays-in-the-owner-class',
  description: 'after IPC_SET gives uid to someone else, the creator is still in the owner class ' +
    '(euid == cuid): it keeps the owner bits, and may still IPC_SET and IPC_RMID. facts §0.6, §0.7',
  programs: {
    async main(sys) {
      await becomeNobody(sys);
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.msgctl(id, IPC_SET, { msg_perm: { uid: 1234 } });
      await sys.print('uid', (await stat(sys, id)).msg_perm.uid);
      await sys.print('creator msgsnd:', await outcome(sys.msgsnd(id, 1, 'x', IPC_NOWAIT)));
      await sys.msgctl(id, IPC_SET, { msg_perm: { mode: 0o066 } });
      await sys.print('creator msgsnd on 0066:', await outcome(sys.msgsnd(id, 1, 'x', IPC_NOWAIT)));
      await sys.print('creator IPC_RMID:', await outcome(sys.msgctl(id, IPC_RMID)));
    },
  },
  expect: {
    needsRoot: true,
    output: { main: 'uid 1234\ncreator msgsnd: ok\ncreator msgsnd on 0066: EACCES\ncreator IPC_RMID: ok\n' },
  },
});

export const new_owner_rights = defineScenario({
  name: 'ipc-new-owner-gets-owner-bits-and-control',
  description: 'the uid IPC_SET hands an object to is in the owner class and may IPC_SET and ' +
    'IPC_RMID it. facts §0.6, §0.7',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o604);
      await sys.msgctl(id, IPC_SET, { msg_perm: { uid: 65534 } });
      const child = await sys.fork('owner', { id });
      await sys.waitpid(child);
    },
    async owner(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('msgsnd (owner bits 6):', await outcome(sys.msgsnd(id, 1, 'x', IPC_NOWAIT)));
      await sys.print('IPC_SET:', await outcome(sys.msgctl(id, IPC_SET, { msg_perm: { mode: 0o600 } })));
      await sys.print('IPC_RMID:', await outcome(sys.msgctl(id, IPC_RMID)));
    },
  },
  expect: { needsRoot: true, output: { 'main.1': 'msgsnd (owner bits 6): ok\nIPC_SET: ok\nIPC_RMID: ok\n' } },
});

export const group_class = defineScenario({
  name: 'ipc-group-class-by-gid-or-cgid',
  description: 'a process whose egid is the object\'s gid (or its cgid) gets the group bits. ' +
    'facts §0.6',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o620);
      await sys.msgctl(id, IPC_SET, { msg_perm: { gid: 4321 } });
      const member = await sys.fork('user', { id, gid: 4321 });
      await sys.waitpid(member);
      const creatorGroup = await sys.fork('user', { id, gid: 0 });
      await sys.waitpid(creatorGroup);
      const other = await sys.fork('user', { id, gid: 999 });
      await sys.waitpid(other);
      await sys.msgctl(id, IPC_RMID);
    },
    async user(sys, { id, gid }: { id: number; gid: number }) {
      await sys.setgid(gid);
      await sys.setuid(65534);
      await sys.print(`egid ${gid}: msgsnd`, await outcome(sys.msgsnd(id, 1, 'x', IPC_NOWAIT)),
        'msgrcv', await outcome(sys.msgrcv(id, 1, 0, IPC_NOWAIT)));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      'main.1': 'egid 4321: msgsnd ok msgrcv EACCES\n',
      'main.2': 'egid 0: msgsnd ok msgrcv EACCES\n',
      'main.3': 'egid 999: msgsnd EACCES msgrcv EACCES\n',
    },
  },
});

export const other_class = defineScenario({
  name: 'ipc-other-class',
  description: 'a process that is neither owner nor in the group gets the other bits. facts §0.6',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o604);
      await sys.msgsnd(id, 1, 'x');
      const child = await sys.fork('other', { id });
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_RMID);
    },
    async other(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('msgrcv:', await outcome(sys.msgrcv(id, 1, 0, IPC_NOWAIT)));
      await sys.print('msgsnd:', await outcome(sys.msgsnd(id, 1, 'y', IPC_NOWAIT)));
    },
  },
  expect: { needsRoot: true, output: { 'main.1': 'msgrcv: ok\nmsgsnd: EACCES\n' } },
});

export const ctl_needs_owner = defineScenario({
  name: 'ipc-set-and-rmid-need-owner-or-creator',
  description: 'IPC_SET and IPC_RMID by a process that is neither owner nor creator (and lacks ' +
    'CAP_SYS_ADMIN) are EPERM, even with every permission bit set. facts §0.7',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o666);
      const child = await sys.fork('stranger', { id });
      await sys.waitpid(child);
      await sys.print('still there:', await outcome(sys.msgctl(id, IPC_STAT)));
      await sys.msgctl(id, IPC_RMID);
    },
    async stranger(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('IPC_SET:', await outcome(sys.msgctl(id, IPC_SET, { msg_perm: { mode: 0o600 } })));
      await sys.print('IPC_RMID:', await outcome(sys.msgctl(id, IPC_RMID)));
      await sys.print('IPC_STAT (read allowed):', await outcome(sys.msgctl(id, IPC_STAT)));
    },
  },
  expect: {
    needsRoot: true,
    output: { main: 'still there: ok\n', 'main.1': 'IPC_SET: EPERM\nIPC_RMID: EPERM\nIPC_STAT (read allowed): ok\n' },
  },
});

export const owner_ctl_mode_000 = defineScenario({
  name: 'ipc-owner-controls-a-mode-000-object',
  description: 'IPC_SET and IPC_RMID need no read or write permission: the owner of a mode-000 ' +
    'object may change and remove it. facts §0.7',
  programs: {
    async main(sys) {
      await becomeNobody(sys);
      const id = await sys.msgget(IPC_PRIVATE, 0);
      await sys.print('IPC_STAT:', await outcome(sys.msgctl(id, IPC_STAT)));
      await sys.print('IPC_SET:', await outcome(sys.msgctl(id, IPC_SET, { msg_perm: { mode: 0o400 } })));
      await sys.print('IPC_STAT now:', await outcome(sys.msgctl(id, IPC_STAT)));
      await sys.msgctl(id, IPC_SET, { msg_perm: { mode: 0 } });
      await sys.print('IPC_RMID:', await outcome(sys.msgctl(id, IPC_RMID)));
    },
  },
  expect: { needsRoot: true, output: { main: 'IPC_STAT: EACCES\nIPC_SET: ok\nIPC_STAT now: ok\nIPC_RMID: ok\n' } },
});

export const cap_ipc_owner = defineScenario({
  name: 'ipc-root-bypasses-permissions-with-cap-ipc-owner',
  description: 'root (CAP_IPC_OWNER, CAP_SYS_ADMIN) reads, writes and controls another user\'s ' +
    'mode-000 object; once it setuid()s away it has no capability left. facts §0.6, §0.7; ' +
    'capabilities(7)',
  programs: {
    async main(sys) {
      const key = await runKey(sys, 7);
      const child = await sys.fork('maker', { key });
      await sys.waitpid(child);
      const id = await sys.msgget(key, 0);
      await sys.print('root msgsnd:', await outcome(sys.msgsnd(id, 1, 'x', IPC_NOWAIT)));
      await sys.print('root msgrcv:', await outcome(sys.msgrcv(id, 1, 0, IPC_NOWAIT)));
      await sys.print('root IPC_SET:', await outcome(sys.msgctl(id, IPC_SET, { msg_perm: { mode: 0 } })));
      await sys.setuid(4000);
      await sys.print('as uid 4000, msgsnd:', await outcome(sys.msgsnd(id, 1, 'x', IPC_NOWAIT)));
      await sys.print('as uid 4000, IPC_RMID:', await outcome(sys.msgctl(id, IPC_RMID)));
      await sys.print('setuid(0) back:', await outcome(sys.setuid(0)));
    },
    async maker(sys, { key }: { key: number }) {
      await becomeNobody(sys);
      await sys.msgget(key, IPC_CREAT | IPC_EXCL | 0);
    },
  },
  expect: {
    needsRoot: true,
    output: {
      main: 'root msgsnd: ok\nroot msgrcv: ok\nroot IPC_SET: ok\nas uid 4000, msgsnd: EACCES\n' +
        'as uid 4000, IPC_RMID: EPERM\nsetuid(0) back: EPERM\n',
    },
  },
});

export const eexist_before_eacces = defineScenario({
  name: 'ipc-eexist-comes-before-eacces',
  description: 'on another user\'s key: IPC_CREAT|IPC_EXCL is EEXIST even without permission; ' +
    'without IPC_EXCL the requested mode bits are checked (EACCES), and a msgget asking for no ' +
    'access (flag 0) succeeds. facts §0.3; ipc/util.c ipcget_public',
  programs: {
    async main(sys) {
      const { id, key } = await keyedQueue(sys, 3, 0o600);
      const child = await sys.fork('nobody', { key, id });
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_RMID);
    },
    async nobody(sys, { key, id }: { key: number; id: number }) {
      await becomeNobody(sys);
      await sys.print('IPC_CREAT|IPC_EXCL|0600:', await outcome(sys.msgget(key, IPC_CREAT | IPC_EXCL | 0o600)));
      await sys.print('IPC_CREAT|0600:', await outcome(sys.msgget(key, IPC_CREAT | 0o600)));
      await sys.print('0400:', await outcome(sys.msgget(key, 0o400)));
      await sys.print('0 finds it:', await sys.msgget(key, 0) === id);
    },
  },
  expect: {
    needsRoot: true,
    output: { 'main.1': 'IPC_CREAT|IPC_EXCL|0600: EEXIST\nIPC_CREAT|0600: EACCES\n0400: EACCES\n0 finds it: true\n' },
  },
});

export const get_checks_requested_bits = defineScenario({
  name: 'ipc-get-checks-the-requested-bits',
  description: 'msgget of an existing object checks the access its flag asks for against the ' +
    'class\'s bits: on a 0602 object another user may ask for 0002 and not for 0004. facts §0.6',
  programs: {
    async main(sys) {
      const { id, key } = await keyedQueue(sys, 4, 0o602);
      const child = await sys.fork('nobody', { key });
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_RMID);
    },
    async nobody(sys, { key }: { key: number }) {
      await becomeNobody(sys);
      await sys.print('ask 0222:', await outcome(sys.msgget(key, 0o222)));
      await sys.print('ask 0444:', await outcome(sys.msgget(key, 0o444)));
      await sys.print('ask 0200 (owner bit, other class):', await outcome(sys.msgget(key, 0o200)));
    },
  },
  expect: {
    needsRoot: true,
    output: { 'main.1': 'ask 0222: ok\nask 0444: EACCES\nask 0200 (owner bit, other class): ok\n' },
  },
});

export const stale_ids = defineScenario({
  name: 'ipc-stale-and-negative-ids-einval',
  description: 'an id whose sequence part does not match (id + 32768), an unused index, or a ' +
    'negative id is EINVAL for every operation. facts §0.11',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      for (const [what, bad] of [['id + 32768', id + 32768], ['-1', -1], ['id | 2^30', id | (1 << 30)]] as const) {
        await sys.print(`${what}:`, await outcome(sys.msgsnd(bad, 1, 'x', IPC_NOWAIT)),
          await outcome(sys.msgrcv(bad, 1, 0, IPC_NOWAIT)), await outcome(sys.msgctl(bad, IPC_STAT)),
          await outcome(sys.msgctl(bad, IPC_RMID)));
      }
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'id + 32768: EINVAL EINVAL EINVAL EINVAL\n-1: EINVAL EINVAL EINVAL EINVAL\n' +
        'id | 2^30: EINVAL EINVAL EINVAL EINVAL\n',
    },
  },
});

export const ids_not_reused_at_once = defineScenario({
  name: 'ipc-ids-are-not-reused-at-once',
  description: 'indexes are handed out cyclically, and the sequence part moves on when they wrap: ' +
    'an object created after a removal never gets the removed id. facts §0.9, §0.10',
  programs: {
    async main(sys) {
      const seen = new Set<number>();
      let reused = false;
      for (let i = 0; i < 70; i++) {
        const id = await sys.msgget(IPC_PRIVATE, 0o600);
        if (seen.has(id)) reused = true;
        seen.add(id);
        await sys.msgctl(id, IPC_RMID);
      }
      await sys.print('70 create/remove cycles, an id reused:', reused);
    },
  },
  expect: { output: { main: '70 create/remove cycles, an id reused: false\n' } },
});

export const removed_is_einval = defineScenario({
  name: 'ipc-removed-object-is-einval-and-its-key-free',
  description: 'after IPC_RMID the id is EINVAL (not EIDRM: that is only for sleepers) and the ' +
    'key creates a new object. facts §0.11',
  programs: {
    async main(sys) {
      const { id, key } = await keyedQueue(sys, 5, 0o600);
      await sys.msgctl(id, IPC_RMID);
      await sys.print('old id:', await outcome(sys.msgctl(id, IPC_STAT)));
      const again = await sys.msgget(key, IPC_CREAT | IPC_EXCL | 0o600);
      await sys.print('the key makes a new id:', again !== id);
      await sys.msgctl(again, IPC_RMID);
    },
  },
  expect: { output: { main: 'old id: EINVAL\nthe key makes a new id: true\n' } },
});

export const info_highest_index = defineScenario({
  name: 'ipc-info-returns-the-highest-index',
  description: 'IPC_INFO returns the highest index in use, at least that of a live queue; it ' +
    'ignores msqid (any non-negative one). facts §0.13',
  programs: {
    async main(sys) {
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const info = await sys.msgctl(123456, IPC_INFO);
      await sys.print('highest >= our index:', info.max_idx >= (id & 0x7fff));
      await sys.print('msqid -1:', await outcome(sys.msgctl(-1, IPC_INFO)));
      await sys.msgctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'highest >= our index: true\nmsqid -1: EINVAL\n' } },
});

export const ftok_keys = defineScenario({
  name: 'ftok-key-from-path-and-project',
  description: 'ftok gives the same key for the same file and project; proj_id keeps only its low ' +
    '8 bits, in the top byte (1 and 257 give the same key, 0 is accepted); another file gives ' +
    'another key; directories work. facts §0.17; man 3 ftok',
  programs: {
    async main(sys) {
      const fd = await sys.open('keyfile', O_CREAT | O_WRONLY, 0o600);
      await sys.close(fd);
      const k1 = await sys.ftok('keyfile', 1);
      await sys.print('same path, same project:', k1 === await sys.ftok('keyfile', 1));
      await sys.print('1 and 257:', k1 === await sys.ftok('keyfile', 257));
      await sys.print('top byte is the project:', ((k1 >>> 24) & 0xff) === 1,
        ((await sys.ftok('keyfile', 0xab)) >>> 24) === 0xab);
      await sys.print('project 2 differs only in the top byte:',
        ((await sys.ftok('keyfile', 2)) & 0xffffff) === (k1 & 0xffffff));
      await sys.print('project 0 keeps the rest:', (await sys.ftok('keyfile', 0)) === (k1 & 0xffffff));
      await sys.print('a directory:', await outcome(sys.ftok('.', 1)));
      await sys.print('another file, another key:', (await sys.ftok('.', 1)) !== k1);
      await sys.unlink('keyfile');
    },
  },
  expect: {
    output: {
      main: 'same path, same project: true\n1 and 257: true\ntop byte is the project: true true\n' +
        'project 2 differs only in the top byte: true\nproject 0 keeps the rest: true\na directory: ok\n' +
        'another file, another key: true\n',
    },
  },
});

export const ftok_missing = defineScenario({
  name: 'ftok-of-a-missing-path-enoent',
  description: 'ftok of a path that does not exist is ENOENT (it stats the path). facts §0.17',
  programs: {
    async main(sys) {
      await sys.print('missing file:', await outcome(sys.ftok('no-such-file', 1)));
      await sys.print('missing directory:', await outcome(sys.ftok('no-such-dir/file', 1)));
    },
  },
  expect: { output: { main: 'missing file: ENOENT\nmissing directory: ENOENT\n' } },
});

export const ftok_key_shared = defineScenario({
  name: 'ftok-key-meets-in-two-processes',
  description: 'two processes that ftok the same file reach the same queue: the tutorials\' way of ' +
    'sharing a key. man 3 ftok',
  programs: {
    async main(sys) {
      const fd = await sys.open('shared', O_CREAT | O_WRONLY, 0o600);
      await sys.close(fd);
      const id = await sys.msgget(await sys.ftok('shared', 'q'.charCodeAt(0)), IPC_CREAT | IPC_EXCL | 0o600);
      const child = await sys.fork('peer', {});
      await sys.waitpid(child);
      const m = await sys.msgrcv(id, 20, 0, IPC_NOWAIT);
      await sys.print('main got', new TextDecoder().decode(m.data));
      await sys.msgctl(id, IPC_RMID);
      await sys.unlink('shared');
    },
    async peer(sys) {
      const id = await sys.msgget(await sys.ftok('shared', 'q'.charCodeAt(0)), 0o600);
      await sys.msgsnd(id, 1, 'found you');
    },
  },
  expect: { output: { main: 'main got found you\n' } },
});

export const cwd_for_another_user = defineScenario({
  name: 'ipc-run-directory-usable-after-dropping-root',
  description: 'a process that has dropped root still uses the run\'s directory (world-writable ' +
    'and sticky, like /tmp): ftok of it works and gives the key root gets, and it may create files ' +
    'there. man 3 ftok; man 2 open',
  programs: {
    async main(sys) {
      const key = await runKey(sys, 9);
      const child = await sys.fork('nobody', { key });
      await sys.waitpid(child);
    },
    async nobody(sys, { key }: { key: number }) {
      await becomeNobody(sys);
      await sys.print('ftok(".") is the same key:', await runKey(sys, 9) === key);
      await sys.print('create a file:', await outcome(sys.open('mine', O_CREAT | O_WRONLY, 0o600)));
      const id = await sys.msgget(key, IPC_CREAT | IPC_EXCL | 0o600);
      await sys.print('its own keyed queue:', (await stat(sys, id)).msg_perm.cuid);
      await sys.msgctl(id, IPC_RMID);
      await sys.unlink('mine');
    },
  },
  expect: {
    needsRoot: true,
    output: { 'main.1': 'ftok(".") is the same key: true\ncreate a file: ok\nits own keyed queue: 65534\n' },
  },
});

export const setuid_drops_capabilities = defineScenario({
  name: 'credentials-setuid-away-from-root-drops-capabilities',
  description: 'root\'s setgid and setuid set every id; afterwards the process is unprivileged: it ' +
    'cannot go back (EPERM), but may set its own ids again. capabilities(7) "Effect of user ID ' +
    'changes on capabilities"; man 2 setuid',
  programs: {
    async main(sys) {
      await sys.setgid(4321);
      await sys.setuid(1234);
      await sys.print('ids', await sys.getuid(), await sys.geteuid(), await sys.getgid(), await sys.getegid());
      await sys.print('setuid(0):', await outcome(sys.setuid(0)), 'setgid(0):', await outcome(sys.setgid(0)));
      await sys.print('setuid(5678):', await outcome(sys.setuid(5678)));
      await sys.print('setuid(1234):', await outcome(sys.setuid(1234)), 'setgid(4321):', await outcome(sys.setgid(4321)));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      main: 'ids 1234 1234 4321 4321\nsetuid(0): EPERM setgid(0): EPERM\nsetuid(5678): EPERM\n' +
        'setuid(1234): ok setgid(4321): ok\n',
    },
  },
});
