/** Decoded method bodies and their control-flow graphs (README.md). */
export { MethodBody, type PoolIds } from './body.js';
export { EDGES_PER_CODE_UNIT } from './cfg.js';
export { OpcodeFlag } from '../../formats/dex/bytecode/index.js';
/** @public: the types of the API's answers, for analyses outside the model (README.md). */
export { ControlFlowGraph, type SwitchCases } from './cfg.js';
/** @public */
export { type InstructionView, type MethodBodyInput } from './body.js';
/** @public */
export { type CatchClause, type TryRange } from './tries.js';
