/** Public model of the code index: what the queries return. Offsets are evidence. */
import type { InvokeKindName, ReferenceKindName } from '../../formats/dex/bytecode/index.js';

/** One instruction that refers to something. */
export interface CodeReference {
  /** Signature of the method whose code holds the instruction: `Lcom/a/B;->m(I)V`. */
  readonly caller: string;
  /** Dex entry name holding the instruction. */
  readonly dex: string;
  /** Offset of the instruction in its dex file (dexdump's left column). */
  readonly absoluteOffset: number;
  /** Offset within the method in code units (dexdump's `|0004:`). */
  readonly codeUnitOffset: number;
  readonly opcode: number;
  readonly mnemonic: string;
  readonly kind: ReferenceKindName;
  readonly invokeKind?: InvokeKindName;
  readonly range?: boolean;
  /** What the instruction names as written (signature, descriptor, string; or `call_site@N` for dex-local pools). */
  readonly target: string;
}

interface ClassDefinition {
  readonly dex: string;
  /** Absolute offset of class_def_item in that dex. */
  readonly offset: number;
  readonly accessFlags: number;
}

export interface MethodDefinition {
  readonly dex: string;
  readonly accessFlags: number;
  /** Offset of insns[0] in the dex; undefined for abstract and native methods. */
  readonly instructionsOffset: number | undefined;
}

export interface ClassInfo {
  readonly descriptor: string;
  /** Undefined for classes the app only references (framework, libraries not shipped). */
  readonly definition: ClassDefinition | undefined;
  readonly superclass: string | undefined;
  readonly interfaces: readonly string[];
  /** App classes whose superclass this is. */
  readonly subclasses: readonly string[];
  /** App classes (and interfaces) that list this among their interfaces. */
  readonly implementers: readonly string[];
}

export interface SuperclassChain {
  /** Starting class first; ends at the first class the app does not define, or where a cycle closes. */
  readonly chain: readonly string[];
  /** True when the chain loops (a hostile hierarchy; the runtime would refuse to load it). */
  readonly cycle: boolean;
}

export interface MemberResolution {
  /** The member as referenced. */
  readonly reference: string;
  /** Where it resolves: an app definition, or the member on the first ancestor the app does not define. */
  readonly resolved: string;
  /** True when `resolved` is defined in the app's code. */
  readonly definedInApp: boolean;
}

export interface CodeIndexStatistics {
  readonly dexFiles: number;
  readonly classesDefined: number;
  readonly methodsDefined: number;
  readonly methodsWithCode: number;
  readonly instructionsWalkedCodeUnits: number;
  readonly references: number;
  readonly strings: number;
  readonly types: number;
  readonly methods: number;
  readonly fields: number;
}
