/**
 * DynamicRefTable (ResourceTypes.h / ResourceTypes.cpp): how Android rewrites
 * the package byte of resource ids at run time. A shared library is compiled
 * with package id 0x00 and references other libraries by build-time ids
 * (RES_TABLE_LIBRARY_TYPE); the loader assigns real ids. XML attribute names
 * and values go through this table (ResXMLParser::getAttributeNameResID,
 * getAttributeValue), so `aapt dump xmltree` prints rewritten ids
 * (fdroidserver/SystemWebView-repack.apk, a shared library).
 */
import { TYPE_ATTRIBUTE, TYPE_DYNAMIC_ATTRIBUTE, TYPE_DYNAMIC_REFERENCE, TYPE_REFERENCE } from './value.js';

/** Package id of applications (0x7f) and of the framework (0x01). */
const APP_PACKAGE_ID = 0x7f;
const SYS_PACKAGE_ID = 0x01;
/** Package ids are one byte. */
const PACKAGE_ID_LIMIT = 256;

export interface DynamicRefTable {
  /** Package id the loader assigned to the package owning this table. */
  readonly assignedPackageId: number;
  /** True when an app (0x7f) is loaded as a shared library. */
  readonly appAsLib: boolean;
  /** Build-time package id → run-time package id (0 = unknown). */
  readonly lookup: Uint8Array;
}

export interface LibraryEntry {
  readonly packageId: number;
  readonly packageName: string;
}

export interface LoadedPackage {
  readonly name: string;
  readonly id: number;
}

/**
 * Builds the table as ResTable::parsePackage does: reserved ids map to
 * themselves, and each library entry whose package name is loaded maps to
 * that package's run-time id (DynamicRefTable::load + addMapping).
 */
export function createDynamicRefTable(
  assignedPackageId: number,
  libraries: readonly LibraryEntry[] = [],
  loadedPackages: readonly LoadedPackage[] = [],
  appAsLib = false,
): DynamicRefTable {
  const lookup = new Uint8Array(PACKAGE_ID_LIMIT);
  lookup[APP_PACKAGE_ID] = APP_PACKAGE_ID;
  lookup[SYS_PACKAGE_ID] = SYS_PACKAGE_ID;
  const buildIds = new Map<string, number>();
  for (const library of libraries) {
    if (library.packageId < PACKAGE_ID_LIMIT) buildIds.set(library.packageName, library.packageId);
  }
  for (const loaded of loadedPackages) {
    const buildId = buildIds.get(loaded.name);
    if (buildId !== undefined) lookup[buildId] = loaded.id & 0xff;
  }
  return { assignedPackageId: assignedPackageId & 0xff, appAsLib, lookup };
}

/** DynamicRefTable::lookupResourceId: the rewritten id, or undefined where Android fails (UNKNOWN_ERROR). */
export function lookupResourceId(table: DynamicRefTable, resourceId: number): number | undefined {
  const id = resourceId >>> 0;
  const packageId = id >>> 24;
  // Res_VALIDID: a null id is never looked up.
  if (id === 0) return id;
  if (packageId === APP_PACKAGE_ID && !table.appAsLib) return id;
  if (packageId === 0 || (packageId === APP_PACKAGE_ID && table.appAsLib)) {
    return ((id & 0xffffff) | (table.assignedPackageId << 24)) >>> 0;
  }
  const translated = table.lookup[packageId] ?? 0;
  if (translated === 0) return undefined;
  return ((id & 0xffffff) | (translated << 24)) >>> 0;
}

/**
 * DynamicRefTable::lookupResourceValue: dynamic references become plain ones;
 * plain references are rewritten only for package 0x00 or an app loaded as a
 * library. Returns undefined where Android fails (the value then stays as read).
 */
export function lookupResourceValue(
  table: DynamicRefTable,
  value: { readonly dataType: number; readonly data: number },
): { dataType: number; data: number } | undefined {
  let resolvedType = TYPE_REFERENCE;
  switch (value.dataType) {
    case TYPE_ATTRIBUTE:
    case TYPE_REFERENCE:
      if (value.dataType === TYPE_ATTRIBUTE) resolvedType = TYPE_ATTRIBUTE;
      if (!(table.appAsLib || value.data >>> 24 === 0)) return { dataType: value.dataType, data: value.data };
      break;
    case TYPE_DYNAMIC_ATTRIBUTE:
      resolvedType = TYPE_ATTRIBUTE;
      break;
    case TYPE_DYNAMIC_REFERENCE:
      break;
    default:
      return { dataType: value.dataType, data: value.data };
  }
  const data = lookupResourceId(table, value.data);
  return data === undefined ? undefined : { dataType: resolvedType, data };
}
