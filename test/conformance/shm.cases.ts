// Conformance cases for System V shared memory (shmget(2), shmop(2), shmctl(2)): each prints what
// it observes and pins the text, on the simulator and natively. Ids, keys, addresses, pids and
// times are never printed, only relations between them. Sources: shared/linux-ipc-facts.md
// sections 0 and 3 ("facts §3.n"), the man pages, and ipc/shm.c.
import { constants, defineScenario } from 'ipcsim';
import { attempt, guarded, ownKey, PAGE, runChild, str } from './mm-helpers.js';

const {
  IPC_PRIVATE, IPC_CREAT, IPC_EXCL, IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO, SHM_INFO, SHM_STAT,
  SHM_STAT_ANY, SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_DEST, SHM_LOCK, SHM_UNLOCK, SHM_LOCKED,
  PROT_READ, PROT_WRITE,
} = constants;

// ---------------------------------------------------------------------------------------------
// shmget

export const shmget_private_and_stat = defineScenario({
  name: 'shmget-private-and-stat',
  description: 'IPC_PRIVATE always creates; a new segment has mode = flag & 0777, creator and owner ' +
    'the caller, cpid the caller, shm_segsz the exact size, no attach yet. facts §0.1, §0.5, §3.3',
  programs: {
    async main(sys) {
      const a = await sys.shmget(IPC_PRIVATE, 4097, IPC_CREAT | 0o640 | 0o170000);
      const b = await sys.shmget(IPC_PRIVATE, 4097, 0o600);
      await sys.print('two ids:', a !== b);
      const ds = await sys.shmctl(a, IPC_STAT);
      const me = await sys.geteuid();
      await sys.print('key', ds.shm_perm.__key, 'mode', ds.shm_perm.mode.toString(8), 'segsz', ds.shm_segsz);
      await sys.print('owner and creator are me:', ds.shm_perm.uid === me && ds.shm_perm.cuid === me);
      await sys.print('cpid is me:', ds.shm_cpid === await sys.getpid(), 'lpid', ds.shm_lpid);
      await sys.print('nattch', ds.shm_nattch, 'atime', ds.shm_atime, 'dtime', ds.shm_dtime, 'ctime set:', ds.shm_ctime > 0);
      await sys.shmctl(a, IPC_RMID);
      await sys.shmctl(b, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'two ids: true\nkey 0 mode 640 segsz 4097\nowner and creator are me: true\n' +
        'cpid is me: true lpid 0\nnattch 0 atime 0 dtime 0 ctime set: true\n',
    },
  },
});

export const shmget_key_rules = defineScenario({
  name: 'shmget-key-rules',
  description: 'A missing key needs IPC_CREAT (ENOENT); IPC_CREAT|IPC_EXCL on an existing key is ' +
    'EEXIST even with a larger size (EEXIST is checked before the size); an existing key with a ' +
    'larger size is EINVAL, with 0 or a smaller size it gives the same id. facts §0.2, §0.3, §3.5-7',
  programs: {
    async main(sys) {
      const key = await ownKey(sys, 1);
      await sys.print('missing key:', await attempt(sys.shmget(key, 4096, 0o600)));
      const id = await sys.shmget(key, 4097, IPC_CREAT | 0o600);
      await sys.print('excl, larger size:', await attempt(sys.shmget(key, 1 << 20, IPC_CREAT | IPC_EXCL | 0o600)));
      await sys.print('larger size:', await attempt(sys.shmget(key, 4098, 0o600)));
      await sys.print('size 0 finds it:', await sys.shmget(key, 0, 0) === id);
      await sys.print('smaller size finds it:', await sys.shmget(key, 10, IPC_CREAT | 0o600) === id);
      await sys.print('its size stays:', (await sys.shmctl(id, IPC_STAT)).shm_segsz);
      await sys.shmctl(id, IPC_RMID);
      await sys.print('after IPC_RMID:', await attempt(sys.shmget(key, 4096, 0o600)));
    },
  },
  expect: {
    output: {
      main: 'missing key: ENOENT\nexcl, larger size: EEXIST\nlarger size: EINVAL\n' +
        'size 0 finds it: true\nsmaller size finds it: true\nits size stays: 4097\nafter IPC_RMID: ENOENT\n',
    },
  },
});

export const shmget_size_limits = defineScenario({
  name: 'shmget-size-limits',
  description: 'Creating with size 0 is EINVAL (below SHMMIN); a size beyond SHMMAX is EINVAL (a ' +
    'negative size is a huge size_t). facts §3.1, §3.2',
  programs: {
    async main(sys) {
      await sys.print('size 0:', await attempt(sys.shmget(IPC_PRIVATE, 0, IPC_CREAT | 0o600)));
      await sys.print('size -1:', await attempt(sys.shmget(IPC_PRIVATE, -1, IPC_CREAT | 0o600)));
      const id = await sys.shmget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
      await sys.print('size 1: segsz', (await sys.shmctl(id, IPC_STAT)).shm_segsz);
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'size 0: EINVAL\nsize -1: EINVAL\nsize 1: segsz 1\n' } },
});

// ---------------------------------------------------------------------------------------------
// shmat / shmdt

export const shmat_attach_detach = defineScenario({
  name: 'shmat-attach-detach',
  description: 'shmat(NULL) picks a page-aligned address and sets nattch, atime and lpid; two ' +
    'attaches of one segment count twice and share their bytes; shmdt decrements nattch and ' +
    'sets dtime, ctime unchanged. facts §3.10, §3.11, §3.17',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, 100, IPC_CREAT | 0o600);
      const ctime = (await sys.shmctl(id, IPC_STAT)).shm_ctime;
      const a = await sys.shmat(id);
      await sys.print('page aligned:', a.addr % PAGE === 0, 'length', a.length);
      let ds = await sys.shmctl(id, IPC_STAT);
      await sys.print('nattch', ds.shm_nattch, 'atime set:', ds.shm_atime > 0, 'lpid is me:', ds.shm_lpid === await sys.getpid());
      const b = await sys.shmat(id, null, 0);
      await sys.print('second address differs:', a.addr !== b.addr, 'nattch', (await sys.shmctl(id, IPC_STAT)).shm_nattch);
      a.write(0, 'shared bytes');
      await sys.print('seen through the other:', str(b, 0, 12));
      await sys.shmdt(a);
      ds = await sys.shmctl(id, IPC_STAT);
      await sys.print('after shmdt: nattch', ds.shm_nattch, 'dtime set:', ds.shm_dtime > 0, 'ctime unchanged:', ds.shm_ctime === ctime);
      await sys.shmdt(b.addr);
      await sys.print('after the second: nattch', (await sys.shmctl(id, IPC_STAT)).shm_nattch);
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'page aligned: true length 100\nnattch 1 atime set: true lpid is me: true\n' +
        'second address differs: true nattch 2\nseen through the other: shared bytes\n' +
        'after shmdt: nattch 1 dtime set: true ctime unchanged: true\nafter the second: nattch 0\n',
    },
  },
});

export const shm_whole_pages = defineScenario({
  name: 'shm-whole-pages',
  description: 'An attachment covers whole pages: on a 4097-byte segment offsets up to 8191 can be ' +
    'read and written; new pages read as zero; data persists across detach and attach. ' +
    'facts §3.19, §3.39',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, 4097, IPC_CREAT | 0o600);
      const m = await sys.shmat(id);
      await sys.print('fresh bytes are zero:', m.read(0, 8192).every((b) => b === 0));
      m.write(8188, 'tail');
      m.writeInt32(4096, -2);
      await sys.shmdt(m);
      const again = await sys.shmat(id);
      await sys.print('after re-attach:', str(again, 8188, 4), again.readInt32(4096));
      await sys.shmdt(again);
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: { output: { main: 'fresh bytes are zero: true\nafter re-attach: tail -2\n' } },
});

export const shm_access_past_end_segv = defineScenario({
  name: 'shm-access-past-end-segv',
  description: 'Touching the page after an attachment delivers SIGSEGV, whose default action kills ' +
    'the process (here the next page is PROT_NONE on both backends). man 2 shmop; man 7 signal',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      await sys.print('child:', await runChild(sys, 'toucher', { id }));
      await sys.shmctl(id, IPC_RMID);
    },
    async toucher(sys, { id }) {
      const at = await guarded(sys);
      const m = await sys.shmat(id, at, SHM_REMAP);
      m.write(PAGE - 1, 'x');
      await sys.print('last byte written');
      m.write(PAGE, 'y');
      await sys.print('not reached');
    },
  },
  expect: {
    output: { main: 'child: SIGSEGV\n', 'main.1': 'last byte written\n' },
    exit: { 'main.1': { signal: 'SIGSEGV' } },
  },
});

export const shmat_rdonly = defineScenario({
  name: 'shmat-rdonly',
  description: 'A SHM_RDONLY attachment reads; a write through it is SIGSEGV; mprotect(PROT_WRITE) ' +
    'on it is EACCES, while a read-write one may go read-only and back. facts §3.15',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      const rw = await sys.shmat(id);
      rw.write(0, 'hello');
      const ro = await sys.shmat(id, null, SHM_RDONLY);
      await sys.print('read-only reads:', str(ro, 0, 5));
      await sys.print('mprotect write on it:', await attempt(sys.mprotect(ro, PROT_READ | PROT_WRITE)));
      await sys.print('rw to read-only:', await attempt(sys.mprotect(rw, PROT_READ)));
      await sys.print('and back:', await attempt(sys.mprotect(rw, PROT_READ | PROT_WRITE)));
      rw.write(0, 'HELLO');
      await sys.print('child writing through SHM_RDONLY:', await runChild(sys, 'writer', { addr: ro.addr }));
      await sys.print('unchanged:', str(ro, 0, 5));
      await sys.shmctl(id, IPC_RMID);
    },
    async writer(sys, { addr }) {
      sys.mappingAt(addr).write(0, 'x');
    },
  },
  expect: {
    output: {
      main: 'read-only reads: hello\nmprotect write on it: EACCES\nrw to read-only: ok\nand back: ok\n' +
        'child writing through SHM_RDONLY: SIGSEGV\nunchanged: HELLO\n',
    },
    exit: { 'main.1': { signal: 'SIGSEGV' } },
  },
});

export const shmat_address_rules = defineScenario({
  name: 'shmat-address-rules',
  description: 'An unaligned shmaddr is EINVAL without SHM_RND and rounded down with it; SHM_REMAP ' +
    'with a NULL address is EINVAL; an address overlapping a mapping is EINVAL without SHM_REMAP ' +
    'and replaces it with SHM_REMAP. facts §3.13; man 2 shmop',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      const at = await guarded(sys);
      await sys.print('unaligned:', await attempt(sys.shmat(id, at + 10, 0)));
      await sys.print('SHM_REMAP, NULL:', await attempt(sys.shmat(id, null, SHM_REMAP)));
      await sys.print('over a mapping:', await attempt(sys.shmat(id, at, 0)));
      const m = await sys.shmat(id, at + 10, SHM_RND | SHM_REMAP);
      await sys.print('SHM_RND rounds down:', m.addr === at);
      m.write(0, 'ok');
      await sys.print('over an attachment:', await attempt(sys.shmat(id, at, 0)));
      const again = await sys.shmat(id, at, SHM_REMAP);
      await sys.print('SHM_REMAP replaces it:', again.addr === at, str(again, 0, 2),
        'nattch', (await sys.shmctl(id, IPC_STAT)).shm_nattch);
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'unaligned: EINVAL\nSHM_REMAP, NULL: EINVAL\nover a mapping: EINVAL\nSHM_RND rounds down: true\n' +
        'over an attachment: EINVAL\nSHM_REMAP replaces it: true ok nattch 1\n',
    },
  },
});

export const shmdt_errors = defineScenario({
  name: 'shmdt-errors',
  description: 'shmdt of an unaligned address, of an address where no attachment starts, and a ' +
    'second shmdt of the same address are EINVAL; shmdt in the middle of an attachment is too. ' +
    'man 2 shmop; ipc/shm.c ksys_shmdt',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, 2 * PAGE, IPC_CREAT | 0o600);
      const m = await sys.shmat(id);
      const anon = await sys.mmap(PAGE, PROT_READ, 0x22);
      await sys.print('unaligned:', await attempt(sys.shmdt(m.addr + 1)));
      await sys.print('middle of it:', await attempt(sys.shmdt(m.addr + PAGE)));
      await sys.print('an anonymous mapping:', await attempt(sys.shmdt(anon)));
      await sys.print('first:', await attempt(sys.shmdt(m)));
      await sys.print('again:', await attempt(sys.shmdt(m)));
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: {
    output: { main: 'unaligned: EINVAL\nmiddle of it: EINVAL\nan anonymous mapping: EINVAL\nfirst: ok\nagain: EINVAL\n' },
  },
});

export const shm_use_after_shmdt_segv = defineScenario({
  name: 'shm-use-after-shmdt-segv',
  description: 'After shmdt the range is gone: touching it is SIGSEGV. facts §3.18',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      await sys.print('child:', await runChild(sys, 'child', { id }));
      await sys.shmctl(id, IPC_RMID);
    },
    async child(sys, { id }) {
      const at = await guarded(sys);
      const m = await sys.shmat(id, at, SHM_REMAP);
      m.write(0, 'x');
      await sys.shmdt(m);
      m.read(0, 1);
      await sys.print('not reached');
    },
  },
  expect: { output: { main: 'child: SIGSEGV\n', 'main.1': '' }, exit: { 'main.1': { signal: 'SIGSEGV' } } },
});

// ---------------------------------------------------------------------------------------------
// shmctl IPC_RMID, IPC_SET

export const shm_rmid_unattached = defineScenario({
  name: 'shm-rmid-unattached',
  description: 'IPC_RMID of a segment with no attachment destroys it at once: later IPC_STAT, shmat ' +
    'and IPC_RMID are EINVAL. facts §3.23, §0.11',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      await sys.print('IPC_RMID:', await attempt(sys.shmctl(id, IPC_RMID)));
      await sys.print('IPC_STAT:', await attempt(sys.shmctl(id, IPC_STAT)));
      await sys.print('shmat:', await attempt(sys.shmat(id)));
      await sys.print('IPC_RMID again:', await attempt(sys.shmctl(id, IPC_RMID)));
    },
  },
  expect: { output: { main: 'IPC_RMID: ok\nIPC_STAT: EINVAL\nshmat: EINVAL\nIPC_RMID again: EINVAL\n' } },
});

export const shm_rmid_attached = defineScenario({
  name: 'shm-rmid-attached',
  description: 'IPC_RMID with attachments sets SHM_DEST and makes the key private; the segment can ' +
    'still be attached by id (Linux-specific) and keeps its data; a repeated IPC_RMID succeeds; ' +
    'the key can be used again; the last detach destroys it. facts §3.25, §3.26; §11.7',
  programs: {
    async main(sys) {
      const key = await ownKey(sys, 2);
      const id = await sys.shmget(key, PAGE, IPC_CREAT | 0o600);
      const m = await sys.shmat(id);
      m.write(0, 'kept');
      await sys.shmctl(id, IPC_RMID);
      let ds = await sys.shmctl(id, IPC_STAT);
      await sys.print('SHM_DEST:', (ds.shm_perm.mode & SHM_DEST) !== 0, 'mode', ds.shm_perm.mode.toString(8),
        'key', ds.shm_perm.__key, 'nattch', ds.shm_nattch);
      await sys.print('key lookup:', await attempt(sys.shmget(key, PAGE, 0o600)));
      const m2 = await sys.shmat(id);
      await sys.print('attached by id:', str(m2, 0, 4), 'nattch', (await sys.shmctl(id, IPC_STAT)).shm_nattch);
      await sys.print('IPC_RMID again:', await attempt(sys.shmctl(id, IPC_RMID)));
      const other = await sys.shmget(key, PAGE, IPC_CREAT | IPC_EXCL | 0o600);
      await sys.print('the key makes a new segment:', other !== id);
      await sys.shmdt(m);
      ds = await sys.shmctl(id, IPC_STAT);
      await sys.print('one detach: nattch', ds.shm_nattch);
      await sys.shmdt(m2);
      await sys.print('last detach, IPC_STAT:', await attempt(sys.shmctl(id, IPC_STAT)));
      await sys.shmctl(other, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'SHM_DEST: true mode 1600 key 0 nattch 1\nkey lookup: ENOENT\nattached by id: kept nattch 2\n' +
        'IPC_RMID again: ok\nthe key makes a new segment: true\none detach: nattch 1\nlast detach, IPC_STAT: EINVAL\n',
    },
  },
});

export const shm_ipc_set = defineScenario({
  name: 'shm-ipc-set',
  description: 'IPC_SET changes the low 9 mode bits (SHM_DEST and SHM_LOCKED in the argument are ' +
    'ignored), keeps SHM_DEST on a removed segment, and sets shm_ctime. facts §3.27, §3.31',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      await sys.shmctl(id, IPC_SET, { shm_perm: { mode: 0o640 | SHM_DEST | SHM_LOCKED } as any });
      await sys.print('mode', (await sys.shmctl(id, IPC_STAT)).shm_perm.mode.toString(8));
      const m = await sys.shmat(id);
      await sys.shmctl(id, IPC_RMID);
      const before = await sys.shmctl(id, IPC_STAT);
      await sys.shmctl(id, IPC_SET, before);
      await sys.shmctl(id, IPC_SET, { shm_perm: { mode: 0o644 } as any });
      const after = await sys.shmctl(id, IPC_STAT);
      await sys.print('removed, mode', after.shm_perm.mode.toString(8), 'ctime set:', after.shm_ctime >= before.shm_ctime);
      await sys.print('negative uid:', await attempt(sys.shmctl(id, IPC_SET, { shm_perm: { uid: -1 } as any })));
      await sys.shmdt(m);
    },
  },
  expect: { output: { main: 'mode 640\nremoved, mode 1644 ctime set: true\nnegative uid: EINVAL\n' } },
});

export const shm_permissions = defineScenario({
  name: 'shm-permissions',
  description: 'As another user: IPC_STAT and shmat need read (and write) permission (EACCES), ' +
    'SHM_STAT_ANY needs none, IPC_SET, IPC_RMID, SHM_LOCK and SHM_UNLOCK need the owner or creator ' +
    '(EPERM); a read-only segment attaches with SHM_RDONLY only. facts §0.6, §0.7, §3.14, §3.29, §3.30',
  programs: {
    async main(sys) {
      const priv = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      const readable = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o644);
      const writeOnly = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o622);
      await sys.print('nobody:', await runChild(sys, 'nobody', { priv, readable, writeOnly }));
      for (const id of [priv, readable, writeOnly]) await sys.shmctl(id, IPC_RMID);
    },
    async nobody(sys, { priv, readable, writeOnly }) {
      await sys.setgid(65534);
      await sys.setuid(65534);
      await sys.print('IPC_STAT 0600:', await attempt(sys.shmctl(priv, IPC_STAT)));
      const any = await sys.shmctl(priv, SHM_STAT_ANY);
      await sys.print('SHM_STAT_ANY 0600:', any.shmid === priv);
      await sys.print('SHM_STAT 0600:', await attempt(sys.shmctl(priv, SHM_STAT)));
      await sys.print('shmat 0600:', await attempt(sys.shmat(priv)));
      await sys.print('shmat 0644 rw:', await attempt(sys.shmat(readable)));
      await sys.print('shmat 0644 SHM_RDONLY:', await attempt(sys.shmat(readable, null, SHM_RDONLY)));
      await sys.print('shmat 0622 SHM_RDONLY:', await attempt(sys.shmat(writeOnly, null, SHM_RDONLY)));
      await sys.print('IPC_SET:', await attempt(sys.shmctl(readable, IPC_SET, { shm_perm: { mode: 0o666 } as any })));
      await sys.print('IPC_RMID:', await attempt(sys.shmctl(readable, IPC_RMID)));
      await sys.print('SHM_LOCK:', await attempt(sys.shmctl(readable, SHM_LOCK)));
      await sys.print('SHM_UNLOCK:', await attempt(sys.shmctl(readable, SHM_UNLOCK)));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      main: 'nobody: exit 0\n',
      'main.1': 'IPC_STAT 0600: EACCES\nSHM_STAT_ANY 0600: true\nSHM_STAT 0600: EACCES\nshmat 0600: EACCES\n' +
        'shmat 0644 rw: EACCES\nshmat 0644 SHM_RDONLY: ok\nshmat 0622 SHM_RDONLY: EACCES\nIPC_SET: EPERM\n' +
        'IPC_RMID: EPERM\nSHM_LOCK: EPERM\nSHM_UNLOCK: EPERM\n',
    },
  },
});

export const shm_owner_mode_000 = defineScenario({
  name: 'shm-owner-mode-000',
  description: 'The owner of a mode 000 segment has no access (no fall-through to group or other) ' +
    'but may still IPC_SET and IPC_RMID it. facts §0.6, §0.7',
  programs: {
    async main(sys) {
      await sys.print('owner:', await runChild(sys, 'owner'));
    },
    async owner(sys) {
      await sys.setgid(65534);
      await sys.setuid(65534);
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o066);
      await sys.print('shmat:', await attempt(sys.shmat(id)));
      await sys.print('IPC_STAT:', await attempt(sys.shmctl(id, IPC_STAT)));
      await sys.print('IPC_SET:', await attempt(sys.shmctl(id, IPC_SET, { shm_perm: { mode: 0o600 } as any })));
      await sys.print('now shmat:', await attempt(sys.shmat(id)));
      await sys.print('IPC_RMID:', await attempt(sys.shmctl(id, IPC_RMID)));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      main: 'owner: exit 0\n',
      'main.1': 'shmat: EACCES\nIPC_STAT: EACCES\nIPC_SET: ok\nnow shmat: ok\nIPC_RMID: ok\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// fork, exit

export const shm_fork_inherits = defineScenario({
  name: 'shm-fork-inherits',
  description: 'A forked child inherits the attachment (shm_nattch + 1) at the same address; what it ' +
    'writes the parent sees; its exit detaches (shm_nattch - 1). facts §3.38; man 2 fork',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      const m = await sys.shmat(id);
      m.write(0, 'from parent');
      const [r, w] = await sys.pipe();
      const [r2, w2] = await sys.pipe();
      const child = await sys.fork('child', { addr: m.addr, w, r, r2, w2 });
      await sys.close(w);
      await sys.close(r2);
      await sys.read(r, 1); // the child has written
      await sys.print('nattch with the child:', (await sys.shmctl(id, IPC_STAT)).shm_nattch);
      await sys.print('parent reads:', str(m, 0, 11));
      await sys.close(w2); // the child may go
      await sys.waitpid(child);
      await sys.print('after its exit:', (await sys.shmctl(id, IPC_STAT)).shm_nattch);
      await sys.shmctl(id, IPC_RMID);
    },
    async child(sys, { addr, w, r, r2, w2 }) {
      await sys.close(r);
      await sys.close(w2);
      const m = sys.mappingAt(addr);
      await sys.print('child reads:', str(m, 0, 11));
      m.write(0, 'FROM CHILD.');
      await sys.write(w, '!');
      await sys.read(r2, 1); // end of file once the parent has looked
    },
  },
  expect: {
    output: {
      main: 'nattch with the child: 2\nparent reads: FROM CHILD.\nafter its exit: 1\n',
      'main.1': 'child reads: from parent\n',
    },
  },
});

export const shm_exit_detaches = defineScenario({
  name: 'shm-exit-detaches',
  description: 'A process that exits with attachments detaches them (dtime set); a segment removed ' +
    'meanwhile is destroyed with the last detach. man 2 shmop (exit); facts §3.25',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      await sys.print('child:', await runChild(sys, 'child', { id }));
      const ds = await sys.shmctl(id, IPC_STAT);
      const mine = await sys.shmat(id);
      await sys.print('nattch', ds.shm_nattch, 'dtime set:', ds.shm_dtime > 0, 'data:', str(mine, 0, 4));
      await sys.shmctl(id, IPC_RMID);
      await sys.print('second child:', await runChild(sys, 'child', { id }));
      await sys.print('removed, still attached here:', (await sys.shmctl(id, IPC_STAT)).shm_nattch);
      await sys.shmdt(mine);
      await sys.print('after the last detach:', await attempt(sys.shmctl(id, IPC_STAT)));
    },
    async child(sys, { id }) {
      const a = await sys.shmat(id);
      await sys.shmat(id);
      a.write(0, 'left');
    },
  },
  expect: {
    output: {
      main: 'child: exit 0\nnattch 0 dtime set: true data: left\nsecond child: exit 0\n' +
        'removed, still attached here: 1\nafter the last detach: EINVAL\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// VMAs, info, locks, bad arguments

export const shm_nattch_counts_vmas = defineScenario({
  name: 'shm-nattch-counts-vmas',
  description: 'shm_nattch counts VMAs: mprotect of the middle page of a 3-page attachment makes 3, ' +
    'restoring the protection leaves 3, shmdt(start) removes every piece; after munmap of the first ' +
    'page nattch is 1 and shmdt(start) still detaches the rest. facts §3.22',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, 3 * PAGE, IPC_CREAT | 0o600);
      const nattch = async () => (await sys.shmctl(id, IPC_STAT)).shm_nattch;
      const m = await sys.shmat(id);
      await sys.mprotect(m.addr + PAGE, PROT_READ, PAGE);
      await sys.print('middle page read-only:', await nattch());
      await sys.mprotect(m.addr + PAGE, PROT_READ | PROT_WRITE, PAGE);
      await sys.print('restored:', await nattch());
      await sys.shmdt(m);
      await sys.print('shmdt:', await nattch());
      const m2 = await sys.shmat(id);
      await sys.munmap(m2.addr, PAGE);
      const ds = await sys.shmctl(id, IPC_STAT);
      await sys.print('first page unmapped:', ds.shm_nattch, 'dtime set:', ds.shm_dtime > 0);
      await sys.print('shmdt(start):', await attempt(sys.shmdt(m2)), await nattch());
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'middle page read-only: 3\nrestored: 3\nshmdt: 0\nfirst page unmapped: 1 dtime set: true\nshmdt(start): ok 0\n',
    },
  },
});

export const shm_info = defineScenario({
  name: 'shm-info',
  description: 'IPC_INFO fills shminfo with the limits (shmmin 1, shmmni 4096, shmseg 4096, shmmax ' +
    'and shmall ULONG_MAX - 2^24) and returns the highest index in use; SHM_INFO counts ids, pages ' +
    '(each segment rounded up) and resident pages. facts §3.34, §3.35, §3.41, §0.13',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, 4097, IPC_CREAT | 0o600);
      const info = await sys.shmctl(id, IPC_INFO);
      await sys.print('shmmin', info.shmmin, 'shmmni', info.shmmni, 'shmseg', info.shmseg);
      await sys.print('shmmax', BigInt(info.shmmax) === 2n ** 64n - 2n ** 24n, 'shmall', BigInt(info.shmall) === 2n ** 64n - 2n ** 24n);
      await sys.print('highest index >= ours:', info.max_idx >= (id & 0x7fff));
      const before = await sys.shmctl(id, SHM_INFO);
      const m = await sys.shmat(id);
      m.write(0, 'x');
      m.write(4096, 'y');
      const after = await sys.shmctl(id, SHM_INFO);
      await sys.print('used_ids >= 1:', after.used_ids >= 1, 'shm_tot >= 2:', after.shm_tot >= 2,
        'rss grew by 2:', after.shm_rss - before.shm_rss === 2, 'swp', after.shm_swp);
      await sys.print('SHM_INFO returns the highest index too:', after.max_idx >= (id & 0x7fff));
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'shmmin 1 shmmni 4096 shmseg 4096\nshmmax true shmall true\nhighest index >= ours: true\n' +
        'used_ids >= 1: true shm_tot >= 2: true rss grew by 2: true swp 0\nSHM_INFO returns the highest index too: true\n',
    },
  },
});

export const shm_stat_by_index = defineScenario({
  name: 'shm-stat-by-index',
  description: 'SHM_STAT and SHM_STAT_ANY take an index into the kernel table and return the full ' +
    'id; IPC_STAT with that index alone (when the sequence is not 0) or with a stale sequence is ' +
    'EINVAL. man 2 shmctl; facts §0.11',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      const index = id & 0x7fff;
      const st = await sys.shmctl(index, SHM_STAT);
      await sys.print('SHM_STAT gives the id:', st.shmid === id, 'segsz', st.shm_segsz);
      await sys.print('SHM_STAT_ANY gives the id:', (await sys.shmctl(index, SHM_STAT_ANY)).shmid === id);
      await sys.print('stale sequence:', await attempt(sys.shmctl(id + 32768, IPC_STAT)));
      await sys.shmctl(id, IPC_RMID);
      await sys.print('removed, SHM_STAT:', await attempt(sys.shmctl(index, SHM_STAT)));
    },
  },
  expect: {
    output: {
      main: 'SHM_STAT gives the id: true segsz 4096\nSHM_STAT_ANY gives the id: true\nstale sequence: EINVAL\n' +
        'removed, SHM_STAT: EINVAL\n',
    },
  },
});

export const shmctl_bad_arguments = defineScenario({
  name: 'shmctl-bad-arguments',
  description: 'An unknown or negative cmd is EINVAL, IPC_STAT with the IPC_64 flag (0x100) is ' +
    'EINVAL on x86_64, a negative id is EINVAL for every cmd, shmat of a negative id is EINVAL. ' +
    'facts §0.11, §0.14, §3.37',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      await sys.print('cmd 99:', await attempt(sys.shmctl(id, 99)));
      await sys.print('cmd -1:', await attempt(sys.shmctl(id, -1)));
      await sys.print('IPC_STAT|IPC_64:', await attempt(sys.shmctl(id, IPC_STAT | 0x100)));
      await sys.print('id -1 IPC_STAT:', await attempt(sys.shmctl(-1, IPC_STAT)));
      await sys.print('id -1 IPC_INFO:', await attempt(sys.shmctl(-1, IPC_INFO)));
      await sys.print('shmat id -1:', await attempt(sys.shmat(-1)));
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: {
    output: {
      main: 'cmd 99: EINVAL\ncmd -1: EINVAL\nIPC_STAT|IPC_64: EINVAL\nid -1 IPC_STAT: EINVAL\n' +
        'id -1 IPC_INFO: EINVAL\nshmat id -1: EINVAL\n',
    },
  },
});

export const shm_lock_unlock = defineScenario({
  name: 'shm-lock-unlock',
  description: 'SHM_LOCK by a process with CAP_IPC_LOCK sets SHM_LOCKED in the mode, SHM_UNLOCK ' +
    'clears it; both on an already locked or unlocked segment succeed. man 2 shmctl',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      const mode = async () => ((await sys.shmctl(id, IPC_STAT)).shm_perm.mode & SHM_LOCKED).toString(8);
      await sys.print('lock:', await attempt(sys.shmctl(id, SHM_LOCK)), await mode());
      await sys.print('again:', await attempt(sys.shmctl(id, SHM_LOCK)), await mode());
      await sys.print('unlock:', await attempt(sys.shmctl(id, SHM_UNLOCK)), await mode());
      await sys.print('again:', await attempt(sys.shmctl(id, SHM_UNLOCK)), await mode());
      await sys.shmctl(id, IPC_RMID);
    },
  },
  expect: { needsRoot: true, output: { main: 'lock: ok 2000\nagain: ok 2000\nunlock: ok 0\nagain: ok 0\n' } },
});

export const shm_lock_unprivileged = defineScenario({
  name: 'shm-lock-unprivileged',
  description: 'An owner without CAP_IPC_LOCK may lock within RLIMIT_MEMLOCK (8 MiB by default) and ' +
    'gets ENOMEM beyond it. man 2 shmctl; mm/mlock.c user_shm_lock',
  programs: {
    async main(sys) {
      await sys.print('nobody:', await runChild(sys, 'nobody'));
    },
    async nobody(sys) {
      await sys.setgid(65534);
      await sys.setuid(65534);
      const small = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      const big = await sys.shmget(IPC_PRIVATE, 16 << 20, IPC_CREAT | 0o600);
      await sys.print('lock 4 KiB:', await attempt(sys.shmctl(small, SHM_LOCK)));
      await sys.print('lock 16 MiB:', await attempt(sys.shmctl(big, SHM_LOCK)));
      await sys.print('unlock:', await attempt(sys.shmctl(small, SHM_UNLOCK)));
      await sys.shmctl(small, IPC_RMID);
      await sys.shmctl(big, IPC_RMID);
    },
  },
  expect: {
    needsRoot: true,
    output: { main: 'nobody: exit 0\n', 'main.1': 'lock 4 KiB: ok\nlock 16 MiB: ENOMEM\nunlock: ok\n' },
  },
});

export const shm_attach_removed_in_child = defineScenario({
  name: 'shm-attach-removed-in-child',
  description: 'A child may attach by id a segment its parent removed while attached; the segment ' +
    'goes when both have detached. man 2 shmctl (IPC_RMID, Linux notes)',
  programs: {
    async main(sys) {
      const id = await sys.shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0o600);
      const m = await sys.shmat(id);
      m.write(0, 'still here');
      await sys.shmctl(id, IPC_RMID);
      await sys.print('child:', await runChild(sys, 'child', { id }));
      await sys.shmdt(m);
      await sys.print('gone:', await attempt(sys.shmctl(id, IPC_STAT)));
    },
    async child(sys, { id }) {
      const m = await sys.shmat(id);
      await sys.print('reads:', str(m, 0, 10), 'nattch', (await sys.shmctl(id, IPC_STAT)).shm_nattch);
    },
  },
  // nattch 3: the parent's attachment, the child's inherited copy of it, and the child's own.
  expect: { output: { main: 'child: exit 0\ngone: EINVAL\n', 'main.1': 'reads: still here nattch 3\n' } },
});
