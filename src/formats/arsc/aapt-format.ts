/**
 * Prints a parsed table the way `aapt dump --values resources X.apk` does
 * (Debian aapt 10, ResourceTypes.cpp ResTable::print(true)), so the aapt output
 * can serve as an oracle line for line. Decoding stays ours: where aapt 10
 * misreads newer tables (FLAG_OFFSET16, compact entries) we print what the
 * bytes really hold, in aapt's layout.
 */
import { FLAG_PUBLIC, FLAG_SPARSE, SHARED_LIBRARY_PACKAGE_ID, makeResourceId } from './constants.js';
import { qualifierString } from './qualifiers.js';
import { hex2, hex8, printValue } from './aapt-values.js';
import type { StringPool } from '../res/string-pool.js';
import type { ResourcePackage, ResourceTable, ResourceTypeChunk } from './types.js';

/** ResTable's first id handed to a package compiled with id 0 (mNextPackageId). */
const FIRST_ASSIGNED_PACKAGE_ID = 0x02;

interface PackageGroup {
  id: number;
  name: string;
  packages: ResourcePackage[];
  /** The table's global value strings (Res_value TYPE_STRING indexes into them). */
  strings: StringPool | undefined;
}

function groupPackages(table: ResourceTable): PackageGroup[] {
  const groups: PackageGroup[] = [];
  let nextAssigned = FIRST_ASSIGNED_PACKAGE_ID;
  for (const pkg of table.packages) {
    // ResTable::parsePackage gives a shared library (id 0) the next free id.
    const id = pkg.id === SHARED_LIBRARY_PACKAGE_ID ? nextAssigned++ : pkg.id;
    const existing = pkg.id === SHARED_LIBRARY_PACKAGE_ID ? undefined : groups.find((group) => group.id === id);
    if (existing !== undefined) existing.packages.push(pkg);
    else groups.push({ id, name: pkg.name, packages: [pkg], strings: table.globalStrings });
  }
  return groups;
}

/** DynamicRefTable entries: package name → id, sorted by name as KeyedVector<String16> keeps them. */
function dynamicReferences(group: PackageGroup): Array<[string, number]> {
  const entries = new Map<string, number>();
  for (const pkg of group.packages) {
    for (const library of pkg.libraries)
      if (library.packageId < 256) entries.set(library.packageName, library.packageId);
  }
  return [...entries].sort(([a], [b]) => compareUtf16(a, b));
}

/**
 * DynamicRefTable::lookupResourceId as aapt applies it to a bag parent: only ids
 * with package byte 0x00 (a library's reference to itself) are rewritten, to the
 * group's assigned id (fdroidserver/SystemWebView-repack.apk has such parents).
 */
function resolveDynamic(id: number, group: PackageGroup): number {
  if (id === 0 || ((id >>> 24) & 0xff) !== SHARED_LIBRARY_PACKAGE_ID) return id;
  return ((id & 0x00ffffff) | (group.id << 24)) >>> 0;
}

function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Name of entry `index` of type `typeId`, as getResourceName finds it (first config holding the entry). */
function entryNames(pkg: ResourcePackage, chunks: readonly ResourceTypeChunk[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const chunk of chunks) {
    for (const entry of chunk.entries) {
      if (names.has(entry.index)) continue;
      const key = pkg.keyStrings?.get(entry.keyIndex);
      if (key !== undefined) names.set(entry.index, key);
    }
  }
  return names;
}

export function formatAaptValues(table: ResourceTable): string {
  const out: string[] = [];
  const groups = groupPackages(table);
  out.push(`Package Groups (${groups.length})`);
  groups.forEach((group, groupIndex) => {
    out.push(
      `Package Group ${groupIndex} id=0x${hex2(group.id)} packageCount=${group.packages.length} name=${group.name}`,
    );
    const references = dynamicReferences(group);
    if (references.length > 0) {
      out.push(`  DynamicRefTable entryCount=${references.length}:`);
      for (const [name, id] of references) out.push(`    0x${hex2(id)} -> ${name}`);
      out.push('');
    }
    // ResTable::print loops over "splits" (type lists); a group with no non-empty type prints no package line.
    const hasTypes = group.packages.some((pkg) =>
      [...pkg.typeSpecs.values()].some((spec) => spec.id > 0 && spec.entryCount > 0),
    );
    if (!hasTypes) return;
    group.packages.forEach((pkg, packageIndex) => {
      out.push(`  Package ${packageIndex} id=0x${hex2(pkg.id)} name=${pkg.name}`);
      formatPackage(pkg, group, out);
    });
  });
  return out.join('\n') + '\n';
}

function formatPackage(pkg: ResourcePackage, group: PackageGroup, out: string[]): void {
  const typeIds = [...pkg.typeSpecs.keys()]
    .filter((id) => id > 0 && (pkg.typeSpecs.get(id)?.entryCount ?? 0) > 0)
    .sort((a, b) => a - b);
  for (const typeId of typeIds) {
    const spec = pkg.typeSpecs.get(typeId);
    if (spec === undefined) continue;
    const chunks = pkg.types.filter((chunk) => chunk.id === typeId);
    const typeName = pkg.typeStrings?.get(typeId - 1) ?? '';
    const names = entryNames(pkg, chunks);
    const idOf = (index: number): number => makeResourceId(group.id, typeId, index);
    const label = (index: number): string | undefined => {
      const name = names.get(index);
      return name === undefined ? undefined : `${group.name}:${typeName}/${name}`;
    };
    out.push(`    type ${typeId - 1} configCount=${chunks.length} entryCount=${spec.entryCount}`);
    spec.entryFlags.forEach((flags, index) => {
      const name = label(index);
      if (name === undefined) out.push(`      INVALID TYPE CONFIG FOR RESOURCE 0x${hex8(idOf(index))}`);
      else out.push(`      spec resource 0x${hex8(idOf(index))} ${name}: flags=0x${hex8(flags)}`);
    });
    for (const chunk of chunks) {
      const qualifiers = qualifierString(chunk.config);
      let line = `      config ${qualifiers === '' ? '(default)' : qualifiers}`;
      if (chunk.flags !== 0)
        line += ` flags=0x${hex2(chunk.flags)}${(chunk.flags & FLAG_SPARSE) !== 0 ? ' [sparse]' : ''}`;
      out.push(`${line}:`);
      for (const entry of chunk.entries) {
        const name = label(entry.index);
        const head =
          name === undefined
            ? `        INVALID RESOURCE 0x${hex8(idOf(entry.index))}: `
            : `        resource 0x${hex8(idOf(entry.index))} ${name}: `;
        const publicMark = !entry.compact && (entry.flags & FLAG_PUBLIC) !== 0 ? ' (PUBLIC)' : '';
        if (entry.bag !== undefined) {
          out.push(`${head}<bag>${publicMark}`);
          const parent = entry.bag.parent >>> 0;
          out.push(
            `          Parent=0x${hex8(parent)}(Resolved=0x${hex8(resolveDynamic(parent, group))}), Count=${entry.bag.declaredCount | 0}`,
          );
          entry.bag.items.forEach((item, itemIndex) => {
            out.push(`          #${itemIndex} (Key=0x${hex8(item.name)}): ${printValue(item.value, group.strings)}`);
          });
        } else if (entry.value !== undefined) {
          const value = entry.value;
          out.push(
            `${head}t=0x${hex2(value.dataType)} d=0x${hex8(value.data)} (s=0x${value.size.toString(16).padStart(4, '0')} r=0x${hex2(value.res0)})${publicMark}`,
          );
          out.push(`          ${printValue(value, group.strings)}`);
        }
      }
    }
  }
}
