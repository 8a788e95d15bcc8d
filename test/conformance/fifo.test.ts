// FIFO conformance: every case in fifo.cases.ts on the simulator and, on Linux, natively.
import { conformance } from './harness.js';
import * as cases from './fifo.cases.js';

conformance(new URL('./fifo.cases.ts', import.meta.url).href, cases);
