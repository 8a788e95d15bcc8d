// POSIX shared memory conformance: every case in posix-shm.cases.ts on the simulator and, on
// Linux, natively.
import { conformance } from './harness.js';
import * as cases from './posix-shm.cases.js';

conformance(new URL('./posix-shm.cases.ts', import.meta.url).href, cases);
