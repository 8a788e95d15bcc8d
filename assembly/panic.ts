// Broken invariants are bugs in ipcsim, never expected failures. The host turns a panic into a
// KernelPanic that carries the run's seed and step.

@external("env", "panic")
declare function hostPanic(code: i32, a: i32, b: i32): void;

// Panic codes: the host prints their names (src/sim/abi.ts PANICS).
export const P_WAITQ: i32 = 1; // a process on two wait queues, or a queue link broken
export const P_RUNQ: i32 = 2; // the run queue and a process's state disagree
export const P_PIPE: i32 = 3; // pipe accounting broken
export const P_FILE: i32 = 4; // file reference count broken
export const P_PROC: i32 = 5; // process table broken
export const P_BYTES: i32 = 6; // bytes written != bytes read + bytes buffered
export const P_MSG: i32 = 7; // message queue accounting or sleeper lists broken
export const P_SEM: i32 = 8; // semaphore set, pending queue or undo record broken
export const P_SIGNAL: i32 = 9; // pending signals or handler frames broken
export const P_FRAME: i32 = 20; // a frame's reference count broken (mm/frame.ts)
export const P_VM: i32 = 21; // an address space or page cache broken (mm/)

/** Asserts `ok`; on failure reports `code` (and two values) to the host, then traps. */
export function kassert(ok: bool, code: i32, a: i32 = 0, b: i32 = 0): void {
  if (!ok) {
    hostPanic(code, a, b);
    unreachable();
  }
}
