// Every limit of the simulated kernel, by its Linux name, with Linux's default. A run may change
// them (RunOptions.limits) before the first process starts; src/sim/abi.ts names the ids.

export const PAGE_SIZE: i32 = 4096;
export const PAGE_SHIFT: i32 = 12;

export let PIPE_BUF: i32 = 4096; // include/uapi/linux/limits.h: atomic pipe write
export let PIPE_DEF_BUFFERS: i32 = 16; // include/linux/pipe_fs_i.h: slots of a new pipe (64 KiB)
export let PIPE_MAX_SIZE: i32 = 1048576; // /proc/sys/fs/pipe-max-size
export let NOFILE: i32 = 1024; // RLIMIT_NOFILE soft limit
export let NPROC: i32 = 4096; // processes alive at once (RLIMIT_NPROC-like)
export let MSGMAX: i32 = 8192; // /proc/sys/kernel/msgmax
export let MSGMNB: i32 = 16384; // /proc/sys/kernel/msgmnb
export let MSGMNI: i32 = 32000; // /proc/sys/kernel/msgmni
export let SEMMSL: i32 = 32000; // /proc/sys/kernel/sem, field 1
export let SEMMNS: i32 = 1024000000; // field 2
export let SEMOPM: i32 = 500; // field 3
export let SEMMNI: i32 = 32000; // field 4
export let SEMVMX: i32 = 32767; // include/uapi/linux/sem.h
// SHMMAX and SHMALL are unsigned longs: they hold Linux's ULONG_MAX - 2^24 and compare as u64.
export let SHMMAX: i64 = <i64>(<u64>0xfffffffffeffffff); // /proc/sys/kernel/shmmax
export let SHMALL: i64 = <i64>(<u64>0xfffffffffeffffff); // /proc/sys/kernel/shmall, in pages
export let SHMMNI: i32 = 4096; // /proc/sys/kernel/shmmni
export let SHMMIN: i32 = 1;
// Signals pending per real uid (RLIMIT_SIGPENDING); Linux derives its default from the memory size.
export let RLIMIT_SIGPENDING: i32 = 32768;

// Capabilities that uid 0 holds (capabilities(7) bit numbers). All, unless a run says otherwise.
export let ROOT_CAPS: u64 = 0xffffffffff;
export const CAP_DAC_OVERRIDE: i32 = 1;
export const CAP_FOWNER: i32 = 3;
export const CAP_KILL: i32 = 5;
export const CAP_SETGID: i32 = 6;
export const CAP_SETUID: i32 = 7;
export const CAP_IPC_LOCK: i32 = 14;
export const CAP_IPC_OWNER: i32 = 15;
export const CAP_SYS_ADMIN: i32 = 21;
export const CAP_SYS_RESOURCE: i32 = 24;

/** Sets limit `id` (the order of src/sim/abi.ts LIMIT_IDS). Returns 0, or -1 for a bad id/value. */
export function setLimit(id: i32, value: i64): i32 {
  if (value < 0) return -1;
  switch (id) {
    case 0: PIPE_BUF = <i32>value; break;
    case 1: {
      // A slot count must be a power of two: the ring is indexed with a mask.
      if (value < 1 || (value & (value - 1)) != 0) return -1;
      PIPE_DEF_BUFFERS = <i32>value; break;
    }
    case 2: PIPE_MAX_SIZE = <i32>value; break;
    case 3: NOFILE = <i32>value; break;
    case 4: NPROC = <i32>value; break;
    case 5: MSGMAX = <i32>value; break;
    case 6: MSGMNB = <i32>value; break;
    case 7: MSGMNI = <i32>value; break;
    case 8: SEMMSL = <i32>value; break;
    case 9: SEMMNS = <i32>value; break;
    case 10: SEMOPM = <i32>value; break;
    case 11: SEMMNI = <i32>value; break;
    case 12: SEMVMX = <i32>value; break;
    case 13: SHMMAX = value; break;
    case 14: SHMALL = value; break;
    case 15: SHMMNI = <i32>value; break;
    case 16: SHMMIN = <i32>value; break;
    case 17: ROOT_CAPS = <u64>value; break;
    case 18: RLIMIT_SIGPENDING = <i32>value; break;
    default: return -1;
  }
  return 0;
}
