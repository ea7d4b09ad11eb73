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

/** Descriptors of the classes the app defines, in class-loading order. */
export function definedClasses(app: AppModel): readonly string[] {
  return [...classDefinitions(app).keys()];
}

const methodNameCache = new WeakMap<AppModel, ReadonlyMap<string, readonly string[]>>();

/**
 * Method signatures the code names (defined or referenced), grouped by `Lclass;->name`,
 * so tables can list an API by class and name and cover every overload.
 */
export function methodsByName(app: AppModel): ReadonlyMap<string, readonly string[]> {
  let index = methodNameCache.get(app);
  if (index === undefined) {
    const built = new Map<string, string[]>();
    if (app.code) {
      for (const iterator of [app.code.definedMethods(), app.code.externalMethods()]) {
        for (const signature of iterator) {
          const paren = signature.indexOf('(');
          const key = paren < 0 ? signature : signature.slice(0, paren);
          const list = built.get(key);
          if (list) list.push(signature);
          else built.set(key, [signature]);
        }
      }
    }
    index = built;
    methodNameCache.set(app, index);
  }
  return index;
}

/** Every call site of every overload of `Lclass;->name`. */
export function callSitesByName(app: AppModel, classAndName: string) {
  const code = app.code;
  if (!code) return [];
  return (methodsByName(app).get(classAndName) ?? []).flatMap((signature) => code.callSitesOf(signature));
}
