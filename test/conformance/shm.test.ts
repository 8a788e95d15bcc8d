// System V shared memory conformance: every case in shm.cases.ts on the simulator and, on Linux,
// natively.
import { conformance } from './harness.js';
import * as cases from './shm.cases.js';

conformance(new URL('./shm.cases.ts', import.meta.url).href, cases);
