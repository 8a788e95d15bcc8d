// What the signal cases share. Cases print signal numbers, si_code values, relations and errno
// names, never raw pids. A process that must be asleep in a call before it is signalled tells the
// signaller so through a pipe just before the call; the signaller then waits SETTLE_MS, which in
// real time (natively) is ample for the call to be asleep, as it is at once in virtual time.
import type { SigInfo, Sys } from 'ipcsim';

export const SETTLE_MS = 300;

/** A call's outcome: 'ok' (or its value when `show` is set), or the errno name it fails with. */
export async function outcome(call: Promise<unknown>, show = false): Promise<string> {
  try {
    const value = await call;
    if (!show || value === undefined) return 'ok';
    if (value instanceof Uint8Array) return JSON.stringify(new TextDecoder().decode(value));
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch (err) {
    if (err instanceof Error && err.name === 'SysError') return (err as Error & { code: string }).code;
    throw err;
  }
}

/** A pipe for "I am about to block": the blocker calls ready(), the signaller awaitReady(). */
export interface Handshake { r: number; w: number }

export async function handshake(sys: Sys): Promise<Handshake> {
  const [r, w] = await sys.pipe();
  return { r, w };
}

export async function ready(sys: Sys, h: Handshake): Promise<void> {
  await sys.write(h.w, 'r');
}

export async function awaitReady(sys: Sys, h: Handshake): Promise<void> {
  await sys.read(h.r, 1);
  await sys.sleep(SETTLE_MS);
}

/** The usual signaller: once `target` is asleep, sends it `sig`. */
export async function signalWhenAsleep(sys: Sys, h: Handshake, target: number, sig: string): Promise<void> {
  await awaitReady(sys, h);
  await sys.kill(target, sig);
}

/** siginfo in words: the fields that do not depend on the kernel's pid numbering. */
export function showInfo(info: SigInfo | undefined, sender: number): string {
  if (info === undefined) return 'no info';
  const extra = info.si_value !== undefined ? ` si_value ${info.si_value}`
    : info.si_status !== undefined ? ` si_status ${info.si_status}` : '';
  return `si_signo ${info.si_signo} si_code ${info.si_code} from sender: ${info.si_pid === sender}${extra}`;
}
