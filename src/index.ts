// The package root: everything a scenario, a test or a tool imports from 'ipcsim'.
export { defineScenario } from './scenarios/define.js';
export { runScenario } from './scenarios/run.js';
export { compareRuns } from './scenarios/compare.js';
export { constants, signalName, signalNumber } from './api/constants.js';
export { ERRNO, errnoName } from './api/errno.js';
export { SysError, KernelPanic } from './api/errors.js';
export type * from './api/types.js';
export type * from './api/snapshot.js';
