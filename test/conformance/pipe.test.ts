// Pipe conformance: every case in pipe.cases.ts on the simulator and, on Linux, natively.
import { conformance } from './harness.js';
import * as cases from './pipe.cases.js';

conformance(new URL('./pipe.cases.ts', import.meta.url).href, cases);
