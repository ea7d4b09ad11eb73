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

/** Method ids of every dex, grouped by declaring class (signatures are built only for the classes asked about). */
interface MethodIdPlace {
  readonly source: DexSource;
  readonly index: number;
}

const methodClassCache = new WeakMap<AppModel, ReadonlyMap<string, readonly MethodIdPlace[]>>();

function methodIdsByClass(app: AppModel): ReadonlyMap<string, readonly MethodIdPlace[]> {
  let index = methodClassCache.get(app);
  if (index === undefined) {
    const built = new Map<string, MethodIdPlace[]>();
    for (const source of app.dexSources) {
      const { methodClass } = source.dex.ids;
      const typeNames = new Map<number, string>();
      for (let method = 0; method < methodClass.length; method++) {
        const typeIndex = methodClass[method] as number;
        let descriptor = typeNames.get(typeIndex);
        if (descriptor === undefined) {
          descriptor = source.dex.typeName(typeIndex);
          typeNames.set(typeIndex, descriptor);
        }
        const list = built.get(descriptor);
        if (list) list.push({ source, index: method });
        else built.set(descriptor, [{ source, index: method }]);
      }
    }
    index = built;
    methodClassCache.set(app, index);
  }
  return index;
}

/** Signatures (`Lc;->m(I)V`) of the methods the dex files name on class `descriptor`, optionally only those called `name`. */
export function methodsOfClass(app: AppModel, descriptor: string, name?: string): string[] {
  const signatures = new Set<string>();
  for (const place of methodIdsByClass(app).get(descriptor) ?? []) {
    if (name !== undefined && place.source.dex.methodName(place.index) !== name) continue;
    signatures.add(place.source.dex.methodSignature(place.index));
  }
  return [...signatures];
}

/** Every call site of every overload of `Lclass;->name`. */
export function callSitesByName(app: AppModel, classAndName: string) {
  const code = app.code;
  if (!code) return [];
  const arrow = classAndName.indexOf('->');
  return methodsOfClass(app, classAndName.slice(0, arrow), classAndName.slice(arrow + 2)).flatMap((signature) => code.callSitesOf(signature));
}
