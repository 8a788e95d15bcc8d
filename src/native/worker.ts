// The entry of every process of a native run (dist/src/native/worker.js, spawned with plain
// `node`, no loader). It reads its configuration from env IPCSIM_WORKER, makes the process look
// like a fresh C process (signal dispositions, umask, exactly the fds it inherited, credentials),
// loads the scenario's compiled module, runs one program through NativeSys and exits with its
// code. It exits through _exit(2): Node's own exit path would reset the O_NONBLOCK flag of fds
// 0-2 (shared with other processes) and could wait for the event loop.
import { Console } from 'node:console';
import * as fs from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { constants as C } from '../api/constants.js';
import { importScenario } from '../scenarios/load.js';
import { libc, type Libc } from './libc.js';
import { MappedLog, metaPath, RecordLog } from './records.js';
import { NativeSys, type WorkerConfig } from './sys.js';
import { inheritedFds, restoreInherited } from './mm.js';
import { startProcess } from './signals.js';

// Node ignores SIGPIPE and SIGXFSZ and catches SIGUSR1 (inspector), SIGINT and SIGTERM; a C
// process starts with all of them at their default action (SIGPIPE kills a writer without readers).
const DEFAULT_SIGNALS = [C.SIGPIPE, C.SIGXFSZ, C.SIGUSR1, C.SIGINT, C.SIGTERM];

const raw = process.env.IPCSIM_WORKER;
if (raw === undefined) {
  process.stderr.write('ipcsim worker: started without IPCSIM_WORKER\n');
  process.exit(70);
}
delete process.env.IPCSIM_WORKER;
const config = JSON.parse(raw) as WorkerConfig;
const lib = libc();
const proc = new RecordLog(metaPath(config.runDir, config.index, 'proc'));
const trace = new MappedLog(metaPath(config.runDir, config.index, 'trace'));
const now = (): number => performance.timeOrigin + performance.now() - config.start;

function exit(code: number): never {
  proc.write({ k: 'exit', code: code & 0xff, t: now() });
  lib._exit(code & 0xff);
  throw new Error('unreachable');
}

/** What a C runtime would print for an uncaught error: it goes to the process's console file. */
function report(err: unknown): void {
  const e = err as { name?: string; syscall?: string; code?: string; message?: string; stack?: string };
  const line = e?.name === 'SysError' ? `${e.syscall}: ${e.code}` : (e?.message ?? String(err));
  fs.appendFileSync(metaPath(config.runDir, config.index, 'out'), `${line}\n`);
  console.error(e?.stack ?? line);
}

function setUpProcess(lib: Libc): void {
  for (const sig of DEFAULT_SIGNALS) lib.signal(sig, null);
  lib.umask(0o022);
  // fds: spawn leaves in the child every fd of the parent that lacks FD_CLOEXEC, and libuv opens
  // /dev/null at 0-2; keep only those this process is meant to have (Node's own are close-on-exec).
  const keep = new Set([...config.fds, ...inheritedFds(config.mm)]);
  for (const name of fs.readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (keep.has(fd)) continue;
    const fdFlags = lib.fcntl(fd, C.F_GETFD, 0);
    if (fd <= 2 || (fdFlags >= 0 && !(fdFlags & C.FD_CLOEXEC))) lib.close(fd);
  }
  // FD_CLOEXEC as the parent had it: spawn's dup2 cleared it, and Node sets it on 0-2 at startup.
  const cloexec = new Set(config.cloexec);
  for (const fd of keep) lib.fcntl(fd, C.F_SETFD, cloexec.has(fd) ? C.FD_CLOEXEC : 0);
  // Node's other threads stop taking signals (this reads /proc/self/task), and the parent's
  // ignored signals and mask come back.
  const warning = startProcess(config.signals);
  if (warning !== null) console.error(`ipcsim worker: ${warning}`);
  // Credentials last: after them /proc/self is no longer ours to read.
  if (config.gid !== undefined || config.uid !== undefined) {
    if (lib.geteuid() === 0 && lib.setgroups(0, null) < 0) throw new Error('setgroups failed');
    const gid = config.gid;
    if (gid !== undefined && lib.setresgid(gid, gid, gid) < 0) throw new Error(`setresgid(${gid}) failed`);
    const uid = config.uid;
    if (uid !== undefined && lib.setresuid(uid, uid, uid) < 0) throw new Error(`setresuid(${uid}) failed`);
  }
}

async function main(): Promise<never> {
  // console.* from a program goes to its stderr file: Node's process.stdout would make a pipe at
  // fd 1 non-blocking, for the other processes sharing it too.
  const errFd = fs.openSync(metaPath(config.runDir, config.index, 'err'), 'a');
  const sink = new Writable({ write(chunk, _enc, cb) { fs.writeSync(errFd, chunk); cb(); } });
  globalThis.console = new Console({ stdout: sink, stderr: sink });
  process.on('uncaughtException', (err) => { report(err); exit(1); });
  process.on('unhandledRejection', (err) => { report(err); exit(1); });

  // libuv starts its thread pool on first use: now, so that its threads exist to be shielded.
  await fs.promises.access(config.runDir).catch(() => {});
  try {
    setUpProcess(lib);
    restoreInherited(config.mm); // the parent's mappings, before the program runs
  } catch (err) {
    proc.write({ k: 'fatal', message: `cannot set up process ${config.index}: ${(err as Error).message}` });
    return exit(1);
  }
  let scenario;
  try {
    scenario = await importScenario(config.module);
  } catch (err) {
    proc.write({ k: 'fatal', message: (err as Error).message });
    report(err);
    return exit(1);
  }
  const program = config.program ?? scenario.main;
  proc.write({ k: 'start', pid: process.pid, ppid: process.ppid, index: config.index, program, t: now() });
  const sys = new NativeSys({
    config, scenario, workerPath: fileURLToPath(import.meta.url), proc, trace, exit,
  });
  let code = 0;
  try {
    const result = await scenario.programs[program](sys, config.args);
    code = typeof result === 'number' ? result : 0;
  } catch (err) {
    report(err);
    code = 1;
  }
  return exit(code);
}

void main();
