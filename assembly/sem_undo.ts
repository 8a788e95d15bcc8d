// SEM_UNDO (ipc/sem.c: struct sem_undo, find_alloc_undo, exit_sem). A process that uses SEM_UNDO
// on a set gets one record for it: semadj, the negated sum of its SEM_UNDO operations per
// semaphore. The record is on two lists: the process's (most recently used first, as lookup_undo
// moves a found record to the front) and the set's (list_id, newest first). When the process
// exits, each record's adjustments are added to the values, clamped to [0, SEMVMX]. Records are
// not inherited by fork; SETVAL/SETALL zero the adjustments they touch, in every process;
// IPC_RMID drops the set's records.
import { Proc, onExit } from './proc';
import { SEMVMX } from './param';
import { EINVAL } from './errno';
import { kassert, P_SEM } from './panic';
import {
  SemArray, SemQueue, SemUndo, semCheck, doSmartUpdate, unmergeQueues, unlinkQueue, sleepers,
} from './sem';

export const undoLists = new Map<i32, SemUndo>(); // pid -> the first record of its list
export let undoErr: i32 = 0; // why findAllocUndo returned null

function procHead(pid: i32): SemUndo | null {
  return undoLists.has(pid) ? undoLists.get(pid) : null;
}

function procUnlink(un: SemUndo): void {
  const prev = un.procPrev;
  const next = un.procNext;
  if (prev !== null) prev.procNext = next;
  else if (next !== null) undoLists.set(un.pid, next);
  else undoLists.delete(un.pid);
  if (next !== null) next.procPrev = prev;
  un.procPrev = null;
  un.procNext = null;
}

function procPushFront(un: SemUndo): void {
  const head = procHead(un.pid);
  un.procPrev = null;
  un.procNext = head;
  if (head !== null) head.procPrev = un;
  undoLists.set(un.pid, un);
}

function idUnlink(sma: SemArray, un: SemUndo): void {
  const prev = un.idPrev;
  const next = un.idNext;
  if (prev !== null) prev.idNext = next;
  else sma.undos = next;
  if (next !== null) next.idPrev = prev;
  un.idPrev = null;
  un.idNext = null;
}

/** lookup_undo: p's record for semid, moved to the front of p's list; or null. */
function lookupUndo(pid: i32, semid: i32): SemUndo | null {
  let un = procHead(pid);
  while (un !== null && un.semid != semid) un = un.procNext;
  if (un !== null && un.procPrev !== null) {
    procUnlink(un);
    procPushFront(un);
  }
  return un;
}

/**
 * find_alloc_undo: p's record for semid, created if missing (before semop checks sem_num or
 * permissions, as Linux does). Null with undoErr = EINVAL if the id names no set.
 */
export function findAllocUndo(p: Proc, semid: i32): SemUndo | null {
  const found = lookupUndo(p.pid, semid);
  if (found !== null) return found;
  const sma = semCheck(semid);
  if (sma === null) {
    undoErr = -EINVAL;
    return null;
  }
  const un = new SemUndo(sma, p.pid);
  procPushFront(un);
  const first = sma.undos;
  un.idNext = first;
  if (first !== null) first.idPrev = un;
  sma.undos = un;
  return un;
}

/** SETVAL (semnum) and SETALL (-1): every process's adjustment of those semaphores is zero. */
export function clearAdjustments(sma: SemArray, semnum: i32): void {
  let un = sma.undos;
  while (un !== null) {
    if (semnum >= 0) unchecked((un.adj[semnum] = 0));
    else for (let i = 0; i < sma.nsems; i++) unchecked((un.adj[i] = 0));
    un = un.idNext;
  }
}

/** freeary's part: the set's records leave their processes' lists. */
export function dropUndos(sma: SemArray): void {
  let un: SemUndo | null = sma.undos;
  while (un !== null) {
    const next = un.idNext;
    un.semid = -1;
    un.sma = null;
    un.idPrev = null;
    un.idNext = null;
    procUnlink(un);
    un = next;
  }
  sma.undos = null;
}

/**
 * exit_sem: applies each record of the exiting process to its set, clamping each value to
 * [0, SEMVMX] and making the exiting process the semaphore's sempid, then lets the set's sleepers
 * proceed. sem_otime moves even when no value changed.
 */
function exitSem(p: Proc): void {
  let un: SemUndo | null = procHead(p.pid);
  while (un !== null) {
    const next = un.procNext;
    const sma = un.sma!;
    kassert(un.semid == sma.id && !sma.deleted, P_SEM, un.semid);
    idUnlink(sma, un);
    procUnlink(un);
    for (let i = 0; i < sma.nsems; i++) {
      const adj = <i32>unchecked(un.adj[i]);
      if (adj == 0) continue;
      let v = unchecked(sma.semval[i]) + adj;
      if (v < 0) v = 0;
      if (v > SEMVMX) v = SEMVMX;
      unchecked((sma.semval[i] = v));
      unchecked((sma.sempid[i] = p.pid));
    }
    doSmartUpdate(sma, 0, 0, true);
    unmergeQueues(sma);
    un = next;
  }
  kassert(!undoLists.has(p.pid), P_SEM, p.pid);
}

/** At exit: a queue still linked is unlinked (defensive: a sleeper leaves through its call). */
function semExit(p: Proc): void {
  if (sleepers.has(p.pid)) {
    const q: SemQueue = sleepers.get(p.pid);
    if (q.list !== null) {
      const sma = q.sma!;
      unlinkQueue(sma, q);
      unmergeQueues(sma);
    }
    q.release();
    sleepers.delete(p.pid);
  }
  exitSem(p);
}

let hooked = false;

/**
 * Registers the exit hook; the system calls call this before they create any state. (A top-level
 * onExit() call would run before proc.ts's own globals exist: the modules import each other.)
 */
export function semHookExit(): void {
  if (hooked) return;
  onExit(semExit);
  hooked = true;
}
