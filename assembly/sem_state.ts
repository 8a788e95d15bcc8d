// What the host asks about semaphore sets, outside any system call: the snapshot for the TUI,
// what a sleeper waits on, and the invariants the property tests check after every step.
import { procGet, S_ZOMBIE, S_DEAD } from './proc';
import { xfer, XFER_SIZE } from './syscall';
import { SEMVMX } from './param';
import { kassert, P_SEM } from './panic';
import {
  SemArray, SemList, SemQueue, SemUndo, SEMAEM, Q_PENDING, semIds, usedSems, sleepers, sopNum, sopOp, sopFlg,
  countSemcnt, semCheck, semAt,
} from './sem';
import { undoLists } from './sem_undo';

/** The sem_num a sleeping semop waits on, or -1. */
export function sem_blocked_on(pid: i32): i32 {
  if (!sleepers.has(pid)) return -1;
  const q = sleepers.get(pid);
  return q.list === null ? -1 : sopNum(q.sops, q.blocking);
}

let snapAt: usize = 0;
let snapEnd: usize = 0;

function snapList(l: SemList | null): i32 {
  if (l === null) return 0;
  let n = 0;
  for (let q = l.head; q !== null; q = q!.next) {
    if (snapAt + <usize>(8 + q.nsops * 12) > snapEnd) break;
    store<i32>(snapAt, q.pid);
    store<i32>(snapAt, q.nsops, 4);
    snapAt += 8;
    for (let i = 0; i < q.nsops; i++, snapAt += 12) {
      store<i32>(snapAt, sopNum(q.sops, i));
      store<i32>(snapAt, sopOp(q.sops, i), 4);
      store<i32>(snapAt, sopFlg(q.sops, i), 8);
    }
    n++;
  }
  return n;
}

/**
 * Writes every set into xfer and returns their number: i32 id, key, mode, nsems, then per
 * semaphore value, semncnt, semzcnt, sempid, then i32 sleepers and per sleeper pid, nsops and
 * (num, op, flg) per sop, in the order update_queue would consider them.
 */
export function sems_snapshot(): i32 {
  snapAt = xfer;
  snapEnd = xfer + <usize>XFER_SIZE;
  let sets = 0;
  for (let idx = 0; idx <= semIds.maxIdx; idx++) {
    const sma = semAt(idx);
    if (sma === null) continue;
    if (snapAt + <usize>(20 + sma.nsems * 16) > snapEnd) break;
    store<i32>(snapAt, sma.id);
    store<i32>(snapAt, sma.key, 4);
    store<i32>(snapAt, sma.mode, 8);
    store<i32>(snapAt, sma.nsems, 12);
    snapAt += 16;
    for (let i = 0; i < sma.nsems; i++, snapAt += 16) {
      store<i32>(snapAt, unchecked(sma.semval[i]));
      store<i32>(snapAt, countSemcnt(sma, i, false), 4);
      store<i32>(snapAt, countSemcnt(sma, i, true), 8);
      store<i32>(snapAt, unchecked(sma.sempid[i]), 12);
    }
    const countAt = snapAt;
    snapAt += 4;
    let n = snapList(sma.pendingAlter) + snapList(sma.pendingConst);
    for (let i = 0; i < sma.nsems; i++) {
      n += snapList(unchecked(sma.semAlter[i])) + snapList(unchecked(sma.semConst[i]));
    }
    store<i32>(countAt, n);
    sets++;
  }
  return sets;
}

// ---- invariants (the property tests call this after every step) ----

/** Undo records alive, in every process (0 once every process that used SEM_UNDO has exited). */
export function sem_undo_records(): i32 {
  let n = 0;
  const pids = undoLists.keys();
  for (let i = 0; i < pids.length; i++) {
    for (let un: SemUndo | null = undoLists.get(unchecked(pids[i])); un !== null; un = un!.procNext) n++;
  }
  return n;
}

let checkSet: SemArray | null = null;
let complexSeen: i32 = 0;

function checkList(l: SemList | null, simpleNum: i32, alter: bool): void {
  if (l === null) return;
  const sma = checkSet!;
  for (let q: SemQueue | null = l.head; q !== null; q = q!.next) {
    kassert(q.list === l && q.sma === sma && q.status == Q_PENDING, P_SEM, q.pid);
    kassert(q.alter == alter, P_SEM, q.pid);
    kassert(q.blocking >= 0 && q.blocking < q.nsops, P_SEM, q.pid);
    if (simpleNum >= 0) kassert(q.nsops == 1 && sopNum(q.sops, 0) == simpleNum, P_SEM, q.pid);
    if (q.nsops > 1) complexSeen++;
    const owner = procGet(q.pid);
    kassert(owner !== null && owner.state != S_ZOMBIE && owner.state != S_DEAD, P_SEM, q.pid);
    kassert(sleepers.has(q.pid) && sleepers.get(q.pid) === q, P_SEM, q.pid);
  }
}

/** Checks every set, pending queue and undo record; traps (a KernelPanic) on the first flaw. */
export function sem_check(): void {
  let total = 0;
  for (let idx = 0; idx <= semIds.maxIdx; idx++) {
    const sma = semAt(idx);
    if (sma === null) continue;
    total += sma.nsems;
    kassert(!sma.deleted && semCheck(sma.id) === sma, P_SEM, sma.id);
    for (let i = 0; i < sma.nsems; i++) {
      const v = unchecked(sma.semval[i]);
      kassert(v >= 0 && v <= SEMVMX, P_SEM, sma.id, v);
    }
    checkSet = sma;
    complexSeen = 0;
    checkList(sma.pendingAlter, -1, true);
    checkList(sma.pendingConst, -1, false);
    for (let i = 0; i < sma.nsems; i++) {
      checkList(unchecked(sma.semAlter[i]), i, true);
      checkList(unchecked(sma.semConst[i]), i, false);
    }
    kassert(complexSeen == sma.complexCount, P_SEM, sma.id, sma.complexCount);
    // With no complex sleeper, the single-sop alter sleepers are back on their semaphores.
    kassert(sma.complexCount > 0 || sma.pendingAlter.empty, P_SEM, sma.id);
    for (let un: SemUndo | null = sma.undos; un !== null; un = un!.idNext) checkUndo(un, sma);
  }
  kassert(total == usedSems, P_SEM, total, usedSems);
  // Every process's records name live sets and sit on those sets' lists.
  const pids = undoLists.keys();
  for (let i = 0; i < pids.length; i++) {
    for (let un: SemUndo | null = undoLists.get(unchecked(pids[i])); un !== null; un = un!.procNext) {
      kassert(un.pid == unchecked(pids[i]) && un.sma !== null, P_SEM, un.pid);
      const sma = un.sma!;
      kassert(semCheck(un.semid) === sma, P_SEM, un.pid, un.semid);
      let found = false;
      for (let o: SemUndo | null = sma.undos; o !== null; o = o!.idNext) if (o === un) found = true;
      kassert(found, P_SEM, un.pid, un.semid);
    }
  }
}

function checkUndo(un: SemUndo, sma: SemArray): void {
  kassert(un.sma === sma && un.semid == sma.id, P_SEM, un.pid, un.semid);
  kassert(un.adj.length == sma.nsems, P_SEM, un.pid);
  for (let i = 0; i < sma.nsems; i++) {
    const a = <i32>unchecked(un.adj[i]);
    kassert(a >= -SEMAEM - 1 && a <= SEMAEM, P_SEM, un.pid, a);
  }
  const owner = procGet(un.pid);
  kassert(owner !== null && owner.state != S_ZOMBIE && owner.state != S_DEAD, P_SEM, un.pid);
  let found = false;
  for (let o: SemUndo | null = undoLists.has(un.pid) ? undoLists.get(un.pid) : null; o !== null; o = o!.procNext) {
    if (o === un) found = true;
  }
  kassert(found, P_SEM, un.pid, un.semid);
}
