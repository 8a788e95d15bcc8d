// How the panes share the screen, per backend view. Pure: sizes and state in, panes out.
//   sim:    processes, pipes, queues, sets, segments on the left, the trace on the right; on a big
//           terminal (>= 110x34) objects on top in two columns and the trace below, full width.
//   native: processes and trace of the native run (when it has ended), or its progress.
//   both:   simulator and native side by side (processes over trace), the diff pane below.
import { Box, Text } from 'ink';
import type { KernelSnapshot, ProcSnapshot } from '../../api/snapshot.js';
import type { RunResult, TraceEvent } from '../../api/types.js';
import { allocate, recordToProc, wrapText } from '../format.js';
import { DiffPane, type Verdict } from './DiffPane.js';
import { MsgPane } from './MsgPane.js';
import { PipePane, pipeLines } from './PipePane.js';
import { ProcessPane, processLines } from './ProcessPane.js';
import { ProgressBar } from './ProgressBar.js';
import { Note, Section } from './Section.js';
import { SemPane } from './SemPane.js';
import { ShmPane } from './ShmPane.js';
import { TracePane } from './TracePane.js';

export interface SimSide {
  readonly snapshot?: KernelSnapshot;
  /** The latest calls (all of them once done). */
  readonly trace: readonly TraceEvent[];
  readonly steps: number;
  readonly loading: boolean;
  readonly done: boolean;
  readonly error?: string;
}

export interface NativeSide {
  readonly status: 'idle' | 'running' | 'done' | 'error' | 'unavailable';
  readonly result?: RunResult;
  readonly reason?: string;
  readonly elapsedMs: number;
  readonly timeoutMs: number;
  /** The calls so far (all of them once done) and what Linux shows of the run's state. */
  readonly trace: readonly TraceEvent[];
  readonly snapshot?: KernelSnapshot;
}

/** Why the native view has no pipe state. */
export const NATIVE_PIPES_NOTE = 'not read: FIONREAD needs the pipe opened, an extra reader or writer';

function objectWants(s: KernelSnapshot | undefined, width: number) {
  const pipes = s?.pipes.length ? 1 + s.pipes.reduce((n, p) => n + pipeLines(p, width), 0) : 2;
  const msg = s?.msgQueues?.length
    ? 1 + s.msgQueues.reduce((n, q) => n + (q.waitingSenders.length || q.waitingReceivers.length ? 3 : 2), 0) : 2;
  const sem = s?.semSets?.length ? 1 + s.semSets.reduce((n, x) => n + 1 + x.values.length + x.sleepers.length, 0) : 2;
  const shm = s?.shmSegments?.length
    ? 1 + s.shmSegments.reduce((n, x) => n + 1 + Math.max(1, new Set(x.pages.flat()).size), 0) : 2;
  return { pipes, msg, sem, shm };
}

/**
 * The processes with what they wait on named as the pipes pane names it: the kernel says
 * 'pipe:2 (fifo partner)' for the pipe object of a FIFO the pipes pane lists as 'fifo:10'.
 */
export function withObjectNames(s: KernelSnapshot | undefined): ProcSnapshot[] {
  const procs = s?.processes ?? [];
  const names = new Map((s?.pipes ?? []).map((p) => [`pipe:${p.id}`, p.path ? `fifo ${p.path}` : p.name]));
  return procs.map((p) => {
    const m = p.waitingOn ? /^(pipe:\d+)(.*)$/.exec(p.waitingOn) : null;
    const name = m ? names.get(m[1]) : undefined;
    return name && name !== m![1] ? { ...p, waitingOn: `${name}${m![2]}` } : p;
  });
}

const STEP_HINT = 'none yet: s steps, r runs';

function current(side: SimSide): number | undefined {
  return side.done || side.trace.length === 0 ? undefined : side.trace[side.trace.length - 1].pid;
}

export function SimBody({ side, width, height }: { readonly side: SimSide; readonly width: number; readonly height: number }) {
  const s = side.snapshot;
  const procs = withObjectNames(s);
  const errorLines = side.error ? wrapText(side.error, width).slice(0, 4) : [];
  const status = side.error
    ? <Box flexDirection="column">{errorLines.map((l, i) => <Text key={i} color="red" wrap="truncate-end">{l}</Text>)}</Box>
    : side.loading && !s ? <Note>loading the scenario…</Note> : null;
  const statusH = side.error ? errorLines.length : status ? 1 : 0;
  const big = width >= 110 && height >= 32;
  const half = Math.floor((width - 1) / 2);
  const left = width >= 100 ? Math.floor(width * 0.45) : half;
  const want = objectWants(s, big ? half : left);
  if (big) {
    const leftWant = processLines(procs, half) + want.pipes;
    const rightWant = want.msg + want.sem + want.shm;
    const topH = Math.min(Math.max(leftWant, rightWant, 8), Math.floor((height - statusH) * 0.6));
    const [ph, pph] = allocate(topH, [{ min: 2, want: processLines(procs, half) }, { min: 2, want: want.pipes }]);
    const [mh, sh, shh] = allocate(topH, [{ min: 2, want: want.msg }, { min: 2, want: want.sem }, { min: 2, want: want.shm }]);
    return (
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        {status}
        <Box height={topH} overflow="hidden">
          <Box flexDirection="column" width={half} marginRight={1}>
            <ProcessPane processes={procs} width={half} height={ph} current={current(side)} />
            <PipePane pipes={s?.pipes ?? []} width={half} height={pph} />
          </Box>
          <Box flexDirection="column" width={width - half - 1}>
            <MsgPane queues={s?.msgQueues} width={width - half - 1} height={mh} />
            <SemPane sets={s?.semSets} width={width - half - 1} height={sh} />
            <ShmPane segments={s?.shmSegments} width={width - half - 1} height={shh} />
          </Box>
        </Box>
        <TracePane events={side.trace} total={side.steps} width={width} height={height - topH - statusH} empty={STEP_HINT} />
      </Box>
    );
  }
  const right = width - left - 1;
  const colH = height - statusH;
  const [ph, pph, mh, sh, shh] = allocate(colH, [
    { min: 2, want: processLines(procs, left) }, { min: 2, want: want.pipes },
    { min: 2, want: want.msg }, { min: 2, want: want.sem }, { min: 2, want: want.shm },
  ]);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {status}
      <Box height={colH} overflow="hidden">
        <Box flexDirection="column" width={left} marginRight={1} overflow="hidden">
          <ProcessPane processes={procs} width={left} height={ph} current={current(side)} />
          <PipePane pipes={s?.pipes ?? []} width={left} height={pph} />
          <MsgPane queues={s?.msgQueues} width={left} height={mh} />
          <SemPane sets={s?.semSets} width={left} height={sh} />
          <ShmPane segments={s?.shmSegments} width={left} height={shh} />
        </Box>
        <TracePane events={side.trace} total={side.steps} width={right} height={colH} empty={STEP_HINT} />
      </Box>
    </Box>
  );
}

/** The native side's processes pane: the finished run, its progress, or why there is none. */
function NativeProcesses({ side, width, height, title, tick }: {
  readonly side: NativeSide; readonly width: number; readonly height: number; readonly title: string; readonly tick: number;
}) {
  if (side.status === 'done' && side.result) {
    return <ProcessPane processes={side.result.processes.map(recordToProc)} width={width} height={height} title={title} />;
  }
  if (side.status === 'running' && side.snapshot) {
    return <ProcessPane processes={side.snapshot.processes} width={width} height={height} title={title}
      current={side.trace.at(-1)?.pid} />;
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title={title} width={width} />
      {side.status === 'running' ? (
        <>
          <ProgressBar width={width - 1} label={`running on Linux ${(side.elapsedMs / 1000).toFixed(1)}s`}
            fraction={side.elapsedMs / side.timeoutMs} tick={tick} />
          <Note>{`starting (timeout ${side.timeoutMs / 1000}s)`}</Note>
        </>
      ) : side.status === 'unavailable' || side.status === 'error' ? (
        wrapText(`${side.status === 'error' ? 'failed' : 'unavailable'}: ${side.reason ?? ''}`, width)
          .slice(0, Math.max(1, height - 1))
          .map((line, i) => <Text key={i} color={side.status === 'error' ? 'red' : 'yellow'} wrap="truncate-end">{line}</Text>)
      ) : (
        <Note>not run yet</Note>
      )}
    </Box>
  );
}

function nativeTraceEmpty(side: NativeSide): string {
  switch (side.status) {
    case 'running': return 'no calls yet';
    case 'unavailable': return 'no native run on this host';
    case 'error': return 'the native run failed';
    default: return 'no system calls';
  }
}

export function NativeBody({ side, width, height, tick }: {
  readonly side: NativeSide; readonly width: number; readonly height: number; readonly tick: number;
}) {
  const left = width >= 100 ? Math.floor(width * 0.45) : Math.floor((width - 1) / 2);
  const right = width - left - 1;
  const procs = side.result?.processes.length ?? side.snapshot?.processes.length ?? 0;
  const s = side.snapshot;
  if (s) {
    const want = objectWants(s, left);
    const na = wrapText(unavailableLine(s), left, ' ');
    const [ph, pph, mh, sh, shh, nh] = allocate(height, [
      { min: 3, want: side.status === 'done' ? procs + 1 : processLines(s.processes, left) }, { min: 2, want: 2 },
      { min: 2, want: want.msg }, { min: 2, want: want.sem }, { min: 2, want: want.shm }, { min: 1, want: na.length },
    ]);
    return (
      <Box width={width} height={height} overflow="hidden">
        <Box flexDirection="column" width={left} marginRight={1} overflow="hidden">
          <NativeProcesses side={side} width={left} height={ph} title="Processes (Linux)" tick={tick} />
          <PipePane pipes={undefined} unavailable={NATIVE_PIPES_NOTE} width={left} height={pph} />
          <MsgPane queues={s.msgQueues} width={left} height={mh} />
          <SemPane sets={s.semSets} width={left} height={sh} />
          <ShmPane segments={s.shmSegments} width={left} height={shh} />
          {na.slice(0, nh).map((l, i) => <Text key={i} dimColor wrap="truncate-end">{l}</Text>)}
        </Box>
        <TracePane events={side.trace} width={right} height={height} title="Trace (Linux)" empty={nativeTraceEmpty(side)} />
      </Box>
    );
  }
  const [ph, oh] = allocate(height, [{ min: 4, want: Math.max(4, procs + 1) }, { min: 0, want: 3 }]);
  return (
    <Box width={width} height={height} overflow="hidden">
      <Box flexDirection="column" width={left} marginRight={1}>
        <NativeProcesses side={side} width={left} height={ph} title="Processes (Linux)" tick={tick} />
        {oh > 0 ? (
          <Box flexDirection="column" height={oh} overflow="hidden">
            <Section title="Kernel objects" width={left} />
            <Note>{side.status === 'running' ? 'waiting for Linux\u2019s state' : 'no state from Linux'}</Note>
          </Box>
        ) : null}
      </Box>
      <TracePane events={side.trace} width={right} height={height} title="Trace (Linux)"
        empty={nativeTraceEmpty(side)} />
    </Box>
  );
}

/** The line that says what the native snapshot lacks. */
export function unavailableLine(s: KernelSnapshot): string {
  return s.unavailable?.length ? `n/a on Linux: ${s.unavailable.join(', ')}` : '';
}

export function BothBody({ sim, native, verdict, highlight, width, height, tick }: {
  readonly sim: SimSide; readonly native: NativeSide; readonly verdict: Verdict;
  readonly highlight: { readonly sim?: number; readonly native?: number };
  readonly width: number; readonly height: number; readonly tick: number;
}) {
  const half = Math.floor((width - 1) / 2);
  const other = width - half - 1;
  const diffWant = verdict.kind === 'diverge' ? 1 + verdict.text.split('\n').length : 2;
  const diffH = Math.min(diffWant, Math.max(3, Math.floor(height * 0.3)));
  const colH = height - diffH;
  const simProcs = withObjectNames(sim.snapshot);
  const nativeProcs = native.result?.processes.length ?? native.snapshot?.processes.length ?? 0;
  const procH = Math.max(3, Math.min(Math.floor(colH * 0.45),
    Math.max(processLines(simProcs, half), native.status === 'done' || native.snapshot ? nativeProcs + 1 : 4)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box height={colH} overflow="hidden">
        <Box flexDirection="column" width={half} marginRight={1}>
          <ProcessPane processes={simProcs} width={half} height={procH} title="Simulator" current={current(sim)}
            empty={sim.error ?? (sim.loading ? 'loading…' : undefined)} />
          <TracePane events={sim.trace} total={sim.steps} width={half} height={colH - procH} title="Trace (sim)" highlight={highlight.sim} />
        </Box>
        <Box flexDirection="column" width={other}>
          <NativeProcesses side={native} width={other} height={procH} title="Linux" tick={tick} />
          <TracePane events={native.trace} width={other} height={colH - procH} title="Trace (Linux)"
            highlight={highlight.native} empty={nativeTraceEmpty(native)} />
        </Box>
      </Box>
      <DiffPane verdict={verdict} width={width} height={diffH} />
    </Box>
  );
}
