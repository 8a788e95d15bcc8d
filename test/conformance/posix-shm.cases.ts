// Conformance cases for POSIX shared memory (shm_open(3), shm_unlink(3), shm_overview(7)): each
// prints what it observes and pins the text, on the simulator and natively. Names are the
// process's own (natively they are made unique per run besides). Sources: shared/linux-ipc-facts.md
// section 7 ("facts §7.n") and the man pages.
import { constants, defineScenario } from 'ipcsim';
import { attempt, ownName, PAGE, runChild, str } from './mm-helpers.js';

const {
  O_RDWR, O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_TRUNC, F_GETFD, FD_CLOEXEC, SEEK_END, SEEK_SET,
  PROT_READ, PROT_WRITE, MAP_SHARED,
} = constants;
const RW = PROT_READ | PROT_WRITE;

export const shm_open_creates_empty = defineScenario({
  name: 'shm-open-creates-empty',
  description: 'shm_open(O_CREAT) makes an object of size 0 whose descriptor has FD_CLOEXEC set; ' +
    'ftruncate sizes it, zero-filled. facts §7.1, §7.3',
  programs: {
    async main(sys) {
      const name = await ownName(sys, 'empty');
      const fd = await sys.shm_open(name, O_RDWR | O_CREAT, 0o600);
      await sys.print('size', await sys.lseek(fd, 0, SEEK_END), 'FD_CLOEXEC:', ((await sys.fcntl(fd, F_GETFD)) & FD_CLOEXEC) !== 0);
      await sys.ftruncate(fd, 3000);
      await sys.print('size', await sys.lseek(fd, 0, SEEK_END));
      await sys.lseek(fd, 0, SEEK_SET);
      const data = await sys.read(fd, 5000);
      await sys.print('read', data.length, 'zero:', data.every((b) => b === 0));
      await sys.shm_unlink(name);
    },
  },
  expect: { output: { main: 'size 0 FD_CLOEXEC: true\nsize 3000\nread 3000 zero: true\n' } },
});

export const shm_open_excl_and_missing = defineScenario({
  name: 'shm-open-excl-and-missing',
  description: 'O_CREAT|O_EXCL on an existing name is EEXIST; a missing name without O_CREAT is ' +
    'ENOENT; O_CREAT alone opens the existing object. facts §7.2',
  programs: {
    async main(sys) {
      const name = await ownName(sys, 'excl');
      await sys.print('missing:', await attempt(sys.shm_open(name, O_RDWR, 0)));
      const fd = await sys.shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0o600);
      await sys.write(fd, 'kept');
      await sys.print('again with O_EXCL:', await attempt(sys.shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0o600)));
      const fd2 = await sys.shm_open(name, O_RDWR | O_CREAT, 0o600);
      await sys.print('O_CREAT opens it:', new TextDecoder().decode(await sys.read(fd2, 4)));
      await sys.shm_unlink(name);
    },
  },
  expect: { output: { main: 'missing: ENOENT\nagain with O_EXCL: EEXIST\nO_CREAT opens it: kept\n' } },
});

export const shm_open_name_rules = defineScenario({
  name: 'shm-open-name-rules',
  description: 'glibc name handling: leading slashes are optional (the same object), an embedded ' +
    'slash, "/" alone and "" are EINVAL, a name longer than 255 bytes is ENAMETOOLONG; shm_unlink ' +
    'checks names the same way. facts §7.6',
  programs: {
    async main(sys) {
      const name = await ownName(sys, 'names');
      const fd = await sys.shm_open(name, O_RDWR | O_CREAT, 0o600);
      await sys.write(fd, 'same');
      const bare = await sys.shm_open(name.slice(1), O_RDONLY, 0);
      await sys.print('without the slash:', new TextDecoder().decode(await sys.read(bare, 4)));
      const many = await sys.shm_open(`//${name}`, O_RDONLY, 0);
      await sys.print('with three:', new TextDecoder().decode(await sys.read(many, 4)));
      await sys.print('embedded slash:', await attempt(sys.shm_open('/a/b', O_RDWR | O_CREAT, 0o600)));
      await sys.print('"/":', await attempt(sys.shm_open('/', O_RDWR | O_CREAT, 0o600)));
      await sys.print('"":', await attempt(sys.shm_open('', O_RDWR | O_CREAT, 0o600)));
      await sys.print('256 bytes:', await attempt(sys.shm_open('/' + 'n'.repeat(256), O_RDWR | O_CREAT, 0o600)));
      await sys.print('unlink "/":', await attempt(sys.shm_unlink('/')));
      await sys.print('unlink embedded slash:', await attempt(sys.shm_unlink('/a/b')));
      await sys.shm_unlink(name.slice(1));
      await sys.print('unlinked:', await attempt(sys.shm_open(name, O_RDONLY, 0)));
    },
  },
  expect: {
    output: {
      main: 'without the slash: same\nwith three: same\nembedded slash: EINVAL\n"/": EINVAL\n"": EINVAL\n' +
        '256 bytes: ENAMETOOLONG\nunlink "/": EINVAL\nunlink embedded slash: EINVAL\nunlinked: ENOENT\n',
    },
  },
});

export const shm_size0_sigbus = defineScenario({
  name: 'shm-open-size0-sigbus',
  description: 'Mapping a size-0 object succeeds, but touching it is SIGBUS until ftruncate grows ' +
    'it. facts §7.3',
  programs: {
    async main(sys) {
      const name = await ownName(sys, 'zero');
      const fd = await sys.shm_open(name, O_RDWR | O_CREAT, 0o600);
      const m = await sys.mmap(PAGE, RW, MAP_SHARED, fd, 0);
      await sys.print('mapped size 0');
      await sys.print('touch:', await runChild(sys, 'toucher', { addr: m.addr }));
      await sys.ftruncate(fd, PAGE);
      m.write(0, 'grown');
      await sys.print('after ftruncate:', str(m, 0, 5));
      await sys.shm_unlink(name);
    },
    async toucher(sys, { addr }) {
      sys.mappingAt(addr).write(0, 'x');
    },
  },
  expect: {
    output: { main: 'mapped size 0\ntouch: SIGBUS\nafter ftruncate: grown\n' },
    exit: { 'main.1': { signal: 'SIGBUS' } },
  },
});

export const shm_shared_between_processes = defineScenario({
  name: 'shm-open-shared-between-processes',
  description: 'Two processes that map the same name share its pages: a child that opens the name ' +
    'reads what the parent stored and its stores reach the parent. facts §7.9; man 7 shm_overview',
  programs: {
    async main(sys) {
      const name = await ownName(sys, 'share');
      const fd = await sys.shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0o600);
      await sys.ftruncate(fd, PAGE);
      const m = await sys.mmap(PAGE, RW, MAP_SHARED, fd, 0);
      m.write(0, 'from parent');
      await sys.close(fd);
      await sys.print('child:', await runChild(sys, 'child', { name }));
      await sys.print('parent reads:', str(m, 0, 11));
      await sys.shm_unlink(name);
    },
    async child(sys, { name }) {
      const fd = await sys.shm_open(name, O_RDWR, 0);
      const m = await sys.mmap(PAGE, RW, MAP_SHARED, fd, 0);
      await sys.print('child reads:', str(m, 0, 11));
      m.write(0, 'FROM CHILD!');
    },
  },
  expect: {
    output: { main: 'child: exit 0\nparent reads: FROM CHILD!\n', 'main.1': 'child reads: from parent\n' },
  },
});

export const shm_open_trunc = defineScenario({
  name: 'shm-open-trunc',
  description: 'O_TRUNC truncates an existing object to size 0. facts §7.5',
  programs: {
    async main(sys) {
      const name = await ownName(sys, 'trunc');
      const fd = await sys.shm_open(name, O_RDWR | O_CREAT, 0o600);
      await sys.ftruncate(fd, 1000);
      const again = await sys.shm_open(name, O_RDWR | O_TRUNC, 0);
      await sys.print('size after O_TRUNC', await sys.lseek(again, 0, SEEK_END), await sys.lseek(fd, 0, SEEK_END));
      await sys.shm_unlink(name);
    },
  },
  expect: { output: { main: 'size after O_TRUNC 0 0\n' } },
});

export const shm_open_wronly = defineScenario({
  name: 'shm-open-wronly',
  description: 'O_WRONLY is accepted and gives a descriptor that writes; mapping it is EACCES, ' +
    'since every mapping needs read access. facts §7.7, §6.9',
  programs: {
    async main(sys) {
      const name = await ownName(sys, 'wronly');
      await sys.shm_open(name, O_RDWR | O_CREAT, 0o600);
      const fd = await sys.shm_open(name, O_WRONLY, 0);
      await sys.print('write:', await sys.write(fd, 'abc'));
      await sys.print('read:', await attempt(sys.read(fd, 3)));
      await sys.print('mmap:', await attempt(sys.mmap(PAGE, PROT_WRITE, MAP_SHARED, fd, 0)));
      await sys.shm_unlink(name);
    },
  },
  expect: { output: { main: 'write: 3\nread: EBADF\nmmap: EACCES\n' } },
});

export const shm_unlink_rules = defineScenario({
  name: 'shm-unlink-rules',
  description: 'After shm_unlink the name is gone (ENOENT, a second unlink ENOENT) but mappings and ' +
    'descriptors of the object still work; the name can then make a new, empty object. ' +
    'man 3 shm_unlink',
  programs: {
    async main(sys) {
      const name = await ownName(sys, 'unlink');
      const fd = await sys.shm_open(name, O_RDWR | O_CREAT, 0o600);
      await sys.ftruncate(fd, PAGE);
      const m = await sys.mmap(PAGE, RW, MAP_SHARED, fd, 0);
      m.write(0, 'survives');
      await sys.print('unlink:', await attempt(sys.shm_unlink(name)));
      await sys.print('open:', await attempt(sys.shm_open(name, O_RDWR, 0)));
      await sys.print('unlink again:', await attempt(sys.shm_unlink(name)));
      await sys.lseek(fd, 0, SEEK_SET);
      await sys.print('mapping:', str(m, 0, 8), 'fd:', new TextDecoder().decode(await sys.read(fd, 8)));
      const fresh = await sys.shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0o600);
      await sys.print('a new object, size', await sys.lseek(fresh, 0, SEEK_END));
      await sys.shm_unlink(name);
    },
  },
  expect: {
    output: {
      main: 'unlink: ok\nopen: ENOENT\nunlink again: ENOENT\nmapping: survives fd: survives\na new object, size 0\n',
    },
  },
});

export const shm_open_permissions = defineScenario({
  name: 'shm-open-permissions',
  description: 'Access follows the file mode (after the umask): another user opening a 0600 object ' +
    'is EACCES, a 0644 one opens read-only but not read-write; removing it from the sticky ' +
    '/dev/shm is EACCES. facts §7.10, §7.1; man 3 shm_unlink',
  programs: {
    async main(sys) {
      const priv = await ownName(sys, 'priv');
      const pub = await ownName(sys, 'pub');
      await sys.shm_open(priv, O_RDWR | O_CREAT, 0o600);
      await sys.shm_open(pub, O_RDWR | O_CREAT, 0o666); // the umask (022) makes it 0644
      await sys.print('nobody:', await runChild(sys, 'nobody', { priv, pub }));
      await sys.shm_unlink(priv);
      await sys.shm_unlink(pub);
    },
    async nobody(sys, { priv, pub }) {
      await sys.setgid(65534);
      await sys.setuid(65534);
      await sys.print('0600:', await attempt(sys.shm_open(priv, O_RDONLY, 0)));
      await sys.print('0644 read-only:', await attempt(sys.shm_open(pub, O_RDONLY, 0)));
      await sys.print('0644 read-write:', await attempt(sys.shm_open(pub, O_RDWR, 0)));
      await sys.print('unlink:', await attempt(sys.shm_unlink(pub)));
    },
  },
  expect: {
    needsRoot: true,
    output: {
      main: 'nobody: exit 0\n',
      'main.1': '0600: EACCES\n0644 read-only: ok\n0644 read-write: EACCES\nunlink: EACCES\n',
    },
  },
});
