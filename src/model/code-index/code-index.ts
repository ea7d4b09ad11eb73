/**
 * The code index of an app: who uses which string, who calls which method
 * (framework APIs and the app's own), who reads and writes which field, and
 * the class hierarchy. Queries take and return names as smali spells them
 * (`Lcom/a/B;->m(I)V`, `Lcom/a/B;->f:I`, `Lcom/a/B;`) and give every use with
 * its dex file and offsets as evidence.
 */
import {
  INVOKE_KIND_NAMES,
  OPCODE_INVOKE_KINDS,
  OPCODE_IS_RANGE,
  OPCODE_NAMES,
  REFERENCE_KIND_NAMES,
  ReferenceKind,
  type ReferenceKindName,
} from '../../formats/dex/bytecode/index.js';
import type { CodeItem } from '../../formats/dex/types.js';
import { MethodBody, type PoolIds } from '../method-body/index.js';
import type { ParsedDexSource } from '../code/index.js';
import { SPACE_OF_KIND, TargetSpace, type EdgeTable } from './edges.js';
import type { ClassHierarchy } from './hierarchy.js';
import type { Int32Column, Interner } from './interner.js';
import type { MemberTable } from './members.js';
import type {
  ClassInfo,
  CodeIndexStatistics,
  CodeReference,
  MemberResolution,
  MethodDefinition,
  SuperclassChain,
} from './types.js';

const CODE_UNIT_BYTES = 2;
/** Class ids the remembered descendant lists may hold in all (16 MB). */
const MAX_DESCENDANTS_HELD = 4 * 1024 * 1024;
const LOCAL_POOL_NAMES: Partial<Record<ReferenceKind, string>> = {
  [ReferenceKind.CallSite]: 'call_site',
  [ReferenceKind.MethodHandle]: 'method_handle',
  [ReferenceKind.Proto]: 'proto',
};

/** Where a defined method's code lies: its id, dex position and member row, the dex and its code_item. */
export interface MethodCode {
  readonly id: number;
  readonly position: number;
  readonly row: number;
  readonly source: ParsedDexSource;
  readonly code: CodeItem;
}

/** Everything the builder produced (internal; the class below is the public face). */
export interface CodeIndexState {
  readonly dexNames: readonly string[];
  /** The indexed dex files, by position (method bodies are decoded from them). */
  readonly sources: readonly ParsedDexSource[];
  /** Per position, the dex-local -> app-wide ids of its pools. */
  readonly translations: readonly PoolIds[];
  /** method id -> row in its defining dex's MemberColumns; -1 when not defined. */
  readonly methodMemberRow: Int32Column;
  readonly strings: Interner;
  readonly types: Interner;
  readonly methods: MemberTable;
  readonly fields: MemberTable;
  readonly hierarchy: ClassHierarchy;
  readonly edges: EdgeTable;
  readonly definedTypes: readonly number[];
  readonly methodInstructions: Int32Column;
  readonly methodAccess: Int32Column;
  /** method id -> its first row in the edge table, and how many rows its code has. */
  readonly methodFirstRow: Int32Column;
  readonly methodRowCount: Int32Column;
  readonly methodsDefined: number;
  readonly methodsWithCode: number;
  readonly codeUnits: number;
}

export interface FieldAccesses {
  readonly reads: CodeReference[];
  readonly writes: CodeReference[];
}

/** The member `signature` names, and with `followResolution` the members that resolve to it. */
function memberIds(table: MemberTable, signature: string, followResolution: boolean): number[] {
  const id = table.find(signature);
  if (id === undefined) return [];
  return followResolution ? [id, ...(table.resolvedFrom.get(id) ?? [])] : [id];
}

export class CodeIndex {
  /** descendantsOf's answers by type id, and the ids they hold in all. */
  private readonly descendants_ = new Map<number, Int32Array>();
  private descendantsHeld = 0;

  constructor(private readonly state: CodeIndexState) {}

  get dexNames(): readonly string[] {
    return this.state.dexNames;
  }

  statistics(): CodeIndexStatistics {
    const state = this.state;
    return {
      dexFiles: state.dexNames.length,
      classesDefined: state.definedTypes.length,
      methodsDefined: state.methodsDefined,
      methodsWithCode: state.methodsWithCode,
      instructionsWalkedCodeUnits: state.codeUnits,
      references: state.edges.count,
      strings: state.strings.size,
      types: state.types.size,
      methods: state.methods.size,
      fields: state.fields.size,
    };
  }

  /** Every const-string / const-string/jumbo that loads exactly `text`. */
  stringUses(text: string): CodeReference[] {
    const id = this.state.strings.find(text);
    return id === undefined ? [] : this.rows(this.state.edges.rowsOf(TargetSpace.String, id));
  }

  /** Strings loaded by the code (each once) with their number of uses. */
  *strings(): IterableIterator<{ text: string; uses: number }> {
    const { strings, edges } = this.state;
    const uses = edges.rowCounts(TargetSpace.String, strings.size);
    for (let id = 0; id < uses.length; id++) {
      // The interner also holds member names: only strings some instruction loads are yielded,
      // and only those are decoded (the names stay bytes in the dex; see Interner).
      const count = uses[id] as number;
      if (count > 0) yield { text: strings.value(id) as string, uses: count };
    }
  }

  /**
   * Call sites of `signature`. With `followResolution` (default) this also
   * includes calls written against a subclass or sub-interface that resolve
   * to it (e.g. `Lcom/app/MyManager;->getDeviceId()` on a TelephonyManager subclass).
   */
  callSitesOf(signature: string, followResolution = true): CodeReference[] {
    return this.memberUses(this.state.methods, TargetSpace.Method, signature, followResolution);
  }

  /**
   * The methods (code-index ids) holding the call sites `callSitesOf` lists, in the same order
   * and one per call site, without building each reference.
   */
  callerIdsOf(signature: string, followResolution = true): number[] {
    const { methods, edges } = this.state;
    const out: number[] = [];
    for (const member of memberIds(methods, signature, followResolution))
      for (const row of edges.rowsOf(TargetSpace.Method, member)) out.push(edges.callers[row] as number);
    return out;
  }

  fieldAccesses(signature: string, followResolution = true): FieldAccesses {
    const uses = this.memberUses(this.state.fields, TargetSpace.Field, signature, followResolution);
    return {
      reads: uses.filter((use) => use.kind === 'field-read'),
      writes: uses.filter((use) => use.kind === 'field-write'),
    };
  }

  /** new-instance, const-class, check-cast, instance-of, new-array, filled-new-array of `descriptor`. */
  typeUses(descriptor: string): CodeReference[] {
    const id = this.state.types.find(descriptor);
    return id === undefined ? [] : this.rows(this.state.edges.rowsOf(TargetSpace.Type, id));
  }

  /** Every reference made by the code of method `signature`, in code order. */
  referencesFrom(signature: string): CodeReference[] {
    const id = this.state.methods.find(signature);
    const first = id === undefined ? -1 : this.state.methodFirstRow.get(id);
    if (id === undefined || first < 0) return [];
    // A method's rows are contiguous: the builder appends them while walking its code, once.
    const count = this.state.methodRowCount.get(id);
    return this.rows(Uint32Array.from({ length: count }, (_, index) => first + index));
  }

  /** Signatures of the methods the app defines (in dex order). */
  *definedMethods(): IterableIterator<string> {
    const methods = this.state.methods;
    for (let id = 0; id < methods.size; id++) if (methods.isDefined(id)) yield methods.signature(id);
  }

  /** Descriptors of the classes the app defines (the loaded copy of each), in dex order. */
  *definedClasses(): IterableIterator<string> {
    for (const type of this.state.definedTypes) yield this.state.types.value(type) ?? '';
  }

  /** Where the app defines method `signature`: dex, access flags, offset of its first instruction (undefined: no code). */
  methodDefinition(signature: string): MethodDefinition | undefined {
    const { methods, dexNames, methodAccess, methodInstructions } = this.state;
    const id = methods.find(signature);
    if (id === undefined || !methods.isDefined(id)) return undefined;
    const instructions = methodInstructions.get(id);
    return {
      dex: dexNames[methods.definingDex.get(id)] ?? '',
      accessFlags: methodAccess.get(id),
      instructionsOffset: instructions < 0 ? undefined : instructions,
    };
  }

  /** Methods referenced by the code but defined by no dex of the app: framework and unshipped APIs. */
  *externalMethods(): IterableIterator<string> {
    const methods = this.state.methods;
    for (let id = 0; id < methods.size; id++) {
      if (!methods.isDefined(id) && !this.state.hierarchy.isDefined(methods.classType.get(id)))
        yield methods.signature(id);
    }
  }

  /**
   * The decoded body of a method the app defines (by signature or code-index id): its
   * instructions, registers, references, try ranges and control-flow graph, decoded now
   * from the dex bytes (src/model/method-body/README.md). Undefined when the app does not
   * define the method (framework, shadowed copy) or it has no code (abstract, native).
   */
  methodBody(method: string | number): MethodBody | undefined {
    const found = this.methodCode(method);
    if (found === undefined) return undefined;
    const { id, position, row, source, code } = found;
    return new MethodBody({
      dex: source.dex,
      dexName: source.name,
      methodIndex: source.dex.members.methodIndexes[row] as number,
      accessFlags: this.state.methodAccess.get(id),
      code,
      methodId: id,
      ids: this.state.translations[position],
    });
  }

  /**
   * The dex and code_item of a method the app defines (by signature or code-index id): the
   * loaded copy whose code the index walked. Undefined as for methodBody.
   */
  methodCode(method: string | number): MethodCode | undefined {
    const { methods, sources, methodMemberRow } = this.state;
    const id = typeof method === 'number' ? method : methods.find(method);
    if (id === undefined || id < 0 || id >= methods.size || !methods.isDefined(id)) return undefined;
    const position = methods.definingDex.get(id);
    const source = sources[position];
    const row = methodMemberRow.get(id);
    const code = source?.dex.members.codeItem(row);
    if (source === undefined || code === undefined) return undefined;
    return { id, position, row, source, code };
  }

  /** Size of the method id space (ids are 0 .. methodIdCount - 1: defined, referenced and resolved-to methods). */
  get methodIdCount(): number {
    return this.state.methods.size;
  }

  /** Code-index id of a method spelled as smali does, when the code defines or refers to it. */
  methodId(signature: string): number | undefined {
    return this.state.methods.find(signature);
  }

  /** `Lcom/a/B;->m(I)V` of method id `id`. */
  methodSignature(id: number): string {
    return this.state.methods.signature(id);
  }

  /** True when the app defines method `id` (the loaded copy). */
  isMethodDefined(id: number): boolean {
    return id >= 0 && id < this.state.methods.size && this.state.methods.isDefined(id);
  }

  /**
   * Where method `id` resolves (JVMS 5.4.3.3, through the app's own classes): the app
   * definition it denotes, or the same member on the first ancestor the app does not
   * define; `id` itself when it is defined or nothing better is known.
   */
  resolvedMethod(id: number): number {
    return this.state.methods.resolved(id);
  }

  /** Ids of the methods the app defines, in dex order. */
  *definedMethodIds(): IterableIterator<number> {
    const methods = this.state.methods;
    for (let id = 0; id < methods.size; id++) if (methods.isDefined(id)) yield id;
  }

  /**
   * App-defined methods that override method `id` (same name and proto) in the app's
   * subclasses and implementers of its class, transitively: with resolvedMethod, the
   * targets class-hierarchy analysis gives a virtual or interface call.
   */
  overridingMethods(id: number): number[] {
    const { methods } = this.state;
    if (id < 0 || id >= methods.size) return [];
    const name = methods.nameId.get(id);
    const shape = methods.shapeId.get(id);
    const found: number[] = [];
    for (const child of this.descendantsOf(methods.classType.get(id))) {
      const candidate = methods.lookup(child, name, shape);
      if (candidate !== undefined && methods.isDefined(candidate)) found.push(candidate);
    }
    return found;
  }

  /**
   * The app's subclasses and implementers of `type`, transitively, breadth first (each
   * class once): walked once per type, not once per method asked about on it.
   */
  private descendantsOf(type: number): Int32Array {
    const known = this.descendants_.get(type);
    if (known !== undefined) return known;
    const { hierarchy } = this.state;
    const seen = new Set<number>([type]);
    const queue = [type];
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head] as number;
      for (const children of [hierarchy.subclasses.get(current), hierarchy.implementers.get(current)]) {
        if (children === undefined) continue;
        for (const child of children) {
          if (seen.has(child)) continue;
          seen.add(child);
          queue.push(child);
        }
      }
    }
    const descendants = Int32Array.from(queue.slice(1));
    // A hostile chain of n classes would hold n²/2 ids: past the cap, answers are walked afresh.
    if (this.descendantsHeld + descendants.length <= MAX_DESCENDANTS_HELD) {
      this.descendantsHeld += descendants.length;
      this.descendants_.set(type, descendants);
    }
    return descendants;
  }

  fieldId(signature: string): number | undefined {
    return this.state.fields.find(signature);
  }

  /** `Lcom/a/B;->f:I` of field id `id`. */
  fieldSignature(id: number): string {
    return this.state.fields.signature(id);
  }

  /** Where field `id` resolves (JVMS 5.4.3.2, through the app's own classes); `id` itself when defined or unknown. */
  resolvedField(id: number): number {
    return this.state.fields.resolved(id);
  }

  /** Text of string id `id` (MethodBody.referenceId of a const-string). */
  stringValue(id: number): string | undefined {
    return this.state.strings.value(id);
  }

  /** Descriptor of type id `id`. */
  typeDescriptor(id: number): string | undefined {
    return this.state.types.value(id);
  }

  typeId(descriptor: string): number | undefined {
    return this.state.types.find(descriptor);
  }

  resolveMethod(signature: string): MemberResolution | undefined {
    return resolution(this.state.methods, signature);
  }

  resolveField(signature: string): MemberResolution | undefined {
    return resolution(this.state.fields, signature);
  }

  classInfo(descriptor: string): ClassInfo | undefined {
    const { types, hierarchy, dexNames } = this.state;
    const id = types.find(descriptor);
    if (id === undefined) return undefined;
    const names = (ids: readonly number[] | undefined): string[] => (ids ?? []).map((type) => types.value(type) ?? '');
    const dex = hierarchy.definingDex.get(id);
    const superclass = hierarchy.superclass.get(id);
    return {
      descriptor,
      definition:
        dex < 0
          ? undefined
          : {
              dex: dexNames[dex] ?? '',
              offset: hierarchy.definitionOffset.get(id),
              accessFlags: hierarchy.accessFlags.get(id),
            },
      superclass: superclass < 0 ? undefined : types.value(superclass),
      interfaces: names(hierarchy.interfaces.get(id)),
      subclasses: names(hierarchy.subclasses.get(id)),
      implementers: names(hierarchy.implementers.get(id)),
    };
  }

  superclassChain(descriptor: string): SuperclassChain {
    const { types, hierarchy } = this.state;
    const id = types.find(descriptor);
    if (id === undefined) return { chain: [descriptor], cycle: false };
    const { chain, cycle } = hierarchy.chain(id);
    return { chain: chain.map((type) => types.value(type) ?? ''), cycle };
  }

  /** Every app class below `descriptor` (subclasses and implementers, transitively; cycle-safe). */
  descendants(descriptor: string): string[] {
    const { types, hierarchy } = this.state;
    const start = types.find(descriptor);
    if (start === undefined) return [];
    const seen = new Set<number>([start]);
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const type = queue[head] as number;
      for (const child of [...(hierarchy.subclasses.get(type) ?? []), ...(hierarchy.implementers.get(type) ?? [])]) {
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return queue.slice(1).map((type) => types.value(type) ?? '');
  }

  private memberUses(
    table: MemberTable,
    space: TargetSpace,
    signature: string,
    followResolution: boolean,
  ): CodeReference[] {
    return memberIds(table, signature, followResolution).flatMap((member) =>
      this.rows(this.state.edges.rowsOf(space, member)),
    );
  }

  private rows(rows: Uint32Array): CodeReference[] {
    const out: CodeReference[] = [];
    for (const row of rows) out.push(this.reference(row));
    return out;
  }

  private reference(row: number): CodeReference {
    const { edges, methods, dexNames } = this.state;
    const kind = edges.kinds[row] as ReferenceKind;
    const opcode = edges.opcodes[row] as number;
    const caller = edges.callers[row] as number;
    const absoluteOffset = edges.absoluteOffsets[row] as number;
    const invokeKind = kind === ReferenceKind.Proto ? undefined : INVOKE_KIND_NAMES[OPCODE_INVOKE_KINDS[opcode] ?? 0];
    const callerSignature = methods.signature(caller);
    const dex = dexNames[methods.definingDex.get(caller)] ?? '';
    const codeUnitOffset = (absoluteOffset - this.state.methodInstructions.get(caller)) / CODE_UNIT_BYTES;
    const mnemonic = OPCODE_NAMES[opcode] ?? '';
    const kindName = REFERENCE_KIND_NAMES[kind] as ReferenceKindName;
    const target = this.targetName(row, kind);
    // One object literal per shape, keys in the same order (a spread built the base twice).
    if (invokeKind === undefined)
      return { caller: callerSignature, dex, absoluteOffset, codeUnitOffset, opcode, mnemonic, kind: kindName, target };
    return {
      caller: callerSignature,
      dex,
      absoluteOffset,
      codeUnitOffset,
      opcode,
      mnemonic,
      kind: kindName,
      target,
      invokeKind,
      range: OPCODE_IS_RANGE[opcode] === 1,
    };
  }

  private targetName(row: number, kind: ReferenceKind): string {
    const { edges, strings, types, methods, fields } = this.state;
    const target = edges.targets[row] as number;
    switch (SPACE_OF_KIND[kind]) {
      case TargetSpace.String:
        return strings.value(target) ?? '';
      case TargetSpace.Type:
        return types.value(target) ?? '';
      case TargetSpace.Method:
        return methods.signature(target);
      case TargetSpace.Field:
        return fields.signature(target);
      default:
        return `${LOCAL_POOL_NAMES[kind] ?? 'index'}@${target}`;
    }
  }
}

function resolution(table: MemberTable, signature: string): MemberResolution | undefined {
  const id = table.find(signature);
  if (id === undefined) return undefined;
  const resolved = table.resolved(id);
  return { reference: signature, resolved: table.signature(resolved), definedInApp: table.isDefined(resolved) };
}
