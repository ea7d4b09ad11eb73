/**
 * What the flow analysis asks of an app's code, answered once and remembered on the
 * per-app Program object: method bodies by signature, the class hierarchy (app classes from
 * the code index, framework classes from framework-types.ts), which methods a call may run,
 * and who calls a method or reads a field.
 */
import type { CodeIndex, CodeReference } from '../model/code-index/index.js';
import type { ClassDef, ParsedDexSource as DexSource } from '../model/code/index.js';
import type { MethodBody as ModelBody } from '../model/method-body/index.js';
import { analysisBody, invokesAny, type ReferenceNames } from './ir/from-model.js';
import { parseDescriptor, type MethodBody } from './ir/types.js';
import { blockLayout, type BlockLayout } from './ir/blocks.js';
import { isExactInvoke, isInvoke } from './ir/opcodes.js';
import { frameworkSupertypes, isPlatformClass } from './framework-types.js';

function remembered(texts: Map<number, string>, id: number, make: () => string): string {
  let text = texts.get(id);
  if (text === undefined) {
    text = make();
    texts.set(id, text);
  }
  return text;
}

/** A call's possible targets: app methods with code, and the framework method when one may run. */
export interface Dispatch {
  readonly targets: readonly string[];
  readonly framework: string | undefined;
  /** More app targets existed than MAX_TARGETS: only the first ones (in class order) are listed. */
  readonly truncated: boolean;
}

/** A receiver's possible class: exact when the object was made by new-instance of it. */
export interface ReceiverType {
  readonly type: string;
  readonly exact: boolean;
}

/** App methods one virtual call may run, at most (CHA over a popular interface can list hundreds). */
const MAX_TARGETS = 8;
const OBJECT = 'Ljava/lang/Object;';

export function splitSignature(signature: string): { owner: string; name: string; descriptor: string } {
  const arrow = signature.indexOf('->');
  const paren = signature.indexOf('(', arrow);
  return {
    owner: signature.slice(0, arrow),
    name: signature.slice(arrow + 2, paren < 0 ? undefined : paren),
    descriptor: paren < 0 ? '' : signature.slice(paren),
  };
}

/** A method signature's parts, and its descriptor's parameter and return types. */
export interface SignatureParts {
  readonly owner: string;
  readonly name: string;
  readonly descriptor: string;
  /** `Lcom/a/B;->m`: the key tables file rows under when they cover every overload. */
  readonly ownerAndName: string;
  readonly parameters: readonly string[];
  readonly returnType: string;
}

/** Where a class is defined: its dex and class_def. */
export interface ClassPlace {
  readonly source: DexSource;
  readonly classDef: ClassDef;
}

export class Program {
  private classMap: ReadonlyMap<string, ClassPlace> | undefined;
  private readonly bodies = new Map<string, MethodBody | undefined>();
  /** Model bodies asked only whether they exist or how long they are (not yet turned into analysis bodies). */
  private readonly modelBodies = new Map<string, ModelBody | undefined>();
  private readonly lengths = new Map<string, number>();
  /** hasCode's answers by signature. */
  private readonly codeKnown = new Map<string, boolean>();
  /** Method and field signatures by code-index id, built once per app. */
  private readonly methodTexts = new Map<number, string>();
  private readonly fieldTexts = new Map<number, string>();
  private readonly names: ReferenceNames = {
    method: (id) => remembered(this.methodTexts, id, () => this.code.methodSignature(id)),
    field: (id) => remembered(this.fieldTexts, id, () => this.code.fieldSignature(id)),
  };
  private readonly supertypeCache = new Map<string, readonly string[]>();
  private readonly ancestorSets = new Map<string, ReadonlySet<string>>();
  private readonly callerMethodCache = new Map<string, readonly string[]>();
  private readonly flagCache = new Map<string, number | undefined>();
  private readonly appClassCache = new Map<string, boolean>();
  /** Superclass chains by class (resolveIn asks one per class and method name). */
  private readonly chainCache = new Map<string, readonly string[]>();
  private readonly descendantCache = new Map<string, readonly string[]>();
  private readonly resolveCache = new Map<string, { app?: string; framework?: string }>();
  private readonly dispatchCache = new Map<
    string,
    {
      exactCall: Dispatch | undefined;
      unknown: Dispatch | undefined;
      single: Map<string, [Dispatch | undefined, Dispatch | undefined]>;
      several: Map<string, Dispatch>;
    }
  >();
  private readonly layouts = new Map<string, BlockLayout>();
  private readonly fieldCache = new Map<string, string>();
  private readonly partsCache = new Map<string, SignatureParts>();
  private readonly ancestorCache = new Map<string, readonly string[]>();
  /** Per (root class, name and descriptor): its descendants' overrides with code, in class order, as far as scanned. */
  private readonly overrideScans = new Map<
    string,
    { found: string[]; next: number; defining: readonly number[] | undefined }
  >();
  private readonly inheritedCache = new Map<(signature: string) => unknown, Map<string, unknown>>();

  /**
   * `classes`: the app's class definitions by descriptor, the first in class-loading order, when
   * the caller already has them (the scan's per-app facts); built here otherwise.
   */
  constructor(
    readonly code: CodeIndex,
    private readonly dexSources: readonly DexSource[],
    private readonly classes?: () => ReadonlyMap<string, ClassPlace>,
  ) {}

  private classTable(): ReadonlyMap<string, ClassPlace> {
    if (this.classMap === undefined) {
      if (this.classes !== undefined) this.classMap = this.classes();
      else {
        const built = new Map<string, ClassPlace>();
        for (const source of this.dexSources)
          for (const classDef of source.dex.classDefs) {
            const descriptor = source.dex.typeName(classDef.classIndex);
            if (!built.has(descriptor)) built.set(descriptor, { source, classDef });
          }
        this.classMap = built;
      }
    }
    return this.classMap;
  }

  /** `signature` split, remembered (calls ask it of the same signature at every step that runs them). */
  parts(signature: string): SignatureParts {
    let parts = this.partsCache.get(signature);
    if (parts === undefined) {
      const { owner, name, descriptor } = splitSignature(signature);
      const { parameters, returnType } = parseDescriptor(descriptor);
      parts = { owner, name, descriptor, ownerAndName: `${owner}->${name}`, parameters, returnType };
      this.partsCache.set(signature, parts);
    }
    return parts;
  }

  /** The decoded body of an app method with code (undefined: framework, abstract or native). */
  body(signature: string): MethodBody | undefined {
    if (this.bodies.has(signature)) return this.bodies.get(signature);
    const decoded = this.modelBody(signature);
    this.modelBodies.delete(signature);
    const body = decoded === undefined ? undefined : analysisBody(decoded, this.names);
    this.bodies.set(signature, body);
    return body;
  }

  /** True when an invoke in `signature`'s code names a method `test` accepts (no analysis body is built for it). */
  invokesAny(signature: string, test: (reference: string) => boolean): boolean {
    const body = this.bodies.get(signature);
    if (body !== undefined)
      return body.instructions.some((instruction) => isInvoke(instruction.opcode) && test(instruction.reference));
    if (this.bodies.has(signature)) return false;
    const decoded = this.modelBody(signature);
    return decoded !== undefined && invokesAny(decoded, test, this.names);
  }

  /** The model's body, decoded once; the analysis body is built from it only when a run needs it. */
  private modelBody(signature: string): ModelBody | undefined {
    if (this.modelBodies.has(signature)) return this.modelBodies.get(signature);
    const owner = splitSignature(signature).owner;
    const decoded = isPlatformClass(owner) ? undefined : this.code.methodBody(signature);
    this.modelBodies.set(signature, decoded);
    return decoded;
  }

  /**
   * True when `body(signature)` is defined: dispatch and reachability ask it of many methods they
   * never run, so the answer comes from the code index's code_item (methodCode: what methodBody
   * decodes when it is defined), without decoding the instructions.
   */
  hasCode(signature: string): boolean {
    const body = this.bodies.get(signature);
    if (body !== undefined) return true;
    if (this.bodies.has(signature)) return false;
    let known = this.codeKnown.get(signature);
    if (known === undefined) {
      known = this.modelBodies.has(signature)
        ? this.modelBodies.get(signature) !== undefined
        : !isPlatformClass(splitSignature(signature).owner) && this.code.methodCode(signature) !== undefined;
      this.codeKnown.set(signature, known);
    }
    return known;
  }

  /** `body(signature)?.instructions.length` (payload pseudo-instructions left out), or undefined without code. */
  instructionCount(signature: string): number | undefined {
    const body = this.bodies.get(signature);
    if (body !== undefined) return body.instructions.length;
    if (this.bodies.has(signature)) return undefined;
    let count = this.lengths.get(signature);
    if (count === undefined) {
      const decoded = this.modelBody(signature);
      if (decoded === undefined) return undefined;
      count = 0;
      for (let index = 0; index < decoded.count; index++) if (!decoded.isPayload(index)) count++;
      this.lengths.set(signature, count);
    }
    return count;
  }

  /** The basic blocks of a body (computed once per method). */
  blocks(body: MethodBody): BlockLayout {
    let layout = this.layouts.get(body.signature);
    if (layout === undefined) {
      layout = blockLayout(body);
      this.layouts.set(body.signature, layout);
    }
    return layout;
  }

  /** Signatures of the methods `descriptor` defines (with code or not). */
  methodsOf(descriptor: string): string[] {
    const found = isPlatformClass(descriptor) ? undefined : this.classTable().get(descriptor);
    const data = found?.classDef.classData;
    if (found === undefined || data === undefined) return [];
    return [...data.directMethods, ...data.virtualMethods].map((method) =>
      found.source.dex.methodSignature(method.methodIndex),
    );
  }

  /** True when the app defines `signature` (with or without code). */
  defines(signature: string): boolean {
    return this.accessFlags(signature) !== undefined;
  }

  /** Access flags of an app method, undefined when the app does not define it. */
  accessFlags(signature: string): number | undefined {
    if (this.flagCache.has(signature)) return this.flagCache.get(signature);
    const flags = this.code.methodDefinition(signature)?.accessFlags;
    this.flagCache.set(signature, flags);
    return flags;
  }

  /** App classes below `descriptor` (code index, remembered). */
  descendants(descriptor: string): readonly string[] {
    let cached = this.descendantCache.get(descriptor);
    if (cached === undefined) {
      cached = this.code.descendants(descriptor);
      this.descendantCache.set(descriptor, cached);
    }
    return cached;
  }

  /** True for classes the app defines outside the platform packages (framework-types.ts); remembered (steps ask it). */
  isAppClass(descriptor: string): boolean {
    let cached = this.appClassCache.get(descriptor);
    if (cached === undefined) {
      cached = !isPlatformClass(descriptor) && this.code.classInfo(descriptor)?.definition !== undefined;
      this.appClassCache.set(descriptor, cached);
    }
    return cached;
  }

  /** Direct supertypes: the app's superclass and interfaces, or the framework table's. */
  supertypes(descriptor: string): readonly string[] {
    let cached = this.supertypeCache.get(descriptor);
    if (cached === undefined) {
      const info = this.code.classInfo(descriptor);
      cached =
        info?.definition !== undefined
          ? [...(info.superclass === undefined ? [] : [info.superclass]), ...info.interfaces]
          : frameworkSupertypes(descriptor);
      this.supertypeCache.set(descriptor, cached);
    }
    return cached;
  }

  /** Every supertype of `descriptor`, itself first, breadth first (cycle-safe; remembered). */
  ancestors(descriptor: string): readonly string[] {
    let cached = this.ancestorCache.get(descriptor);
    if (cached === undefined) {
      const seen = new Set([descriptor]);
      const queue = [descriptor];
      for (let head = 0; head < queue.length; head++)
        for (const parent of this.supertypes(queue[head] as string))
          if (!seen.has(parent)) {
            seen.add(parent);
            queue.push(parent);
          }
      cached = queue;
      this.ancestorCache.set(descriptor, cached);
    }
    return cached;
  }

  /**
   * What `lookup` (a static table's) gives for `signature`'s method on its class or the nearest
   * supertype that has a row, remembered per table and signature.
   */
  inherited<T>(lookup: (signature: string) => T | undefined, signature: string): T | undefined {
    let byTable = this.inheritedCache.get(lookup);
    if (byTable === undefined) {
      byTable = new Map();
      this.inheritedCache.set(lookup, byTable);
    }
    if (byTable.has(signature)) return byTable.get(signature) as T | undefined;
    const { owner, name, descriptor } = splitSignature(signature);
    let found: T | undefined;
    for (const ancestor of this.ancestors(owner)) {
      found = lookup(`${ancestor}->${name}${descriptor}`);
      if (found !== undefined) break;
    }
    byTable.set(signature, found);
    return found;
  }

  isSubtype(sub: string, sup: string): boolean {
    if (sub === sup || sup === OBJECT) return true;
    return this.ancestorSet(sub).has(sup);
  }

  /** `ancestors(descriptor)` as a set (remembered). */
  ancestorSet(descriptor: string): ReadonlySet<string> {
    let cached = this.ancestorSets.get(descriptor);
    if (cached === undefined) {
      cached = new Set(this.ancestors(descriptor));
      this.ancestorSets.set(descriptor, cached);
    }
    return cached;
  }

  /** The method `nameAndDescriptor` runs on an object of class `descriptor`: an app signature with code, or the framework one. */
  resolveIn(descriptor: string, nameAndDescriptor: string): { app?: string; framework?: string } {
    const key = `${descriptor}->${nameAndDescriptor}`;
    let cached = this.resolveCache.get(key);
    if (cached === undefined) {
      cached = this.resolveUncached(descriptor, nameAndDescriptor);
      this.resolveCache.set(key, cached);
    }
    return cached;
  }

  private resolveUncached(descriptor: string, nameAndDescriptor: string): { app?: string; framework?: string } {
    let chain = this.chainCache.get(descriptor);
    if (chain === undefined) {
      chain = this.code.superclassChain(descriptor).chain;
      this.chainCache.set(descriptor, chain);
    }
    for (const owner of chain) {
      const signature = `${owner}->${nameAndDescriptor}`;
      if (isPlatformClass(owner)) return { framework: signature };
      if (this.defines(signature)) return this.hasCode(signature) ? { app: signature } : {};
    }
    const last = chain[chain.length - 1] ?? descriptor;
    return { framework: `${this.isAppClass(last) ? OBJECT : last}->${nameAndDescriptor}` };
  }

  /** What an invoke of `signature` may run, narrowed by what is known of the receiver. */
  dispatch(signature: string, opcode: number, receivers: readonly ReceiverType[] | undefined): Dispatch {
    // Filed by signature, then by what is known of the receivers: the signature and type strings are
    // the shared ones (their hashes kept), where one key concatenating them would be built and hashed per call.
    let bySignature = this.dispatchCache.get(signature);
    if (bySignature === undefined) {
      bySignature = { exactCall: undefined, unknown: undefined, single: new Map(), several: new Map() };
      this.dispatchCache.set(signature, bySignature);
    }
    // An exact invoke ignores the receivers; no receiver known (or none listed) dispatches alike.
    if (isExactInvoke(opcode)) return (bySignature.exactCall ??= this.dispatchUncached(signature, opcode, receivers));
    if (receivers === undefined || receivers.length === 0)
      return (bySignature.unknown ??= this.dispatchUncached(signature, opcode, receivers));
    if (receivers.length === 1) {
      const receiver = receivers[0] as ReceiverType;
      let byExactness = bySignature.single.get(receiver.type);
      if (byExactness === undefined) {
        byExactness = [undefined, undefined];
        bySignature.single.set(receiver.type, byExactness);
      }
      const position = receiver.exact ? 1 : 0;
      return (byExactness[position] ??= this.dispatchUncached(signature, opcode, receivers));
    }
    const key = receivers.map((receiver) => `${receiver.type}${receiver.exact ? '!' : ''}`).join(',');
    let cached = bySignature.several.get(key);
    if (cached === undefined) {
      cached = this.dispatchUncached(signature, opcode, receivers);
      bySignature.several.set(key, cached);
    }
    return cached;
  }

  private dispatchUncached(
    signature: string,
    opcode: number,
    receivers: readonly ReceiverType[] | undefined,
  ): Dispatch {
    const { owner, name, descriptor } = splitSignature(signature);
    const nameAndDescriptor = `${name}${descriptor}`;
    if (isExactInvoke(opcode)) {
      const resolved = this.code.resolveMethod(signature);
      const target = resolved?.resolved ?? signature;
      if (resolved?.definedInApp === true && !isPlatformClass(splitSignature(target).owner))
        return { targets: this.hasCode(target) ? [target] : [], framework: undefined, truncated: false };
      return { targets: [], framework: target, truncated: false };
    }
    const targets = new Set<string>();
    let framework: string | undefined;
    let truncated = false;
    // What is known of the receiver narrows the search only where it is an app class below the named one;
    // an object the framework made is only known to be of the named class (a cast told the code so).
    const useful = (receivers ?? []).filter(
      (receiver) => this.isAppClass(receiver.type) && this.isSubtype(receiver.type, owner),
    );
    const narrowed = receivers !== undefined && receivers.length > 0 && useful.length === receivers.length;
    const exact = narrowed && useful.every((receiver) => receiver.exact);
    const roots = narrowed ? useful.map((receiver) => receiver.type) : [owner];
    for (const root of [...new Set(roots)]) {
      const base = this.resolveIn(root, nameAndDescriptor);
      if (base.app !== undefined) targets.add(base.app);
      if (base.framework !== undefined) framework ??= base.framework;
      if (exact) continue;
      for (let index = 0; ; index++) {
        const candidate = this.override(root, nameAndDescriptor, index);
        if (candidate === undefined) break;
        if (targets.size >= MAX_TARGETS) {
          truncated = true;
          break;
        }
        targets.add(candidate);
      }
    }
    if (framework === undefined && !exact && !this.isAppClass(owner)) framework = signature;
    return { targets: [...targets], framework, truncated };
  }

  /**
   * The `index`-th descendant of `root` (code index order) that defines `nameAndDescriptor` with
   * code. Calls through one class and method recur with other receivers and signatures: each
   * descendant is examined once, and only as far as a dispatch has needed. When the code index
   * knows the method on `root`, it lists the descendants defining it (overridingMethods: the same
   * breadth-first order as descendants, by ids, without a signature text per class).
   */
  private override(root: string, nameAndDescriptor: string, index: number): string | undefined {
    const key = `${root}->${nameAndDescriptor}`;
    let scan = this.overrideScans.get(key);
    if (scan === undefined) {
      const id = this.code.methodId(key);
      scan = {
        found: [],
        next: 0,
        defining: id === undefined ? undefined : this.code.overridingMethods(id),
      };
      this.overrideScans.set(key, scan);
    }
    const found = scan.found;
    if (index < found.length) return found[index];
    if (scan.defining !== undefined) {
      const defining = scan.defining;
      while (found.length <= index && scan.next < defining.length) {
        const id = defining[scan.next] as number;
        scan.next++;
        // A definition without code (abstract, native) is never a target: its signature text is not built.
        if (this.code.methodCode(id) === undefined) continue;
        const candidate = this.names.method(id);
        if (this.hasCode(candidate)) found.push(candidate);
      }
      return found[index];
    }
    const descendants = this.descendants(root);
    while (found.length <= index && scan.next < descendants.length) {
      const candidate = `${descendants[scan.next] as string}->${nameAndDescriptor}`;
      scan.next++;
      if (this.defines(candidate) && this.hasCode(candidate)) found.push(candidate);
    }
    return found[index];
  }

  /**
   * The methods that may call `signature`, each once, in the order of their first call site:
   * calls naming it or a subclass's copy, calls through a supertype's method it overrides, and
   * for `<clinit>` the instructions that initialise the class (reachability and waking ask only
   * who calls, not where).
   */
  callerMethods(signature: string): readonly string[] {
    let cached = this.callerMethodCache.get(signature);
    if (cached === undefined) {
      const { owner, name, descriptor } = splitSignature(signature);
      const seen = new Set<string>();
      const out: string[] = [];
      const add = (caller: string): void => {
        if (!seen.has(caller)) {
          seen.add(caller);
          out.push(caller);
        }
      };
      for (const id of this.code.callerIdsOf(signature)) add(this.names.method(id));
      if (name !== '<init>' && name !== '<clinit>')
        for (const ancestor of this.ancestors(owner).slice(1))
          for (const id of this.code.callerIdsOf(`${ancestor}->${name}${descriptor}`, false))
            add(this.names.method(id));
      if (name === '<clinit>') for (const use of this.classUses(owner)) add(use.caller);
      cached = out;
      this.callerMethodCache.set(signature, cached);
    }
    return cached;
  }

  /** Instructions that make a class initialise (JLS 12.4.1): new-instance, static field access, static calls. */
  classUses(descriptor: string): CodeReference[] {
    const uses = this.code.typeUses(descriptor).filter((use) => use.kind === 'new-instance');
    const info = this.classTable().get(descriptor);
    const data = info?.classDef.classData;
    if (info !== undefined && data !== undefined) {
      const dex = info.source.dex;
      for (const field of data.staticFields) {
        const accesses = this.code.fieldAccesses(dex.fieldSignature(field.fieldIndex));
        uses.push(...accesses.reads, ...accesses.writes);
      }
      for (const method of data.directMethods)
        if (dex.methodName(method.methodIndex) !== '<clinit>')
          uses.push(
            ...this.code
              .callSitesOf(dex.methodSignature(method.methodIndex))
              .filter((use) => use.invokeKind === 'static'),
          );
    }
    return uses.filter((use) => !use.caller.startsWith(`${descriptor}->`));
  }

  /** Where an instance field reference resolves (JVMS 5.4.3.2): `Sub;->f` written against a subclass is the superclass's `f`. */
  field(signature: string): string {
    let cached = this.fieldCache.get(signature);
    if (cached === undefined) {
      const resolution = this.code.resolveField(signature);
      cached = resolution?.definedInApp === true ? resolution.resolved : signature;
      this.fieldCache.set(signature, cached);
    }
    return cached;
  }

  /** Methods reading field `signature` (iget/sget). */
  fieldReaders(signature: string): readonly string[] {
    return [...new Set(this.code.fieldAccesses(signature).reads.map((use) => use.caller))];
  }

  /** Class descriptors the app defines with a `<clinit>`. */
  hasClassInitializer(descriptor: string): boolean {
    return this.isAppClass(descriptor) && this.hasCode(`${descriptor}-><clinit>()V`);
  }
}

/**
 * Signatures of the methods the dex files name on one class, by name: method_ids are sorted
 * by class (dex-format "method_ids"), so each class is a run, found once per dex.
 */
export class MethodNames {
  private runs: Map<string, Array<{ source: DexSource; start: number; end: number }>> | undefined;

  /** `shared`: the same question answered by the caller (the scan's per-app facts), when it can. */
  constructor(
    private readonly dexSources: readonly DexSource[],
    private readonly shared?: (owner: string, name: string) => string[],
  ) {}

  private index(): Map<string, Array<{ source: DexSource; start: number; end: number }>> {
    if (this.runs === undefined) {
      this.runs = new Map();
      for (const source of this.dexSources) {
        const classes = source.dex.ids.methodClass;
        let start = 0;
        for (let method = 1; method <= classes.length; method++) {
          if (method < classes.length && classes[method] === classes[start]) continue;
          const descriptor = source.dex.typeName(classes[start] as number);
          const list = this.runs.get(descriptor);
          const run = { source, start, end: method };
          if (list) list.push(run);
          else this.runs.set(descriptor, [run]);
          start = method;
        }
      }
    }
    return this.runs;
  }

  /** `Lclass;->name(…)` signatures named anywhere in the app's code. */
  named(owner: string, name: string): string[] {
    if (this.shared !== undefined) return this.shared(owner, name);
    const out = new Set<string>();
    for (const run of this.index().get(owner) ?? [])
      for (let method = run.start; method < run.end; method++)
        if (run.source.dex.methodName(method) === name) out.add(run.source.dex.methodSignature(method));
    return [...out];
  }
}
