// mmap, munmap, mprotect, msync conformance: every case in mmap.cases.ts on the simulator and, on
// Linux, natively.
import { conformance } from './harness.js';
import * as cases from './mmap.cases.js';

conformance(new URL('./mmap.cases.ts', import.meta.url).href, cases);
