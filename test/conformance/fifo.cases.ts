// Conformance cases for FIFOs (mkfifo(3), fifo(7)): each one prints what it observes and pins the
// printed text, on the simulator and natively. Relative paths resolve inside the run's own
// directory on both backends. Fd numbers are never printed (they differ natively). Sources:
// shared/linux-ipc-facts.md section 4 ("facts §4.n"), man 7 fifo, man 7 pipe, man 3 mkfifo,
// man 2 open; each expectation was checked on Linux 6.18 x86_64.
import { constants, defineScenario } from 'ipcsim';
import type { Sys } from 'ipcsim';

const {
  O_RDONLY, O_WRONLY, O_RDWR, O_NONBLOCK, O_CREAT, O_ACCMODE, F_GETFL, F_GETPIPE_SZ, F_SETPIPE_SZ,
  FIONREAD, SEEK_CUR, SEEK_SET,
} = constants;

const decoder = new TextDecoder();

function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** What a call gives: its value (read data quoted), or the name of the errno it fails with. */
async function attempt(call: Promise<unknown>): Promise<string> {
  try {
    const value = await call;
    if (value instanceof Uint8Array) return JSON.stringify(text(value));
    return value === undefined ? 'ok' : String(value);
  } catch (err) {
    if (err instanceof Error && err.name === 'SysError') return (err as Error & { code: string }).code;
    throw err;
  }
}

/** Whether a call succeeds ('ok', whatever it returns), or the name of its errno. */
async function succeeds(call: Promise<unknown>): Promise<string> {
  return attempt(call.then(() => undefined));
}

/** Reads `fd` until end of file. */
async function readAll(sys: Sys, fd: number): Promise<string> {
  let all = '';
  for (;;) {
    const chunk = await sys.read(fd, 65536);
    if (chunk.length === 0) return all;
    all += text(chunk);
  }
}

function octal(n: number): string {
  return `0o${n.toString(8)}`;
}

// ---------------------------------------------------------------------------------------------
// Opening

export const fifo_reader_open_waits_for_writer = defineScenario({
  name: 'fifo-reader-open-waits-for-writer',
  description: 'A blocking open(O_RDONLY) of a FIFO waits until a writer opens it (a rendezvous); ' +
    'then the reader gets the data and EOF after the writer closes. man 7 fifo; man 3 mkfifo',
  programs: {
    async main(sys) {
      await sys.mkfifo('rendezvous', 0o666);
      const child = await sys.fork('writer');
      const fd = await sys.open('rendezvous', O_RDONLY);
      await sys.print('reader got:', JSON.stringify(await readAll(sys, fd)));
      await sys.waitpid(child);
    },
    async writer(sys) {
      const fd = await sys.open('rendezvous', O_WRONLY);
      await sys.write(fd, 'hello through the fifo');
      await sys.close(fd);
    },
  },
  expect: { output: { main: 'reader got: "hello through the fifo"\n' } },
});

export const fifo_writer_open_waits_for_reader = defineScenario({
  name: 'fifo-writer-open-waits-for-reader',
  description: 'A blocking open(O_WRONLY) of a FIFO sleeps until a reader opens it 200 ms later; ' +
    'both opens then complete and the data flows. man 7 fifo; man 2 open',
  programs: {
    async main(sys) {
      await sys.mkfifo('late-reader', 0o600);
      const child = await sys.fork('writer');
      await sys.sleep(200);
      const fd = await sys.open('late-reader', O_RDONLY);
      await sys.print('reader got:', JSON.stringify(await readAll(sys, fd)));
      const status = await sys.waitpid(child);
      await sys.print('writer exit code:', status.code);
    },
    async writer(sys) {
      const fd = await sys.open('late-reader', O_WRONLY);
      await sys.print('writer open returned');
      await sys.write(fd, 'sent after the rendezvous');
    },
  },
  expect: {
    output: {
      main: 'reader got: "sent after the rendezvous"\nwriter exit code: 0\n',
      'main.1': 'writer open returned\n',
    },
  },
});

export const fifo_nonblock_reader_without_writer_reads_eof = defineScenario({
  name: 'fifo-nonblock-reader-without-writer-reads-eof',
  description: 'open(O_RDONLY|O_NONBLOCK) of a FIFO without a writer succeeds at once, and a read ' +
    'of a FIFO that never had a writer returns 0 (EOF), not EAGAIN. facts §4.35, §4.38; man 7 fifo',
  programs: {
    async main(sys) {
      await sys.mkfifo('lonely', 0o666);
      const fd = await sys.open('lonely', O_RDONLY | O_NONBLOCK);
      await sys.print('open succeeded:', fd >= 0);
      await sys.print('read:', await attempt(sys.read(fd, 10)));
    },
  },
  expect: { output: { main: 'open succeeded: true\nread: ""\n' } },
});

export const fifo_nonblock_writer_without_reader_enxio = defineScenario({
  name: 'fifo-nonblock-writer-without-reader-enxio',
  description: 'open(O_WRONLY|O_NONBLOCK) of a FIFO with no reader fails with ENXIO; once a ' +
    'reader has it open, the same open succeeds and data flows. facts §4.35; man 7 fifo; man 2 open (ENXIO)',
  programs: {
    async main(sys) {
      await sys.mkfifo('nobody-reads', 0o666);
      await sys.print('open for writing, no reader:', await succeeds(sys.open('nobody-reads', O_WRONLY | O_NONBLOCK)));
      const r = await sys.open('nobody-reads', O_RDONLY | O_NONBLOCK);
      const w = await sys.open('nobody-reads', O_WRONLY | O_NONBLOCK);
      await sys.print('open for writing with a reader: ok');
      await sys.write(w, 'x');
      await sys.print('read:', await attempt(sys.read(r, 10)));
    },
  },
  expect: {
    output: { main: 'open for writing, no reader: ENXIO\nopen for writing with a reader: ok\nread: "x"\n' },
  },
});

export const fifo_rdwr_open_does_not_block = defineScenario({
  name: 'fifo-rdwr-open-does-not-block',
  description: 'On Linux open(O_RDWR) of a FIFO returns at once (it counts as reader and writer), ' +
    'so one process can write and read back through it. facts §4.35; man 7 fifo (NOTES)',
  programs: {
    async main(sys) {
      await sys.mkfifo('both-ways', 0o666);
      const fd = await sys.open('both-ways', O_RDWR);
      await sys.print('access mode O_RDWR:', ((await sys.fcntl(fd, F_GETFL)) & O_ACCMODE) === O_RDWR);
      await sys.write(fd, 'to myself');
      await sys.print('read back:', await attempt(sys.read(fd, 100)));
    },
  },
  expect: { output: { main: 'access mode O_RDWR: true\nread back: "to myself"\n' } },
});

export const fifo_getfl_includes_o_largefile = defineScenario({
  name: 'fifo-getfl-includes-o-largefile',
  description: 'F_GETFL of a FIFO opened with open() includes O_LARGEFILE (0o100000), which the ' +
    'x86_64 kernel adds to every open(); pipe() ends do not have it. facts §4.2 [64-bit]; man 2 open',
  programs: {
    async main(sys) {
      await sys.mkfifo('flags', 0o666);
      const r = await sys.open('flags', O_RDONLY | O_NONBLOCK);
      const w = await sys.open('flags', O_WRONLY | O_NONBLOCK);
      const rw = await sys.open('flags', O_RDWR);
      await sys.print('O_RDONLY|O_NONBLOCK:', octal(await sys.fcntl(r, F_GETFL)));
      await sys.print('O_WRONLY|O_NONBLOCK:', octal(await sys.fcntl(w, F_GETFL)));
      await sys.print('O_RDWR:', octal(await sys.fcntl(rw, F_GETFL)));
    },
  },
  expect: {
    output: { main: 'O_RDONLY|O_NONBLOCK: 0o104000\nO_WRONLY|O_NONBLOCK: 0o104001\nO_RDWR: 0o100002\n' },
  },
});

// ---------------------------------------------------------------------------------------------
// The name in the file system

export const fifo_mkfifo_existing_path_eexist = defineScenario({
  name: 'fifo-mkfifo-existing-path-eexist',
  description: 'mkfifo on a path that exists fails with EEXIST, whether it is a FIFO or a ' +
    'regular file. facts §4.34; man 3 mkfifo (EEXIST)',
  programs: {
    async main(sys) {
      await sys.print('mkfifo:', await attempt(sys.mkfifo('twice', 0o666)));
      await sys.print('mkfifo again:', await attempt(sys.mkfifo('twice', 0o666)));
      await sys.close(await sys.open('regular', O_CREAT | O_WRONLY, 0o600));
      await sys.print('mkfifo on a regular file:', await attempt(sys.mkfifo('regular', 0o666)));
    },
  },
  expect: { output: { main: 'mkfifo: ok\nmkfifo again: EEXIST\nmkfifo on a regular file: EEXIST\n' } },
});

export const fifo_mkfifo_missing_directory_enoent = defineScenario({
  name: 'fifo-mkfifo-missing-directory-enoent',
  description: 'mkfifo in a directory that does not exist fails with ENOENT. facts §4.34; ' +
    'man 3 mkfifo (ENOENT)',
  programs: {
    async main(sys) {
      await sys.print('mkfifo:', await attempt(sys.mkfifo('no-such-dir/fifo', 0o666)));
    },
  },
  expect: { output: { main: 'mkfifo: ENOENT\n' } },
});

export const fifo_mode_masked_by_umask = defineScenario({
  name: 'fifo-mode-masked-by-umask',
  description: 'mkfifo creates mode & ~umask: with umask 022, 0666 becomes 0644, seen through ' +
    'permission checks (there is no stat call). As uid 65534 ("other"), open O_RDONLY|O_NONBLOCK ' +
    'is allowed, and O_WRONLY|O_NONBLOCK fails with EACCES although a reader is open (the ' +
    'permission check comes before the FIFO open, so it is not ENXIO); a 0600 FIFO refuses both. ' +
    'The FIFOs live in /tmp (mode 1777) so that uid 65534 can reach them. facts §4.34, §4.43; ' +
    'man 3 mkfifo; man 2 umask; man 2 open (EACCES)',
  programs: {
    async main(sys) {
      const shared = `/tmp/ipcsim-fifo-umask-${sys.pid}`;
      const owner = `/tmp/ipcsim-fifo-owner-${sys.pid}`;
      await sys.mkfifo(shared, 0o666);
      await sys.mkfifo(owner, 0o600);
      const child = await sys.fork('nobody', { shared, owner });
      const status = await sys.waitpid(child);
      await sys.unlink(shared);
      await sys.unlink(owner);
      await sys.print('child exit code:', status.code);
    },
    async nobody(sys, { shared, owner }) {
      await sys.setgid(65534);
      await sys.setuid(65534);
      await sys.print('0666 & ~022, open for reading:', await succeeds(sys.open(shared, O_RDONLY | O_NONBLOCK)));
      await sys.print('0666 & ~022, open for writing:', await succeeds(sys.open(shared, O_WRONLY | O_NONBLOCK)));
      await sys.print('0600, open for reading:', await succeeds(sys.open(owner, O_RDONLY | O_NONBLOCK)));
    },
  },
  expect: {
    output: {
      main: 'child exit code: 0\n',
      'main.1': '0666 & ~022, open for reading: ok\n0666 & ~022, open for writing: EACCES\n0600, open for reading: EACCES\n',
    },
    needsRoot: true,
  },
});

export const fifo_unlink_then_open_enoent = defineScenario({
  name: 'fifo-unlink-then-open-enoent',
  description: 'After unlink the FIFO name is gone: open fails with ENOENT and mkfifo can create ' +
    'the name again. man 2 unlink; man 2 open (ENOENT)',
  programs: {
    async main(sys) {
      await sys.mkfifo('short-lived', 0o666);
      await sys.unlink('short-lived');
      await sys.print('open:', await succeeds(sys.open('short-lived', O_RDONLY | O_NONBLOCK)));
      await sys.print('mkfifo again:', await attempt(sys.mkfifo('short-lived', 0o666)));
      await sys.print('open:', await succeeds(sys.open('short-lived', O_RDONLY | O_NONBLOCK)));
    },
  },
  expect: { output: { main: 'open: ENOENT\nmkfifo again: ok\nopen: ok\n' } },
});

export const fifo_unlinked_fifo_stays_usable = defineScenario({
  name: 'fifo-unlinked-fifo-stays-usable',
  description: 'Unlinking an open FIFO removes only the name: the open descriptor still writes ' +
    'and reads the same pipe. man 2 unlink; man 7 fifo',
  programs: {
    async main(sys) {
      await sys.mkfifo('nameless', 0o666);
      const fd = await sys.open('nameless', O_RDWR);
      await sys.unlink('nameless');
      await sys.print('write after unlink:', await attempt(sys.write(fd, 'still here')));
      await sys.print('read after unlink:', await attempt(sys.read(fd, 100)));
    },
  },
  expect: { output: { main: 'write after unlink: 10\nread after unlink: "still here"\n' } },
});

// ---------------------------------------------------------------------------------------------
// Data and end of file

export const fifo_data_discarded_after_last_close = defineScenario({
  name: 'fifo-data-discarded-after-last-close',
  description: 'Data buffered in a FIFO is discarded when the last reader and writer close: ' +
    'reopened O_RDWR|O_NONBLOCK it is empty (FIONREAD 0, read EAGAIN). facts §4.39; man 7 fifo',
  programs: {
    async main(sys) {
      await sys.mkfifo('forgetful', 0o666);
      const fd = await sys.open('forgetful', O_RDWR | O_NONBLOCK);
      await sys.write(fd, 'data');
      await sys.print('FIONREAD before close:', await sys.ioctl(fd, FIONREAD));
      await sys.close(fd);
      const again = await sys.open('forgetful', O_RDWR | O_NONBLOCK);
      await sys.print('FIONREAD after reopening:', await sys.ioctl(again, FIONREAD));
      await sys.print('read:', await attempt(sys.read(again, 10)));
    },
  },
  expect: { output: { main: 'FIONREAD before close: 4\nFIONREAD after reopening: 0\nread: EAGAIN\n' } },
});

export const fifo_nonblock_read_with_writer_eagain = defineScenario({
  name: 'fifo-nonblock-read-with-writer-eagain',
  description: 'An empty FIFO with a writer open reads EAGAIN with O_NONBLOCK; data comes first, ' +
    'then EOF after the writer closes. facts §4.11, §4.13; man 7 fifo',
  programs: {
    async main(sys) {
      await sys.mkfifo('quiet', 0o666);
      const r = await sys.open('quiet', O_RDONLY | O_NONBLOCK);
      const w = await sys.open('quiet', O_WRONLY | O_NONBLOCK);
      await sys.print('read, writer open, empty:', await attempt(sys.read(r, 10)));
      await sys.write(w, 'abc');
      await sys.close(w);
      await sys.print('read after the writer closed:', await attempt(sys.read(r, 10)));
      await sys.print('read again:', await attempt(sys.read(r, 10)));
    },
  },
  expect: {
    output: { main: 'read, writer open, empty: EAGAIN\nread after the writer closed: "abc"\nread again: ""\n' },
  },
});

export const fifo_new_writer_after_eof = defineScenario({
  name: 'fifo-new-writer-after-eof',
  description: 'A reader that saw EOF keeps its FIFO open: when a new writer opens it, reads ' +
    'return data again, then EAGAIN while that writer stays open. man 7 fifo; man 7 pipe',
  programs: {
    async main(sys) {
      await sys.mkfifo('reusable', 0o666);
      const r = await sys.open('reusable', O_RDONLY | O_NONBLOCK);
      const w1 = await sys.open('reusable', O_WRONLY | O_NONBLOCK);
      await sys.write(w1, 'one');
      await sys.close(w1);
      await sys.print('read:', await attempt(sys.read(r, 10)));
      await sys.print('read:', await attempt(sys.read(r, 10)));
      const w2 = await sys.open('reusable', O_WRONLY | O_NONBLOCK);
      await sys.write(w2, 'two');
      await sys.print('read:', await attempt(sys.read(r, 10)));
      await sys.print('read:', await attempt(sys.read(r, 10)));
    },
  },
  expect: { output: { main: 'read: "one"\nread: ""\nread: "two"\nread: EAGAIN\n' } },
});

export const fifo_reader_gets_eof_when_writer_exits = defineScenario({
  name: 'fifo-reader-gets-eof-when-writer-exits',
  description: 'A writer that exits without closing still closes its FIFO descriptor (exit ' +
    'closes every fd), so the reader gets the data and then EOF. man 2 _exit; man 7 fifo',
  programs: {
    async main(sys) {
      await sys.mkfifo('exit-closes', 0o666);
      const child = await sys.fork('writer');
      const fd = await sys.open('exit-closes', O_RDONLY);
      await sys.print('reader got:', JSON.stringify(await readAll(sys, fd)));
      await sys.waitpid(child);
    },
    async writer(sys) {
      const fd = await sys.open('exit-closes', O_WRONLY);
      await sys.write(fd, 'bye');
    },
  },
  expect: { output: { main: 'reader got: "bye"\n' } },
});

// ---------------------------------------------------------------------------------------------
// SIGPIPE / EPIPE, seeking, capacity

export const fifo_write_after_reader_closed_epipe = defineScenario({
  name: 'fifo-write-after-reader-closed-epipe',
  description: 'With SIGPIPE ignored, a write to a FIFO whose every reader closed fails with ' +
    'EPIPE; a 0-byte write still returns 0. facts §4.42, §4.10; man 7 fifo; man 2 write (EPIPE)',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGPIPE', 'SIG_IGN');
      await sys.mkfifo('abandoned', 0o666);
      const r = await sys.open('abandoned', O_RDONLY | O_NONBLOCK);
      const w = await sys.open('abandoned', O_WRONLY);
      await sys.close(r);
      await sys.print('write:', await attempt(sys.write(w, 'x')));
      await sys.print('write of 0 bytes:', await attempt(sys.write(w, '')));
    },
  },
  expect: { output: { main: 'write: EPIPE\nwrite of 0 bytes: 0\n' } },
});

export const fifo_write_after_reader_closed_sigpipe = defineScenario({
  name: 'fifo-write-after-reader-closed-sigpipe',
  description: 'With the default disposition, writing to a FIFO after its reader closed kills ' +
    'the writer with SIGPIPE. facts §4.42; man 7 fifo; man 7 signal',
  programs: {
    async main(sys) {
      await sys.mkfifo('abandoned', 0o666);
      const r = await sys.open('abandoned', O_RDONLY | O_NONBLOCK);
      const w = await sys.open('abandoned', O_WRONLY);
      await sys.close(r);
      await sys.print('writing');
      await sys.write(w, 'x');
      await sys.print('not reached');
    },
  },
  expect: { output: { main: 'writing\n' }, exit: { main: { signal: 'SIGPIPE' } } },
});

export const fifo_lseek_espipe = defineScenario({
  name: 'fifo-lseek-espipe',
  description: 'lseek on a FIFO fails with ESPIPE. facts §4.41; man 2 lseek (ESPIPE)',
  programs: {
    async main(sys) {
      await sys.mkfifo('unseekable', 0o666);
      const fd = await sys.open('unseekable', O_RDWR);
      await sys.write(fd, 'abc');
      await sys.print('lseek(0, SEEK_CUR):', await attempt(sys.lseek(fd, 0, SEEK_CUR)));
      await sys.print('lseek(0, SEEK_SET):', await attempt(sys.lseek(fd, 0, SEEK_SET)));
    },
  },
  expect: { output: { main: 'lseek(0, SEEK_CUR): ESPIPE\nlseek(0, SEEK_SET): ESPIPE\n' } },
});

export const fifo_capacity_like_a_pipe = defineScenario({
  name: 'fifo-capacity-like-a-pipe',
  description: 'A FIFO has the default pipe capacity, 65536 (F_GETPIPE_SZ), and F_SETPIPE_SZ ' +
    'through one descriptor is seen through another. facts §4.41, §4.25; man 2 fcntl',
  programs: {
    async main(sys) {
      await sys.mkfifo('sized', 0o666);
      const r = await sys.open('sized', O_RDONLY | O_NONBLOCK);
      const w = await sys.open('sized', O_WRONLY | O_NONBLOCK);
      await sys.print('F_GETPIPE_SZ:', await sys.fcntl(r, F_GETPIPE_SZ), await sys.fcntl(w, F_GETPIPE_SZ));
      await sys.print('F_SETPIPE_SZ 8192 on the writer:', await attempt(sys.fcntl(w, F_SETPIPE_SZ, 8192)));
      await sys.print('reader says:', await sys.fcntl(r, F_GETPIPE_SZ));
    },
  },
  expect: {
    output: { main: 'F_GETPIPE_SZ: 65536 65536\nF_SETPIPE_SZ 8192 on the writer: 8192\nreader says: 8192\n' },
  },
});

// ---------------------------------------------------------------------------------------------
// Conversations through FIFOs

export const fifo_tutorial_lines_until_eof = defineScenario({
  name: 'fifo-tutorial-lines-until-eof',
  description: 'The tutorial pattern: a writer process opens the FIFO, writes lines and closes; ' +
    'the reader opens it and copies it to stdout until EOF. man 7 fifo; man 3 mkfifo',
  programs: {
    async main(sys) {
      await sys.mkfifo('myfifo', 0o666);
      const child = await sys.fork('writer');
      const fd = await sys.open('myfifo', O_RDONLY);
      for (;;) {
        const chunk = await sys.read(fd, 7);
        if (chunk.length === 0) break;
        await sys.write(1, chunk);
      }
      await sys.close(fd);
      await sys.waitpid(child);
      await sys.unlink('myfifo');
    },
    async writer(sys) {
      const fd = await sys.open('myfifo', O_WRONLY);
      for (let i = 1; i <= 3; i++) await sys.write(fd, `message ${i}\n`);
      await sys.close(fd);
    },
  },
  expect: { output: { main: 'message 1\nmessage 2\nmessage 3\n' } },
});

export const fifo_client_server_exchange = defineScenario({
  name: 'fifo-client-server-exchange',
  description: 'A client and a server exchange several requests and replies through two FIFOs, ' +
    'both opening them in the same order (requests, then replies) so the blocking opens meet; ' +
    'the server stops at EOF on the requests. man 7 fifo',
  programs: {
    async main(sys) {
      await sys.mkfifo('requests', 0o666);
      await sys.mkfifo('replies', 0o666);
      const server = await sys.fork('server');
      const req = await sys.open('requests', O_WRONLY);
      const rep = await sys.open('replies', O_RDONLY);
      for (const [a, b] of [[1, 2], [20, 22], [100, 23]]) {
        await sys.write(req, `${a} ${b}`);
        await sys.print(`${a} + ${b} =`, text(await sys.read(rep, 100)));
      }
      await sys.close(req);
      await sys.print('after closing requests:', await attempt(sys.read(rep, 100)));
      const status = await sys.waitpid(server);
      await sys.print('server exit code:', status.code);
    },
    async server(sys) {
      const req = await sys.open('requests', O_RDONLY);
      const rep = await sys.open('replies', O_WRONLY);
      let served = 0;
      for (;;) {
        const msg = text(await sys.read(req, 100));
        if (msg === '') break;
        const [a, b] = msg.split(' ').map(Number);
        await sys.write(rep, String(a + b));
        served++;
      }
      await sys.print('served', served, 'requests');
    },
  },
  expect: {
    output: {
      main: '1 + 2 = 3\n20 + 22 = 42\n100 + 23 = 123\nafter closing requests: ""\nserver exit code: 0\n',
      'main.1': 'served 3 requests\n',
    },
  },
});

export const fifo_small_writes_do_not_interleave = defineScenario({
  name: 'fifo-small-writes-do-not-interleave',
  description: 'Two writers each write five 1000-byte records (<= PIPE_BUF) into one FIFO; ' +
    'writes of at most PIPE_BUF are atomic, so every record arrives whole. man 7 pipe (PIPE_BUF); ' +
    'facts §4.18',
  programs: {
    async main(sys) {
      await sys.mkfifo('shared', 0o666);
      const r = await sys.open('shared', O_RDONLY | O_NONBLOCK);
      const a = await sys.fork('writer', { letter: 'A' });
      const b = await sys.fork('writer', { letter: 'B' });
      await sys.waitpid(a);
      await sys.waitpid(b);
      const all = await readAll(sys, r);
      const counts: Record<string, number> = { A: 0, B: 0, mixed: 0 };
      for (let i = 0; i < all.length; i += 1000) {
        const record = all.slice(i, i + 1000);
        if (record === 'A'.repeat(1000)) counts.A++;
        else if (record === 'B'.repeat(1000)) counts.B++;
        else counts.mixed++;
      }
      await sys.print(`${all.length} bytes: A ${counts.A}, B ${counts.B}, mixed ${counts.mixed}`);
    },
    async writer(sys, { letter }) {
      const w = await sys.open('shared', O_WRONLY);
      for (let i = 0; i < 5; i++) await sys.write(w, letter.repeat(1000));
    },
  },
  expect: { output: { main: '10000 bytes: A 5, B 5, mixed 0\n' } },
});
