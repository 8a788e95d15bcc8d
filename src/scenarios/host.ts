// What the host gives a native run, so a simulator run can be made comparable to it.
import { readFileSync } from 'node:fs';
import { CAPS } from '../sim/abi.js';

/**
 * The capabilities this process has (CapEff of /proc/self/status, by name), so that root on the
 * simulator has what root has on the native judge (a container's root may lack some, e.g.
 * CAP_SYS_RESOURCE). undefined off Linux or when unreadable.
 */
export function hostCapabilities(): string[] | undefined {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return undefined;
  }
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  if (!m) return undefined;
  const mask = BigInt(`0x${m[1]}`);
  return Object.entries(CAPS).filter(([, bit]) => (mask >> BigInt(bit)) & 1n).map(([name]) => name);
}

/** Sim options matching the native run of the same scenario on this host (root's capabilities). */
export function matchHost(): { capabilities?: string[] } {
  const caps = process.getuid?.() === 0 ? hostCapabilities() : undefined;
  return caps ? { capabilities: caps } : {};
}
