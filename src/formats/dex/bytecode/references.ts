/**
 * What an instruction refers to in the dex constant pools, and a compact
 * struct-of-arrays list of such references (one method can hold thousands of
 * call sites; an app millions, so no object per reference until asked).
 */

/** Kinds of reference the walker reports (one number each so they fit a Uint8Array). */
export enum ReferenceKind {
  None = 0,
  /** const-string, const-string/jumbo: string_ids index. */
  String,
  /** instance-of, new-array, filled-new-array(/range): type_ids index. */
  Type,
  NewInstance,
  ConstClass,
  CheckCast,
  /** invoke-*: method_ids index. */
  Invoke,
  /** iget*, sget*: field_ids index. */
  FieldRead,
  /** iput*, sput*: field_ids index. */
  FieldWrite,
  /** invoke-custom(/range): call_site_ids index. */
  CallSite,
  /** const-method-handle: method_handles index. */
  MethodHandle,
  /** const-method-type and the second index of invoke-polymorphic: proto_ids index. */
  Proto,
}

export type ReferenceKindName =
  | 'string'
  | 'type'
  | 'new-instance'
  | 'const-class'
  | 'check-cast'
  | 'invoke'
  | 'field-read'
  | 'field-write'
  | 'call-site'
  | 'method-handle'
  | 'proto';

export const REFERENCE_KIND_NAMES: readonly (ReferenceKindName | 'none')[] = [
  'none',
  'string',
  'type',
  'new-instance',
  'const-class',
  'check-cast',
  'invoke',
  'field-read',
  'field-write',
  'call-site',
  'method-handle',
  'proto',
];

/** How an invoke dispatches (dalvik-bytecode, opcodes 6e..78, fa..fd). */
export enum InvokeKind {
  None = 0,
  Virtual,
  Super,
  Direct,
  Static,
  Interface,
  Polymorphic,
  Custom,
}

export type InvokeKindName = 'virtual' | 'super' | 'direct' | 'static' | 'interface' | 'polymorphic' | 'custom';

export const INVOKE_KIND_NAMES: readonly (InvokeKindName | undefined)[] = [
  undefined,
  'virtual',
  'super',
  'direct',
  'static',
  'interface',
  'polymorphic',
  'custom',
];

/** One reference, materialised on request. */
export interface InstructionReference {
  readonly kind: ReferenceKindName;
  readonly opcode: number;
  readonly invokeKind?: InvokeKindName;
  /** True for the `/range` invoke forms. */
  readonly range?: boolean;
  /** Index into the string/type/field/method/call-site/method-handle/proto table. */
  readonly index: number;
  /** Offset within the method in code units (dexdump's `|0004:`). */
  readonly codeUnitOffset: number;
  /** Absolute file offset of the instruction (dexdump's left column). */
  readonly absoluteOffset: number;
}

const INITIAL_CAPACITY = 16;

/**
 * Growable struct-of-arrays. `push` is allocation-free except when doubling.
 * Offsets fit 32 bits: a dex file's header sizes are 32-bit (dex-format, header_item).
 */
export class ReferenceList {
  count = 0;
  kinds: Uint8Array;
  opcodes: Uint8Array;
  indices: Uint32Array;
  codeUnitOffsets: Uint32Array;
  absoluteOffsets: Uint32Array;

  constructor(capacity = INITIAL_CAPACITY) {
    const size = Math.max(1, capacity);
    this.kinds = new Uint8Array(size);
    this.opcodes = new Uint8Array(size);
    this.indices = new Uint32Array(size);
    this.codeUnitOffsets = new Uint32Array(size);
    this.absoluteOffsets = new Uint32Array(size);
  }

  push(kind: ReferenceKind, opcode: number, index: number, codeUnitOffset: number, absoluteOffset: number): void {
    if (this.count === this.kinds.length) this.grow();
    const at = this.count++;
    this.kinds[at] = kind;
    this.opcodes[at] = opcode;
    this.indices[at] = index;
    this.codeUnitOffsets[at] = codeUnitOffset;
    this.absoluteOffsets[at] = absoluteOffset;
  }

  /** Forgets the contents but keeps the storage (reuse across methods). */
  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const widen = <T extends Uint8Array | Uint32Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.kinds = widen(this.kinds, new Uint8Array(size));
    this.opcodes = widen(this.opcodes, new Uint8Array(size));
    this.indices = widen(this.indices, new Uint32Array(size));
    this.codeUnitOffsets = widen(this.codeUnitOffsets, new Uint32Array(size));
    this.absoluteOffsets = widen(this.absoluteOffsets, new Uint32Array(size));
  }
}
