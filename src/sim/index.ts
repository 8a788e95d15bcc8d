// The simulator, usable on its own (in a browser too): give it a scenario and the kernel's wasm.
export { Simulation, compileKernel, type SimOptions, type WasmSource } from './simulation.js';
export { defineScenario } from '../scenarios/define.js';
