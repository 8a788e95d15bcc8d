// Signal conformance: every case in signal.cases.ts on the simulator and, on Linux, natively.
import { conformance } from './harness.js';
import * as cases from './signal.cases.js';

conformance(new URL('./signal.cases.ts', import.meta.url).href, cases);
