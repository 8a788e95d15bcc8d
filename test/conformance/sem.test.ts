// System V semaphore conformance: every case in sem.cases.ts on the simulator and, on Linux, natively.
import { conformance } from './harness.js';
import * as cases from './sem.cases.js';

conformance(new URL('./sem.cases.ts', import.meta.url).href, cases);
