// What the System V message-queue and ipc cases share. Cases print relations and errno names,
// never raw ids, keys, pids or times (they differ natively, where the IPC namespace is also
// shared with whatever else runs on the machine).
import type { MsqidDs, Sys } from 'ipcsim';

/** After a handshake, how long to wait for the other process to be asleep in its call. */
export const SETTLE_MS = 300;

/** A call's outcome: 'ok' (or its value when `show` is set), or the errno name it fails with. */
export async function outcome(call: Promise<unknown>, show = false): Promise<string> {
  try {
    const value = await call;
    if (!show || value === undefined) return 'ok';
    if (value instanceof Uint8Array) return JSON.stringify(new TextDecoder().decode(value));
    return String(value);
  } catch (err) {
    if (err instanceof Error && err.name === 'SysError') return (err as Error & { code: string }).code;
    throw err;
  }
}

/** A received message as `type:"text"`, or the errno name. */
export async function received(call: Promise<{ mtype: number | bigint; data: Uint8Array }>): Promise<string> {
  try {
    const m = await call;
    return `${String(m.mtype)}:${JSON.stringify(new TextDecoder().decode(m.data))}`;
  } catch (err) {
    if (err instanceof Error && err.name === 'SysError') return (err as Error & { code: string }).code;
    throw err;
  }
}

export function stat(sys: Sys, id: number): Promise<MsqidDs> {
  return sys.msgctl(id, 2 /* IPC_STAT */) as Promise<MsqidDs>;
}

/** A key of the run's own (from its directory), so that no other run's object is found. */
export function runKey(sys: Sys, proj: number): Promise<number> {
  return sys.ftok('.', proj);
}

/** Drops root for uid/gid 65534 ("nobody"), as a C program would with setgid then setuid. */
export async function becomeNobody(sys: Sys): Promise<void> {
  await sys.setgid(65534);
  await sys.setuid(65534);
}

/** The child side of a handshake: says it is about to block, on a pipe from its parent. */
export async function signalReady(sys: Sys, w: number): Promise<void> {
  await sys.write(w, 'r');
}

/** The parent side: waits for the child's word, then long enough for it to be asleep. */
export async function awaitReady(sys: Sys, r: number): Promise<void> {
  await sys.read(r, 1);
  await sys.sleep(SETTLE_MS);
}

export function octal(n: number): string {
  return `0o${n.toString(8)}`;
}
