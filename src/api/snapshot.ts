// A picture of kernel state for the TUI and tests. The simulator builds it from the wasm kernel;
// the native backend from *_STAT, /proc/sysvipc and FIONREAD. Nothing here points into wasm memory.

export type ProcState = 'running' | 'runnable' | 'blocked' | 'sleeping' | 'zombie' | 'exited';

export interface ProcSnapshot {
  pid: number;
  ppid: number;
  program: string;
  state: ProcState;
  /** The call a blocked process is in, and the object it waits on ('pipe:3', 'msq:0'...). */
  syscall?: string;
  waitingOn?: string;
  exit?: { code: number } | { signal: string };
  /** Signals of a live process by name: pending (either set), blocked, caught (a handler), ignored. */
  signals?: { pending: string[]; blocked: string[]; caught: string[]; ignored: string[] };
  /** Open descriptors: fd number -> object name ('pipe:1:r', 'fifo:/tmp/f:w', 'console'). */
  fds: Record<number, string>;
}

export interface PipeSnapshot {
  id: number;               // kernel's object number, stable for a run
  name: string;             // 'pipe:1' or 'fifo:<path>'
  path?: string;            // FIFOs only
  bytes: number;            // FIONREAD
  capacity: number;         // F_GETPIPE_SZ
  slotsUsed: number;        // occupied page slots
  readers: number;
  writers: number;
  waitingReaders: number[]; // pids, in wake-up order
  waitingWriters: number[];
}

export interface MsgQueueSnapshot {
  id: number; key: number; mode: number;
  qnum: number; cbytes: number; qbytes: number;
  messages: { mtype: number; size: number }[];
  waitingSenders: number[]; waitingReceivers: number[];
}

export interface SemSetSnapshot {
  id: number; key: number; mode: number;
  values: number[]; semncnt: number[]; semzcnt: number[]; sempid: number[];
  sleepers: { pid: number; sops: { sem_num: number; sem_op: number; sem_flg: number }[] }[];
}

export interface ShmSnapshot {
  id: number; key: number; mode: number; size: number; nattch: number; dest: boolean;
  /** For each page of the segment, the pids that map it. */
  pages: number[][];
}

export interface KernelSnapshot {
  backend: 'sim' | 'native';
  /** Milliseconds since the start of the run. */
  t: number;
  /** System calls completed so far. */
  steps: number;
  processes: ProcSnapshot[];
  pipes: PipeSnapshot[];
  /** Mechanisms not built yet say so: undefined means 'not implemented'. */
  msgQueues?: MsgQueueSnapshot[];
  semSets?: SemSetSnapshot[];
  shmSegments?: ShmSnapshot[];
  /** What this backend cannot show (natively: pipes, message types...), in words. */
  unavailable?: string[];
}
