// Conformance cases for mmap(2), munmap(2), mprotect(2), msync(2) on anonymous memory and regular
// files: each prints what it observes and pins the text, on the simulator and natively. Addresses
// are never printed. Sources: shared/linux-ipc-facts.md section 6 ("facts §6.n"), the man pages,
// mm/mmap.c do_mmap.
import { constants, defineScenario } from 'ipcsim';
import { attempt, attemptSync, guarded, PAGE, runChild, str } from './mm-helpers.js';

const {
  PROT_NONE, PROT_READ, PROT_WRITE, MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE, MAP_ANONYMOUS,
  MAP_FIXED, MAP_FIXED_NOREPLACE, MS_SYNC, MS_ASYNC, MS_INVALIDATE, O_RDWR, O_RDONLY, O_WRONLY,
  O_CREAT, O_TRUNC, SEEK_SET,
} = constants;
const RW = PROT_READ | PROT_WRITE;
const ANON_SHARED = MAP_SHARED | MAP_ANONYMOUS;
const ANON_PRIVATE = MAP_PRIVATE | MAP_ANONYMOUS;

export const anon_shared_across_fork = defineScenario({
  name: 'mmap-anon-shared-across-fork',
  description: 'MAP_SHARED|MAP_ANONYMOUS memory is zero-filled and shared with a forked child: ' +
    'what the child writes the parent reads. facts §6.1, §6.3',
  programs: {
    async main(sys) {
      const m = await sys.mmap(2 * PAGE, RW, ANON_SHARED);
      await sys.print('zero-filled:', m.read(0, 2 * PAGE).every((b) => b === 0));
      m.writeInt32(0, 41);
      await sys.print('child:', await runChild(sys, 'child', { addr: m.addr }));
      await sys.print('parent reads', m.readInt32(0), str(m, PAGE, 5));
    },
    async child(sys, { addr }) {
      const m = sys.mappingAt(addr);
      m.writeInt32(0, m.readInt32(0) + 1);
      m.write(PAGE, 'child');
    },
  },
  expect: { output: { main: 'zero-filled: true\nchild: exit 0\nparent reads 42 child\n' } },
});

export const anon_private_cow_across_fork = defineScenario({
  name: 'mmap-anon-private-cow-across-fork',
  description: 'MAP_PRIVATE|MAP_ANONYMOUS memory is copy-on-write after fork: the child sees the ' +
    'data as it was at the fork; neither sees what the other writes afterwards. facts §6.2',
  programs: {
    async main(sys) {
      const m = await sys.mmap(PAGE, RW, ANON_PRIVATE);
      m.write(0, 'before fork');
      const [r, w] = await sys.pipe();
      const child = await sys.fork('child', { addr: m.addr, r, w });
      await sys.close(r);
      m.write(0, 'PARENT');
      await sys.write(w, 'go'); // the child looks only after the parent's write
      await sys.close(w);
      await sys.waitpid(child);
      await sys.print('parent reads:', str(m, 0, 11));
    },
    async child(sys, { addr, r, w }) {
      await sys.close(w);
      await sys.read(r, 2);
      const m = sys.mappingAt(addr);
      await sys.print('child reads:', str(m, 0, 11));
      m.write(0, 'child');
      await sys.print('child then:', str(m, 0, 11));
    },
  },
  expect: {
    output: { main: 'parent reads: PARENT fork\n', 'main.1': 'child reads: before fork\nchild then: childe fork\n' },
  },
});

export const map_type_rules = defineScenario({
  name: 'mmap-map-type-rules',
  description: 'Neither MAP_SHARED nor MAP_PRIVATE is EINVAL; MAP_SHARED_VALIDATE is EINVAL with ' +
    'MAP_ANONYMOUS and a valid shared mapping of a file; length 0 is EINVAL. facts §6.5',
  programs: {
    async main(sys) {
      await sys.print('no type:', await attempt(sys.mmap(PAGE, RW, MAP_ANONYMOUS)));
      await sys.print('length 0:', await attempt(sys.mmap(0, RW, ANON_PRIVATE)));
      await sys.print('validate, anonymous:', await attempt(sys.mmap(PAGE, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS)));
      const fd = await sys.open('f', O_RDWR | O_CREAT, 0o600);
      await sys.ftruncate(fd, PAGE);
      const m = await sys.mmap(PAGE, RW, MAP_SHARED_VALIDATE, fd, 0);
      m.write(0, 'validated');
      await sys.lseek(fd, 0, SEEK_SET);
      await sys.print('validate, file:', new TextDecoder().decode(await sys.read(fd, 9)));
      await sys.print('validate, unknown flag:', await attempt(sys.mmap(PAGE, RW, MAP_SHARED_VALIDATE | 0x200000, fd, 0)));
    },
  },
  expect: {
    output: {
      main: 'no type: EINVAL\nlength 0: EINVAL\nvalidate, anonymous: EINVAL\nvalidate, file: validated\n' +
        'validate, unknown flag: EOPNOTSUPP\n',
    },
  },
});

export const offset_rules = defineScenario({
  name: 'mmap-offset-rules',
  description: 'An offset that is not a multiple of the page size is EINVAL, also for anonymous ' +
    'maps, and checked before the fd; an aligned non-zero offset is accepted for anonymous maps; a ' +
    'file map at an offset sees that part of the file. facts §6.6; arch/x86 sys_mmap',
  programs: {
    async main(sys) {
      await sys.print('anonymous, offset 100:', await attempt(sys.mmap(PAGE, RW, ANON_PRIVATE, -1, 100)));
      await sys.print('anonymous, offset 8192:', await attempt(sys.mmap(PAGE, RW, ANON_PRIVATE, -1, 2 * PAGE)));
      await sys.print('bad fd, offset 100:', await attempt(sys.mmap(PAGE, RW, MAP_SHARED, 999, 100)));
      const fd = await sys.open('f', O_RDWR | O_CREAT, 0o600);
      await sys.ftruncate(fd, 3 * PAGE);
      await sys.lseek(fd, 2 * PAGE, SEEK_SET);
      await sys.write(fd, 'third page');
      await sys.print('file, offset 100:', await attempt(sys.mmap(PAGE, RW, MAP_SHARED, fd, 100)));
      const m = await sys.mmap(PAGE, RW, MAP_SHARED, fd, 2 * PAGE);
      await sys.print('file, offset 8192:', str(m, 0, 10));
    },
  },
  expect: {
    output: {
      main: 'anonymous, offset 100: EINVAL\nanonymous, offset 8192: ok\nbad fd, offset 100: EINVAL\n' +
        'file, offset 100: EINVAL\nfile, offset 8192: third page\n',
    },
  },
});

export const map_fixed_rules = defineScenario({
  name: 'mmap-map-fixed-rules',
  description: 'MAP_FIXED with an unaligned address is EINVAL (a plain hint may be unaligned); ' +
    'MAP_FIXED replaces what was there with new zeroed pages; MAP_FIXED_NOREPLACE over a mapping ' +
    'is EEXIST. facts §6.7',
  programs: {
    async main(sys) {
      const at = await guarded(sys);
      await sys.print('fixed, unaligned:', await attempt(sys.mmap(PAGE, RW, ANON_PRIVATE | MAP_FIXED, -1, 0, at + 1)));
      await sys.print('hint, unaligned:', await attempt(sys.mmap(PAGE, RW, ANON_PRIVATE, -1, 0, at + 1)));
      const first = await sys.mmap(PAGE, RW, ANON_PRIVATE | MAP_FIXED, -1, 0, at);
      first.write(0, 'old data');
      await sys.print('at the address:', first.addr === at);
      await sys.print('noreplace:', await attempt(sys.mmap(PAGE, RW, ANON_PRIVATE | MAP_FIXED_NOREPLACE, -1, 0, at)));
      const second = await sys.mmap(PAGE, RW, ANON_SHARED | MAP_FIXED, -1, 0, at);
      await sys.print('replaced, zeroed:', second.addr === at, second.read(0, 8).every((b) => b === 0));
    },
  },
  expect: {
    output: {
      main: 'fixed, unaligned: EINVAL\nhint, unaligned: ok\nat the address: true\nnoreplace: EEXIST\nreplaced, zeroed: true true\n',
    },
  },
});

export const file_access_rules = defineScenario({
  name: 'mmap-file-access-rules',
  description: 'A bad fd is EBADF; MAP_SHARED with PROT_WRITE on an O_RDONLY fd is EACCES, ' +
    'MAP_PRIVATE with PROT_WRITE on it is allowed; any map of an O_WRONLY fd is EACCES; a pipe\'s ' +
    'read end is ENODEV and its write end EACCES. facts §6.9, §6.10',
  programs: {
    async main(sys) {
      const rw = await sys.open('f', O_RDWR | O_CREAT, 0o600);
      await sys.ftruncate(rw, PAGE);
      const ro = await sys.open('f', O_RDONLY);
      const wo = await sys.open('f', O_WRONLY);
      await sys.print('bad fd:', await attempt(sys.mmap(PAGE, PROT_READ, MAP_SHARED, 999, 0)));
      await sys.print('shared write, O_RDONLY:', await attempt(sys.mmap(PAGE, RW, MAP_SHARED, ro, 0)));
      await sys.print('shared read, O_RDONLY:', await attempt(sys.mmap(PAGE, PROT_READ, MAP_SHARED, ro, 0)));
      await sys.print('private write, O_RDONLY:', await attempt(sys.mmap(PAGE, RW, MAP_PRIVATE, ro, 0)));
      await sys.print('O_WRONLY:', await attempt(sys.mmap(PAGE, PROT_WRITE, MAP_SHARED, wo, 0)));
      const [r, w] = await sys.pipe();
      await sys.print('pipe read end:', await attempt(sys.mmap(PAGE, PROT_READ, MAP_SHARED, r, 0)));
      await sys.print('pipe write end:', await attempt(sys.mmap(PAGE, PROT_READ, MAP_SHARED, w, 0)));
    },
  },
  expect: {
    output: {
      main: 'bad fd: EBADF\nshared write, O_RDONLY: EACCES\nshared read, O_RDONLY: ok\nprivate write, O_RDONLY: ok\n' +
        'O_WRONLY: EACCES\npipe read end: ENODEV\npipe write end: EACCES\n',
    },
  },
});

export const shared_file_coherent = defineScenario({
  name: 'mmap-shared-file-coherent',
  description: 'A MAP_SHARED file mapping and read()/write() see the same pages: a store is visible ' +
    'to read() at once (no msync needed), write() is visible in the mapping, and a child\'s store ' +
    'too. facts §6.11',
  programs: {
    async main(sys) {
      const fd = await sys.open('data', O_RDWR | O_CREAT | O_TRUNC, 0o644);
      await sys.write(fd, 'written by write()');
      const m = await sys.mmap(PAGE, RW, MAP_SHARED, fd, 0);
      await sys.print('mapping sees write():', str(m, 0, 18));
      m.write(0, 'STORED');
      await sys.lseek(fd, 0, SEEK_SET);
      await sys.print('read() sees the store:', new TextDecoder().decode(await sys.read(fd, 18)));
      await sys.print('child:', await runChild(sys, 'child', { addr: m.addr }));
      await sys.lseek(fd, 0, SEEK_SET);
      await sys.print('after the child:', new TextDecoder().decode(await sys.read(fd, 18)));
    },
    async child(sys, { addr }) {
      sys.mappingAt(addr).write(7, 'CHILD');
    },
  },
  expect: {
    output: {
      main: 'mapping sees write(): written by write()\nread() sees the store: STOREDn by write()\n' +
        'child: exit 0\nafter the child: STOREDnCHILDrite()\n',
    },
  },
});

export const private_file_cow = defineScenario({
  name: 'mmap-private-file-cow',
  description: 'Stores into a MAP_PRIVATE file mapping stay private: read() and a shared mapping of ' +
    'the file do not see them. man 2 mmap (MAP_PRIVATE)',
  programs: {
    async main(sys) {
      const fd = await sys.open('data', O_RDWR | O_CREAT | O_TRUNC, 0o644);
      await sys.write(fd, 'original');
      const priv = await sys.mmap(PAGE, RW, MAP_PRIVATE, fd, 0);
      const shared = await sys.mmap(PAGE, PROT_READ, MAP_SHARED, fd, 0);
      await sys.print('private reads the file:', str(priv, 0, 8));
      priv.write(0, 'PRIVATE!');
      await sys.lseek(fd, 0, SEEK_SET);
      await sys.print('file:', new TextDecoder().decode(await sys.read(fd, 8)), 'shared:', str(shared, 0, 8),
        'private:', str(priv, 0, 8));
    },
  },
  expect: { output: { main: 'private reads the file: original\nfile: original shared: original private: PRIVATE!\n' } },
});

export const sigbus_beyond_eof = defineScenario({
  name: 'mmap-sigbus-beyond-eof',
  description: 'Past the end of a mapped file, the rest of the last page reads as zero; a page ' +
    'wholly beyond the end is SIGBUS; after ftruncate grows the file it is accessible. ' +
    'facts §6.13',
  programs: {
    async main(sys) {
      const fd = await sys.open('small', O_RDWR | O_CREAT | O_TRUNC, 0o644);
      await sys.write(fd, 'x'.repeat(100));
      const m = await sys.mmap(2 * PAGE, RW, MAP_SHARED, fd, 0);
      await sys.print('rest of the page is zero:', m.read(100, PAGE - 100).every((b) => b === 0));
      await sys.print('second page:', await runChild(sys, 'toucher', { addr: m.addr + PAGE }));
      await sys.ftruncate(fd, 2 * PAGE);
      m.write(PAGE, 'now fine');
      await sys.print('after ftruncate:', str(m, PAGE, 8));
    },
    async toucher(sys, { addr }) {
      sys.mappingAt(addr).read(0, 1);
      await sys.print('not reached');
    },
  },
  expect: {
    output: { main: 'rest of the page is zero: true\nsecond page: SIGBUS\nafter ftruncate: now fine\n', 'main.1': '' },
    exit: { 'main.1': { signal: 'SIGBUS' } },
  },
});

export const truncate_after_cow_sigbus = defineScenario({
  name: 'mmap-truncate-after-cow-sigbus',
  description: 'Truncating a file takes even private copies of the lost pages away: touching one is ' +
    'SIGBUS. facts §6.14',
  programs: {
    async main(sys) {
      const fd = await sys.open('f', O_RDWR | O_CREAT | O_TRUNC, 0o644);
      await sys.ftruncate(fd, 2 * PAGE);
      const m = await sys.mmap(2 * PAGE, RW, MAP_PRIVATE, fd, 0);
      m.write(PAGE, 'private copy');
      await sys.ftruncate(fd, PAGE);
      await sys.print('first page:', str(m, 0, 1) === '.');
      await sys.print('second page:', await runChild(sys, 'toucher', { addr: m.addr + PAGE }));
    },
    async toucher(sys, { addr }) {
      sys.mappingAt(addr).read(0, 1);
    },
  },
  expect: { output: { main: 'first page: true\nsecond page: SIGBUS\n' }, exit: { 'main.1': { signal: 'SIGBUS' } } },
});

export const munmap_rules = defineScenario({
  name: 'munmap-rules',
  description: 'munmap of an unaligned address or of length 0 is EINVAL; of a range with nothing ' +
    'mapped succeeds; of the middle page of three leaves the outer pages mapped and the middle one ' +
    'SIGSEGV. facts §6.17; man 2 munmap',
  programs: {
    async main(sys) {
      const m = await sys.mmap(3 * PAGE, RW, ANON_SHARED);
      m.write(0, 'first');
      m.write(2 * PAGE, 'third');
      await sys.print('unaligned:', await attempt(sys.munmap(m.addr + 1, PAGE)));
      await sys.print('length 0:', await attempt(sys.munmap(m.addr, 0)));
      await sys.munmap(m.addr + PAGE, PAGE);
      await sys.print('nothing mapped:', await attempt(sys.munmap(m.addr + PAGE, PAGE)));
      await sys.print('outer pages:', str(m, 0, 5), str(m, 2 * PAGE, 5));
      await sys.print('middle page:', await runChild(sys, 'toucher', { addr: m.addr + PAGE }));
      await sys.print('third page in a child:', await runChild(sys, 'reader', { addr: m.addr + 2 * PAGE }));
    },
    async toucher(sys, { addr }) {
      sys.mappingAt(addr - PAGE).write(PAGE, 'x');
    },
    async reader(sys, { addr }) {
      await sys.print(str(sys.mappingAt(addr), 0, 5));
    },
  },
  expect: {
    output: {
      main: 'unaligned: EINVAL\nlength 0: EINVAL\nnothing mapped: ok\nouter pages: first third\n' +
        'middle page: SIGSEGV\nthird page in a child: exit 0\n',
      'main.2': 'third\n',
    },
    exit: { 'main.1': { signal: 'SIGSEGV' } },
  },
});

export const use_after_munmap_segv = defineScenario({
  name: 'munmap-use-after-segv',
  description: 'Touching memory after munmap is SIGSEGV. facts §6.17',
  programs: {
    async main(sys) {
      await sys.print('child:', await runChild(sys, 'child'));
    },
    async child(sys) {
      const at = await guarded(sys);
      const m = await sys.mmap(PAGE, RW, ANON_PRIVATE | MAP_FIXED, -1, 0, at);
      m.write(0, 'x');
      await sys.munmap(m);
      m.read(0, 1);
    },
  },
  expect: { output: { main: 'child: SIGSEGV\n' }, exit: { 'main.1': { signal: 'SIGSEGV' } } },
});

export const mprotect_rules = defineScenario({
  name: 'mprotect-rules',
  description: 'A write to a PROT_READ mapping is SIGSEGV; mprotect adds PROT_WRITE to private ' +
    'memory; PROT_WRITE on a shared map of an O_RDONLY file is EACCES; an unaligned address is ' +
    'EINVAL, an unmapped range ENOMEM, unknown prot bits EINVAL; PROT_NONE memory faults on read. ' +
    'facts §6.9, §6.17; man 2 mprotect',
  programs: {
    async main(sys) {
      const m = await sys.mmap(PAGE, PROT_READ, ANON_PRIVATE);
      await sys.print('write to PROT_READ:', await runChild(sys, 'writer', { addr: m.addr }));
      await sys.print('add PROT_WRITE:', await attempt(sys.mprotect(m, RW)));
      m.write(0, 'now writable');
      await sys.print('writes:', str(m, 0, 12));
      const fd = await sys.open('f', O_RDWR | O_CREAT, 0o600);
      await sys.ftruncate(fd, PAGE);
      const ro = await sys.open('f', O_RDONLY);
      const shared = await sys.mmap(PAGE, PROT_READ, MAP_SHARED, ro, 0);
      await sys.print('shared, O_RDONLY:', await attempt(sys.mprotect(shared, RW)));
      await sys.print('private, O_RDONLY:', await attempt(sys.mprotect(await sys.mmap(PAGE, PROT_READ, MAP_PRIVATE, ro, 0), RW)));
      await sys.print('unaligned:', await attempt(sys.mprotect(m.addr + 1, PROT_READ, PAGE)));
      await sys.print('unknown bits:', await attempt(sys.mprotect(m, 0x40)));
      await sys.munmap(m);
      await sys.print('unmapped:', await attempt(sys.mprotect(m, PROT_READ)));
      const none = await sys.mmap(PAGE, RW, ANON_PRIVATE);
      await sys.mprotect(none, PROT_NONE);
      await sys.print('read PROT_NONE:', await runChild(sys, 'reader', { addr: none.addr }));
    },
    async writer(sys, { addr }) {
      sys.mappingAt(addr).write(0, 'x');
    },
    async reader(sys, { addr }) {
      sys.mappingAt(addr).read(0, 1);
    },
  },
  expect: {
    output: {
      main: 'write to PROT_READ: SIGSEGV\nadd PROT_WRITE: ok\nwrites: now writable\nshared, O_RDONLY: EACCES\n' +
        'private, O_RDONLY: ok\nunaligned: EINVAL\nunknown bits: EINVAL\nunmapped: ENOMEM\nread PROT_NONE: SIGSEGV\n',
    },
    exit: { 'main.1': { signal: 'SIGSEGV' }, 'main.2': { signal: 'SIGSEGV' } },
  },
});

export const msync_rules = defineScenario({
  name: 'msync-rules',
  description: 'msync with MS_SYNC|MS_ASYNC or an unknown flag is EINVAL, at an unaligned address ' +
    'EINVAL, over an unmapped range ENOMEM; MS_SYNC, MS_ASYNC and MS_INVALIDATE on a mapping ' +
    'succeed. facts §6.18; man 2 msync',
  programs: {
    async main(sys) {
      const fd = await sys.open('f', O_RDWR | O_CREAT, 0o600);
      await sys.ftruncate(fd, PAGE);
      const m = await sys.mmap(PAGE, RW, MAP_SHARED, fd, 0);
      m.write(0, 'x');
      await sys.print('MS_SYNC:', await attempt(sys.msync(m, MS_SYNC)));
      await sys.print('MS_ASYNC:', await attempt(sys.msync(m, MS_ASYNC)));
      await sys.print('MS_INVALIDATE:', await attempt(sys.msync(m, MS_INVALIDATE)));
      await sys.print('both:', await attempt(sys.msync(m, MS_SYNC | MS_ASYNC)));
      await sys.print('unknown flag:', await attempt(sys.msync(m, 8)));
      await sys.print('unaligned:', await attempt(sys.msync(m.addr + 1, MS_SYNC, 10)));
      await sys.munmap(m);
      await sys.print('unmapped:', await attempt(sys.msync(m, MS_SYNC)));
      await sys.print('length 0:', await attempt(sys.msync(m.addr, MS_SYNC, 0)));
    },
  },
  expect: {
    output: {
      main: 'MS_SYNC: ok\nMS_ASYNC: ok\nMS_INVALIDATE: ok\nboth: EINVAL\nunknown flag: EINVAL\nunaligned: EINVAL\n' +
        'unmapped: ENOMEM\nlength 0: ok\n',
    },
  },
});

export const survives_unlink_and_close = defineScenario({
  name: 'mmap-survives-unlink-and-close',
  description: 'A file mapping stays usable after the descriptor is closed and the file unlinked. ' +
    'facts §6.19; man 2 mmap',
  programs: {
    async main(sys) {
      const fd = await sys.open('gone', O_RDWR | O_CREAT | O_TRUNC, 0o644);
      await sys.write(fd, 'still mapped');
      const m = await sys.mmap(PAGE, RW, MAP_SHARED, fd, 0);
      await sys.close(fd);
      await sys.unlink('gone');
      await sys.print('reads:', str(m, 0, 12));
      m.write(0, 'STILL');
      await sys.print('writes:', str(m, 0, 12));
    },
  },
  expect: { output: { main: 'reads: still mapped\nwrites: STILL mapped\n' } },
});

export const mapping_at = defineScenario({
  name: 'mmap-mapping-at',
  description: 'mappingAt gives a Mapping from an address to the end of its region (inherited ones ' +
    'too); an address where nothing is mapped is EFAULT. API.md (Sys: memory)',
  programs: {
    async main(sys) {
      const m = await sys.mmap(2 * PAGE, RW, ANON_SHARED);
      const inner = sys.mappingAt(m.addr + 100);
      await sys.print('same region:', inner.addr === m.addr + 100, inner.length === 2 * PAGE - 100);
      inner.write(0, 'via inner');
      await sys.print('seen:', str(m, 100, 9));
      await sys.munmap(m);
      await sys.print('unmapped:', attemptSync(() => sys.mappingAt(m.addr)));
    },
  },
  expect: { output: { main: 'same region: true true\nseen: via inner\nunmapped: EFAULT\n' } },
});

export const private_file_follows_until_written = defineScenario({
  name: 'mmap-private-file-follows-until-written',
  description: 'A MAP_PRIVATE file page that was only read still shows later write()s to the file ' +
    '(it is the page cache page); once written it is a private copy and no longer follows. ' +
    'man 2 mmap (MAP_PRIVATE: "unspecified whether changes made to the file ... are visible")',
  programs: {
    async main(sys) {
      const fd = await sys.open('f', O_RDWR | O_CREAT | O_TRUNC, 0o644);
      await sys.ftruncate(fd, 2 * PAGE);
      const m = await sys.mmap(2 * PAGE, RW, MAP_PRIVATE, fd, 0);
      await sys.print('read first:', str(m, 0, 3), str(m, PAGE, 3));
      m.write(PAGE, 'own');
      await sys.lseek(fd, 0, SEEK_SET);
      await sys.write(fd, 'new');
      await sys.lseek(fd, PAGE, SEEK_SET);
      await sys.write(fd, 'NEW');
      await sys.print('after write():', str(m, 0, 3), str(m, PAGE, 3));
    },
  },
  expect: { output: { main: 'read first: ... ...\nafter write(): new own\n' } },
});

export const private_file_cow_across_fork = defineScenario({
  name: 'mmap-private-file-cow-across-fork',
  description: 'A child inherits a MAP_PRIVATE file mapping with the parent\'s private changes; what ' +
    'it writes there reaches neither the parent nor the file. man 2 fork; man 2 mmap',
  programs: {
    async main(sys) {
      const fd = await sys.open('f', O_RDWR | O_CREAT | O_TRUNC, 0o644);
      await sys.write(fd, 'file text');
      const m = await sys.mmap(PAGE, RW, MAP_PRIVATE, fd, 0);
      m.write(0, 'PARENT');
      await sys.print('child:', await runChild(sys, 'child', { addr: m.addr }));
      await sys.lseek(fd, 0, SEEK_SET);
      await sys.print('parent:', str(m, 0, 9), 'file:', new TextDecoder().decode(await sys.read(fd, 9)));
    },
    async child(sys, { addr }) {
      const m = sys.mappingAt(addr);
      await sys.print('inherited:', str(m, 0, 9));
      m.write(0, 'child');
    },
  },
  expect: {
    output: { main: 'child: exit 0\nparent: PARENText file: file text\n', 'main.1': 'inherited: PARENText\n' },
  },
});
