/**
 * Facts several rules need, computed once per app and cached (rules stay pure
 * functions of the model; the cache is keyed by the model object).
 */
import type { AppModel } from '../model/app-model.js';
import type { DexSource } from '../model/code-index/index.js';
import type { ClassDef } from '../formats/dex/index.js';

interface CodeString {
  readonly text: string;
  readonly uses: number;
}

const stringCache = new WeakMap<AppModel, readonly CodeString[]>();
const classCache = new WeakMap<AppModel, ReadonlyMap<string, ClassDefinitionPlace>>();

export interface ClassDefinitionPlace {
  readonly source: DexSource;
  readonly classDef: ClassDef;
}

/** Every string constant loaded by the app's code (const-string), once each. */
export function codeStrings(app: AppModel): readonly CodeString[] {
  let strings = stringCache.get(app);
  if (strings === undefined) {
    strings = app.code ? [...app.code.strings()] : [];
    stringCache.set(app, strings);
  }
  return strings;
}

/** Class descriptor (`Lcom/a/B;`) → its first definition in class-loading order (later copies are shadowed). */
export function classDefinitions(app: AppModel): ReadonlyMap<string, ClassDefinitionPlace> {
  let classes = classCache.get(app);
  if (classes === undefined) {
    const built = new Map<string, ClassDefinitionPlace>();
    for (const source of app.dexSources) {
      for (const classDef of source.dex.classDefs) {
        const descriptor = source.dex.typeName(classDef.classIndex);
        if (!built.has(descriptor)) built.set(descriptor, { source, classDef });
      }
    }
    classes = built;
    classCache.set(app, classes);
  }
  return classes;
}

/**
 * Method ids of every dex, grouped by declaring class (signatures are built only for the classes
 * asked about): per dex, method indexes ordered by class type index (a counting sort, so ascending
 * within a class), and per class descriptor the (dex, type index) pairs that declare methods.
 * One {source, index} object and two Map lookups per method id were ~0.15 s of a corpus scan.
 */
interface MethodsByClass {
  readonly sources: readonly DexSource[];
  /** Per source: method indexes grouped by class type index, and each type's first slot (length types + 1). */
  readonly ordered: readonly Int32Array[];
  readonly firstSlot: readonly Int32Array[];
  /** Class descriptor → flattened [source index, type index] pairs, in source order. */
  readonly byDescriptor: ReadonlyMap<string, readonly number[]>;
}

const methodClassCache = new WeakMap<AppModel, MethodsByClass>();

function methodIdsByClass(app: AppModel): MethodsByClass {
  let index = methodClassCache.get(app);
  if (index === undefined) {
    const ordered: Int32Array[] = [];
    const firstSlot: Int32Array[] = [];
    const byDescriptor = new Map<string, number[]>();
    app.dexSources.forEach((source, sourceIndex) => {
      const { methodClass } = source.dex.ids;
      let types = 0;
      for (let method = 0; method < methodClass.length; method++) types = Math.max(types, methodClass[method]! + 1);
      const slots = new Int32Array(types + 1);
      for (let method = 0; method < methodClass.length; method++) slots[methodClass[method]! + 1]!++;
      for (let type = 0; type < types; type++) slots[type + 1]! += slots[type]!;
      const next = slots.slice(0, types);
      const methods = new Int32Array(methodClass.length);
      for (let method = 0; method < methodClass.length; method++) methods[next[methodClass[method]!]!++] = method;
      for (let type = 0; type < types; type++) {
        if (slots[type + 1] === slots[type]) continue;
        const descriptor = source.dex.typeName(type);
        const pairs = byDescriptor.get(descriptor);
        if (pairs === undefined) byDescriptor.set(descriptor, [sourceIndex, type]);
        else pairs.push(sourceIndex, type);
      }
      ordered.push(methods);
      firstSlot.push(slots);
    });
    index = { sources: app.dexSources, ordered, firstSlot, byDescriptor };
    methodClassCache.set(app, index);
  }
  return index;
}

/** Signatures (`Lc;->m(I)V`) of the methods the dex files name on class `descriptor`, optionally only those called `name`. */
export function methodsOfClass(app: AppModel, descriptor: string, name?: string): string[] {
  const signatures = new Set<string>();
  const index = methodIdsByClass(app);
  const pairs = index.byDescriptor.get(descriptor) ?? [];
  for (let pair = 0; pair < pairs.length; pair += 2) {
    const sourceIndex = pairs[pair]!;
    const dex = index.sources[sourceIndex]!.dex;
    for (const method of methodsOfTypes(index, sourceIndex, pairs, pair)) {
      if (name !== undefined && dex.methodName(method) !== name) continue;
      signatures.add(dex.methodSignature(method));
    }
    // Pairs of the same dex were consumed together.
    while (pair + 2 < pairs.length && pairs[pair + 2] === sourceIndex) pair += 2;
  }
  return [...signatures];
}

/**
 * Method indexes of one dex declared by the type(s) of the pairs starting at `pair`, ascending.
 * A well-formed dex has one type per descriptor; a malformed one with a repeated type_id string
 * gets its methods merged in index order, as one pass over the method ids would list them.
 */
function methodsOfTypes(index: MethodsByClass, sourceIndex: number, pairs: readonly number[], pair: number): Int32Array {
  const methods = index.ordered[sourceIndex]!;
  const slots = index.firstSlot[sourceIndex]!;
  const type = pairs[pair + 1]!;
  const own = methods.subarray(slots[type]!, slots[type + 1]!);
  if (pair + 2 >= pairs.length || pairs[pair + 2] !== sourceIndex) return own;
  const merged: number[] = [...own];
  for (let next = pair + 2; next < pairs.length && pairs[next] === sourceIndex; next += 2) {
    const other = pairs[next + 1]!;
    merged.push(...methods.subarray(slots[other]!, slots[other + 1]!));
  }
  return Int32Array.from(merged).sort();
}

/** Every call site of every overload of `Lclass;->name`. */
export function callSitesByName(app: AppModel, classAndName: string) {
  const code = app.code;
  if (!code) return [];
  const arrow = classAndName.indexOf('->');
  return methodsOfClass(app, classAndName.slice(0, arrow), classAndName.slice(arrow + 2)).flatMap((signature) => code.callSitesOf(signature));
}
