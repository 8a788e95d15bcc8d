// Conformance cases for pipe(2)/pipe2(2): each one prints what it observes and pins the printed
// text, on the simulator and natively. Fd numbers differ natively (Node holds low descriptors), so
// cases print relations between descriptors, never the numbers. Sources: shared/linux-ipc-facts.md
// section 4 ("facts §4.n"), man 7 pipe, man 2 pipe, man 2 fcntl; each expectation was checked on
// Linux 6.18 x86_64 (root without CAP_SYS_RESOURCE).
import { constants, defineScenario } from 'ipcsim';
import type { Sys } from 'ipcsim';

const {
  O_NONBLOCK, O_CLOEXEC, O_RDWR, O_RDONLY, O_WRONLY, O_ACCMODE, O_CREAT, F_GETFL, F_SETFL, F_GETFD,
  F_GETPIPE_SZ, F_SETPIPE_SZ, FIONREAD, SEEK_CUR, SEEK_SET, SIG_BLOCK, SIG_UNBLOCK,
} = constants;

const decoder = new TextDecoder();

function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** `n` bytes of 'a'. */
function bytes(n: number): Uint8Array {
  return new Uint8Array(n).fill(0x61);
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
// pipe / pipe2 basics

export const pipe_ends_and_lowest_free_fds = defineScenario({
  name: 'pipe-ends-and-lowest-free-fds',
  description: 'pipe() gives fds[0] the read end and fds[1] the write end, the two lowest free ' +
    'descriptors: freed numbers are reused, dup takes the lowest free one, the next dup the next ' +
    'number. facts §4.1; man 2 pipe; man 2 dup',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.write(w, 'x');
      await sys.print('fds[0] reads what fds[1] wrote:', await attempt(sys.read(r, 1)));
      await sys.print('fds[1] is fds[0] + 1:', w === r + 1);
      await sys.close(r);
      await sys.close(w);
      const [r2, w2] = await sys.pipe();
      await sys.print('a new pipe reuses the freed pair:', r2 === r && w2 === w);
      await sys.close(r2);
      const d = await sys.dup(w2);
      await sys.print('dup takes the freed read-end number:', d === r2);
      const d2 = await sys.dup(w2);
      await sys.print('the next dup takes the next number:', d2 === w2 + 1);
    },
  },
  expect: {
    output: {
      main: 'fds[0] reads what fds[1] wrote: "x"\n' +
        'fds[1] is fds[0] + 1: true\n' +
        'a new pipe reuses the freed pair: true\n' +
        'dup takes the freed read-end number: true\n' +
        'the next dup takes the next number: true\n',
    },
  },
});

export const pipe_getfl_access_modes = defineScenario({
  name: 'pipe-getfl-access-modes',
  description: 'F_GETFL on a pipe() shows O_RDONLY (0) on the read end and O_WRONLY (1) on the ' +
    'write end, with no O_LARGEFILE (that is only added by open()). facts §4.2; man 2 fcntl',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const rf = await sys.fcntl(r, F_GETFL);
      const wf = await sys.fcntl(w, F_GETFL);
      await sys.print('read end F_GETFL:', octal(rf), (rf & O_ACCMODE) === O_RDONLY ? 'O_RDONLY' : '?');
      await sys.print('write end F_GETFL:', octal(wf), (wf & O_ACCMODE) === O_WRONLY ? 'O_WRONLY' : '?');
    },
  },
  expect: { output: { main: 'read end F_GETFL: 0o0 O_RDONLY\nwrite end F_GETFL: 0o1 O_WRONLY\n' } },
});

export const pipe2_nonblock_on_both_ends = defineScenario({
  name: 'pipe2-nonblock-on-both-ends',
  description: 'pipe2(O_NONBLOCK) sets O_NONBLOCK on the open file description of both ends ' +
    '(F_GETFL 0o4000 and 0o4001); plain pipe() sets it on neither. facts §4.6; man 2 pipe',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.print('pipe2(O_NONBLOCK):', octal(await sys.fcntl(r, F_GETFL)), octal(await sys.fcntl(w, F_GETFL)));
      const [r2, w2] = await sys.pipe(0);
      await sys.print('pipe():', octal(await sys.fcntl(r2, F_GETFL)), octal(await sys.fcntl(w2, F_GETFL)));
    },
  },
  expect: { output: { main: 'pipe2(O_NONBLOCK): 0o4000 0o4001\npipe(): 0o0 0o1\n' } },
});

export const pipe2_cloexec_on_both_ends = defineScenario({
  name: 'pipe2-cloexec-on-both-ends',
  description: 'pipe2(O_CLOEXEC) sets FD_CLOEXEC on both descriptors (F_GETFD 1) without ' +
    'touching F_GETFL; a plain pipe has F_GETFD 0; dup() of a close-on-exec fd gives a fd without ' +
    'FD_CLOEXEC. facts §4.6; man 2 pipe; man 2 dup',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_CLOEXEC);
      await sys.print('pipe2(O_CLOEXEC) F_GETFD:', await sys.fcntl(r, F_GETFD), await sys.fcntl(w, F_GETFD));
      await sys.print('pipe2(O_CLOEXEC) F_GETFL:', octal(await sys.fcntl(r, F_GETFL)), octal(await sys.fcntl(w, F_GETFL)));
      const d = await sys.dup(r);
      await sys.print('dup of it F_GETFD:', await sys.fcntl(d, F_GETFD));
      const [r2, w2] = await sys.pipe();
      await sys.print('pipe() F_GETFD:', await sys.fcntl(r2, F_GETFD), await sys.fcntl(w2, F_GETFD));
    },
  },
  expect: {
    output: {
      main: 'pipe2(O_CLOEXEC) F_GETFD: 1 1\n' +
        'pipe2(O_CLOEXEC) F_GETFL: 0o0 0o1\n' +
        'dup of it F_GETFD: 0\n' +
        'pipe() F_GETFD: 0 0\n',
    },
  },
});

export const pipe2_invalid_flags_einval = defineScenario({
  name: 'pipe2-invalid-flags-einval',
  description: 'pipe2 accepts only O_CLOEXEC, O_NONBLOCK and O_DIRECT: 0xDEAD and O_RDWR fail ' +
    'with EINVAL; O_NONBLOCK|O_CLOEXEC is accepted. facts §4.6; man 2 pipe (ERRORS)',
  programs: {
    async main(sys) {
      await sys.print('pipe2(0xDEAD):', await attempt(sys.pipe(0xdead)));
      await sys.print('pipe2(O_RDWR):', await attempt(sys.pipe(O_RDWR)));
      const ok = await attempt(sys.pipe(O_NONBLOCK | O_CLOEXEC).then(() => 'ok'));
      await sys.print('pipe2(O_NONBLOCK|O_CLOEXEC):', ok);
    },
  },
  expect: {
    output: { main: 'pipe2(0xDEAD): EINVAL\npipe2(O_RDWR): EINVAL\npipe2(O_NONBLOCK|O_CLOEXEC): ok\n' },
  },
});

export const pipe_setfl_nonblock_shared_by_dup = defineScenario({
  name: 'pipe-setfl-nonblock-shared-by-dup',
  description: 'F_SETFL O_NONBLOCK on a read end makes reads of an empty pipe fail with EAGAIN; ' +
    'the flag belongs to the open file description, so a dup sees it and clearing it clears it ' +
    'for both; F_SETFL ignores access-mode bits. man 2 fcntl (F_SETFL); man 2 dup; facts §4.11',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.fcntl(r, F_SETFL, O_NONBLOCK);
      const d = await sys.dup(r);
      await sys.print('after F_SETFL O_NONBLOCK, dup F_GETFL:', octal(await sys.fcntl(d, F_GETFL)));
      await sys.print('read via the dup:', await attempt(sys.read(d, 1)));
      await sys.fcntl(r, F_SETFL, 0);
      await sys.print('after F_SETFL 0, dup F_GETFL:', octal(await sys.fcntl(d, F_GETFL)));
      await sys.fcntl(w, F_SETFL, O_NONBLOCK | O_RDWR);
      await sys.print('write end after F_SETFL O_NONBLOCK|O_RDWR:', octal(await sys.fcntl(w, F_GETFL)));
    },
  },
  expect: {
    output: {
      main: 'after F_SETFL O_NONBLOCK, dup F_GETFL: 0o4000\n' +
        'read via the dup: EAGAIN\n' +
        'after F_SETFL 0, dup F_GETFL: 0o0\n' +
        'write end after F_SETFL O_NONBLOCK|O_RDWR: 0o4001\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Reading and writing

export const pipe_byte_stream_merges_writes = defineScenario({
  name: 'pipe-byte-stream-merges-writes',
  description: 'A pipe is a byte stream: two 5-byte writes come back as one 10-byte read. ' +
    'facts §4.9; man 7 pipe; LTP pipe01',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.write(w, 'hello');
      await sys.write(w, 'world');
      const data = await sys.read(r, 100);
      await sys.print(`one read of 100 gives ${data.length} bytes: ${text(data)}`);
    },
  },
  expect: { output: { main: 'one read of 100 gives 10 bytes: helloworld\n' } },
});

export const pipe_read_returns_what_is_buffered = defineScenario({
  name: 'pipe-read-returns-what-is-buffered',
  description: 'A blocking read returns what is buffered, up to count, without waiting for more; ' +
    'a smaller count leaves the rest for the next read. facts §4.9; man 2 read',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.write(w, 'abcde');
      await sys.print('read(1000) with 5 buffered:', await attempt(sys.read(r, 1000)));
      await sys.write(w, 'fghij');
      await sys.print('read(2):', await attempt(sys.read(r, 2)));
      await sys.print('read(100):', await attempt(sys.read(r, 100)));
    },
  },
  expect: { output: { main: 'read(1000) with 5 buffered: "abcde"\nread(2): "fg"\nread(100): "hij"\n' } },
});

export const pipe_zero_length_read_and_write = defineScenario({
  name: 'pipe-zero-length-read-and-write',
  description: 'A 0-byte read of an empty blocking pipe and a 0-byte write both return 0 at once ' +
    'and move nothing. facts §4.10; gVisor PipeTest.ZeroSize',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.print('read(0) on an empty pipe:', await attempt(sys.read(r, 0)));
      await sys.print('write of 0 bytes:', await attempt(sys.write(w, new Uint8Array(0))));
      await sys.print('FIONREAD:', await sys.ioctl(r, FIONREAD));
    },
  },
  expect: { output: { main: 'read(0) on an empty pipe: ""\nwrite of 0 bytes: 0\nFIONREAD: 0\n' } },
});

export const pipe_zero_write_without_readers_no_sigpipe = defineScenario({
  name: 'pipe-zero-write-without-readers-no-sigpipe',
  description: 'A 0-byte write to a pipe without readers returns 0 and raises no SIGPIPE, even ' +
    'with the default disposition. facts §4.10, §11.9; gVisor PipeTest.ZeroSize',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.close(r);
      await sys.print('write of 0 bytes without readers:', await attempt(sys.write(w, '')));
      await sys.print('still alive');
    },
  },
  expect: { output: { main: 'write of 0 bytes without readers: 0\nstill alive\n' } },
});

export const pipe_nonblock_read_empty_eagain = defineScenario({
  name: 'pipe-nonblock-read-empty-eagain',
  description: 'O_NONBLOCK read of an empty pipe that still has a writer fails with EAGAIN; once ' +
    'data is written it is returned. facts §4.11; man 7 pipe; gVisor PipeTest.NonBlocking',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.print('read of empty pipe:', await attempt(sys.read(r, 10)));
      await sys.write(w, 'data');
      await sys.print('read after a write:', await attempt(sys.read(r, 10)));
      await sys.print('read of empty pipe again:', await attempt(sys.read(r, 10)));
    },
  },
  expect: {
    output: { main: 'read of empty pipe: EAGAIN\nread after a write: "data"\nread of empty pipe again: EAGAIN\n' },
  },
});

export const pipe_eof_after_last_writer_closes = defineScenario({
  name: 'pipe-eof-after-last-writer-closes',
  description: 'Data still buffered when the last writer closes is returned first, then every ' +
    'read returns 0 (end of file). facts §4.13; man 7 pipe; LTP pipe14',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.write(w, 'abc');
      await sys.close(w);
      await sys.print('first read:', await attempt(sys.read(r, 10)));
      await sys.print('second read:', await attempt(sys.read(r, 10)));
      await sys.print('third read:', await attempt(sys.read(r, 10)));
    },
  },
  expect: { output: { main: 'first read: "abc"\nsecond read: ""\nthird read: ""\n' } },
});

export const pipe_nonblock_eof_not_eagain_without_writers = defineScenario({
  name: 'pipe-nonblock-eof-not-eagain-without-writers',
  description: 'An empty O_NONBLOCK pipe with no writer left reads as end of file (0), not ' +
    'EAGAIN. facts §11.9, §4.13; man 7 pipe',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.close(w);
      await sys.print('read without writers:', await attempt(sys.read(r, 10)));
    },
  },
  expect: { output: { main: 'read without writers: ""\n' } },
});

export const pipe_dup_write_end_keeps_pipe_open = defineScenario({
  name: 'pipe-dup-write-end-keeps-pipe-open',
  description: 'Writers are counted per open file: after dup(w) and close(w) the pipe still has ' +
    'a writer, so a non-blocking read gives EAGAIN, not EOF; closing the dup gives EOF. facts §4.15',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      const d = await sys.dup(w);
      await sys.close(w);
      await sys.print('read with the dup open:', await attempt(sys.read(r, 10)));
      await sys.print('write through the dup:', await attempt(sys.write(d, 'z')));
      await sys.print('read:', await attempt(sys.read(r, 10)));
      await sys.close(d);
      await sys.print('read after closing the dup:', await attempt(sys.read(r, 10)));
    },
  },
  expect: {
    output: {
      main: 'read with the dup open: EAGAIN\nwrite through the dup: 1\nread: "z"\nread after closing the dup: ""\n',
    },
  },
});

export const pipe_inherited_write_end_keeps_pipe_open = defineScenario({
  name: 'pipe-inherited-write-end-keeps-pipe-open',
  description: "A forked child's inherited copy of the write end keeps the pipe open: the parent " +
    'reads EAGAIN (not EOF) until the child exits, then EOF. facts §4.15; man 2 fork',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      const [gor, gow] = await sys.pipe();
      const child = await sys.fork('holder', { r, w, gor, gow });
      await sys.close(w);
      await sys.close(gor);
      await sys.print('while the child holds the write end:', await attempt(sys.read(r, 10)));
      await sys.write(gow, 'go');
      await sys.waitpid(child);
      await sys.print('after the child exited:', await attempt(sys.read(r, 10)));
    },
    async holder(sys, { r, w, gor, gow }) {
      void w; // inherited and kept until exit
      await sys.close(r);
      await sys.close(gow);
      await sys.read(gor, 2);
    },
  },
  expect: { output: { main: 'while the child holds the write end: EAGAIN\nafter the child exited: ""\n' } },
});

export const pipe_child_writes_through_inherited_fd = defineScenario({
  name: 'pipe-child-writes-through-inherited-fd',
  description: "A child inherits the parent's fd table: it writes through the inherited write " +
    'end by number; its exit closes it, so the parent then reads EOF. man 2 fork; man 7 pipe',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const child = await sys.fork('child', { w });
      await sys.close(w);
      await sys.print('parent read:', JSON.stringify(await readAll(sys, r)));
      await sys.waitpid(child);
    },
    async child(sys, { w }) {
      await sys.write(w, 'hello from the child');
    },
  },
  expect: { output: { main: 'parent read: "hello from the child"\n' } },
});

export const pipe_fork_tutorial = defineScenario({
  name: 'pipe-fork-tutorial',
  description: 'The classic pipe + fork: the parent writes lines and closes its write end, the ' +
    'child closes its write end and copies the pipe to stdout until EOF. man 2 pipe (EXAMPLES)',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const child = await sys.fork('reader', { r, w });
      await sys.close(r);
      for (const line of ['line 1\n', 'line 2\n', 'line 3\n']) await sys.write(w, line);
      await sys.close(w);
      const status = await sys.waitpid(child);
      await sys.print('child exit code:', status.code);
    },
    async reader(sys, { r, w }) {
      await sys.close(w);
      for (;;) {
        const chunk = await sys.read(r, 1);
        if (chunk.length === 0) break;
        await sys.write(1, chunk);
      }
      await sys.close(r);
    },
  },
  expect: {
    output: { main: 'child exit code: 0\n', 'main.1': 'line 1\nline 2\nline 3\n' },
  },
});

export const pipe_ping_pong = defineScenario({
  name: 'pipe-ping-pong',
  description: 'Two pipes carry requests and replies between a parent and a child; each side ' +
    'waits for the other with a blocking read, so the exchange is the same in every schedule. ' +
    'man 7 pipe',
  programs: {
    async main(sys) {
      const [toChildR, toChildW] = await sys.pipe();
      const [toParentR, toParentW] = await sys.pipe();
      const child = await sys.fork('ponger', { toChildR, toChildW, toParentR, toParentW });
      await sys.close(toChildR);
      await sys.close(toParentW);
      for (let i = 1; i <= 3; i++) {
        await sys.write(toChildW, `ping ${i}`);
        await sys.print('parent got', text(await sys.read(toParentR, 100)));
      }
      await sys.close(toChildW);
      await sys.print('parent got at the end', JSON.stringify(text(await sys.read(toParentR, 100))));
      await sys.waitpid(child);
    },
    async ponger(sys, { toChildR, toChildW, toParentR, toParentW }) {
      await sys.close(toChildW);
      await sys.close(toParentR);
      for (;;) {
        const msg = text(await sys.read(toChildR, 100));
        if (msg === '') break;
        await sys.print('child got', msg);
        await sys.write(toParentW, msg.replace('ping', 'pong'));
      }
    },
  },
  expect: {
    output: {
      main: 'parent got pong 1\nparent got pong 2\nparent got pong 3\nparent got at the end ""\n',
      'main.1': 'child got ping 1\nchild got ping 2\nchild got ping 3\n',
    },
  },
});

export const pipe_dup2_stdout_into_pipe = defineScenario({
  name: 'pipe-dup2-stdout-into-pipe',
  description: 'dup2(w, 1) makes fd 1 the write end, so what the process prints goes into the ' +
    'pipe; restoring the saved stdout sends output back. man 2 dup (dup2); man 2 pipe',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const saved = await sys.dup(1);
      const got = await sys.dup2(w, 1);
      await sys.print('into the pipe');
      await sys.dup2(saved, 1);
      await sys.close(saved);
      await sys.print('dup2 returned newfd:', got === 1);
      await sys.close(w);
      await sys.print('the pipe holds:', JSON.stringify(await readAll(sys, r)));
    },
  },
  expect: { output: { main: 'dup2 returned newfd: true\nthe pipe holds: "into the pipe\\n"\n' } },
});

export const pipe_cloexec_kept_across_fork = defineScenario({
  name: 'pipe-cloexec-kept-across-fork',
  description: 'fork() copies the descriptor flags with the fd table: a child sees FD_CLOEXEC on ' +
    'the ends of a pipe2(O_CLOEXEC) and not on a plain pipe. man 2 fork; man 2 fcntl (F_GETFD)',
  programs: {
    async main(sys) {
      const [cr, cw] = await sys.pipe(O_CLOEXEC);
      const [pr, pw] = await sys.pipe();
      const child = await sys.fork('child', { cr, cw, pr, pw });
      await sys.waitpid(child);
    },
    async child(sys, { cr, cw, pr, pw }) {
      await sys.print('O_CLOEXEC pipe F_GETFD:', await sys.fcntl(cr, F_GETFD), await sys.fcntl(cw, F_GETFD));
      await sys.print('plain pipe F_GETFD:', await sys.fcntl(pr, F_GETFD), await sys.fcntl(pw, F_GETFD));
    },
  },
  expect: {
    output: { 'main.1': 'O_CLOEXEC pipe F_GETFD: 1 1\nplain pipe F_GETFD: 0 0\n' },
  },
});

// ---------------------------------------------------------------------------------------------
// Blocking and waking

export const pipe_blocking_read_woken_by_write = defineScenario({
  name: 'pipe-blocking-read-woken-by-write',
  description: "A child's read of an empty pipe sleeps until the parent writes 200 ms later and " +
    'returns that data; after the parent closes, the next read is EOF. facts §4.11; man 7 pipe',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const child = await sys.fork('reader', { r, w });
      await sys.close(r);
      await sys.sleep(200);
      await sys.write(w, 'wake up');
      await sys.close(w);
      await sys.waitpid(child);
    },
    async reader(sys, { r, w }) {
      await sys.close(w);
      await sys.print('first read:', await attempt(sys.read(r, 100)));
      await sys.print('second read:', await attempt(sys.read(r, 100)));
    },
  },
  expect: { output: { 'main.1': 'first read: "wake up"\nsecond read: ""\n' } },
});

export const pipe_blocked_writer_woken_by_drain = defineScenario({
  name: 'pipe-blocked-writer-woken-by-drain',
  description: 'A blocking write of 100000 bytes into a 65536-byte pipe sleeps when the pipe is ' +
    'full and completes, returning 100000, as a reader that starts 200 ms later drains it. ' +
    'facts §4.21; man 7 pipe; gVisor PipeTest.Streaming',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const child = await sys.fork('drainer', { r, w });
      await sys.close(r);
      await sys.print('write returned', await sys.write(w, bytes(100000)));
      await sys.close(w);
      await sys.waitpid(child);
    },
    async drainer(sys, { r, w }) {
      await sys.close(w);
      await sys.sleep(200);
      let total = 0;
      for (;;) {
        const chunk = await sys.read(r, 65536);
        if (chunk.length === 0) break;
        total += chunk.length;
      }
      await sys.print('drained', total, 'bytes');
    },
  },
  expect: { output: { main: 'write returned 100000\n', 'main.1': 'drained 100000 bytes\n' } },
});

export const pipe_all_sleeping_readers_get_eof = defineScenario({
  name: 'pipe-all-sleeping-readers-get-eof',
  description: 'Two children sleep reading an empty pipe; when the last writer closes 200 ms ' +
    'later, every sleeping reader wakes with 0 (EOF). facts §4.14; LTP pipe13',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      const a = await sys.fork('reader', { r, w });
      const b = await sys.fork('reader', { r, w });
      await sys.close(r);
      await sys.sleep(200);
      await sys.close(w);
      await sys.waitpid(a);
      await sys.waitpid(b);
    },
    async reader(sys, { r, w }) {
      await sys.close(w);
      await sys.print('read:', await attempt(sys.read(r, 10)));
    },
  },
  expect: { output: { 'main.1': 'read: ""\n', 'main.2': 'read: ""\n' } },
});

export const pipe_sleeping_writer_gets_epipe = defineScenario({
  name: 'pipe-sleeping-writer-gets-epipe',
  description: 'A writer sleeping on a full pipe, with SIGPIPE ignored, fails with EPIPE when ' +
    'the last reader closes 200 ms later. facts §4.23; man 7 pipe; man 2 write (EPIPE)',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGPIPE', 'SIG_IGN');
      const [r, w] = await sys.pipe();
      const child = await sys.fork('closer', { r, w });
      await sys.close(r);
      await sys.print('fill:', await attempt(sys.write(w, bytes(65536))));
      await sys.print('write on the full pipe:', await attempt(sys.write(w, 'x')));
      await sys.waitpid(child);
    },
    async closer(sys, { r, w }) {
      await sys.close(w);
      await sys.sleep(200);
      await sys.close(r);
    },
  },
  expect: { output: { main: 'fill: 65536\nwrite on the full pipe: EPIPE\n' } },
});

// ---------------------------------------------------------------------------------------------
// SIGPIPE / EPIPE

export const pipe_epipe_with_sigpipe_ignored = defineScenario({
  name: 'pipe-epipe-with-sigpipe-ignored',
  description: 'With SIGPIPE ignored, a write to a pipe whose read end is closed fails with ' +
    'EPIPE and the writer lives on. facts §4.23; man 7 pipe; man 2 write; LTP pipe02',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGPIPE', 'SIG_IGN');
      const [r, w] = await sys.pipe();
      await sys.close(r);
      await sys.print('write without readers:', await attempt(sys.write(w, 'x')));
      await sys.print('still alive');
    },
  },
  expect: { output: { main: 'write without readers: EPIPE\nstill alive\n' } },
});

export const pipe_sigpipe_kills_writer = defineScenario({
  name: 'pipe-sigpipe-kills-writer',
  description: 'By default SIGPIPE terminates a process that writes to a pipe without readers. ' +
    'facts §4.23; man 7 pipe; man 7 signal (SIGPIPE: Term)',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.close(r);
      await sys.print('writing');
      await sys.write(w, 'x');
      await sys.print('not reached');
    },
  },
  expect: { output: { main: 'writing\n' }, exit: { main: { signal: 'SIGPIPE' } } },
});

export const pipe_sigpipe_death_seen_by_parent = defineScenario({
  name: 'pipe-sigpipe-death-seen-by-parent',
  description: 'A child writing to a pipe nobody reads dies of SIGPIPE, and waitpid in the ' +
    'parent reports the signal. facts §4.23; man 2 waitpid; man 7 pipe',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.close(r);
      const child = await sys.fork('writer', { w });
      await sys.close(w);
      const status = await sys.waitpid(child);
      await sys.print('child killed by', status.signal, '- has an exit code:', typeof status.code === 'number');
    },
    async writer(sys, { w }) {
      await sys.print('writer starts');
      await sys.write(w, 'x');
      await sys.print('not reached');
    },
  },
  expect: {
    output: { main: 'child killed by SIGPIPE - has an exit code: false\n', 'main.1': 'writer starts\n' },
    exit: { 'main.1': { signal: 'SIGPIPE' } },
  },
});

export const pipe_blocked_sigpipe_stays_pending = defineScenario({
  name: 'pipe-blocked-sigpipe-stays-pending',
  description: 'With SIGPIPE blocked, a write without readers fails with EPIPE and SIGPIPE ' +
    'stays pending; unblocking it delivers it and the default action kills the process. ' +
    'facts §4.23, §5.25; man 7 signal',
  programs: {
    async main(sys) {
      await sys.sigprocmask(SIG_BLOCK, ['SIGPIPE']);
      const [r, w] = await sys.pipe();
      await sys.close(r);
      await sys.print('write:', await attempt(sys.write(w, 'x')));
      await sys.print('SIGPIPE pending:', (await sys.sigpending()).includes('SIGPIPE'));
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGPIPE']);
      await sys.print('not reached');
    },
  },
  expect: { output: { main: 'write: EPIPE\nSIGPIPE pending: true\n' }, exit: { main: { signal: 'SIGPIPE' } } },
});

// ---------------------------------------------------------------------------------------------
// Capacity, atomicity and page slots

export const pipe_default_capacity = defineScenario({
  name: 'pipe-default-capacity',
  description: 'A new pipe holds 65536 bytes (16 pages): F_GETPIPE_SZ says so on both ends. ' +
    'facts §4 constants, §4.25; man 7 pipe (Pipe capacity); man 2 fcntl',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.print('F_GETPIPE_SZ:', await sys.fcntl(r, F_GETPIPE_SZ), await sys.fcntl(w, F_GETPIPE_SZ));
    },
  },
  expect: { output: { main: 'F_GETPIPE_SZ: 65536 65536\n' } },
});

export const pipe_nonblock_fill_to_capacity = defineScenario({
  name: 'pipe-nonblock-fill-to-capacity',
  description: 'A non-blocking write of 65536 bytes into an empty default pipe succeeds in full; ' +
    'one more byte fails with EAGAIN; FIONREAD reports 65536. facts §4.17; LTP pipe12, pipe2_04',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.print('write 65536:', await attempt(sys.write(w, bytes(65536))));
      await sys.print('write 1:', await attempt(sys.write(w, bytes(1))));
      await sys.print('FIONREAD:', await sys.ioctl(r, FIONREAD));
    },
  },
  expect: { output: { main: 'write 65536: 65536\nwrite 1: EAGAIN\nFIONREAD: 65536\n' } },
});

export const pipe_nonblock_write_larger_than_capacity = defineScenario({
  name: 'pipe-nonblock-write-larger-than-capacity',
  description: 'A non-blocking write of 100000 bytes into an empty default pipe writes what fits, ' +
    '65536, and returns that count. facts §4.19; man 7 pipe (O_NONBLOCK, n > PIPE_BUF)',
  programs: {
    async main(sys) {
      const [, w] = await sys.pipe(O_NONBLOCK);
      await sys.print('write 100000:', await attempt(sys.write(w, bytes(100000))));
    },
  },
  expect: { output: { main: 'write 100000: 65536\n' } },
});

export const pipe_small_nonblock_write_is_atomic = defineScenario({
  name: 'pipe-small-nonblock-write-is-atomic',
  description: 'With 65436 bytes buffered (100 free in the last page), non-blocking writes of ' +
    'n <= PIPE_BUF are all or nothing: 200 and 4096 fail with EAGAIN, 100 fits in full. ' +
    'facts §4.18; man 7 pipe (PIPE_BUF)',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.print('write 65436:', await attempt(sys.write(w, bytes(65436))));
      await sys.print('write 200:', await attempt(sys.write(w, bytes(200))));
      await sys.print('write 4096:', await attempt(sys.write(w, bytes(4096))));
      await sys.print('write 100:', await attempt(sys.write(w, bytes(100))));
      await sys.print('FIONREAD:', await sys.ioctl(r, FIONREAD));
    },
  },
  expect: {
    output: { main: 'write 65436: 65436\nwrite 200: EAGAIN\nwrite 4096: EAGAIN\nwrite 100: 100\nFIONREAD: 65536\n' },
  },
});

export const pipe_partial_nonblock_write_above_pipe_buf = defineScenario({
  name: 'pipe-partial-nonblock-write-above-pipe-buf',
  description: 'With 65536 - 8192 bytes buffered, a non-blocking write of 10000 (> PIPE_BUF) ' +
    'is partial: it writes the 8192 that fit and returns 8192. facts §4.19; LTP pipe12',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.print('write 57344:', await attempt(sys.write(w, bytes(65536 - 8192))));
      await sys.print('write 10000:', await attempt(sys.write(w, bytes(10000))));
      await sys.print('FIONREAD:', await sys.ioctl(r, FIONREAD));
    },
  },
  expect: { output: { main: 'write 57344: 57344\nwrite 10000: 8192\nFIONREAD: 65536\n' } },
});

export const pipe_one_page_slot_rule = defineScenario({
  name: 'pipe-one-page-slot-rule',
  description: 'In a one-page pipe holding 1 byte, a 4096-byte write needs a second page slot and ' +
    'fails with EAGAIN, while 4095 bytes merge into the page; then the pipe is full. facts §4.29, §11.8',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.print('F_SETPIPE_SZ 4096:', await attempt(sys.fcntl(w, F_SETPIPE_SZ, 4096)));
      await sys.print('write 1:', await attempt(sys.write(w, bytes(1))));
      await sys.print('write 4096:', await attempt(sys.write(w, bytes(4096))));
      await sys.print('write 4095:', await attempt(sys.write(w, bytes(4095))));
      await sys.print('write 1:', await attempt(sys.write(w, bytes(1))));
      await sys.print('FIONREAD:', await sys.ioctl(r, FIONREAD));
    },
  },
  expect: {
    output: {
      main: 'F_SETPIPE_SZ 4096: 4096\nwrite 1: 1\nwrite 4096: EAGAIN\nwrite 4095: 4095\nwrite 1: EAGAIN\nFIONREAD: 4096\n',
    },
  },
});

export const pipe_fionread_counts_buffered_bytes = defineScenario({
  name: 'pipe-fionread-counts-buffered-bytes',
  description: 'ioctl FIONREAD gives the bytes buffered, the same on either end, and follows ' +
    'writes and reads. facts §4 constants; man 7 pipe (ioctl FIONREAD)',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.print('empty:', await sys.ioctl(r, FIONREAD));
      await sys.write(w, 'hello');
      await sys.print('after writing 5:', await sys.ioctl(r, FIONREAD), await sys.ioctl(w, FIONREAD));
      await sys.read(r, 2);
      await sys.print('after reading 2:', await sys.ioctl(r, FIONREAD), await sys.ioctl(w, FIONREAD));
    },
  },
  expect: { output: { main: 'empty: 0\nafter writing 5: 5 5\nafter reading 2: 3 3\n' } },
});

// ---------------------------------------------------------------------------------------------
// F_SETPIPE_SZ / F_GETPIPE_SZ

export const pipe_setpipe_sz_rounds_up = defineScenario({
  name: 'pipe-setpipe-sz-rounds-up',
  description: 'F_SETPIPE_SZ sets the smallest power-of-two number of pages >= the request ' +
    '(at least one page) and returns it: 0, 1, 4097, 12288, 1048576 give 4096, 4096, 8192, ' +
    '16384, 1048576. facts §4.26; man 2 fcntl; LTP fcntl30',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      for (const size of [0, 1, 4097, 12288, 1048576]) {
        await sys.print(`F_SETPIPE_SZ ${size}:`, await attempt(sys.fcntl(w, F_SETPIPE_SZ, size)));
      }
      await sys.print('F_GETPIPE_SZ:', await sys.fcntl(r, F_GETPIPE_SZ));
    },
  },
  expect: {
    output: {
      main: 'F_SETPIPE_SZ 0: 4096\nF_SETPIPE_SZ 1: 4096\nF_SETPIPE_SZ 4097: 8192\n' +
        'F_SETPIPE_SZ 12288: 16384\nF_SETPIPE_SZ 1048576: 1048576\nF_GETPIPE_SZ: 1048576\n',
    },
  },
});

export const pipe_setpipe_sz_limits = defineScenario({
  name: 'pipe-setpipe-sz-limits',
  description: 'Without CAP_SYS_RESOURCE (root on the reference machine lacks it, and so does the ' +
    "simulator's default) a size above pipe-max-size (1048576) fails with EPERM: 1048577 and " +
    '2^31; above 2^31, and -1 (an unsigned int), fail with EINVAL; failures leave the size ' +
    'alone. facts §4.27; man 2 fcntl (F_SETPIPE_SZ); LTP fcntl37',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      for (const size of [1048577, 2147483648, 2147483649, -1]) {
        await sys.print(`F_SETPIPE_SZ ${size}:`, await attempt(sys.fcntl(w, F_SETPIPE_SZ, size)));
      }
      await sys.print('F_GETPIPE_SZ:', await sys.fcntl(r, F_GETPIPE_SZ));
    },
  },
  expect: {
    output: {
      main: 'F_SETPIPE_SZ 1048577: EPERM\nF_SETPIPE_SZ 2147483648: EPERM\n' +
        'F_SETPIPE_SZ 2147483649: EINVAL\nF_SETPIPE_SZ -1: EINVAL\nF_GETPIPE_SZ: 65536\n',
    },
  },
});

export const pipe_setpipe_sz_either_end = defineScenario({
  name: 'pipe-setpipe-sz-either-end',
  description: 'Both ends share one pipe: a size set through one end is reported by the other. ' +
    'facts §4.25; gVisor PipeTest.SizeChange; LTP pipe2_04',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.fcntl(w, F_SETPIPE_SZ, 8192);
      await sys.print('set 8192 on the write end, read end says', await sys.fcntl(r, F_GETPIPE_SZ));
      await sys.fcntl(r, F_SETPIPE_SZ, 16384);
      await sys.print('set 16384 on the read end, write end says', await sys.fcntl(w, F_GETPIPE_SZ));
    },
  },
  expect: {
    output: {
      main: 'set 8192 on the write end, read end says 8192\nset 16384 on the read end, write end says 16384\n',
    },
  },
});

export const pipe_setpipe_sz_ebusy_below_occupied_slots = defineScenario({
  name: 'pipe-setpipe-sz-ebusy-below-occupied-slots',
  description: 'With 12288 bytes in 3 page slots, shrinking to 2 or 1 pages fails with EBUSY, ' +
    'growing to 4 pages works, and the data is kept. facts §4.26, §11.8; man 2 fcntl (EBUSY)',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.print('write 12288:', await attempt(sys.write(w, bytes(12288))));
      for (const size of [8192, 4096, 16384]) {
        await sys.print(`F_SETPIPE_SZ ${size}:`, await attempt(sys.fcntl(r, F_SETPIPE_SZ, size)));
      }
      await sys.print('FIONREAD:', await sys.ioctl(r, FIONREAD));
    },
  },
  expect: {
    output: {
      main: 'write 12288: 12288\nF_SETPIPE_SZ 8192: EBUSY\nF_SETPIPE_SZ 4096: EBUSY\n' +
        'F_SETPIPE_SZ 16384: 16384\nFIONREAD: 12288\n',
    },
  },
});

export const pipe_setpipe_sz_counts_slots_not_bytes = defineScenario({
  name: 'pipe-setpipe-sz-counts-slots-not-bytes',
  description: 'A 1-byte write then a 4096-byte write occupy two page slots (the second write ' +
    'does not merge), so 4097 bytes cannot shrink to one page (EBUSY) but fit two; once read, ' +
    'one page is fine. facts §11.8, §4.26, §4.29',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe(O_NONBLOCK);
      await sys.write(w, bytes(1));
      await sys.write(w, bytes(4096));
      await sys.print('F_SETPIPE_SZ 4096:', await attempt(sys.fcntl(w, F_SETPIPE_SZ, 4096)));
      await sys.print('F_SETPIPE_SZ 8192:', await attempt(sys.fcntl(w, F_SETPIPE_SZ, 8192)));
      await sys.print('read back', (await sys.read(r, 10000)).length, 'bytes');
      await sys.print('F_SETPIPE_SZ 4096 when empty:', await attempt(sys.fcntl(w, F_SETPIPE_SZ, 4096)));
    },
  },
  expect: {
    output: {
      main: 'F_SETPIPE_SZ 4096: EBUSY\nF_SETPIPE_SZ 8192: 8192\nread back 4097 bytes\nF_SETPIPE_SZ 4096 when empty: 4096\n',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Errors

export const pipe_invalid_fd_ebadf = defineScenario({
  name: 'pipe-invalid-fd-ebadf',
  description: 'read, write, close and fcntl on -1 or on closed pipe descriptors fail with EBADF. ' +
    'man 2 read; man 2 write; man 2 close; man 2 fcntl',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.close(r);
      await sys.close(w);
      await sys.print('read(-1):', await attempt(sys.read(-1, 1)));
      await sys.print('write(-1):', await attempt(sys.write(-1, 'x')));
      await sys.print('read(closed):', await attempt(sys.read(r, 1)));
      await sys.print('write(closed):', await attempt(sys.write(w, 'x')));
      await sys.print('close(closed):', await attempt(sys.close(r)));
      await sys.print('fcntl(closed, F_GETFL):', await attempt(sys.fcntl(w, F_GETFL)));
    },
  },
  expect: {
    output: {
      main: 'read(-1): EBADF\nwrite(-1): EBADF\nread(closed): EBADF\nwrite(closed): EBADF\n' +
        'close(closed): EBADF\nfcntl(closed, F_GETFL): EBADF\n',
    },
  },
});

export const pipe_wrong_end_ebadf = defineScenario({
  name: 'pipe-wrong-end-ebadf',
  description: 'Writing to the read end or reading from the write end fails with EBADF (the fd ' +
    'is not open for that access). man 2 write; man 2 read; gVisor PipeTest.Flags',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.write(w, 'data');
      await sys.print('write(read end):', await attempt(sys.write(r, 'x')));
      await sys.print('read(write end):', await attempt(sys.read(w, 10)));
      await sys.print('the data is untouched:', await attempt(sys.read(r, 10)));
    },
  },
  expect: {
    output: { main: 'write(read end): EBADF\nread(write end): EBADF\nthe data is untouched: "data"\n' },
  },
});

export const pipe_lseek_espipe = defineScenario({
  name: 'pipe-lseek-espipe',
  description: 'lseek on either end of a pipe fails with ESPIPE. facts §4.5; man 2 lseek; ' +
    'gVisor PipeTest.Seek',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.write(w, 'abc');
      await sys.print('lseek(read end, 0, SEEK_CUR):', await attempt(sys.lseek(r, 0, SEEK_CUR)));
      await sys.print('lseek(write end, 0, SEEK_SET):', await attempt(sys.lseek(w, 0, SEEK_SET)));
      await sys.print('lseek(read end, 1, SEEK_SET):', await attempt(sys.lseek(r, 1, SEEK_SET)));
      await sys.print('data:', await attempt(sys.read(r, 10)));
    },
  },
  expect: {
    output: {
      main: 'lseek(read end, 0, SEEK_CUR): ESPIPE\nlseek(write end, 0, SEEK_SET): ESPIPE\n' +
        'lseek(read end, 1, SEEK_SET): ESPIPE\ndata: "abc"\n',
    },
  },
});

export const pipe_size_fcntl_on_regular_file_ebadf = defineScenario({
  name: 'pipe-size-fcntl-on-regular-file-ebadf',
  description: 'F_GETPIPE_SZ and F_SETPIPE_SZ on a regular file fail with EBADF. facts §4.30; ' +
    'man 2 fcntl',
  programs: {
    async main(sys) {
      const fd = await sys.open('plain-file', O_CREAT | O_RDWR, 0o600);
      await sys.print('F_GETPIPE_SZ:', await attempt(sys.fcntl(fd, F_GETPIPE_SZ)));
      await sys.print('F_SETPIPE_SZ:', await attempt(sys.fcntl(fd, F_SETPIPE_SZ, 4096)));
      await sys.close(fd);
      await sys.unlink('plain-file');
    },
  },
  expect: { output: { main: 'F_GETPIPE_SZ: EBADF\nF_SETPIPE_SZ: EBADF\n' } },
});
