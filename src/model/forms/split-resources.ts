/**
 * The resource tables of a base APK and its splits as one Resources, the way
 * Android loads them together (a split's resources.arsc adds configurations of
 * the base's ids: config.zh.apk holds the zh strings of the base's layouts;
 * https://developer.android.com/guide/app-bundle#split_apks), with the APK each
 * table came from, so every resolved value can be cited in its own file.
 */
import type { AppModel } from '../app-model.js';
import { Resources } from '../resources/index.js';

export interface CombinedResources {
  readonly resources: Resources | undefined;
  /** APK of each table, by the tableIndex Resources gives its values. */
  readonly apkOfTable: readonly AppModel[];
}

/**
 * Tables of `apks` in order (the first APK's first). Built per call: a scan asks once per APK,
 * each time with that APK first, so nothing would be asked twice (a memo here only lived on).
 */
export function combinedResources(apks: readonly AppModel[]): CombinedResources {
  const [first] = apks;
  if (first === undefined) return { resources: undefined, apkOfTable: [] };
  const withTables = apks.filter((apk) => apk.resources !== undefined && apk.resources.tables.length > 0);
  if (withTables.length <= 1 && withTables[0] === first)
    return { resources: first.resources, apkOfTable: first.resources?.tables.map(() => first) ?? [] };
  const tables = withTables.flatMap((apk) => apk.resources?.tables ?? []);
  const apkOfTable = withTables.flatMap((apk) => (apk.resources?.tables ?? []).map(() => apk));
  return { resources: new Resources(tables), apkOfTable };
}
