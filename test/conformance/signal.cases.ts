// Conformance cases for signals with handlers written in JavaScript: delivery, siginfo, masks,
// pending sets, pause, sigsuspend, alarm, and how a handler ends the blocking calls it interrupts.
// Sources: shared/linux-ipc-facts.md section 5 ("facts §5.n"), man 7 signal, man 2 sigaction,
// sigprocmask, sigsuspend, pause, alarm, man 3 sigqueue. Each case runs on the simulator and on
// Linux; printed are numbers, si_code values, relations and errno names, never pids.
import { constants, defineScenario } from 'ipcsim';
import type { SigInfo } from 'ipcsim';
import {
  awaitReady, handshake, outcome, ready, showInfo, signalWhenAsleep, SETTLE_MS,
} from './signal-helpers.js';

const {
  SA_SIGINFO, SA_RESTART, SA_NODEFER, SA_RESETHAND, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK,
  IPC_PRIVATE, IPC_RMID, IPC_STAT, IPC_SET, GETNCNT, SETVAL, O_RDONLY, O_WRONLY,
} = constants;

// ---------------------------------------------------------------------------------------------
// Delivery

export const handler_runs_on_kill = defineScenario({
  name: 'signal-handler-runs-on-kill',
  description: 'a caught signal sent by another process runs the handler in the receiver, which ' +
    'was asleep in pause(); pause then fails with EINTR. man 2 sigaction; man 2 pause',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      await sys.sigaction('SIGUSR1', (signo) => sys.print('handler', signo));
      const child = await sys.fork('signaller', { h, pid: sys.pid });
      await ready(sys, h);
      await sys.print('pause:', await outcome(sys.pause()));
      await sys.waitpid(child);
    },
    async signaller(sys, { h, pid }) {
      await signalWhenAsleep(sys, h, pid, 'SIGUSR1');
    },
  },
  expect: { output: { main: 'handler 10\npause: EINTR\n' } },
});

export const handler_runs_before_kill_returns = defineScenario({
  name: 'signal-handler-before-kill-returns',
  description: 'a process that sends itself an unblocked caught signal runs the handler before ' +
    'kill returns (the signal is delivered on the way out of kill). man 7 signal',
  programs: {
    async main(sys) {
      let ran = false;
      await sys.sigaction('SIGUSR2', () => { ran = true; });
      await sys.kill(sys.pid, 'SIGUSR2');
      await sys.print('after kill, handler ran:', ran);
    },
  },
  expect: { output: { main: 'after kill, handler ran: true\n' } },
});

export const siginfo_of_kill = defineScenario({
  name: 'signal-siginfo-kill',
  description: 'with SA_SIGINFO, kill gives si_code SI_USER (0), si_pid and si_uid of the sender, ' +
    'and no si_value. facts §5.13',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      let got: SigInfo | undefined;
      await sys.sigaction('SIGUSR1', (_signo, info) => { got = info; }, { flags: SA_SIGINFO });
      const child = await sys.fork('signaller', { h, pid: sys.pid });
      await ready(sys, h);
      await outcome(sys.pause());
      await sys.print(showInfo(got, child));
      await sys.print('si_uid is the sender\'s uid:', got?.si_uid === await sys.getuid());
      await sys.waitpid(child);
    },
    async signaller(sys, { h, pid }) {
      await signalWhenAsleep(sys, h, pid, 'SIGUSR1');
    },
  },
  expect: {
    output: { main: 'si_signo 10 si_code 0 from sender: true\nsi_uid is the sender\'s uid: true\n' },
  },
});

export const siginfo_of_sigqueue = defineScenario({
  name: 'signal-siginfo-sigqueue',
  description: 'sigqueue gives si_code SI_QUEUE (-1), the sender\'s si_pid, and the value as ' +
    'si_value. facts §5.13; man 3 sigqueue',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      let got: SigInfo | undefined;
      await sys.sigaction('SIGUSR2', (_signo, info) => { got = info; }, { flags: SA_SIGINFO });
      const child = await sys.fork('sender', { h, pid: sys.pid });
      await ready(sys, h);
      await outcome(sys.pause());
      await sys.print(showInfo(got, child));
      await sys.waitpid(child);
    },
    async sender(sys, { h, pid }) {
      await awaitReady(sys, h);
      await sys.sigqueue(pid, 'SIGUSR2', 4242);
    },
  },
  expect: { output: { main: 'si_signo 12 si_code -1 from sender: true si_value 4242\n' } },
});

export const siginfo_of_raise = defineScenario({
  name: 'signal-siginfo-raise',
  description: 'raise is glibc\'s tgkill to the caller itself: si_code SI_TKILL (-6), si_pid its ' +
    'own. facts §5.13',
  programs: {
    async main(sys) {
      let got: SigInfo | undefined;
      await sys.sigaction('SIGUSR1', (_signo, info) => { got = info; }, { flags: SA_SIGINFO });
      await sys.raise('SIGUSR1');
      await sys.print(showInfo(got, sys.pid));
    },
  },
  expect: { output: { main: 'si_signo 10 si_code -6 from sender: true\n' } },
});

export const no_siginfo_without_flag = defineScenario({
  name: 'signal-no-siginfo-without-sa-siginfo',
  description: 'a handler installed without SA_SIGINFO is given the signal number only. man 2 sigaction',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGUSR1', (signo, info) => sys.print('signo', signo, 'info', info === undefined ? 'none' : 'given'));
      await sys.raise('SIGUSR1');
    },
  },
  expect: { output: { main: 'signo 10 info none\n' } },
});

export const sigchld_handler = defineScenario({
  name: 'signal-sigchld-handler',
  description: 'a child\'s exit sends its parent SIGCHLD: si_code CLD_EXITED (1), the child\'s ' +
    'si_pid and its exit code as si_status; the handler ends the parent\'s pause. man 2 sigaction',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      let got: SigInfo | undefined;
      await sys.sigaction('SIGCHLD', (_signo, info) => { got = info; }, { flags: SA_SIGINFO });
      const child = await sys.fork('child', { h });
      await ready(sys, h);
      await sys.print('pause:', await outcome(sys.pause()));
      await sys.print(showInfo(got, child));
      await sys.print('waitpid:', await outcome(sys.waitpid(child), true) === JSON.stringify({ pid: child, code: 3 }));
    },
    async child(sys, { h }) {
      await awaitReady(sys, h);
      return 3;
    },
  },
  expect: {
    output: { main: 'pause: EINTR\nsi_signo 17 si_code 1 from sender: true si_status 3\nwaitpid: true\n' },
    exit: { main: { code: 0 }, 'main.1': { code: 3 } },
  },
});

export const sigpipe_handler = defineScenario({
  name: 'signal-sigpipe-handler',
  description: 'a write to a pipe without readers sends the writer SIGPIPE (si_code SI_USER from ' +
    'itself); with a handler the process lives on and the write fails with EPIPE. facts §4; man 7 pipe',
  programs: {
    async main(sys) {
      const [r, w] = await sys.pipe();
      await sys.close(r);
      await sys.sigaction('SIGPIPE', (_signo, info) => sys.print('handler', showInfo(info, sys.pid)), { flags: SA_SIGINFO });
      await sys.print('write:', await outcome(sys.write(w, 'x')));
    },
  },
  expect: { output: { main: 'handler si_signo 13 si_code 0 from sender: true\nwrite: EPIPE\n' } },
});

// ---------------------------------------------------------------------------------------------
// Pending signals and masks

export const blocked_signal_waits_for_unblock = defineScenario({
  name: 'signal-blocked-pending-until-unblocked',
  description: 'a blocked signal stays pending (sigpending shows it, the handler does not run) and ' +
    'is delivered when unblocked, before sigprocmask returns. facts §5.25; man 2 sigprocmask',
  programs: {
    async main(sys) {
      let runs = 0;
      await sys.sigaction('SIGUSR1', () => { runs++; });
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR1']);
      await sys.kill(sys.pid, 'SIGUSR1');
      await sys.print('pending', (await sys.sigpending()).join(','), 'runs', runs);
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGUSR1']);
      await sys.print('after unblock: runs', runs, 'pending', (await sys.sigpending()).length);
    },
  },
  expect: { output: { main: 'pending SIGUSR1 runs 0\nafter unblock: runs 1 pending 0\n' } },
});

export const standard_signals_do_not_queue = defineScenario({
  name: 'signal-standard-signals-do-not-queue',
  description: 'three kill(SIGUSR1) while it is blocked: one delivery once unblocked. facts §5.18',
  programs: {
    async main(sys) {
      let runs = 0;
      await sys.sigaction('SIGUSR1', () => { runs++; });
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR1']);
      for (let i = 0; i < 3; i++) await sys.kill(sys.pid, 'SIGUSR1');
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGUSR1']);
      await sys.print('runs', runs);
    },
  },
  expect: { output: { main: 'runs 1\n' } },
});

export const realtime_signals_queue = defineScenario({
  name: 'signal-realtime-signals-queue',
  description: 'real-time signals queue: three sigqueue of SIGRTMIN+1 while blocked are three ' +
    'deliveries, in the order sent, each with its si_value. man 7 signal ("Real-time signals")',
  programs: {
    async main(sys) {
      const values: number[] = [];
      await sys.sigaction('SIGRTMIN+1', (_signo, info) => { values.push(info.si_value!); }, { flags: SA_SIGINFO });
      await sys.sigprocmask(SIG_BLOCK, ['SIGRTMIN+1']);
      for (const v of [7, 8, 9]) await sys.sigqueue(sys.pid, 'SIGRTMIN+1', v);
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGRTMIN+1']);
      await sys.print('values', values.join(' '));
    },
  },
  expect: { output: { main: 'values 7 8 9\n' } },
});

export const raise_and_kill_pend_separately = defineScenario({
  name: 'signal-raise-and-kill-pend-separately',
  description: 'a blocked standard signal raised (thread-directed) and killed (process-directed) ' +
    'is pending in two sets, so it is delivered twice: the thread\'s first. facts §5.19',
  programs: {
    async main(sys) {
      const codes: number[] = [];
      await sys.sigaction('SIGUSR1', (_signo, info) => { codes.push(info.si_code); }, { flags: SA_SIGINFO });
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR1']);
      await sys.kill(sys.pid, 'SIGUSR1');
      await sys.raise('SIGUSR1');
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGUSR1']);
      await sys.print('si_codes', codes.join(' '));
    },
  },
  expect: { output: { main: 'si_codes -6 0\n' } },
});

const FOUR = ['SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGTERM'];

export const dequeue_order_lowest_first = defineScenario({
  name: 'signal-dequeue-order-lowest-first',
  description: 'pending standard signals are delivered lowest number first: with handlers that ' +
    'block all four, they run one after the other as 2, 10, 12, 15. facts §5.21',
  programs: {
    async main(sys) {
      const order: number[] = [];
      for (const s of FOUR) await sys.sigaction(s, (signo) => { order.push(signo); }, { mask: FOUR });
      await sys.sigprocmask(SIG_BLOCK, FOUR);
      for (const s of [...FOUR].reverse()) await sys.kill(sys.pid, s);
      await sys.sigprocmask(SIG_UNBLOCK, FOUR);
      await sys.print('order', order.join(' '));
    },
  },
  expect: { output: { main: 'order 2 10 12 15\n' } },
});

export const nested_handlers_start_newest_first = defineScenario({
  name: 'signal-nested-handlers-start-newest-first',
  description: 'when handlers do not block one another, all four frames are set up at once, the ' +
    'lowest signal\'s first, so the handler bodies start in the reverse order: 15, 12, 10, 2. facts §5.21',
  programs: {
    async main(sys) {
      const order: number[] = [];
      for (const s of FOUR) await sys.sigaction(s, (signo) => { order.push(signo); });
      await sys.sigprocmask(SIG_BLOCK, FOUR);
      for (const s of FOUR) await sys.kill(sys.pid, s);
      await sys.sigprocmask(SIG_UNBLOCK, FOUR);
      await sys.print('order', order.join(' '));
    },
  },
  expect: { output: { main: 'order 15 12 10 2\n' } },
});

export const sig_ign_discards_pending = defineScenario({
  name: 'signal-sig-ign-discards-pending',
  description: 'setting SIG_IGN discards a pending (blocked) instance: after a handler is put back ' +
    'and the signal unblocked, nothing runs. facts §5.22',
  programs: {
    async main(sys) {
      let runs = 0;
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR1']);
      await sys.kill(sys.pid, 'SIGUSR1');
      await sys.print('pending', (await sys.sigpending()).join(','));
      await sys.sigaction('SIGUSR1', 'SIG_IGN');
      await sys.print('pending after SIG_IGN', JSON.stringify(await sys.sigpending()));
      await sys.sigaction('SIGUSR1', () => { runs++; });
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGUSR1']);
      await sys.print('runs', runs);
    },
  },
  expect: { output: { main: 'pending SIGUSR1\npending after SIG_IGN []\nruns 0\n' } },
});

export const blocked_ignored_signal_is_pending = defineScenario({
  name: 'signal-blocked-ignored-signal-is-pending',
  description: 'a blocked signal whose disposition is SIG_IGN still becomes pending, and so does a ' +
    'blocked default-ignore one (SIGURG); unblocked, both are discarded. facts §5.22',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGUSR2', 'SIG_IGN');
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR2', 'SIGURG']);
      await sys.kill(sys.pid, 'SIGUSR2');
      await sys.kill(sys.pid, 'SIGURG');
      await sys.print('pending', (await sys.sigpending()).join(','));
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGUSR2', 'SIGURG']);
      await sys.print('pending after unblock', JSON.stringify(await sys.sigpending()));
    },
  },
  expect: { output: { main: 'pending SIGUSR2,SIGURG\npending after unblock []\n' } },
});

export const unblocked_ignored_signal_is_dropped = defineScenario({
  name: 'signal-unblocked-ignored-signal-is-dropped',
  description: 'an unblocked ignored signal is discarded at once: blocking it afterwards shows ' +
    'nothing pending. facts §5.22',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGUSR2', 'SIG_IGN');
      await sys.kill(sys.pid, 'SIGUSR2');
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR2']);
      await sys.print('pending', JSON.stringify(await sys.sigpending()));
    },
  },
  expect: { output: { main: 'pending []\n' } },
});

export const sigprocmask_keeps_kill_and_stop_out = defineScenario({
  name: 'signal-sigprocmask-drops-sigkill-sigstop',
  description: 'sigprocmask silently leaves SIGKILL and SIGSTOP out of the mask. facts §5.17',
  programs: {
    async main(sys) {
      await sys.sigprocmask(SIG_SETMASK, ['SIGKILL', 'SIGSTOP', 'SIGUSR1']);
      await sys.print('mask', (await sys.sigprocmask(SIG_BLOCK, [])).join(','));
    },
  },
  expect: { output: { main: 'mask SIGUSR1\n' } },
});

// ---------------------------------------------------------------------------------------------
// The handler's frame: its mask, SA_NODEFER, SA_RESETHAND

/** A handler that raises its own signal once, inside itself. */
function selfRaising(sys: import('ipcsim').Sys, log: string[]): (signo: number) => Promise<void> {
  let depth = 0;
  let raised = false;
  return async () => {
    const me = ++depth;
    log.push(`enter ${me}`);
    if (!raised) {
      raised = true;
      await sys.raise('SIGUSR1');
    }
    log.push(`leave ${me}`);
  };
}

export const handler_blocks_its_own_signal = defineScenario({
  name: 'signal-handler-blocks-its-own-signal',
  description: 'during a handler its signal is blocked: raised inside the handler, it runs after ' +
    'the handler returns. facts §5.23; LTP sigaction01',
  programs: {
    async main(sys) {
      const log: string[] = [];
      await sys.sigaction('SIGUSR1', selfRaising(sys, log));
      await sys.raise('SIGUSR1');
      await sys.print(log.join(', '));
    },
  },
  expect: { output: { main: 'enter 1, leave 1, enter 2, leave 2\n' } },
});

export const sa_nodefer_nests = defineScenario({
  name: 'signal-sa-nodefer-nests',
  description: 'with SA_NODEFER the signal is not blocked during its handler: raised inside, it ' +
    'runs at once, nested. man 2 sigaction',
  programs: {
    async main(sys) {
      const log: string[] = [];
      await sys.sigaction('SIGUSR1', selfRaising(sys, log), { flags: SA_NODEFER });
      await sys.raise('SIGUSR1');
      await sys.print(log.join(', '));
    },
  },
  expect: { output: { main: 'enter 1, enter 2, leave 2, leave 1\n' } },
});

export const handler_mask_and_restore = defineScenario({
  name: 'signal-handler-mask-restored-after',
  description: 'a handler runs with its signal and sa_mask added to the mask; what it changes in ' +
    'the mask is undone when it returns (the frame restores the old mask). facts §5.23',
  programs: {
    async main(sys) {
      await sys.sigprocmask(SIG_BLOCK, ['SIGHUP']);
      await sys.sigaction('SIGUSR1', async () => {
        await sys.print('in handler', (await sys.sigprocmask(SIG_BLOCK, ['SIGINT'])).join(','));
      }, { mask: ['SIGUSR2'] });
      await sys.raise('SIGUSR1');
      await sys.print('after', (await sys.sigprocmask(SIG_BLOCK, [])).join(','));
    },
  },
  expect: { output: { main: 'in handler SIGHUP,SIGUSR1,SIGUSR2\nafter SIGHUP\n' } },
});

export const sa_resethand = defineScenario({
  name: 'signal-sa-resethand',
  description: 'SA_RESETHAND puts SIG_DFL back when the handler is entered: the second SIGUSR1 ' +
    'takes the default action and kills. man 2 sigaction',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGUSR1', () => sys.print('handler'), { flags: SA_RESETHAND });
      await sys.raise('SIGUSR1');
      await sys.print('survived the first');
      await sys.raise('SIGUSR1');
      await sys.print('survived the second');
    },
  },
  expect: {
    output: { main: 'handler\nsurvived the first\n' },
    exit: { main: { signal: 'SIGUSR1' } },
  },
});

export const handler_not_inherited_by_fork = defineScenario({
  name: 'signal-fork-keeps-ignored-and-mask',
  description: 'a forked child (which runs a program of its own, as after execve) keeps ignored ' +
    'signals and the mask, not pending signals; a caught signal is back to SIG_DFL. man 2 fork; ' +
    'man 2 execve; man 7 signal',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGUSR1', () => {});
      await sys.sigaction('SIGUSR2', 'SIG_IGN');
      await sys.sigprocmask(SIG_BLOCK, ['SIGHUP']);
      await sys.raise('SIGHUP');
      const child = await sys.fork('child');
      const st = await sys.waitpid(child);
      await sys.print('child ended by', st.signal);
    },
    async child(sys) {
      await sys.print('mask', (await sys.sigprocmask(SIG_BLOCK, [])).join(','));
      await sys.print('pending', JSON.stringify(await sys.sigpending()));
      await sys.raise('SIGUSR2');
      await sys.print('SIGUSR2 ignored');
      await sys.raise('SIGUSR1');
      await sys.print('not reached');
    },
  },
  expect: {
    output: { main: 'child ended by SIGUSR1\n', 'main.1': 'mask SIGHUP\npending []\nSIGUSR2 ignored\n' },
    exit: { main: { code: 0 }, 'main.1': { signal: 'SIGUSR1' } },
  },
});

// ---------------------------------------------------------------------------------------------
// pause, sigsuspend

export const pause_ignores_ignored_signals = defineScenario({
  name: 'signal-pause-only-returns-after-handler',
  description: 'pause returns only when a handler runs: an ignored signal (SIG_IGN) and a ' +
    'default-ignore one (SIGURG) do not end it. facts §5.27; gV PauseTest.OnlyReturnsWhenSignalHandled',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      await sys.sigaction('SIGUSR2', 'SIG_IGN');
      await sys.sigaction('SIGUSR1', () => sys.print('handler'));
      const child = await sys.fork('signaller', { h, pid: sys.pid });
      await ready(sys, h);
      await sys.print('pause:', await outcome(sys.pause()));
      await sys.waitpid(child);
    },
    async signaller(sys, { h, pid }) {
      await awaitReady(sys, h);
      await sys.kill(pid, 'SIGUSR2');
      await sys.kill(pid, 'SIGURG');
      await sys.sleep(SETTLE_MS);
      await sys.kill(pid, 'SIGUSR1');
    },
  },
  expect: { output: { main: 'handler\npause: EINTR\n' } },
});

export const sigsuspend_waits_with_new_mask = defineScenario({
  name: 'signal-sigsuspend',
  description: 'sigsuspend replaces the mask while it waits, fails with EINTR after a handler ran, ' +
    'and puts the old mask back. facts §5.26; LTP sigsuspend01',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      await sys.sigaction('SIGUSR1', () => sys.print('handler'));
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR1']);
      const child = await sys.fork('signaller', { h, pid: sys.pid });
      await ready(sys, h);
      await sys.print('sigsuspend:', await outcome(sys.sigsuspend([])));
      await sys.print('mask after', (await sys.sigprocmask(SIG_BLOCK, [])).join(','));
      await sys.waitpid(child);
    },
    async signaller(sys, { h, pid }) {
      await signalWhenAsleep(sys, h, pid, 'SIGUSR1');
    },
  },
  expect: { output: { main: 'handler\nsigsuspend: EINTR\nmask after SIGUSR1\n' } },
});

export const sigsuspend_returns_for_pending = defineScenario({
  name: 'signal-sigsuspend-pending-signal',
  description: 'a signal pending and blocked before sigsuspend, unblocked by its mask, makes it ' +
    'return at once, after the handler; the handler runs with the suspend mask plus its signal. ' +
    'facts §5.26',
  programs: {
    async main(sys) {
      await sys.sigaction('SIGUSR1', async () => {
        await sys.print('handler mask', (await sys.sigprocmask(SIG_BLOCK, [])).join(','));
      });
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR1']);
      await sys.raise('SIGUSR1');
      await sys.print('sigsuspend:', await outcome(sys.sigsuspend([])));
      await sys.print('mask after', (await sys.sigprocmask(SIG_BLOCK, [])).join(','));
    },
  },
  expect: { output: { main: 'handler mask SIGUSR1\nsigsuspend: EINTR\nmask after SIGUSR1\n' } },
});

// ---------------------------------------------------------------------------------------------
// alarm

export const alarm_returns_seconds_left = defineScenario({
  name: 'signal-alarm-returns-seconds-left',
  description: 'alarm returns the seconds left on the previous alarm, rounded, or 0; alarm(0) ' +
    'cancels. facts §5.29; LTP alarm02, alarm03',
  programs: {
    async main(sys) {
      await sys.print('first', await sys.alarm(10));
      await sys.print('replaced', await sys.alarm(3));
      await sys.print('cancelled', await sys.alarm(0));
      await sys.print('none', await sys.alarm(0));
    },
  },
  expect: { output: { main: 'first 0\nreplaced 10\ncancelled 3\nnone 0\n' } },
});

export const alarm_default_kills = defineScenario({
  name: 'signal-alarm-default-kills',
  description: 'when the alarm expires, SIGALRM\'s default action terminates the process. ' +
    'facts §5.29; LTP alarm05',
  programs: {
    async main(sys) {
      await sys.alarm(1);
      await sys.print('armed');
      await sys.pause();
      await sys.print('not reached');
    },
  },
  expect: { output: { main: 'armed\n' }, exit: { main: { signal: 'SIGALRM' } } },
});

export const alarm_not_inherited = defineScenario({
  name: 'signal-alarm-not-inherited-by-fork',
  description: 'a child does not inherit its parent\'s alarm; the parent\'s goes on. facts §5.29; ' +
    'LTP alarm07',
  programs: {
    async main(sys) {
      await sys.alarm(100);
      const child = await sys.fork('child');
      await sys.waitpid(child);
      const left = await sys.alarm(0);
      await sys.print('parent\'s alarm still set:', left >= 99 && left <= 100);
    },
    async child(sys) {
      await sys.print('child\'s alarm', await sys.alarm(0));
    },
  },
  expect: { output: { main: 'parent\'s alarm still set: true\n', 'main.1': 'child\'s alarm 0\n' } },
});

export const alarm_handler_interrupts_read = defineScenario({
  name: 'signal-alarm-interrupts-pipe-read',
  description: 'SIGALRM with a handler without SA_RESTART ends a blocking pipe read with EINTR. ' +
    'facts §5.30; gV AlarmTest.Interrupt',
  programs: {
    async main(sys) {
      const [r] = await sys.pipe();
      await sys.sigaction('SIGALRM', (signo) => sys.print('handler', signo));
      await sys.alarm(1);
      await sys.print('read:', await outcome(sys.read(r, 10)));
    },
  },
  expect: { output: { main: 'handler 14\nread: EINTR\n' } },
});

// ---------------------------------------------------------------------------------------------
// Blocking calls a handler interrupts: restarted with SA_RESTART, or EINTR (man 7 signal,
// "Interruption of system calls and library functions by signal handlers")

/** A process that sleeps in `call` until signalled by a child, with a handler of `flags`. */
function interrupted(name: string, description: string, flags: number,
  call: (sys: import('ipcsim').Sys, asleep: () => Promise<void>) => Promise<string>, expected: string,
  more: Record<string, import('ipcsim').Program> = {}) {
  return defineScenario({
    name,
    description,
    programs: {
      ...more,
      async main(sys) {
        const h = await handshake(sys);
        await sys.sigaction('SIGUSR1', () => sys.print('handler'), { flags });
        const child = await sys.fork('signaller', { h, pid: sys.pid });
        await sys.print(await call(sys, () => ready(sys, h)));
        await sys.waitpid(child);
      },
      async signaller(sys, { h, pid }) {
        await signalWhenAsleep(sys, h, pid, 'SIGUSR1');
      },
    },
    expect: { output: { main: expected } },
  });
}

export const pipe_read_eintr = interrupted('signal-pipe-read-eintr',
  'a pipe read asleep for data fails with EINTR after a handler without SA_RESTART. facts §5.2',
  0, async (sys, asleep) => {
    const [r] = await sys.pipe();
    await asleep();
    return `read: ${await outcome(sys.read(r, 10))}`;
  }, 'handler\nread: EINTR\n');

export const pipe_read_restarted = defineScenario({
  name: 'signal-pipe-read-restarted',
  description: 'with SA_RESTART the interrupted pipe read is made again after the handler and ' +
    'returns the data written later. facts §5.2, §5.30; gV AlarmTest.Restart',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      const [r, w] = await sys.pipe();
      await sys.sigaction('SIGUSR1', () => sys.print('handler'), { flags: SA_RESTART });
      const child = await sys.fork('signaller', { h, pid: sys.pid, w });
      await ready(sys, h);
      await sys.print('read:', await outcome(sys.read(r, 10), true));
      await sys.waitpid(child);
    },
    async signaller(sys, { h, pid, w }) {
      await signalWhenAsleep(sys, h, pid, 'SIGUSR1');
      await sys.sleep(SETTLE_MS);
      await sys.write(w, 'data');
    },
  },
  expect: { output: { main: 'handler\nread: "data"\n' } },
});

export const pipe_write_partial = defineScenario({
  name: 'signal-pipe-write-partial-count',
  description: 'a blocking pipe write interrupted after it moved data returns the count (65536 of ' +
    '100000), not EINTR, even without SA_RESTART. facts §5.7; man 7 pipe',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      const [, w] = await sys.pipe();
      await sys.sigaction('SIGUSR1', () => sys.print('handler'));
      const child = await sys.fork('signaller', { h, pid: sys.pid });
      await ready(sys, h);
      await sys.print('write:', await outcome(sys.write(w, new Uint8Array(100000)), true));
      await sys.waitpid(child);
    },
    async signaller(sys, { h, pid }) {
      await signalWhenAsleep(sys, h, pid, 'SIGUSR1');
    },
  },
  expect: { output: { main: 'handler\nwrite: 65536\n' } },
});

export const pipe_write_eintr = interrupted('signal-pipe-write-eintr',
  'a write to a full pipe that moved nothing fails with EINTR after a handler without SA_RESTART. facts §5.2',
  0, async (sys, asleep) => {
    const [, w] = await sys.pipe();
    await sys.write(w, new Uint8Array(65536));
    await asleep();
    return `write: ${await outcome(sys.write(w, 'x'))}`;
  }, 'handler\nwrite: EINTR\n');

export const fifo_open_eintr = interrupted('signal-fifo-open-eintr',
  'a blocking FIFO open waiting for a writer fails with EINTR after a handler without SA_RESTART. ' +
  'facts §5.2', 0, async (sys, asleep) => {
    await sys.mkfifo('sigfifo', 0o600);
    await asleep();
    return `open: ${await outcome(sys.open('sigfifo', O_RDONLY))}`;
  }, 'handler\nopen: EINTR\n');

export const fifo_open_restarted = defineScenario({
  name: 'signal-fifo-open-restarted',
  description: 'with SA_RESTART the FIFO open is made again after the handler and completes when ' +
    'a writer comes. facts §5.2',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      await sys.mkfifo('sigfifo', 0o600);
      await sys.sigaction('SIGUSR1', () => sys.print('handler'), { flags: SA_RESTART });
      const child = await sys.fork('writer', { h, pid: sys.pid });
      await ready(sys, h);
      const fd = await sys.open('sigfifo', O_RDONLY);
      await sys.print('open: ok, reads', await outcome(sys.read(fd, 10), true));
      await sys.waitpid(child);
    },
    async writer(sys, { h, pid }) {
      await signalWhenAsleep(sys, h, pid, 'SIGUSR1');
      await sys.sleep(SETTLE_MS);
      const fd = await sys.open('sigfifo', O_WRONLY);
      await sys.write(fd, 'hi');
      await sys.close(fd);
    },
  },
  expect: { output: { main: 'handler\nopen: ok, reads "hi"\n' } },
});

export const waitpid_restarted = defineScenario({
  name: 'signal-waitpid-restarted',
  description: 'with SA_RESTART an interrupted waitpid is made again and returns the child\'s ' +
    'status when it exits. facts §5.2; man 7 signal',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      await sys.sigaction('SIGUSR1', () => sys.print('handler'), { flags: SA_RESTART });
      const slow = await sys.fork('slow');
      const signaller = await sys.fork('signaller', { h, pid: sys.pid });
      await ready(sys, h);
      const st = await sys.waitpid(slow);
      await sys.print('waitpid: slow child, code', st.pid === slow ? st.code : 'other');
      await sys.waitpid(signaller);
    },
    async slow(sys) {
      await sys.sleep(4 * SETTLE_MS);
      return 7;
    },
    async signaller(sys, { h, pid }) {
      await signalWhenAsleep(sys, h, pid, 'SIGUSR1');
    },
  },
  expect: {
    output: { main: 'handler\nwaitpid: slow child, code 7\n' },
    exit: { main: { code: 0 }, 'main.1': { code: 7 }, 'main.2': { code: 0 } },
  },
});

export const waitpid_eintr = interrupted('signal-waitpid-eintr',
  'without SA_RESTART an interrupted waitpid fails with EINTR; the child is still there to be ' +
  'waited for. man 2 wait', 0, async (sys, asleep) => {
    const [r, w] = await sys.pipe();
    const child = await sys.fork('blocked', { r });
    await asleep();
    const first = await outcome(sys.waitpid(child));
    await sys.write(w, 'x');
    const st = await sys.waitpid(child);
    return `waitpid: ${first}, then code ${st.code}`;
  }, 'handler\nwaitpid: EINTR, then code 0\n', {
    async blocked(sys, { r }) {
      await sys.read(r, 1);
    },
  });

export const sleep_eintr = interrupted('signal-sleep-eintr-even-with-restart',
  'sleep (nanosleep) ends with EINTR after a handler, even one with SA_RESTART. facts §5.3',
  SA_RESTART, async (sys, asleep) => {
    await asleep();
    return `sleep: ${await outcome(sys.sleep(20 * SETTLE_MS))}`;
  }, 'handler\nsleep: EINTR\n');

export const pause_eintr_even_with_restart = interrupted('signal-pause-eintr-even-with-restart',
  'pause fails with EINTR after a handler even with SA_RESTART. facts §5.3',
  SA_RESTART, async (sys, asleep) => {
    await asleep();
    return `pause: ${await outcome(sys.pause())}`;
  }, 'handler\npause: EINTR\n');

export const msgrcv_eintr_even_with_restart = interrupted('signal-msgrcv-eintr-even-with-restart',
  'msgrcv asleep for a message fails with EINTR after a handler, even one with SA_RESTART. ' +
  'facts §5.1; man 7 signal', SA_RESTART, async (sys, asleep) => {
    const id = await sys.msgget(IPC_PRIVATE, 0o600);
    await asleep();
    const r = await outcome(sys.msgrcv(id, 64, 0));
    await sys.msgctl(id, IPC_RMID);
    return `msgrcv: ${r}`;
  }, 'handler\nmsgrcv: EINTR\n');

export const msgsnd_eintr_even_with_restart = interrupted('signal-msgsnd-eintr-even-with-restart',
  'msgsnd asleep on a full queue fails with EINTR after a handler, even one with SA_RESTART; ' +
  'the queue is as it was. facts §5.1', SA_RESTART, async (sys, asleep) => {
    const id = await sys.msgget(IPC_PRIVATE, 0o600);
    await sys.msgctl(id, IPC_SET, { msg_qbytes: 4 });
    await sys.msgsnd(id, 1, 'full');
    await asleep();
    const r = await outcome(sys.msgsnd(id, 1, 'more'));
    const ds = await sys.msgctl(id, IPC_STAT) as { msg_qnum: number };
    await sys.msgctl(id, IPC_RMID);
    return `msgsnd: ${r}, qnum ${ds.msg_qnum}`;
  }, 'handler\nmsgsnd: EINTR, qnum 1\n');

export const semop_eintr_even_with_restart = defineScenario({
  name: 'signal-semop-eintr-even-with-restart',
  description: 'semop asleep on a semaphore fails with EINTR after a handler, even one with ' +
    'SA_RESTART, and no longer counts in semncnt. facts §5.1; §2',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.sigaction('SIGUSR1', () => sys.print('handler'), { flags: SA_RESTART });
      const child = await sys.fork('signaller', { h, pid: sys.pid, id });
      await ready(sys, h);
      await sys.print('semop:', await outcome(sys.semop(id, [{ sem_num: 0, sem_op: -1 }])));
      await sys.print('semncnt after', await sys.semctl(id, 0, GETNCNT));
      await sys.waitpid(child);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async signaller(sys, { h, pid, id }) {
      await awaitReady(sys, h);
      await sys.print('semncnt while asleep', await sys.semctl(id, 0, GETNCNT));
      await sys.kill(pid, 'SIGUSR1');
    },
  },
  expect: { output: { main: 'handler\nsemop: EINTR\nsemncnt after 0\n', 'main.1': 'semncnt while asleep 1\n' } },
});

export const semop_blocked_signal = defineScenario({
  name: 'signal-semop-blocked-signal-does-not-interrupt',
  description: 'a blocked caught signal does not interrupt a sleeping semop, which completes when ' +
    'the semaphore is set; the handler runs once the signal is unblocked. facts §5.5; man 2 semop',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      const id = await sys.semget(IPC_PRIVATE, 1, 0o600);
      await sys.sigaction('SIGUSR1', () => sys.print('handler'));
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR1']);
      const child = await sys.fork('poster', { h, pid: sys.pid, id });
      await ready(sys, h);
      await sys.print('semop:', await outcome(sys.semop(id, [{ sem_num: 0, sem_op: -1 }])));
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGUSR1']);
      await sys.print('value', await sys.semctl(id, 0, constants.GETVAL));
      await sys.waitpid(child);
      await sys.semctl(id, 0, IPC_RMID);
    },
    async poster(sys, { h, pid, id }) {
      await awaitReady(sys, h);
      await sys.kill(pid, 'SIGUSR1');
      await sys.sleep(SETTLE_MS);
      await sys.semctl(id, 0, SETVAL, 1);
    },
  },
  expect: { output: { main: 'semop: ok\nhandler\nvalue 0\n' } },
});

export const fatal_signal_kills_msgrcv_sleeper = defineScenario({
  name: 'signal-fatal-signal-kills-msgrcv-sleeper',
  description: 'a signal whose default action terminates kills a process asleep in msgrcv. facts §5.6',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      const child = await sys.fork('receiver', { h, id });
      await awaitReady(sys, h);
      await sys.kill(child, 'SIGTERM');
      const st = await sys.waitpid(child);
      await sys.print('receiver ended by', st.signal);
      await sys.msgctl(id, IPC_RMID);
    },
    async receiver(sys, { h, id }) {
      await ready(sys, h);
      await sys.msgrcv(id, 64, 0);
      await sys.print('not reached');
    },
  },
  expect: { output: { main: 'receiver ended by SIGTERM\n', 'main.1': '' }, exit: { main: { code: 0 }, 'main.1': { signal: 'SIGTERM' } } },
});

export const ignored_signal_does_not_interrupt = defineScenario({
  name: 'signal-ignored-or-blocked-does-not-interrupt',
  description: 'an ignored signal (SIG_IGN) and a blocked caught one do not interrupt a sleeping ' +
    'msgrcv, which gets its message. facts §5.5',
  programs: {
    async main(sys) {
      const h = await handshake(sys);
      const id = await sys.msgget(IPC_PRIVATE, 0o600);
      await sys.sigaction('SIGUSR2', 'SIG_IGN');
      await sys.sigaction('SIGUSR1', () => sys.print('handler'));
      await sys.sigprocmask(SIG_BLOCK, ['SIGUSR1']);
      const child = await sys.fork('sender', { h, pid: sys.pid, id });
      await ready(sys, h);
      const m = await sys.msgrcv(id, 64, 0);
      await sys.print('msgrcv:', new TextDecoder().decode(m.data));
      await sys.sigprocmask(SIG_UNBLOCK, ['SIGUSR1']);
      await sys.waitpid(child);
      await sys.msgctl(id, IPC_RMID);
    },
    async sender(sys, { h, pid, id }) {
      await awaitReady(sys, h);
      await sys.kill(pid, 'SIGUSR2');
      await sys.kill(pid, 'SIGUSR1');
      await sys.sleep(SETTLE_MS);
      await sys.msgsnd(id, 1, 'hello');
    },
  },
  expect: { output: { main: 'msgrcv: hello\nhandler\n' } },
});

// ---------------------------------------------------------------------------------------------
// Arguments

export const bad_arguments = defineScenario({
  name: 'signal-bad-arguments',
  description: 'signal 65 is EINVAL for kill, raise and sigqueue; sigaction refuses SIGKILL and ' +
    'SIGSTOP (EINVAL); signal 0 only checks. facts §5.9, §5.15; man 2 sigaction',
  programs: {
    async main(sys) {
      await sys.print('kill 65:', await outcome(sys.kill(sys.pid, 65)));
      await sys.print('raise 65:', await outcome(sys.raise(65)));
      await sys.print('sigqueue 65:', await outcome(sys.sigqueue(sys.pid, 65, 0)));
      await sys.print('kill 0:', await outcome(sys.kill(sys.pid, 0)));
      await sys.print('raise 0:', await outcome(sys.raise(0)));
      await sys.print('sigaction SIGKILL:', await outcome(sys.sigaction('SIGKILL', () => {})));
      await sys.print('sigaction SIGSTOP:', await outcome(sys.sigaction('SIGSTOP', 'SIG_IGN')));
      await sys.print('sigaction 65:', await outcome(sys.sigaction(65, 'SIG_IGN')));
    },
  },
  expect: {
    output: {
      main: 'kill 65: EINVAL\nraise 65: EINVAL\nsigqueue 65: EINVAL\nkill 0: ok\nraise 0: ok\n' +
        'sigaction SIGKILL: EINVAL\nsigaction SIGSTOP: EINVAL\nsigaction 65: EINVAL\n',
    },
  },
});

export const kill_gone_process = defineScenario({
  name: 'signal-kill-reaped-child',
  description: 'kill and sigqueue to a pid that no longer exists (a reaped child) give ESRCH, ' +
    'whatever the signal. man 2 kill; man 3 sigqueue',
  programs: {
    async main(sys) {
      const child = await sys.fork('child');
      await sys.waitpid(child);
      await sys.print('kill:', await outcome(sys.kill(child, 'SIGUSR1')));
      await sys.print('kill 65:', await outcome(sys.kill(child, 65)));
      await sys.print('sigqueue:', await outcome(sys.sigqueue(child, 'SIGUSR1', 1)));
    },
    async child() {},
  },
  expect: { output: { main: 'kill: ESRCH\nkill 65: ESRCH\nsigqueue: ESRCH\n' } },
});
