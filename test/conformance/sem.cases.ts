// Conformance cases for System V semaphores (semget(2), semop(2), semtimedop, semctl(2)): each one
// prints what it observes and pins the printed text, on the simulator and natively. Ids, keys and
// pids differ natively, so cases print relations between them, never their values. Sources:
// shared/linux-ipc-facts.md section 2 ("facts §2.n") and section 0, the man pages, and ipc/sem.c.
// Cases that switch to uid 65534 are marked needsRoot (as root CAP_IPC_OWNER would bypass every
// permission check). EINTR cases are left out until signal handlers exist.
import { constants, defineScenario } from 'ipcsim';
import type { Sembuf, Sys } from 'ipcsim';

const {
  IPC_PRIVATE, IPC_CREAT, IPC_EXCL, IPC_NOWAIT, IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO, SEM_UNDO,
  GETPID, GETVAL, GETALL, GETNCNT, GETZCNT, SETVAL, SETALL, SEM_STAT, SEM_INFO, SEM_STAT_ANY,
} = constants;

const NOBODY = 65534;

/** A sembuf. */
function op(sem_num: number, sem_op: number, sem_flg = 0): Sembuf {
  return { sem_num, sem_op, sem_flg };
}

/** What a call gives: 'ok' for nothing, its value (arrays and objects as JSON), or its errno. */
async function attempt(call: Promise<unknown>): Promise<string> {
  try {
    const value = await call;
    if (value === undefined) return 'ok';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch (err) {
    if (err instanceof Error && err.name === 'SysError') return (err as Error & { code: string }).code;
    throw err;
  }
}

/** Polls semctl(cmd) of one semaphore until it is `n` (a sleeper is then surely asleep). */
async function waitFor(sys: Sys, id: number, semnum: number, cmd: number, n: number): Promise<void> {
  for (let i = 0; i < 4000; i++) {
    if ((await sys.semctl(id, semnum, cmd)) === n) return;
    await sys.sleep(5);
  }
  throw new Error(`semctl(${semnum}, ${cmd}) never became ${n}`);
}

/** A key of this run's own (natively keys are system-wide): from the caller's pid. */
async function ownKey(sys: Sys): Promise<number> {
  return 0x5e000000 + (await sys.getpid());
}

async function becomeNobody(sys: Sys): Promise<void> {
  await sys.setgid(NOBODY);
  await sys.setuid(NOBODY);
}

function octal(n: number): string {
  return `0o${n.toString(8)}`;
}

// ---------------------------------------------------------------------------------------------
// semget

export const semget_private_always_creates = defineScenario({
  name: 'semget-private-always-creates',
  description: 'IPC_PRIVATE always creates a new set, whatever IPC_CREAT/IPC_EXCL say; its ' +
    'semaphores start at 0. facts §0.1; man 2 semget',
  programs: {
    async main(sys) {
      const a = await sys.semget(IPC_PRIVATE, 3, 0o600);
      const b = await sys.semget(IPC_PRIVATE, 3, IPC_CREAT | IPC_EXCL | 0o600);
      await sys.print('two IPC_PRIVATE sets differ:', a !== b);
      await sys.print('values:', await attempt(sys.semctl(a, 0, GETALL)));
      await sys.semctl(a, 0, IPC_RMID);
      await sys.semctl(b, 0, IPC_RMID);
    },
  },
  expect: { output: { main: 'two IPC_PRIVATE sets differ: true\nvalues: [0,0,0]\n' } },
});

export const semget_new_set_stat = defineScenario({
  name: 'semget-new-set-stat',
  description: 'A new set: mode = semflg & 0777 (other bits dropped), sem_nsems, uid = cuid = ' +
    'euid, gid = cgid = egid, key 0 for IPC_PRIVATE, sem_otime 0, sem_ctime set. facts §0.5, ' +
    '§2.41; man 2 semget',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o170640);
      const ds = await sys.semctl(id, 0, IPC_STAT);
      const euid = await sys.geteuid();
      const egid = await sys.getegid();
      await sys.print('mode:', octal(ds.sem_perm.mode), 'nsems:', ds.sem_nsems, 'key:', ds.sem_perm.__key);
      await sys.print('uid = cuid = euid:', ds.sem_perm.uid === euid && ds.sem_perm.cuid === euid);
      await sys.print('gid = cgid = egid:', ds.sem_perm.gid === egid && ds.sem_perm.cgid === egid);
      await sys.print('sem_otime:', ds.sem_otime, 'sem_ctime set:', ds.sem_ctime > 0);
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'mode: 0o640 nsems: 2 key: 0\nuid = cuid = euid: true\ngid = cgid = egid: true\n' +
        'sem_otime: 0 sem_ctime set: true\n',
    },
  },
});

export const semget_nsems_out_of_range = defineScenario({
  name: 'semget-nsems-out-of-range',
  description: 'nsems < 0 or > SEMMSL (32000) is EINVAL, checked before the key is looked up: ' +
    'even an existing key with IPC_CREAT|IPC_EXCL gives EINVAL, not EEXIST; 32000 is allowed. ' +
    'facts §2.1; ipc/sem.c ksys_semget',
  programs: {
    async main(sys) {
      const key = await ownKey(sys);
      const id = await sys.semget(key, 1, IPC_CREAT | 0o600);
      await sys.print('nsems -1:', await attempt(sys.semget(IPC_PRIVATE, -1, 0o600)));
      await sys.print('nsems 32001:', await attempt(sys.semget(IPC_PRIVATE, 32001, 0o600)));
      await sys.print('existing key, nsems 40000:', await attempt(sys.semget(key, 40000, 0o600)));
      await sys.print('existing key, IPC_EXCL, nsems 40000:', await attempt(sys.semget(key, 40000, IPC_CREAT | IPC_EXCL | 0o600)));
      const big = await sys.semget(IPC_PRIVATE, 32000, 0o600);
      await sys.print('nsems 32000:', (await sys.semctl(big, 0, IPC_STAT)).sem_nsems);
      await sys.semctl(big, 0, IPC_RMID);
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'nsems -1: EINVAL\nnsems 32001: EINVAL\nexisting key, nsems 40000: EINVAL\n' +
        'existing key, IPC_EXCL, nsems 40000: EINVAL\nnsems 32000: 32000\n',
    },
  },
});

export const semget_create_needs_nsems = defineScenario({
  name: 'semget-create-needs-nsems',
  description: 'Creating a set with nsems 0 is EINVAL, with IPC_PRIVATE or a new key. facts §2.2',
  programs: {
    async main(sys) {
      const key = await ownKey(sys);
      await sys.print('IPC_PRIVATE, 0:', await attempt(sys.semget(IPC_PRIVATE, 0, 0o600)));
      await sys.print('new key, IPC_CREAT, 0:', await attempt(sys.semget(key, 0, IPC_CREAT | 0o600)));
      await sys.print('so the key is still free:', await attempt(sys.semget(key, 0, 0o600)));
    },
  },
  expect: { output: { main: 'IPC_PRIVATE, 0: EINVAL\nnew key, IPC_CREAT, 0: EINVAL\nso the key is still free: ENOENT\n' } },
});

export const semget_existing_key = defineScenario({
  name: 'semget-existing-key',
  description: 'An existing key: nsems 0 or up to sem_nsems returns its id; more is EINVAL; ' +
    'IPC_CREAT|IPC_EXCL is EEXIST, before the nsems check; IPC_CREAT leaves the mode as it was. ' +
    'facts §2.3, §0.3; man 2 semget',
  programs: {
    async main(sys) {
      const key = await ownKey(sys);
      const id = await sys.semget(key, 3, IPC_CREAT | 0o600);
      await sys.print('nsems 0 finds it:', (await sys.semget(key, 0, 0)) === id);
      await sys.print('nsems 3 finds it:', (await sys.semget(key, 3, 0o600)) === id);
      await sys.print('IPC_CREAT, nsems 2 finds it:', (await sys.semget(key, 2, IPC_CREAT | 0o666)) === id);
      await sys.print('nsems 4:', await attempt(sys.semget(key, 4, 0o600)));
      await sys.print('IPC_CREAT|IPC_EXCL:', await attempt(sys.semget(key, 3, IPC_CREAT | IPC_EXCL | 0o600)));
      await sys.print('IPC_CREAT|IPC_EXCL, nsems 4:', await attempt(sys.semget(key, 4, IPC_CREAT | IPC_EXCL | 0o600)));
      const ds = await sys.semctl(id, 0, IPC_STAT);
      await sys.print('mode still:', octal(ds.sem_perm.mode), 'key kept:', ds.sem_perm.__key === key);
      await sys.semctl(id, 0, IPC_RMID);
      await sys.print('after IPC_RMID:', await attempt(sys.semget(key, 0, 0)));
    },
  },
  expect: {
    output: {
      main: 'nsems 0 finds it: true\nnsems 3 finds it: true\nIPC_CREAT, nsems 2 finds it: true\n' +
        'nsems 4: EINVAL\nIPC_CREAT|IPC_EXCL: EEXIST\nIPC_CREAT|IPC_EXCL, nsems 4: EEXIST\n' +
        'mode still: 0o600 key kept: true\nafter IPC_RMID: ENOENT\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// semop: arguments

export const semop_e2big_first = defineScenario({
  name: 'semop-e2big-first',
  description: 'nsops > SEMOPM (500) is E2BIG before anything else, even with semid -1 or bad ' +
    'sem_nums; 500 operations pass that check. facts §2.6; ipc/sem.c do_semtimedop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const ops = (n: number, num = 0) => Array.from({ length: n }, () => op(num, 0));
      await sys.print('501 ops, semid -1:', await attempt(sys.semop(-1, ops(501))));
      await sys.print('500 ops, semid -1:', await attempt(sys.semop(-1, ops(500))));
      await sys.print('501 ops, sem_num 9:', await attempt(sys.semop(id, ops(501, 9))));
      await sys.print('500 zero-ops:', await attempt(sys.semop(id, ops(500))));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '501 ops, semid -1: E2BIG\n500 ops, semid -1: EINVAL\n501 ops, sem_num 9: E2BIG\n500 zero-ops: ok\n' } },
});

export const semop_no_operations = defineScenario({
  name: 'semop-no-operations',
  description: 'nsops 0 is EINVAL, on a valid set too. facts §2.7',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.print('valid set:', await attempt(sys.semop(id, [])));
      await sys.print('semid -1:', await attempt(sys.semop(-1, [])));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: 'valid set: EINVAL\nsemid -1: EINVAL\n' } },
});

export const semop_bad_ids = defineScenario({
  name: 'semop-bad-ids',
  description: 'semid -1, an id whose sequence does not match (id + 32768), and a removed id are ' +
    'EINVAL (not EIDRM), also with a sem_num that would be EFBIG. facts §2.9, §0.11',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.print('semid -1:', await attempt(sys.semop(-1, [op(0, 1)])));
      await sys.print('id + 32768:', await attempt(sys.semop(id + 32768, [op(0, 1)])));
      await sys.semctl(id, 0, IPC_RMID);
      await sys.print('removed id:', await attempt(sys.semop(id, [op(0, 1)])));
      await sys.print('removed id, sem_num 5:', await attempt(sys.semop(id, [op(5, 1)])));
    },
  },
  expect: { output: { main: 'semid -1: EINVAL\nid + 32768: EINVAL\nremoved id: EINVAL\nremoved id, sem_num 5: EINVAL\n' } },
});

export const semop_efbig = defineScenario({
  name: 'semop-efbig',
  description: 'A sem_num >= sem_nsems is EFBIG; sem_num is unsigned, so -1 is 65535, EFBIG too; ' +
    'one bad sop fails the whole call. facts §2.11',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.print('sem_num 2:', await attempt(sys.semop(id, [op(2, 1)])));
      await sys.print('sem_num -1:', await attempt(sys.semop(id, [op(-1, 1)])));
      await sys.print('[+1 on 0, +1 on 7]:', await attempt(sys.semop(id, [op(0, 1), op(7, 1)])));
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: 'sem_num 2: EFBIG\nsem_num -1: EFBIG\n[+1 on 0, +1 on 7]: EFBIG\nvalues: [0,0]\n' } },
});

export const semtimedop_invalid_timeout = defineScenario({
  name: 'semtimedop-invalid-timeout',
  description: 'A negative timeout (tv_sec < 0) is EINVAL up front, even when the operation ' +
    'could complete at once; E2BIG still comes first. facts §2.10',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.print('+1 with timeout -1 ms:', await attempt(sys.semtimedop(id, [op(0, 1)], -1)));
      await sys.print('value:', await sys.semctl(id, 0, GETVAL));
      await sys.print('semid -1:', await attempt(sys.semtimedop(-1, [op(0, 1)], -1)));
      const many = Array.from({ length: 501 }, () => op(0, 0));
      await sys.print('501 ops:', await attempt(sys.semtimedop(id, many, -1)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '+1 with timeout -1 ms: EINVAL\nvalue: 0\nsemid -1: EINVAL\n501 ops: E2BIG\n' } },
});

// ---------------------------------------------------------------------------------------------
// semop: semantics

export const semop_add_and_take = defineScenario({
  name: 'semop-add-and-take',
  description: 'sem_op > 0 adds; sem_op < 0 proceeds when semval >= |sem_op| and subtracts. ' +
    'facts §2.13; man 2 semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semop(id, [op(0, 5)]);
      await sys.semop(id, [op(0, -3)]);
      await sys.print('+5 -3:', await sys.semctl(id, 0, GETVAL));
      await sys.semop(id, [op(0, -2)]);
      await sys.print('-2:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '+5 -3: 2\n-2: 0\n' } },
});

export const semop_nowait_would_block = defineScenario({
  name: 'semop-nowait-would-block',
  description: 'With IPC_NOWAIT, a decrement below zero and a wait-for-zero on a non-zero value ' +
    'fail with EAGAIN and change nothing. facts §2.13, §2.15; man 2 semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 1, SETVAL, 1);
      await sys.print('-1 on 0:', await attempt(sys.semop(id, [op(0, -1, IPC_NOWAIT)])));
      await sys.print('wait for zero on 1:', await attempt(sys.semop(id, [op(1, 0, IPC_NOWAIT)])));
      await sys.print('wait for zero on 0:', await attempt(sys.semop(id, [op(0, 0, IPC_NOWAIT)])));
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '-1 on 0: EAGAIN\nwait for zero on 1: EAGAIN\nwait for zero on 0: ok\nvalues: [0,1]\n' } },
});

export const semop_erange_at_semvmx = defineScenario({
  name: 'semop-erange-at-semvmx',
  description: 'A result above SEMVMX (32767) is ERANGE, with or without IPC_NOWAIT; reaching ' +
    'exactly 32767 is fine. facts §2.14',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semctl(id, 0, SETVAL, 32000);
      await sys.print('+767:', await attempt(sys.semop(id, [op(0, 767)])));
      await sys.print('+1:', await attempt(sys.semop(id, [op(0, 1)])));
      await sys.print('+1 IPC_NOWAIT:', await attempt(sys.semop(id, [op(0, 1, IPC_NOWAIT)])));
      await sys.print('value:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '+767: ok\n+1: ERANGE\n+1 IPC_NOWAIT: ERANGE\nvalue: 32767\n' } },
});

export const semop_all_or_nothing = defineScenario({
  name: 'semop-all-or-nothing',
  description: 'The operations apply atomically: when one cannot, none does ([+5 on 2, -1 ' +
    'IPC_NOWAIT on 3] is EAGAIN and semaphore 2 stays 0; an ERANGE later in the array undoes an ' +
    'earlier +1). facts §2.18',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 4, 0o600);
      await sys.print('[+5 on 2, -1 nowait on 3]:', await attempt(sys.semop(id, [op(2, 5), op(3, -1, IPC_NOWAIT)])));
      await sys.semctl(id, 1, SETVAL, 32767);
      await sys.print('[+1 on 0, +1 on 1]:', await attempt(sys.semop(id, [op(0, 1), op(1, 1)])));
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '[+5 on 2, -1 nowait on 3]: EAGAIN\n[+1 on 0, +1 on 1]: ERANGE\nvalues: [0,32767,0,0]\n' } },
});

export const semop_same_semaphore_twice = defineScenario({
  name: 'semop-same-semaphore-twice',
  description: 'The same semaphore may appear several times: each sop sees what the earlier ones ' +
    'left ([+1, -1] on 0 succeeds; [-1, +1] must wait; [+2, -1] leaves 1; [+1, wait-for-zero] ' +
    'waits). facts §2.17; man 2 semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.print('[+1, -1]:', await attempt(sys.semop(id, [op(0, 1), op(0, -1)])), await sys.semctl(id, 0, GETVAL));
      await sys.print('[-1 nowait, +1]:', await attempt(sys.semop(id, [op(0, -1, IPC_NOWAIT), op(0, 1)])), await sys.semctl(id, 0, GETVAL));
      await sys.print('[+2, -1]:', await attempt(sys.semop(id, [op(0, 2), op(0, -1)])), await sys.semctl(id, 0, GETVAL));
      await sys.print('[-1, wait for zero nowait]:', await attempt(sys.semop(id, [op(0, -1), op(0, 0, IPC_NOWAIT)])), await sys.semctl(id, 0, GETVAL));
      await sys.print('[+1, wait for zero nowait]:', await attempt(sys.semop(id, [op(0, 1), op(0, 0, IPC_NOWAIT)])), await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: '[+1, -1]: ok 0\n[-1 nowait, +1]: EAGAIN 0\n[+2, -1]: ok 1\n[-1, wait for zero nowait]: ok 0\n' +
        '[+1, wait for zero nowait]: EAGAIN 0\n',
    },
  },
});

export const semop_first_failing_sop_decides = defineScenario({
  name: 'semop-first-failing-sop-decides',
  description: 'The sops are tried in order and the first that fails decides: [would block, ' +
    'would pass SEMVMX] is EAGAIN, [would pass SEMVMX, would block] is ERANGE. facts §2.17',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 1, SETVAL, 32767);
      await sys.print('[block, range]:', await attempt(sys.semop(id, [op(0, -1, IPC_NOWAIT), op(1, 1)])));
      await sys.print('[range, block]:', await attempt(sys.semop(id, [op(1, 1), op(0, -1, IPC_NOWAIT)])));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '[block, range]: EAGAIN\n[range, block]: ERANGE\n' } },
});

export const semop_nowait_only_on_the_blocking_sop = defineScenario({
  name: 'semop-nowait-only-on-the-blocking-sop',
  description: 'IPC_NOWAIT is per sop: [-1 on 0, +1 on 1 with IPC_NOWAIT] blocks (the sop that ' +
    'cannot proceed has no IPC_NOWAIT) until semaphore 0 is raised, then completes whole. ' +
    'facts §2.15',
  programs: {
    async main(sys) {
      const set = await sys.semget(IPC_PRIVATE, 2, 0o600);
      const child = await sys.fork('child', { id: set });
      await waitFor(sys, set, 0, GETNCNT, 1);
      await sys.print('child sleeps; values:', await attempt(sys.semctl(set, 0, GETALL)));
      await sys.semop(set, [op(0, 1)]);
      await sys.waitpid(child);
      await sys.print('after +1 on 0:', await attempt(sys.semctl(set, 0, GETALL)));
      await sys.semctl(set, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, -1), op(1, 1, IPC_NOWAIT)]);
      await sys.print('child done');
    },
  },
  expect: { output: { main: 'child sleeps; values: [0,0]\nafter +1 on 0: [0,1]\n', 'main.1': 'child done\n' } },
});

export const semop_wait_for_zero_sleeps = defineScenario({
  name: 'semop-wait-for-zero-sleeps',
  description: 'A wait-for-zero sleeps (GETZCNT 1) until the value reaches 0, here by a semop ' +
    'that takes 2. facts §2.23; man 2 semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semctl(id, 0, SETVAL, 2);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETZCNT, 1);
      await sys.print('semzcnt while it sleeps: 1, semncnt:', await sys.semctl(id, 0, GETNCNT));
      await sys.semop(id, [op(0, -2)]);
      await sys.waitpid(child);
      await sys.print('semzcnt after:', await sys.semctl(id, 0, GETZCNT));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, 0)]);
      await sys.print('zero reached');
    },
  },
  expect: { output: { main: 'semzcnt while it sleeps: 1, semncnt: 0\nsemzcnt after: 0\n', 'main.1': 'zero reached\n' } },
});

export const semop_decrement_sleeps_until_enough = defineScenario({
  name: 'semop-decrement-sleeps-until-enough',
  description: 'A decrement of 3 sleeps (GETNCNT 1) while the value is below 3: +1 leaves it ' +
    'asleep, +2 more lets it through. facts §2.22',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      await sys.semop(id, [op(0, 1)]);
      await sys.print('after +1: value', await sys.semctl(id, 0, GETVAL), 'semncnt', await sys.semctl(id, 0, GETNCNT));
      await sys.semop(id, [op(0, 2)]);
      await sys.waitpid(child);
      await sys.print('after +2: value', await sys.semctl(id, 0, GETVAL), 'semncnt', await sys.semctl(id, 0, GETNCNT));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, -3)]);
      await sys.print('took 3');
    },
  },
  expect: { output: { main: 'after +1: value 1 semncnt 1\nafter +2: value 0 semncnt 0\n', 'main.1': 'took 3\n' } },
});

export const semop_no_head_of_line_blocking = defineScenario({
  name: 'semop-no-head-of-line-blocking',
  description: 'Sleepers are not served strictly in order: with A asleep on -2 and then B on -1, ' +
    'a +1 lets B finish while A sleeps on. facts §2.27',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const a = await sys.fork('sleeper', { id, n: 2, name: 'A' });
      await waitFor(sys, id, 0, GETNCNT, 1);
      const b = await sys.fork('sleeper', { id, n: 1, name: 'B' });
      await waitFor(sys, id, 0, GETNCNT, 2);
      await sys.semop(id, [op(0, 1)]);
      await sys.waitpid(b);
      await sys.print('after +1: B is done, semncnt', await sys.semctl(id, 0, GETNCNT), 'value', await sys.semctl(id, 0, GETVAL));
      await sys.semop(id, [op(0, 2)]);
      await sys.waitpid(a);
      await sys.print('after +2: value', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async sleeper(sys, { id, n, name }: { id: number; n: number; name: string }) {
      await sys.semop(id, [op(0, -n)]);
      await sys.print(`${name} took ${n}`);
    },
  },
  expect: {
    output: { main: 'after +1: B is done, semncnt 1 value 0\nafter +2: value 0\n', 'main.1': 'A took 2\n', 'main.2': 'B took 1\n' },
  },
});

export const semop_chain_of_wakeups = defineScenario({
  name: 'semop-chain-of-wakeups',
  description: 'One update can complete several sleepers in a chain: value 1, Z waits for zero, D ' +
    'waits for -2; +1 lets D take 2, which leaves 0, which lets Z through. facts §2.29',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semctl(id, 0, SETVAL, 1);
      const z = await sys.fork('zero', { id });
      await waitFor(sys, id, 0, GETZCNT, 1);
      const d = await sys.fork('down', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      await sys.semop(id, [op(0, 1)]);
      await sys.waitpid(d);
      await sys.waitpid(z);
      await sys.print('value', await sys.semctl(id, 0, GETVAL), 'semncnt', await sys.semctl(id, 0, GETNCNT), 'semzcnt', await sys.semctl(id, 0, GETZCNT));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async zero(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, 0)]);
      await sys.print('Z saw zero');
    },
    async down(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, -2)]);
      await sys.print('D took 2');
    },
  },
  expect: { output: { main: 'value 0 semncnt 0 semzcnt 0\n', 'main.1': 'Z saw zero\n', 'main.2': 'D took 2\n' } },
});

export const semop_sleeper_holds_nothing = defineScenario({
  name: 'semop-sleeper-holds-nothing',
  description: 'A sleeping multi-sop call holds nothing: with values (0, 1) a sleeper on [-1 on 0, ' +
    '-1 on 1] counts on semaphore 0 only; another process takes semaphore 1 meanwhile; +1 on 0 ' +
    'then leaves it asleep, now counted on semaphore 1 (the count moves); +1 on 1 completes it. ' +
    'facts §2.19, §2.30; ipc/sem.c count_semcnt',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 1, SETVAL, 1);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      const counts = async () => `semncnt ${await sys.semctl(id, 0, GETNCNT)} ${await sys.semctl(id, 1, GETNCNT)}`;
      await sys.print('asleep:', await counts());
      await sys.print('take 1 meanwhile:', await attempt(sys.semop(id, [op(1, -1, IPC_NOWAIT)])));
      await sys.semop(id, [op(0, 1)]);
      await sys.print('after +1 on 0:', await counts(), 'values', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semop(id, [op(1, 1)]);
      await sys.waitpid(child);
      await sys.print('after +1 on 1:', await counts(), 'values', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, -1), op(1, -1)]);
      await sys.print('took both');
    },
  },
  expect: {
    output: {
      main: 'asleep: semncnt 1 0\ntake 1 meanwhile: ok\nafter +1 on 0: semncnt 0 1 values [1,0]\n' +
        'after +1 on 1: semncnt 0 0 values [0,0]\n',
      'main.1': 'took both\n',
    },
  },
});

export const semop_ncnt_counts_the_blocking_sop = defineScenario({
  name: 'semop-ncnt-counts-the-blocking-sop',
  description: 'GETNCNT (Linux >= 3.16) counts a sleeper only on the semaphore of the sop that ' +
    'blocked it: on (0, 0), [-1 on 0], [-1 on 0, -1 on 1] and [+1 on 0, -1 on 1] give GETNCNT 2 ' +
    'on 0 and 1 on 1; IPC_RMID wakes all three with EIDRM. facts §2.30, §2.45',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      const kids = [
        await sys.fork('sleeper', { id, ops: [op(0, -1)] }),
        await sys.fork('sleeper', { id, ops: [op(0, -1), op(1, -1)] }),
        await sys.fork('sleeper', { id, ops: [op(0, 1), op(1, -1)] }),
      ];
      await waitFor(sys, id, 0, GETNCNT, 2);
      await waitFor(sys, id, 1, GETNCNT, 1);
      await sys.print('semncnt', await sys.semctl(id, 0, GETNCNT), await sys.semctl(id, 1, GETNCNT));
      await sys.print('semzcnt', await sys.semctl(id, 0, GETZCNT), await sys.semctl(id, 1, GETZCNT));
      await sys.semctl(id, 0, IPC_RMID);
      for (const k of kids) await sys.waitpid(k);
    },
    async sleeper(sys, { id, ops }: { id: number; ops: Sembuf[] }) {
      await sys.print(await attempt(sys.semop(id, ops)));
    },
  },
  expect: { output: { main: 'semncnt 2 1\nsemzcnt 0 0\n', 'main.1': 'EIDRM\n', 'main.2': 'EIDRM\n', 'main.3': 'EIDRM\n' } },
});

export const semop_zcnt_counts_the_blocking_sop = defineScenario({
  name: 'semop-zcnt-counts-the-blocking-sop',
  description: 'A [wait-for-zero on 0, wait-for-zero on 1] call on (1, 1) counts in GETZCNT of ' +
    'semaphore 0 only; SETVAL 0 on semaphore 0 moves it to semaphore 1; SETVAL 0 there lets it ' +
    'through. facts §2.30, §2.23',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 0, SETALL, [1, 1]);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETZCNT, 1);
      const counts = async () => `semzcnt ${await sys.semctl(id, 0, GETZCNT)} ${await sys.semctl(id, 1, GETZCNT)}`;
      await sys.print('asleep:', await counts());
      await sys.semctl(id, 0, SETVAL, 0);
      await sys.print('after SETVAL 0 on 0:', await counts());
      await sys.semctl(id, 1, SETVAL, 0);
      await sys.waitpid(child);
      await sys.print('after SETVAL 0 on 1:', await counts());
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, 0), op(1, 0)]);
      await sys.print('both zero');
    },
  },
  expect: {
    output: {
      main: 'asleep: semzcnt 1 0\nafter SETVAL 0 on 0: semzcnt 0 1\nafter SETVAL 0 on 1: semzcnt 0 0\n',
      'main.1': 'both zero\n',
    },
  },
});

export const semop_removed_while_asleep = defineScenario({
  name: 'semop-removed-while-asleep',
  description: 'IPC_RMID wakes a sleeping semop with EIDRM; afterwards the id is EINVAL for ' +
    'every call, and a second IPC_RMID is EINVAL. facts §0.11, §2.45; man 2 semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      await sys.semctl(id, 0, IPC_RMID);
      await sys.waitpid(child);
      await sys.print('semop after:', await attempt(sys.semop(id, [op(0, 1)])));
      await sys.print('GETVAL after:', await attempt(sys.semctl(id, 0, GETVAL)));
      await sys.print('IPC_RMID again:', await attempt(sys.semctl(id, 0, IPC_RMID)));
    },
    async child(sys, { id }: { id: number }) {
      await sys.print('sleeper:', await attempt(sys.semop(id, [op(0, -1)])));
    },
  },
  expect: { output: { main: 'semop after: EINVAL\nGETVAL after: EINVAL\nIPC_RMID again: EINVAL\n', 'main.1': 'sleeper: EIDRM\n' } },
});

export const semop_woken_with_eagain = defineScenario({
  name: 'semop-woken-with-eagain',
  description: 'A sleeper is not retried by itself: the process that changes a value performs ' +
    'the sleeper\'s sops for it, and a sop with IPC_NOWAIT that would then block ends the sleep ' +
    'with EAGAIN. On (0, 1), [-1 on 0, -1 nowait on 1] sleeps on 0; semaphore 1 is taken; +1 on ' +
    '0 wakes it with EAGAIN and the +1 stays. ipc/sem.c update_queue, perform_atomic_semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 1, SETVAL, 1);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      await sys.semop(id, [op(1, -1)]);
      await sys.semop(id, [op(0, 1)]);
      await sys.waitpid(child);
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.print('sleeper:', await attempt(sys.semop(id, [op(0, -1), op(1, -1, IPC_NOWAIT)])));
    },
  },
  expect: { output: { main: 'values: [1,0]\n', 'main.1': 'sleeper: EAGAIN\n' } },
});

export const semop_fifo_among_equal_sleepers = defineScenario({
  name: 'semop-fifo-among-equal-sleepers',
  description: 'Sleepers on the same semaphore are served in the order they went to sleep: A ' +
    'then B wait for -1; the first +1 goes to A. ipc/sem.c update_queue (FIFO per list)',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const a = await sys.fork('sleeper', { id, name: 'A' });
      await waitFor(sys, id, 0, GETNCNT, 1);
      const b = await sys.fork('sleeper', { id, name: 'B' });
      await waitFor(sys, id, 0, GETNCNT, 2);
      await sys.semop(id, [op(0, 1)]);
      const first = await sys.waitpid(-1);
      await sys.print('first served is A:', first.pid === a);
      await sys.semop(id, [op(0, 1)]);
      await sys.print('then B:', (await sys.waitpid(-1)).pid === b);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async sleeper(sys, { id, name }: { id: number; name: string }) {
      await sys.semop(id, [op(0, -1)]);
      await sys.print(name, 'done');
    },
  },
  expect: { output: { main: 'first served is A: true\nthen B: true\n', 'main.1': 'A done\n', 'main.2': 'B done\n' } },
});

export const semop_fifo_between_simple_and_complex = defineScenario({
  name: 'semop-fifo-between-simple-and-complex',
  description: 'Single-sop and multi-sop sleepers are served in the order they slept: a [-1 on 0, ' +
    '-1 on 1] sleeper queued before a [-1 on 0] one gets both semaphores when SETALL [1, 1] comes; ' +
    'queued after it, it finds semaphore 0 taken and sleeps on. ipc/sem.c merge_queues, ' +
    'update_queue',
  programs: {
    async main(sys) {
      for (const complexFirst of [true, false]) {
        const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
        const order = complexFirst ? [[op(0, -1), op(1, -1)], [op(0, -1)]] : [[op(0, -1)], [op(0, -1), op(1, -1)]];
        const kids: number[] = [];
        for (let i = 0; i < 2; i++) {
          kids.push(await sys.fork('sleeper', { id, ops: order[i] }));
          await waitFor(sys, id, 0, GETNCNT, i + 1);
        }
        await sys.semctl(id, 0, SETALL, [1, 1]);
        const done = await sys.waitpid(-1);
        const complex = complexFirst ? kids[0] : kids[1];
        await sys.print(complexFirst ? 'complex first:' : 'simple first:', 'the one served is the',
          done.pid === complex ? 'complex one' : 'simple one', 'values', await attempt(sys.semctl(id, 0, GETALL)));
        await sys.semctl(id, 0, IPC_RMID);
        await sys.waitpid(-1);
      }
    },
    async sleeper(sys, { id, ops }: { id: number; ops: Sembuf[] }) {
      await sys.print(await attempt(sys.semop(id, ops)));
    },
  },
  expect: {
    output: {
      main: 'complex first: the one served is the complex one values [0,0]\n' +
        'simple first: the one served is the simple one values [0,1]\n',
      'main.1': 'ok\n', 'main.2': 'EIDRM\n', 'main.3': 'ok\n', 'main.4': 'EIDRM\n',
    },
  },
});

export const semop_killed_sleeper_leaves = defineScenario({
  name: 'semop-killed-sleeper-leaves',
  description: 'A sleeper killed by SIGKILL leaves the queue (GETNCNT drops to 0), and its ' +
    'SEM_UNDO adjustments are applied at its death. man 2 semop; ipc/sem.c exit_sem',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 0, SETVAL, 1);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 1, GETNCNT, 1);
      await sys.print('asleep holding the lock: value', await sys.semctl(id, 0, GETVAL));
      await sys.kill(child, 'SIGKILL');
      const st = await sys.waitpid(child);
      await sys.print('killed by', st.signal, 'semncnt', await sys.semctl(id, 1, GETNCNT), 'lock value', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, -1, SEM_UNDO)]);
      await sys.semop(id, [op(1, -1)]);
    },
  },
  expect: {
    output: { main: 'asleep holding the lock: value 0\nkilled by SIGKILL semncnt 0 lock value 1\n' },
    exit: { 'main.1': { signal: 'SIGKILL' } },
  },
});

// ---------------------------------------------------------------------------------------------
// semtimedop

export const semtimedop_expires_with_eagain = defineScenario({
  name: 'semtimedop-expires-with-eagain',
  description: 'A semtimedop that is still waiting when its timeout expires fails with EAGAIN ' +
    '(not ETIMEDOUT), after at least the timeout, and no longer counts in GETNCNT. facts §2.21',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const t0 = await sys.clock_gettime();
      await sys.print('-1 with 100 ms:', await attempt(sys.semtimedop(id, [op(0, -1)], 100)));
      const waited = (await sys.clock_gettime()) - t0;
      await sys.print('waited at least 100 ms:', waited >= 0.099, 'semncnt:', await sys.semctl(id, 0, GETNCNT));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '-1 with 100 ms: EAGAIN\nwaited at least 100 ms: true semncnt: 0\n' } },
});

export const semtimedop_zero_timeout = defineScenario({
  name: 'semtimedop-zero-timeout',
  description: 'A zero timeout: EAGAIN if the operation would have to wait, success if it can ' +
    'proceed at once. facts §2.21',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.print('-1 on 0:', await attempt(sys.semtimedop(id, [op(0, -1)], 0)));
      await sys.print('+1:', await attempt(sys.semtimedop(id, [op(0, 1)], 0)));
      await sys.print('-1 on 1:', await attempt(sys.semtimedop(id, [op(0, -1)], 0)));
      await sys.print('value:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '-1 on 0: EAGAIN\n+1: ok\n-1 on 1: ok\nvalue: 0\n' } },
});

export const semtimedop_completes_in_time = defineScenario({
  name: 'semtimedop-completes-in-time',
  description: 'A semtimedop woken by a +1 before its timeout succeeds. facts §2.21, §2.22',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      await sys.semop(id, [op(0, 1)]);
      await sys.waitpid(child);
      await sys.print('value:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.print('sleeper:', await attempt(sys.semtimedop(id, [op(0, -1)], 15_000)));
    },
  },
  expect: { output: { main: 'value: 0\n', 'main.1': 'sleeper: ok\n' } },
});

export const semtimedop_null_timeout = defineScenario({
  name: 'semtimedop-null-timeout',
  description: 'semtimedop with a null timeout is semop: it waits as long as it takes. man 2 semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      await sys.sleep(50);
      await sys.semop(id, [op(0, 1)]);
      await sys.waitpid(child);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.print('sleeper:', await attempt(sys.semtimedop(id, [op(0, -1)], null)));
    },
  },
  expect: { output: { 'main.1': 'sleeper: ok\n' } },
});

// ---------------------------------------------------------------------------------------------
// sempid and sem_otime

export const semop_sets_sempid_and_otime = defineScenario({
  name: 'semop-sets-sempid-and-otime',
  description: 'A new set has sempid 0 and sem_otime 0. A successful semop sets sem_otime and ' +
    'the sempid of each semaphore it names to the caller, a wait-for-zero too; SETVAL sets sempid ' +
    'to its caller. facts §2.35, §2.42; man 2 semctl (GETPID)',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.print('new: sempid', await sys.semctl(id, 0, GETPID), 'sem_otime', (await sys.semctl(id, 0, IPC_STAT)).sem_otime);
      const a = await sys.fork('run', { id, ops: [op(0, 1)] });
      await sys.waitpid(a);
      await sys.print('after +1 by a child: GETPID is it:', (await sys.semctl(id, 0, GETPID)) === a,
        'untouched sem 1:', await sys.semctl(id, 1, GETPID), 'sem_otime set:', (await sys.semctl(id, 0, IPC_STAT)).sem_otime > 0);
      await sys.semctl(id, 0, SETVAL, 0);
      await sys.print('after SETVAL: GETPID is main:', (await sys.semctl(id, 0, GETPID)) === sys.pid);
      const b = await sys.fork('run', { id, ops: [op(0, 0), op(1, 0)] });
      await sys.waitpid(b);
      await sys.print('after a wait-for-zero by another child: GETPID is it:',
        (await sys.semctl(id, 0, GETPID)) === b && (await sys.semctl(id, 1, GETPID)) === b);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async run(sys, { id, ops }: { id: number; ops: Sembuf[] }) {
      await sys.semop(id, ops);
    },
  },
  expect: {
    output: {
      main: 'new: sempid 0 sem_otime 0\nafter +1 by a child: GETPID is it: true untouched sem 1: 0 sem_otime set: true\n' +
        'after SETVAL: GETPID is main: true\nafter a wait-for-zero by another child: GETPID is it: true\n',
    },
  },
});

export const semop_failure_changes_nothing = defineScenario({
  name: 'semop-failure-changes-nothing',
  description: 'A semop that fails (EAGAIN, ERANGE) leaves the values, sempid and sem_otime as ' +
    'they were. facts §2.18',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.print(await attempt(sys.semop(id, [op(0, -1, IPC_NOWAIT)])), await attempt(sys.semop(id, [op(0, 32767), op(0, 1)])));
      await sys.print('value', await sys.semctl(id, 0, GETVAL), 'sempid', await sys.semctl(id, 0, GETPID),
        'sem_otime', (await sys.semctl(id, 0, IPC_STAT)).sem_otime);
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: 'EAGAIN ERANGE\nvalue 0 sempid 0 sem_otime 0\n' } },
});

export const semctl_setall_sets_every_sempid = defineScenario({
  name: 'semctl-setall-sets-every-sempid',
  description: 'SETVAL sets the sempid of its semaphore only; SETALL (since Linux 4.6) sets the ' +
    'sempid of every semaphore to the caller. facts §2.35; man 2 semctl',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 3, 0o600);
      await sys.semctl(id, 1, SETVAL, 4);
      await sys.print('after SETVAL on 1:', (await sys.semctl(id, 1, GETPID)) === sys.pid, await sys.semctl(id, 0, GETPID), await sys.semctl(id, 2, GETPID));
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      const pids = [0, 1, 2].map((i) => sys.semctl(id, i, GETPID));
      await sys.print('after SETALL by a child, every sempid is it:', (await Promise.all(pids)).every((p) => p === child));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semctl(id, 0, SETALL, [1, 2, 3]);
    },
  },
  expect: { output: { main: 'after SETVAL on 1: true 0 0\nafter SETALL by a child, every sempid is it: true\n' } },
});

export const semctl_sem_otime_only_by_operations = defineScenario({
  name: 'semctl-sem-otime-only-by-operations',
  description: 'sem_otime is the time of the last semop: SETVAL, SETALL and IPC_SET leave it 0; a ' +
    'SETVAL that completes a sleeper sets it (do_smart_update). ipc/sem.c; man 2 semctl',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const otime = async () => (await sys.semctl(id, 0, IPC_STAT)).sem_otime;
      await sys.semctl(id, 0, SETVAL, 3);
      await sys.semctl(id, 0, SETALL, [2]);
      await sys.semctl(id, 0, IPC_SET, { sem_perm: { mode: 0o660 } });
      await sys.print('after SETVAL, SETALL, IPC_SET:', await otime());
      await sys.semctl(id, 0, SETVAL, 0);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      await sys.print('while a semop sleeps:', await otime());
      await sys.semctl(id, 0, SETVAL, 1);
      await sys.waitpid(child);
      await sys.print('after a SETVAL that completed it, set:', (await otime()) > 0);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, -1)]);
    },
  },
  expect: { output: { main: 'after SETVAL, SETALL, IPC_SET: 0\nwhile a semop sleeps: 0\nafter a SETVAL that completed it, set: true\n' } },
});

// ---------------------------------------------------------------------------------------------
// SEM_UNDO

export const undo_reverts_at_exit = defineScenario({
  name: 'undo-reverts-at-exit',
  description: 'SEM_UNDO adjustments are applied when the process exits: a child\'s +1 goes back ' +
    'to 0, another child\'s -1 on 2 back to 2; an operation without SEM_UNDO stays. facts §2.47',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 3, 0o600);
      await sys.semctl(id, 1, SETVAL, 2);
      for (const ops of [[op(0, 1, SEM_UNDO)], [op(1, -1, SEM_UNDO)], [op(2, 1)]]) {
        const child = await sys.fork('child', { id, ops });
        await sys.waitpid(child);
      }
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id, ops }: { id: number; ops: Sembuf[] }) {
      await sys.semop(id, ops);
      await sys.print('before exit:', await sys.semctl(id, ops[0].sem_num, GETVAL));
    },
  },
  expect: {
    output: { main: 'values: [0,2,1]\n', 'main.1': 'before exit: 1\n', 'main.2': 'before exit: 1\n', 'main.3': 'before exit: 1\n' },
  },
});

export const undo_exit_sets_sempid = defineScenario({
  name: 'undo-exit-sets-sempid',
  description: 'The exit adjustment makes the exiting process the sempid of each semaphore it ' +
    'changes, and sets sem_otime. facts §2.49; man 2 semctl',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 0, SETALL, [5, 5]);
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.print('value', await sys.semctl(id, 0, GETVAL), 'sempid is the child:', (await sys.semctl(id, 0, GETPID)) === child);
      await sys.print('untouched semaphore keeps main:', (await sys.semctl(id, 1, GETPID)) === sys.pid);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, 2, SEM_UNDO)]);
      await sys.semctl(id, 0, SETVAL, 5); // clears the adjustment...
      await sys.semop(id, [op(0, -1, SEM_UNDO)]); // ...so only this one is undone: back to 5
    },
  },
  expect: { output: { main: 'value 5 sempid is the child: true\nuntouched semaphore keeps main: true\n' } },
});

export const undo_adjustment_range = defineScenario({
  name: 'undo-adjustment-range',
  description: 'semadj must stay within [-32768, 32767]: with semadj -32767 a SEM_UNDO +2 is ' +
    'ERANGE and +1 is accepted; at exit the value, 1 + (-32768), is clamped to 0. facts §2.50, §2.47',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.print('after exit:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.print('+32767 undo:', await attempt(sys.semop(id, [op(0, 32767, SEM_UNDO)])));
      await sys.print('-32767:', await attempt(sys.semop(id, [op(0, -32767)])));
      await sys.print('+2 undo:', await attempt(sys.semop(id, [op(0, 2, SEM_UNDO)])));
      await sys.print('+1 undo:', await attempt(sys.semop(id, [op(0, 1, SEM_UNDO)])));
      await sys.print('value:', await sys.semctl(id, 0, GETVAL));
    },
  },
  expect: {
    output: { main: 'after exit: 0\n', 'main.1': '+32767 undo: ok\n-32767: ok\n+2 undo: ERANGE\n+1 undo: ok\nvalue: 1\n' },
  },
});

export const undo_clamped_at_exit = defineScenario({
  name: 'undo-clamped-at-exit',
  description: 'The exit adjustment clamps each value to [0, SEMVMX]: a child\'s +5 undone after ' +
    'someone took the 5 leaves 0, not -5; a child\'s -5 undone at 32767 leaves 32767. facts §2.47; ' +
    'ipc/sem.c exit_sem',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 3, 0o600);
      await sys.semctl(id, 1, SETVAL, 5);
      const up = await sys.fork('child', { id, num: 0, n: 5 });
      const down = await sys.fork('child', { id, num: 1, n: -5 });
      await waitFor(sys, id, 2, GETNCNT, 2);
      await sys.semop(id, [op(0, -5), op(1, 32767)]);
      await sys.semop(id, [op(2, 2)]);
      await sys.waitpid(up);
      await sys.waitpid(down);
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id, num, n }: { id: number; num: number; n: number }) {
      await sys.semop(id, [op(num, n, SEM_UNDO)]);
      await sys.semop(id, [op(2, -1)]); // wait for main
    },
  },
  expect: { output: { main: 'values: [0,32767,0]\n' } },
});

export const undo_not_inherited_by_fork = defineScenario({
  name: 'undo-not-inherited-by-fork',
  description: 'A forked child does not inherit its parent\'s semadj: the parent\'s +1 with ' +
    'SEM_UNDO survives the child\'s exit. facts §2.51; man 2 fork',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semop(id, [op(0, 1, SEM_UNDO)]);
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.print('after the child exits:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.print('child sees', await sys.semctl(id, 0, GETVAL));
    },
  },
  expect: { output: { main: 'after the child exits: 1\n', 'main.1': 'child sees 1\n' } },
});

export const undo_cleared_by_setval = defineScenario({
  name: 'undo-cleared-by-setval',
  description: 'SETVAL zeroes the adjustments of that semaphore in every process: a child does ' +
    '+5 with SEM_UNDO, the parent SETVALs 9, the child exits: the value stays 9. facts §2.54, §2.37',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 1, GETNCNT, 1);
      await sys.semctl(id, 0, SETVAL, 9);
      await sys.semop(id, [op(1, 1)]);
      await sys.waitpid(child);
      await sys.print('value:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, 5, SEM_UNDO)]);
      await sys.semop(id, [op(1, -1)]);
    },
  },
  expect: { output: { main: 'value: 9\n' } },
});

export const undo_cleared_by_setall = defineScenario({
  name: 'undo-cleared-by-setall',
  description: 'SETALL zeroes every adjustment of the set in every process; here it also wakes ' +
    'the child, who then exits: the values stay as SETALL left them, less what the child took. ' +
    'facts §2.37; man 2 semctl',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      const child = await sys.fork('child', { id });
      await waitFor(sys, id, 1, GETNCNT, 1);
      await sys.semctl(id, 0, SETALL, [9, 1]);
      await sys.waitpid(child);
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, 5, SEM_UNDO)]);
      await sys.semop(id, [op(1, -1)]);
    },
  },
  expect: { output: { main: 'values: [9,0]\n' } },
});

export const undo_wait_for_zero_records_nothing = defineScenario({
  name: 'undo-wait-for-zero-records-nothing',
  description: 'A wait-for-zero with SEM_UNDO is accepted and records no adjustment: the ' +
    'child\'s later +3 without SEM_UNDO stays after it exits. facts §2.53',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.print('value after exit:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await sys.print(await attempt(sys.semop(id, [op(0, 0, SEM_UNDO)])));
      await sys.semop(id, [op(0, 3)]);
    },
  },
  expect: { output: { main: 'value after exit: 3\n', 'main.1': 'ok\n' } },
});

export const undo_record_made_by_failed_op = defineScenario({
  name: 'undo-record-made-by-failed-op',
  description: 'semop finds or makes the caller\'s undo record before it checks sem_num, ' +
    'permissions or values, so a SEM_UNDO semop that fails (EAGAIN, EFBIG) still leaves one; the ' +
    'exit processing of that record sets sem_otime though no value changes. ipc/sem.c ' +
    'find_alloc_undo, exit_sem',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const otime = async () => (await sys.semctl(id, 0, IPC_STAT)).sem_otime;
      const gate = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const a = await sys.fork('child', { id, gate, ops: [op(0, -1, SEM_UNDO | IPC_NOWAIT)] });
      await waitFor(sys, gate, 0, GETNCNT, 1);
      await sys.print('while it lives: sem_otime', await otime());
      await sys.semop(gate, [op(0, 1)]); // lets it exit
      await sys.waitpid(a);
      await sys.print('after exit: sem_otime set:', (await otime()) > 0, 'value', await sys.semctl(id, 0, GETVAL));
      const id2 = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const b = await sys.fork('child', { id: id2, gate, ops: [op(3, 1, SEM_UNDO)] });
      await sys.waitpid(b);
      await sys.print('EFBIG, then exit: sem_otime set:', (await sys.semctl(id2, 0, IPC_STAT)).sem_otime > 0);
      await sys.semctl(id, 0, IPC_RMID);
      await sys.semctl(id2, 0, IPC_RMID);
      await sys.semctl(gate, 0, IPC_RMID);
    },
    async child(sys, { id, gate, ops }: { id: number; gate: number; ops: Sembuf[] }) {
      await sys.print(await attempt(sys.semop(id, ops)));
      if (ops[0].sem_num === 0) await sys.semop(gate, [op(0, -1)]); // wait for main to look
    },
  },
  expect: {
    output: {
      main: 'while it lives: sem_otime 0\nafter exit: sem_otime set: true value 0\nEFBIG, then exit: sem_otime set: true\n',
      'main.1': 'EAGAIN\n', 'main.2': 'EFBIG\n',
    },
  },
});

export const undo_exit_releases_sleepers = defineScenario({
  name: 'undo-exit-releases-sleepers',
  description: 'A process that dies holding a SEM_UNDO lock gives it back: its exit adjustment ' +
    'wakes the process waiting for the lock. facts §2.47; man 2 semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 0, SETVAL, 1);
      const holder = await sys.fork('holder', { id });
      await waitFor(sys, id, 1, GETNCNT, 1);
      const waiter = await sys.fork('waiter', { id });
      await waitFor(sys, id, 0, GETNCNT, 1);
      await sys.semop(id, [op(1, 1)]); // the holder exits without releasing
      await sys.waitpid(holder);
      await sys.waitpid(waiter);
      await sys.print('lock value:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async holder(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, -1, SEM_UNDO)]);
      await sys.print('holder has the lock');
      await sys.semop(id, [op(1, -1)]);
    },
    async waiter(sys, { id }: { id: number }) {
      await sys.semop(id, [op(0, -1, SEM_UNDO)]);
      await sys.print('waiter has the lock');
      await sys.semop(id, [op(0, 1, SEM_UNDO)]);
    },
  },
  expect: { output: { main: 'lock value: 1\n', 'main.1': 'holder has the lock\n', 'main.2': 'waiter has the lock\n' } },
});

export const undo_dropped_with_the_set = defineScenario({
  name: 'undo-dropped-with-the-set',
  description: 'IPC_RMID drops the set\'s undo records: a process that used SEM_UNDO on a removed ' +
    'set exits normally and changes no other set. ipc/sem.c freeary, exit_sem',
  programs: {
    async main(sys) {
      const a = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const gate = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const child = await sys.fork('child', { a, gate });
      await waitFor(sys, gate, 0, GETNCNT, 1);
      await sys.semctl(a, 0, IPC_RMID);
      const b = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semctl(b, 0, SETVAL, 4);
      await sys.semop(gate, [op(0, 1)]);
      const st = await sys.waitpid(child);
      await sys.print('child exit code', st.code, 'new set value', await sys.semctl(b, 0, GETVAL));
      await sys.semctl(b, 0, IPC_RMID);
      await sys.semctl(gate, 0, IPC_RMID);
    },
    async child(sys, { a, gate }: { a: number; gate: number }) {
      await sys.semop(a, [op(0, 3, SEM_UNDO)]);
      await sys.semop(gate, [op(0, -1)]);
    },
  },
  expect: { output: { main: 'child exit code 0 new set value 4\n' } },
});

// ---------------------------------------------------------------------------------------------
// semctl

export const semctl_semnum_range = defineScenario({
  name: 'semctl-semnum-range',
  description: 'GETVAL, GETPID, GETNCNT, GETZCNT and SETVAL with semnum < 0 or >= sem_nsems are ' +
    'EINVAL; GETALL and SETALL ignore semnum. facts §2.31',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      for (const [name, cmd] of [['GETVAL', GETVAL], ['GETPID', GETPID], ['GETNCNT', GETNCNT], ['GETZCNT', GETZCNT], ['SETVAL', SETVAL]] as const) {
        await sys.print(name, await attempt(sys.semctl(id, -1, cmd, 1)), await attempt(sys.semctl(id, 2, cmd, 1)), await attempt(sys.semctl(id, 1, cmd, 1)));
      }
      await sys.print('SETALL, GETALL with semnum 99:', await attempt(sys.semctl(id, 99, SETALL, [3, 4])), await attempt(sys.semctl(id, 99, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'GETVAL EINVAL EINVAL 0\nGETPID EINVAL EINVAL 0\nGETNCNT EINVAL EINVAL 0\nGETZCNT EINVAL EINVAL 0\n' +
        'SETVAL EINVAL EINVAL ok\nSETALL, GETALL with semnum 99: ok [3,4]\n',
    },
  },
});

export const semctl_setval_range = defineScenario({
  name: 'semctl-setval-range',
  description: 'SETVAL accepts 0 to 32767; -1 and 32768 are ERANGE, checked even before the set is ' +
    'looked up (a removed id gives ERANGE, not EINVAL). facts §2.33; ipc/sem.c semctl_setval',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      for (const v of [-1, 0, 32767, 32768]) await sys.print(`SETVAL ${v}:`, await attempt(sys.semctl(id, 0, SETVAL, v)));
      await sys.print('value:', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
      await sys.print('removed id, SETVAL -1:', await attempt(sys.semctl(id, 0, SETVAL, -1)));
      await sys.print('removed id, SETVAL 1:', await attempt(sys.semctl(id, 0, SETVAL, 1)));
      await sys.print('semid -1, SETVAL -1:', await attempt(sys.semctl(-1, 0, SETVAL, -1)));
    },
  },
  expect: {
    output: {
      main: 'SETVAL -1: ERANGE\nSETVAL 0: ok\nSETVAL 32767: ok\nSETVAL 32768: ERANGE\nvalue: 32767\n' +
        'removed id, SETVAL -1: ERANGE\nremoved id, SETVAL 1: EINVAL\nsemid -1, SETVAL -1: EINVAL\n',
    },
  },
});

export const semctl_setall_range = defineScenario({
  name: 'semctl-setall-range',
  description: 'SETALL with any value above 32767 is ERANGE and changes no value (the values are ' +
    'unsigned shorts: -1 is 65535). facts §2.34',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 3, 0o600);
      await sys.semctl(id, 0, SETALL, [5, 5, 5]);
      await sys.print('[1, 32768, 2]:', await attempt(sys.semctl(id, 0, SETALL, [1, 32768, 2])));
      await sys.print('[1, 2, -1]:', await attempt(sys.semctl(id, 0, SETALL, [1, 2, -1])));
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.print('[0, 32767, 1]:', await attempt(sys.semctl(id, 0, SETALL, [0, 32767, 1])), await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: '[1, 32768, 2]: ERANGE\n[1, 2, -1]: ERANGE\nvalues: [5,5,5]\n[0, 32767, 1]: ok [0,32767,1]\n' } },
});

export const semctl_setall_wakes_sleepers = defineScenario({
  name: 'semctl-setall-wakes-sleepers',
  description: 'SETALL, like SETVAL, lets sleepers proceed: a decrement sleeping on semaphore 1 ' +
    'and a wait-for-zero on semaphore 0 both complete after SETALL [0, 2]. facts §2.22, §2.23',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 2, 0o600);
      await sys.semctl(id, 0, SETVAL, 1);
      const z = await sys.fork('run', { id, ops: [op(0, 0)], name: 'zero' });
      const d = await sys.fork('run', { id, ops: [op(1, -2)], name: 'down' });
      await waitFor(sys, id, 0, GETZCNT, 1);
      await waitFor(sys, id, 1, GETNCNT, 1);
      await sys.semctl(id, 0, SETALL, [0, 2]);
      await sys.waitpid(z);
      await sys.waitpid(d);
      await sys.print('values:', await attempt(sys.semctl(id, 0, GETALL)));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async run(sys, { id, ops, name }: { id: number; ops: Sembuf[]; name: string }) {
      await sys.semop(id, ops);
      await sys.print(name, 'done');
    },
  },
  expect: { output: { main: 'values: [0,0]\n', 'main.1': 'zero done\n', 'main.2': 'down done\n' } },
});

export const semctl_ipc_set = defineScenario({
  name: 'semctl-ipc-set',
  description: 'IPC_SET changes sem_perm.uid, gid and the low 9 mode bits (higher bits are ' +
    'ignored); cuid and cgid stay; fields left out keep their values. facts §2.42, §0.7',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const perm = async () => (await sys.semctl(id, 0, IPC_STAT)).sem_perm;
      await sys.semctl(id, 0, IPC_SET, { sem_perm: { uid: 4242, gid: 4343, mode: 0o1644 } });
      let p = await perm();
      await sys.print('uid', p.uid, 'gid', p.gid, 'mode', octal(p.mode), 'cuid kept:', p.cuid === (await sys.geteuid()));
      await sys.semctl(id, 0, IPC_SET, { sem_perm: { mode: 0o640 } });
      p = await perm();
      await sys.print('mode only:', p.uid, p.gid, octal(p.mode));
      const whole = await sys.semctl(id, 0, IPC_STAT);
      await sys.print('a whole IPC_STAT struct:', await attempt(sys.semctl(id, 0, IPC_SET, whole)));
      await sys.print('no buffer:', await attempt(sys.semctl(id, 0, IPC_SET)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'uid 4242 gid 4343 mode 0o644 cuid kept: true\nmode only: 4242 4343 0o640\n' +
        'a whole IPC_STAT struct: ok\nno buffer: EFAULT\n',
    },
  },
});

export const semctl_rmid_twice = defineScenario({
  name: 'semctl-rmid-twice',
  description: 'IPC_RMID of a removed set, or of semid -1, is EINVAL. facts §2.45',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.print(await attempt(sys.semctl(id, 0, IPC_RMID)), await attempt(sys.semctl(id, 0, IPC_RMID)), await attempt(sys.semctl(-1, 0, IPC_RMID)));
    },
  },
  expect: { output: { main: 'ok EINVAL EINVAL\n' } },
});

export const semctl_bad_commands = defineScenario({
  name: 'semctl-bad-commands',
  description: 'An unknown cmd (99, -1) is EINVAL; on x86_64 IPC_STAT|IPC_64 (0x100) is not ' +
    'accepted either. facts §0.14',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.print(await attempt(sys.semctl(id, 0, 99)), await attempt(sys.semctl(id, 0, -1)), await attempt(sys.semctl(id, 0, IPC_STAT | 0x100)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: 'EINVAL EINVAL EINVAL\n' } },
});

export const semctl_ipc_info = defineScenario({
  name: 'semctl-ipc-info',
  description: 'IPC_INFO fills struct seminfo with the limits (semmsl 32000, semmns 1024000000, ' +
    'semopm 500, semmni 32000, semvmx 32767, semaem 32767, semusz 20, semmap/semmnu 1024000000, ' +
    'semume 500) and returns the highest index in use. facts §2 limits, §0.13',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const { max_idx, ...info } = await sys.semctl(id, 0, IPC_INFO);
      await sys.print(JSON.stringify(info));
      await sys.print('highest index covers this set:', max_idx >= (id & 0x7fff));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: '{"semmap":1024000000,"semmni":32000,"semmns":1024000000,"semmnu":1024000000,"semmsl":32000,' +
        '"semopm":500,"semume":500,"semusz":20,"semvmx":32767,"semaem":32767}\nhighest index covers this set: true\n',
    },
  },
});

export const semctl_sem_info = defineScenario({
  name: 'semctl-sem-info',
  description: 'SEM_INFO is IPC_INFO except semusz = sets in use and semaem = semaphores in use ' +
    '(system-wide, so at least this set\'s); semid is ignored, but a negative one is EINVAL. ' +
    'facts §2 limits; ipc/sem.c semctl_info, ksys_semctl',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 7, 0o600);
      const info = await sys.semctl(123456, 0, SEM_INFO);
      await sys.print('semusz >= 1:', info.semusz >= 1, 'semaem >= 7:', info.semaem >= 7, 'semmsl', info.semmsl, 'semvmx', info.semvmx);
      await sys.print('semid -1:', await attempt(sys.semctl(-1, 0, SEM_INFO)), await attempt(sys.semctl(-1, 0, IPC_INFO)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: 'semusz >= 1: true semaem >= 7: true semmsl 32000 semvmx 32767\nsemid -1: EINVAL EINVAL\n' } },
});

export const semctl_sem_stat_by_index = defineScenario({
  name: 'semctl-sem-stat-by-index',
  description: 'SEM_STAT and SEM_STAT_ANY take an index (id % 32768), not an id, fill semid_ds ' +
    'and return the full id; an unused index is EINVAL. facts §2.46; man 2 semctl',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 4, 0o600);
      const s = await sys.semctl(id & 0x7fff, 0, SEM_STAT);
      const a = await sys.semctl(id & 0x7fff, 0, SEM_STAT_ANY);
      await sys.print('SEM_STAT returns the id:', s.semid === id, 'nsems', s.sem_nsems);
      await sys.print('SEM_STAT_ANY returns the id:', a.semid === id, 'nsems', a.sem_nsems);
      await sys.print('unused index 32767:', await attempt(sys.semctl(32767, 0, SEM_STAT)));
      await sys.semctl(id, 0, IPC_RMID);
    },
  },
  expect: { output: { main: 'SEM_STAT returns the id: true nsems 4\nSEM_STAT_ANY returns the id: true nsems 4\nunused index 32767: EINVAL\n' } },
});

// ---------------------------------------------------------------------------------------------
// permissions (as uid 65534)

export const perm_read_denied = defineScenario({
  name: 'perm-read-denied',
  description: 'Without read permission (mode 0600, another uid): GETVAL, GETALL, GETPID, GETNCNT, ' +
    'GETZCNT, IPC_STAT, SEM_STAT and a wait-for-zero are EACCES; SEM_STAT_ANY works; without ' +
    'alter permission SETVAL, SETALL and a decrement are EACCES. facts §2.39, §2.46',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semctl(id, 0, SETVAL, 1);
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.print('value still', await sys.semctl(id, 0, GETVAL));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      for (const [name, cmd] of [['GETVAL', GETVAL], ['GETALL', GETALL], ['GETPID', GETPID], ['GETNCNT', GETNCNT], ['GETZCNT', GETZCNT], ['IPC_STAT', IPC_STAT]] as const) {
        await sys.print(name, await attempt(sys.semctl(id, 0, cmd)));
      }
      await sys.print('SEM_STAT', await attempt(sys.semctl(id & 0x7fff, 0, SEM_STAT)));
      await sys.print('SEM_STAT_ANY gives the id:', (await sys.semctl(id & 0x7fff, 0, SEM_STAT_ANY)).semid === id);
      await sys.print('wait for zero', await attempt(sys.semop(id, [op(0, 0, IPC_NOWAIT)])));
      await sys.print('decrement', await attempt(sys.semop(id, [op(0, -1, IPC_NOWAIT)])));
      await sys.print('SETVAL', await attempt(sys.semctl(id, 0, SETVAL, 3)));
      await sys.print('SETALL', await attempt(sys.semctl(id, 0, SETALL, [3])));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      main: 'value still 1\n',
      'main.1': 'GETVAL EACCES\nGETALL EACCES\nGETPID EACCES\nGETNCNT EACCES\nGETZCNT EACCES\nIPC_STAT EACCES\n' +
        'SEM_STAT EACCES\nSEM_STAT_ANY gives the id: true\nwait for zero EACCES\ndecrement EACCES\nSETVAL EACCES\nSETALL EACCES\n',
    },
  },
});

export const perm_read_only = defineScenario({
  name: 'perm-read-only',
  description: 'Read permission alone (mode 0644 for another uid) allows GETVAL and a ' +
    'wait-for-zero (which alters nothing), but not a decrement, an increment or SETVAL. ' +
    'facts §2.39; man 2 semop',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o644);
      await sys.semctl(id, 0, SETVAL, 1);
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('GETVAL', await attempt(sys.semctl(id, 0, GETVAL)));
      await sys.print('wait for zero', await attempt(sys.semop(id, [op(0, 0, IPC_NOWAIT)])));
      await sys.print('decrement', await attempt(sys.semop(id, [op(0, -1, IPC_NOWAIT)])));
      await sys.print('increment', await attempt(sys.semop(id, [op(0, 1)])));
      await sys.print('SETVAL', await attempt(sys.semctl(id, 0, SETVAL, 0)));
    },
  },
  expect: {
    needsRoot: true,
    output: { 'main.1': 'GETVAL 1\nwait for zero EAGAIN\ndecrement EACCES\nincrement EACCES\nSETVAL EACCES\n' },
  },
});

export const perm_check_order = defineScenario({
  name: 'perm-check-order',
  description: 'Order of checks for another uid on a 0600 set: semop reports EFBIG before EACCES; ' +
    'SETVAL checks the value (ERANGE) and semnum (EINVAL) before permission; GETVAL checks ' +
    'permission (EACCES) before semnum. facts §2.11; ipc/sem.c semctl_setval, semctl_main',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('semop sem_num 5:', await attempt(sys.semop(id, [op(5, 1)])));
      await sys.print('SETVAL -1:', await attempt(sys.semctl(id, 0, SETVAL, -1)));
      await sys.print('SETVAL semnum 5:', await attempt(sys.semctl(id, 5, SETVAL, 1)));
      await sys.print('GETVAL semnum 5:', await attempt(sys.semctl(id, 5, GETVAL)));
      await sys.print('SETALL [40000]:', await attempt(sys.semctl(id, 0, SETALL, [40000])));
    },
  },
  expect: {
    needsRoot: true,
    output: { 'main.1': 'semop sem_num 5: EFBIG\nSETVAL -1: ERANGE\nSETVAL semnum 5: EINVAL\nGETVAL semnum 5: EACCES\nSETALL [40000]: EACCES\n' },
  },
});

export const perm_set_and_rmid_need_owner = defineScenario({
  name: 'perm-set-and-rmid-need-owner',
  description: 'IPC_SET and IPC_RMID need the owner, the creator or CAP_SYS_ADMIN: another uid ' +
    'gets EPERM even with mode 0666. facts §2.43, §0.7',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o666);
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.print('mode still', octal((await sys.semctl(id, 0, IPC_STAT)).sem_perm.mode));
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('SETVAL', await attempt(sys.semctl(id, 0, SETVAL, 2)));
      await sys.print('IPC_SET', await attempt(sys.semctl(id, 0, IPC_SET, { sem_perm: { mode: 0o600 } })));
      await sys.print('IPC_RMID', await attempt(sys.semctl(id, 0, IPC_RMID)));
    },
  },
  expect: { needsRoot: true, output: { main: 'mode still 0o666\n', 'main.1': 'SETVAL ok\nIPC_SET EPERM\nIPC_RMID EPERM\n' } },
});

export const perm_ipc_set_hands_over_ownership = defineScenario({
  name: 'perm-ipc-set-hands-over-ownership',
  description: 'After IPC_SET gives uid to another user, that user is in the owner class (mode ' +
    '0600 lets it read and alter) and may IPC_SET and IPC_RMID. facts §0.6, §0.7',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semctl(id, 0, IPC_SET, { sem_perm: { uid: NOBODY, gid: NOBODY } });
      const child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.print('removed by the new owner:', await attempt(sys.semctl(id, 0, GETVAL)));
    },
    async child(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('SETVAL', await attempt(sys.semctl(id, 0, SETVAL, 2)), 'GETVAL', await attempt(sys.semctl(id, 0, GETVAL)));
      await sys.print('IPC_SET', await attempt(sys.semctl(id, 0, IPC_SET, { sem_perm: { mode: 0o400 } })));
      await sys.print('IPC_RMID', await attempt(sys.semctl(id, 0, IPC_RMID)));
    },
  },
  expect: { needsRoot: true, output: { main: 'removed by the new owner: EINVAL\n', 'main.1': 'SETVAL ok GETVAL 2\nIPC_SET ok\nIPC_RMID ok\n' } },
});

export const perm_owner_without_mode_bits = defineScenario({
  name: 'perm-owner-without-mode-bits',
  description: 'An owner whose set has mode 000 cannot read or alter it, but may still IPC_SET ' +
    '(and then use it) and IPC_RMID: those need ownership, not mode bits. facts §0.7, §0.6',
  programs: {
    async main(sys) {
      const child = await sys.fork('child', {});
      await sys.waitpid(child);
    },
    async child(sys) {
      await becomeNobody(sys);
      const id = await sys.semget(IPC_PRIVATE, 1, 0);
      await sys.print('GETVAL', await attempt(sys.semctl(id, 0, GETVAL)), 'semop', await attempt(sys.semop(id, [op(0, 1)])));
      await sys.print('IPC_SET', await attempt(sys.semctl(id, 0, IPC_SET, { sem_perm: { mode: 0o600 } })));
      await sys.print('GETVAL', await attempt(sys.semctl(id, 0, GETVAL)));
      await sys.semctl(id, 0, IPC_SET, { sem_perm: { mode: 0 } });
      await sys.print('IPC_RMID', await attempt(sys.semctl(id, 0, IPC_RMID)));
    },
  },
  expect: { needsRoot: true, output: { 'main.1': 'GETVAL EACCES semop EACCES\nIPC_SET ok\nGETVAL 0\nIPC_RMID ok\n' } },
});

export const perm_semget_existing_key = defineScenario({
  name: 'perm-semget-existing-key',
  description: 'semget of another user\'s key checks the mode bits the flag asks for: none ' +
    'asked, it succeeds; 0400 on a 0600 set is EACCES; but IPC_CREAT|IPC_EXCL is EEXIST and too ' +
    'many nsems EINVAL, both before the permission check. facts §0.3; ipc/util.c ipcget_public',
  programs: {
    async main(sys) {
      const key = await ownKey(sys);
      const id = await sys.semget(key, 2, IPC_CREAT | 0o600);
      const child = await sys.fork('child', { key, id });
      await sys.waitpid(child);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { key, id }: { key: number; id: number }) {
      await becomeNobody(sys);
      await sys.print('flag 0:', (await sys.semget(key, 0, 0)) === id);
      await sys.print('flag 0400:', await attempt(sys.semget(key, 0, 0o400)));
      await sys.print('IPC_CREAT|IPC_EXCL:', await attempt(sys.semget(key, 0, IPC_CREAT | IPC_EXCL | 0o400)));
      await sys.print('nsems 3, 0400:', await attempt(sys.semget(key, 3, 0o400)));
    },
  },
  expect: {
    needsRoot: true,
    output: { 'main.1': 'flag 0: true\nflag 0400: EACCES\nIPC_CREAT|IPC_EXCL: EEXIST\nnsems 3, 0400: EINVAL\n' },
  },
});

export const perm_group_class = defineScenario({
  name: 'perm-group-class',
  description: 'A process whose egid is the set\'s gid gets the group bits: mode 0060 with gid ' +
    '65534 lets uid 65534 read and alter, a mode of 0006 does not. facts §0.6',
  programs: {
    async main(sys) {
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.semctl(id, 0, IPC_SET, { sem_perm: { gid: NOBODY, mode: 0o060 } });
      let child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.semctl(id, 0, IPC_SET, { sem_perm: { mode: 0o006 } });
      child = await sys.fork('child', { id });
      await sys.waitpid(child);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async child(sys, { id }: { id: number }) {
      await becomeNobody(sys);
      await sys.print('SETVAL', await attempt(sys.semctl(id, 0, SETVAL, 3)), 'GETVAL', await attempt(sys.semctl(id, 0, GETVAL)));
    },
  },
  expect: { needsRoot: true, output: { 'main.1': 'SETVAL ok GETVAL 3\n', 'main.2': 'SETVAL EACCES GETVAL EACCES\n' } },
});
