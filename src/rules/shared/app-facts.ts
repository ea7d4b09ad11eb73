/**
 * Facts several rules need, computed once per app and cached (rules stay pure
 * functions of the model; the cache is keyed by the model object).
 */
import type { AppModel } from '../../model/app-model.js';
import type { ClassDef, ParsedDexSource as DexSource } from '../../model/code/index.js';

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
 * asked about), as runs: method_ids are sorted by class (dex-format "method_ids"), so a class's
 * methods are one run [start, end) in a well-formed dex; a malformed one just has more runs, still
 * listed in method index order. One pass with a compare per method id; the former {source, index}
 * object and two Map lookups per method id were ~0.2 s of a corpus scan.
 */
interface MethodsByClass {
  readonly sources: readonly DexSource[];
  /** Class descriptor → flattened [source index, start, end) triples, in source then method index order. */
  readonly byDescriptor: ReadonlyMap<string, readonly number[]>;
}

const methodClassCache = new WeakMap<AppModel, MethodsByClass>();

function methodIdsByClass(app: AppModel): MethodsByClass {
  let index = methodClassCache.get(app);
  if (index === undefined) {
    const byDescriptor = new Map<string, number[]>();
    for (let sourceIndex = 0; sourceIndex < app.dexSources.length; sourceIndex++)
      addRuns(byDescriptor, app.dexSources[sourceIndex]!, sourceIndex);
    index = { sources: app.dexSources, byDescriptor };
    methodClassCache.set(app, index);
  }
  return index;
}

function addRuns(byDescriptor: Map<string, number[]>, source: DexSource, sourceIndex: number): void {
  const { methodClass } = source.dex.ids;
  const typeNames = new Map<number, string>();
  let runStart = 0;
  for (let method = 1; method <= methodClass.length; method++) {
    if (method < methodClass.length && methodClass[method] === methodClass[runStart]) continue;
    const type = methodClass[runStart]!;
    let descriptor = typeNames.get(type);
    if (descriptor === undefined) {
      descriptor = source.dex.typeName(type);
      typeNames.set(type, descriptor);
    }
    const runs = byDescriptor.get(descriptor);
    if (runs === undefined) byDescriptor.set(descriptor, [sourceIndex, runStart, method]);
    else runs.push(sourceIndex, runStart, method);
    runStart = method;
  }
}

/** Signatures (`Lc;->m(I)V`) of the methods the dex files name on class `descriptor`, optionally only those called `name`. */
export function methodsOfClass(app: AppModel, descriptor: string, name?: string): string[] {
  const signatures = new Set<string>();
  const index = methodIdsByClass(app);
  const runs = index.byDescriptor.get(descriptor) ?? [];
  for (let run = 0; run < runs.length; run += 3) {
    const dex = index.sources[runs[run]!]!.dex;
    for (let method = runs[run + 1]!; method < runs[run + 2]!; method++) {
      if (name !== undefined && dex.methodName(method) !== name) continue;
      signatures.add(dex.methodSignature(method));
    }
  }
  return [...signatures];
}

/** Every call site of every overload of `Lclass;->name`. */
export function callSitesByName(app: AppModel, classAndName: string) {
  const code = app.code;
  if (!code) return [];
  const arrow = classAndName.indexOf('->');
  return methodsOfClass(app, classAndName.slice(0, arrow), classAndName.slice(arrow + 2)).flatMap((signature) =>
    code.callSitesOf(signature),
  );
}
