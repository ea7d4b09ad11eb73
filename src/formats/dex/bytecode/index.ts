/** Dalvik bytecode: opcode table, instruction formats, and the reference-collecting walker. */
export * from './formats.js';
export * from './opcodes.js';
export * from './references.js';
export * from './reference-view.js';
export * from './instruction-list.js';
export * from './walker.js';
export * from './decode.js';
export * from './semantics.js';
