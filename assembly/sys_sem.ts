// System calls on semaphore sets (ipc/sem.c: semget, semop, semtimedop, semctl): argument checks
// in Linux's order, copies through the transfer buffer, and the sleep of a semop that must wait.
// The sops of semop/semtimedop are in xfer as packed struct sembuf (6 bytes each, as on x86_64).
// semctl's data also goes through xfer (see sys_semctl).
import { Proc } from './proc';
import { enter, leave, xfer, XFER_SIZE } from './syscall';
import { sleepOn, W_SEM } from './wait';
import { now, timerArm } from './sched';
import { signalPending } from './signal';
import { SEMMSL, SEMMNS, SEMOPM, SEMMNI, SEMVMX } from './param';
import { kassert, P_SEM } from './panic';
import {
  IpcOps, KernIpcPerm, ipcGet, ipcInitPerm, ipcPerms, ipcCtlPerm, ipcUpdatePerm, seconds, nowNs,
  IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO,
} from './ipc';
import {
  E2BIG, EACCES, EAGAIN, EFAULT, EFBIG, EINTR, EINVAL, ENOMEM, ENOSPC, ERANGE, BLOCKED,
} from './errno';
import {
  SemArray, SemQueue, SemUndo, SEM_UNDO, SEMAEM, SEMBUF_SIZE, Q_PENDING, semIds, usedSems, sleepers,
  queueOf, sopNum, sopOp, sopFlg, performAtomic, doSmartUpdate, enqueue, unlinkQueue, unmergeQueues,
  countSemcnt, freeary, semCheck, semAt, accountSems,
} from './sem';
import { findAllocUndo, undoErr, clearAdjustments, dropUndos, semHookExit } from './sem_undo';

// semctl commands (include/uapi/linux/sem.h)
const GETPID: i32 = 11;
const GETVAL: i32 = 12;
const GETALL: i32 = 13;
const GETNCNT: i32 = 14;
const GETZCNT: i32 = 15;
const SETVAL: i32 = 16;
const SETALL: i32 = 17;
const SEM_STAT: i32 = 18;
const SEM_INFO: i32 = 19;
const SEM_STAT_ANY: i32 = 20;

const S_IRUGO: i32 = 0o444;
const S_IWUGO: i32 = 0o222;
// Compile-time constants of include/uapi/linux/sem.h that seminfo reports as they are.
const SEMMAP: i32 = 1024000000; // SEMMNS's default
const SEMMNU: i32 = 1024000000;
const SEMUME: i32 = 500; // SEMOPM's default
const SEMUSZ: i32 = 20;
const IPCMNI_MASK: i32 = 32767;
const SEMID_DS_SIZE: i32 = 104; // struct semid_ds on x86_64
const SET_UID: i32 = 1; // IPC_SET: the fields given (src/api/sem.ts)
const SET_GID: i32 = 2;
const SET_MODE: i32 = 4;
const SET_NOBUF: i32 = 1 << 30;

// ---- semget ----

class SemOps extends IpcOps {
  nsems: i32 = 0;

  /** newary: a set of `nsems` semaphores at zero. */
  create(p: Proc, key: i32, flg: i32): i32 {
    const nsems = this.nsems;
    if (nsems == 0) return -EINVAL;
    if (<i64>usedSems + <i64>nsems > <i64>SEMMNS) return -ENOSPC;
    // The simulator's own bound: GETALL must fit in the transfer buffer.
    if (nsems * 2 + 4 > XFER_SIZE) return -ENOMEM;
    const sma = new SemArray(nsems);
    ipcInitPerm(p, sma, key, flg);
    const id = semIds.add(sma, SEMMNI);
    if (id < 0) return id;
    accountSems(nsems);
    return id;
  }

  /** sem_more_checks: an existing set must have at least the semaphores asked for. */
  moreChecks(o: KernIpcPerm): i32 {
    return this.nsems > changetype<SemArray>(o).nsems ? -EINVAL : 0;
  }
}

const semOps = new SemOps();

export function sys_semget(pid: i32, sysno: i32, key: i32, nsems: i32, semflg: i32): i32 {
  const p = enter(pid, sysno);
  semHookExit();
  if (nsems < 0 || nsems > SEMMSL) return leave(p, -EINVAL);
  semOps.nsems = nsems;
  return leave(p, ipcGet(p, semIds, semOps, key, semflg));
}

// ---- semop, semtimedop ----

const scratch = new SemQueue(0); // the caller's operation while it does not sleep (Linux: on stack)

/** semop: the `nsops` sembufs are in xfer. */
export function sys_semop(pid: i32, sysno: i32, semid: i32, nsops: i32): i32 {
  const p = enter(pid, sysno);
  if (p.inSyscall) return leave(p, resume(p));
  return leave(p, doSemtimedop(p, semid, nsops, false, 0, 0));
}

/** semtimedop with a relative timeout of `sec` s and `nsec` ns (null timeout: use semop). */
export function sys_semtimedop(pid: i32, sysno: i32, semid: i32, nsops: i32, sec: f64, nsec: f64): i32 {
  const p = enter(pid, sysno);
  if (p.inSyscall) return leave(p, resume(p));
  return leave(p, doSemtimedop(p, semid, nsops, true, sec, nsec));
}

/** __do_semtimedop up to the sleep. */
function doSemtimedop(p: Proc, semid: i32, nsops: i32, timed: bool, sec: f64, nsec: f64): i32 {
  if (nsops > SEMOPM) return -E2BIG;
  if (nsops < 1 || semid < 0) return -EINVAL;
  let expires: i64 = -1;
  if (timed) {
    // timespec64_valid: tv_sec >= 0 and 0 <= tv_nsec < 1e9.
    if (!(sec >= 0) || !(nsec >= 0) || nsec >= 1e9) return -EINVAL;
    const ns = sec * 1e9 + nsec;
    expires = ns >= 9e18 ? i64.MAX_VALUE : now + <i64>ns; // ktime_add_safe saturates
  }
  if (<i64>nsops * SEMBUF_SIZE > <i64>XFER_SIZE) return -ENOMEM; // more than the host can pass
  const sops = xfer;
  let max = 0;
  let undos = false;
  let alter = false;
  let dup: u64 = 0;
  for (let i = 0; i < nsops; i++) {
    const num = sopNum(sops, i);
    if (num > max) max = num;
    if ((sopFlg(sops, i) & SEM_UNDO) != 0) undos = true;
    if (sopOp(sops, i) != 0) {
      alter = true;
      dup |= <u64>1 << <u64>(num & 63);
    }
  }
  let un: SemUndo | null = null;
  if (undos) {
    un = findAllocUndo(p, semid);
    if (un === null) return undoErr;
  }
  const sma = semCheck(semid);
  if (sma === null) return -EINVAL;
  if (max >= sma.nsems) return -EFBIG;
  if (ipcPerms(p, sma, alter ? S_IWUGO : S_IRUGO) != 0) return -EACCES;

  const q = scratch;
  q.pid = p.pid;
  q.sops = sops;
  q.nsops = nsops;
  if (q.undo !== un) q.undo = un; // usually null both: skips the write barrier's call
  q.alter = alter;
  const err = performAtomic(sma, q);
  if (err == 0) {
    if (alter) doSmartUpdate(sma, sops, nsops, true);
    else sma.otime = nowNs();
    unmergeQueues(sma);
    return 0;
  }
  if (err < 0) return err;

  // Sleep: the operation is queued where update_queue will find it.
  const sq = queueOf(p.pid);
  kassert(sq.list === null, P_SEM, p.pid);
  sq.own(sops, nsops);
  sq.undo = un;
  sq.alter = alter;
  sq.blocking = q.blocking;
  sq.expires = expires;
  enqueue(sma, sq);
  sleep(p, sq, semid);
  return BLOCKED;
}

function sleep(p: Proc, q: SemQueue, semid: i32): void {
  sleepOn(p, q.wait, W_SEM, semid);
  if (q.expires >= 0 && q.expires < i64.MAX_VALUE) timerArm(p, q.expires);
}

/** The sleeper runs again: a waker gave it a result, or a timer, a signal or nothing woke it. */
function resume(p: Proc): i32 {
  kassert(sleepers.has(p.pid), P_SEM, p.pid);
  const q = sleepers.get(p.pid);
  if (q.status != Q_PENDING) {
    kassert(q.list === null, P_SEM, p.pid);
    return q.status;
  }
  const sma = q.sma!;
  let err = -EINTR;
  if (p.timedOut) err = -EAGAIN;
  else if (!signalPending(p)) {
    sleep(p, q, sma.id); // spurious: wait on
    return BLOCKED;
  }
  unlinkQueue(sma, q);
  unmergeQueues(sma);
  return err;
}

// ---- semctl ----

/**
 * semctl. `arg` is SETVAL's value, or SETALL's count of values given. Through xfer:
 * GETALL out: i32 nsems, then u16 per semaphore; SETALL in: u16 per value given (missing: 0);
 * IPC_STAT, SEM_STAT, SEM_STAT_ANY out: struct semid_ds as on x86_64 (104 bytes);
 * IPC_SET in: a semid_ds, then at byte 104 an i32 mask of the fields given (SET_UID 1, SET_GID 2,
 *   SET_MODE 4; the others keep their values) or SET_NOBUF (no buffer: EFAULT);
 * IPC_INFO, SEM_INFO out: struct seminfo (ten ints).
 */
export function sys_semctl(pid: i32, sysno: i32, semid: i32, semnum: i32, cmd: i32, arg: i32): i32 {
  const p = enter(pid, sysno);
  return leave(p, semctl(p, semid, semnum, cmd, arg));
}

function semctl(p: Proc, semid: i32, semnum: i32, cmd: i32, arg: i32): i32 {
  if (semid < 0) return -EINVAL;
  switch (cmd) {
    case IPC_INFO:
    case SEM_INFO: return semctlInfo(cmd);
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY: return semctlStat(p, semid, cmd);
    case GETALL:
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
    case SETALL: return semctlMain(p, semid, semnum, cmd, arg);
    case SETVAL: return semctlSetval(p, semid, semnum, arg);
    case IPC_SET:
    case IPC_RMID: return semctlDown(p, semid, cmd);
  }
  return -EINVAL;
}

function semctlInfo(cmd: i32): i32 {
  const b = xfer;
  store<i32>(b, SEMMAP);
  store<i32>(b, SEMMNI, 4);
  store<i32>(b, SEMMNS, 8);
  store<i32>(b, SEMMNU, 12);
  store<i32>(b, SEMMSL, 16);
  store<i32>(b, SEMOPM, 20);
  store<i32>(b, SEMUME, 24);
  store<i32>(b, cmd == SEM_INFO ? semIds.inUse : SEMUSZ, 28);
  store<i32>(b, SEMVMX, 32);
  store<i32>(b, cmd == SEM_INFO ? usedSems : SEMAEM, 36);
  return semIds.highest();
}

function semctlStat(p: Proc, semid: i32, cmd: i32): i32 {
  // SEM_STAT and SEM_STAT_ANY take an index, IPC_STAT an id.
  const sma = cmd == IPC_STAT ? semCheck(semid) : semAt(semid & IPCMNI_MASK);
  if (sma === null) return -EINVAL;
  if (cmd != SEM_STAT_ANY && ipcPerms(p, sma, S_IRUGO) != 0) return -EACCES;
  const b = xfer;
  memory.fill(b, 0, SEMID_DS_SIZE);
  store<i32>(b, sma.key); // sem_perm: struct ipc64_perm
  store<i32>(b, sma.uid, 4);
  store<i32>(b, sma.gid, 8);
  store<i32>(b, sma.cuid, 12);
  store<i32>(b, sma.cgid, 16);
  store<i32>(b, sma.mode, 20);
  store<u16>(b, <u16>sma.seq, 24);
  store<i64>(b, seconds(sma.otime), 48); // sem_otime
  store<i64>(b, seconds(sma.ctime), 64); // sem_ctime
  store<u64>(b, <u64>sma.nsems, 80); // sem_nsems
  return cmd == IPC_STAT ? 0 : sma.id;
}

function semctlSetval(p: Proc, semid: i32, semnum: i32, val: i32): i32 {
  if (val > SEMVMX || val < 0) return -ERANGE; // before the lookup, as Linux checks it
  const sma = semCheck(semid);
  if (sma === null) return -EINVAL;
  if (semnum < 0 || semnum >= sma.nsems) return -EINVAL;
  if (ipcPerms(p, sma, S_IWUGO) != 0) return -EACCES;
  clearAdjustments(sma, semnum);
  unchecked((sma.semval[semnum] = val));
  unchecked((sma.sempid[semnum] = p.pid));
  sma.ctime = nowNs();
  doSmartUpdate(sma, 0, 0, false);
  unmergeQueues(sma);
  return 0;
}

function semctlMain(p: Proc, semid: i32, semnum: i32, cmd: i32, given: i32): i32 {
  const sma = semCheck(semid);
  if (sma === null) return -EINVAL;
  const nsems = sma.nsems;
  if (ipcPerms(p, sma, cmd == SETALL ? S_IWUGO : S_IRUGO) != 0) return -EACCES;
  if (cmd == GETALL) {
    store<i32>(xfer, nsems);
    for (let i = 0; i < nsems; i++) store<u16>(xfer + <usize>(4 + i * 2), <u16>unchecked(sma.semval[i]));
    return 0;
  }
  if (cmd == SETALL) {
    const n = given < nsems ? given : nsems;
    for (let i = 0; i < n; i++) if (<i32>load<u16>(xfer + <usize>(i * 2)) > SEMVMX) return -ERANGE;
    for (let i = 0; i < nsems; i++) {
      unchecked((sma.semval[i] = i < n ? <i32>load<u16>(xfer + <usize>(i * 2)) : 0));
      unchecked((sma.sempid[i] = p.pid));
    }
    clearAdjustments(sma, -1);
    sma.ctime = nowNs();
    doSmartUpdate(sma, 0, 0, false);
    unmergeQueues(sma);
    return 0;
  }
  if (semnum < 0 || semnum >= nsems) return -EINVAL;
  switch (cmd) {
    case GETVAL: return unchecked(sma.semval[semnum]);
    case GETPID: return unchecked(sma.sempid[semnum]);
    case GETNCNT: return countSemcnt(sma, semnum, false);
    case GETZCNT: return countSemcnt(sma, semnum, true);
  }
  return -EINVAL;
}

/** IPC_SET and IPC_RMID (semctl_down): the owner, the creator or CAP_SYS_ADMIN. */
function semctlDown(p: Proc, semid: i32, cmd: i32): i32 {
  const mask = load<i32>(xfer, SEMID_DS_SIZE);
  if (cmd == IPC_SET && (mask & SET_NOBUF) != 0) return -EFAULT; // copy_semid_from_user
  const sma = semCheck(semid);
  if (sma === null) return -EINVAL;
  const err = ipcCtlPerm(p, sma);
  if (err != 0) return err;
  if (cmd == IPC_RMID) {
    dropUndos(sma);
    freeary(sma);
    return 0;
  }
  const uid = (mask & SET_UID) != 0 ? load<i32>(xfer, 4) : sma.uid;
  const gid = (mask & SET_GID) != 0 ? load<i32>(xfer, 8) : sma.gid;
  const mode = (mask & SET_MODE) != 0 ? load<i32>(xfer, 20) : sma.mode;
  return ipcUpdatePerm(sma, uid, gid, mode); // sets sem_ctime
}
