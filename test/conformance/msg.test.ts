// System V message-queue conformance: every case in msg.cases.ts on the simulator and, on Linux,
// natively (the permission cases natively only when run as root).
import { conformance } from './harness.js';
import * as cases from './msg.cases.js';

conformance(new URL('./msg.cases.ts', import.meta.url).href, cases);
