/**
 * Bridges resources.arsc to the manifest model and to the inspection summary.
 */
import { readResourceTable } from '../formats/arsc/table.js';
import { defaultConfig, toQualifierString, type ResourceConfig } from '../formats/arsc/config.js';
import type { ResourceTable } from '../formats/arsc/types.js';
import { FormatError } from '../formats/diagnostics.js';
import { TYPE_STRING } from '../formats/res/value.js';
import type { ResourceLookup } from './manifest/build.js';
import type { SourcedDiagnostic } from './app.js';

export interface ResourceSummary {
  readonly packages: Array<{ readonly id: number; readonly name: string; readonly types: number; readonly entries: number; readonly libraries: string[] }>;
  /** Every locale qualifier that has at least one value (`zh-rCN`, `b+sr+Latn`…). */
  readonly locales: string[];
  /** Number of distinct configurations (qualifier strings, '' for the default). */
  readonly configurations: number;
  readonly globalStrings: number;
}

/** The locale qualifier of a configuration (`zh-rCN`, `b+sr+Latn`), or undefined for none. */
export function localeQualifier(config: ResourceConfig): string | undefined {
  if (config.language === '') return undefined;
  const { language, country, languageBytes, countryBytes, localeScript, localeVariant, localeNumberingSystem, localeScriptWasComputed } = config;
  return toQualifierString(
    defaultConfig({ language, country, languageBytes, countryBytes, localeScript, localeVariant, localeNumberingSystem, localeScriptWasComputed }),
  );
}

export function summarizeResources(table: ResourceTable): ResourceSummary {
  const locales = new Set<string>();
  const configurations = new Set<string>();
  const packages = table.packages.map((resourcePackage) => {
    let entries = 0;
    for (const type of resourcePackage.types) {
      entries += type.entries.length;
      configurations.add(toQualifierString(type.config));
      const locale = localeQualifier(type.config);
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
  return { packages, locales: [...locales].sort(), configurations: configurations.size, globalStrings: table.globalStrings?.count ?? 0 };
}

export function createLookup(table: ResourceTable): ResourceLookup {
  const packageOf = (id: number) => table.packages.find((candidate) => candidate.id === id >>> 24);
  return {
    nameOf(id) {
      const resourcePackage = packageOf(id);
      if (!resourcePackage) return undefined;
      const typeId = (id >>> 16) & 0xff;
      const entryIndex = id & 0xffff;
      const typeName = resourcePackage.typeStrings?.get(typeId - 1 - resourcePackage.typeIdOffset);
      for (const type of resourcePackage.types) {
        if (type.id !== typeId) continue;
        const entry = type.entries.find((candidate) => candidate.index === entryIndex);
        if (entry) return `${typeName ?? `type${typeId}`}/${resourcePackage.keyStrings?.get(entry.keyIndex) ?? `entry${entryIndex}`}`;
      }
      return undefined;
    },
    stringsByLocale(id) {
      const resourcePackage = packageOf(id);
      const values: Record<string, string> = {};
      if (!resourcePackage) return values;
      for (const type of resourcePackage.types) {
        if (type.id !== ((id >>> 16) & 0xff)) continue;
        const entry = type.entries.find((candidate) => candidate.index === (id & 0xffff));
        if (entry?.value?.dataType !== TYPE_STRING) continue;
        const text = table.globalStrings?.get(entry.value.data);
        const locale = localeQualifier(type.config) ?? '';
        if (text !== undefined && !(locale in values)) values[locale] = text;
      }
      return values;
    },
  };
}

export function loadResources(
  bytes: Uint8Array,
  diagnostics: SourcedDiagnostic[],
): { summary: ResourceSummary; lookup: ResourceLookup; table: ResourceTable } | undefined {
  try {
    const result = readResourceTable(bytes);
    diagnostics.push(...result.diagnostics.map((diagnostic) => ({ ...diagnostic, source: 'resources.arsc' })));
    return { summary: summarizeResources(result.value), lookup: createLookup(result.value), table: result.value };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    diagnostics.push({ source: 'resources.arsc', code: error.code, offset: error.offset, severity: 'error', detail: error.message });
    return undefined;
  }
}
