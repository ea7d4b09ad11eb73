/**
 * Bridges resources.arsc to the manifest model and to the inspection summary.
 */
import { readResourceTable } from '../formats/arsc/table.js';
import { qualifierString } from '../formats/arsc/qualifiers.js';
import { localePart } from '../formats/arsc/qualifiers.js';
import { Resources } from './resources/index.js';
import type { ResourceTable } from '../formats/arsc/types.js';
import { FormatError } from '../formats/diagnostics.js';
import type { ResourceLookup } from './manifest/build.js';
import type { SourcedDiagnostic } from './sourced-diagnostic.js';

export interface ResourceSummary {
  readonly packages: Array<{
    readonly id: number;
    readonly name: string;
    readonly types: number;
    readonly entries: number;
    readonly libraries: string[];
  }>;
  /** Every locale qualifier that has at least one value (`zh-rCN`, `b+sr+Latn`…). */
  readonly locales: string[];
  /** Number of distinct configurations (qualifier strings, '' for the default). */
  readonly configurations: number;
  readonly globalStrings: number;
}

function summarizeResources(table: ResourceTable): ResourceSummary {
  const locales = new Set<string>();
  const configurations = new Set<string>();
  const packages = table.packages.map((resourcePackage) => {
    let entries = 0;
    for (const type of resourcePackage.types) {
      entries += type.entries.length;
      configurations.add(qualifierString(type.config));
      const locale = localePart(type.config);
      if (locale !== undefined) locales.add(locale);
    }
    return {
      id: resourcePackage.id,
      name: resourcePackage.name,
      types: resourcePackage.typeSpecs.size,
      entries,
      libraries: resourcePackage.libraries.map((library) => library.packageName),
    };
  });
  return {
    packages,
    locales: [...locales].sort(),
    configurations: configurations.size,
    globalStrings: table.globalStrings?.count ?? 0,
  };
}

/** Manifest lookups answered by the resolution model (Android's config matching and fallback). */
function createLookup(resources: Resources): ResourceLookup {
  return {
    nameOf(id) {
      const name = resources.nameOf(id);
      // `package:type/entry` → `type/entry`, as aapt and Android Studio write app resources.
      return name === undefined ? undefined : name.slice(name.indexOf(':') + 1);
    },
    stringsByLocale(id) {
      const values: Record<string, string> = {};
      for (const [locale, resolution] of resources.allLocaleValues(id)) {
        if (resolution.text !== undefined) values[locale] = resolution.text;
      }
      return values;
    },
  };
}

export function loadResources(
  bytes: Uint8Array,
  diagnostics: SourcedDiagnostic[],
): { summary: ResourceSummary; lookup: ResourceLookup; table: ResourceTable; resources: Resources } | undefined {
  try {
    const result = readResourceTable(bytes);
    diagnostics.push(...result.diagnostics.map((diagnostic) => ({ ...diagnostic, source: 'resources.arsc' })));
    const resources = new Resources([result.value]);
    return {
      summary: summarizeResources(result.value),
      lookup: createLookup(resources),
      table: result.value,
      resources,
    };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    diagnostics.push({
      source: 'resources.arsc',
      code: error.code,
      offset: error.offset,
      severity: 'error',
      detail: error.message,
    });
    return undefined;
  }
}
