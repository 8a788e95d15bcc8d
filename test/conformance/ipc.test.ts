// Conformance of the rules all System V IPC shares (ids, keys, permissions) and ftok: every case
// in ipc.cases.ts on the simulator and, on Linux, natively (permission cases natively as root only).
import { conformance } from './harness.js';
import * as cases from './ipc.cases.js';

conformance(new URL('./ipc.cases.ts', import.meta.url).href, cases);
