/**
 * Facts several rules need, computed once per app and cached (rules stay pure
 * functions of the model; the cache is keyed by the model object).
 */
import type { AppModel } from '../model/app-model.js';

interface CodeString {
  readonly text: string;
  readonly uses: number;
}

const stringCache = new WeakMap<AppModel, readonly CodeString[]>();
const classCache = new WeakMap<AppModel, readonly string[]>();

/** Every string constant loaded by the app's code (const-string), once each. */
export function codeStrings(app: AppModel): readonly CodeString[] {
  let strings = stringCache.get(app);
  if (strings === undefined) {
    strings = app.code ? [...app.code.strings()] : [];
    stringCache.set(app, strings);
  }
  return strings;
}

/** Descriptors of the classes the app defines (`Lcom/a/B;`), from its dex files. */
export function definedClasses(app: AppModel): readonly string[] {
  let classes = classCache.get(app);
  if (classes === undefined) {
    const seen = new Set<string>();
    for (const source of app.dexSources) for (const classDef of source.dex.classDefs) seen.add(source.dex.typeName(classDef.classIndex));
    classes = [...seen];
    classCache.set(app, classes);
  }
  return classes;
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
