/**
 * Query API over one or more parsed resource tables (a base APK and its config
 * splits): names by id, every value of a resource per configuration, and
 * Android's selection of the value a device would see, following references.
 */
import type { ResourceConfig } from '../../formats/arsc/config.js';
import { qualifierString } from '../../formats/arsc/qualifiers.js';
import { localePart } from '../../formats/arsc/qualifiers.js';
import type { ResourceEntry, ResourcePackage, ResourceTable, ResourceValue } from '../../formats/arsc/types.js';
import { makeResourceId } from '../../formats/arsc/constants.js';
import { createDynamicRefTable, lookupResourceId, type DynamicRefTable } from '../../formats/res/dynamic-ref-table.js';
import type { StringPool } from '../../formats/res/string-pool.js';
import { TYPE_DYNAMIC_REFERENCE, TYPE_REFERENCE, TYPE_STRING } from '../../formats/res/value.js';
import { configMatches, isBetterThan } from './config-match.js';
import { deviceConfig, type DeviceOptions } from './device.js';

/** Package id a shared library (compiled as 0x00) gets first, as ResTable assigns it. */
const FIRST_ASSIGNED_PACKAGE_ID = 0x02;
/** References followed before giving up (Android's ResTable::resolveReference stops at 20 too). */
const MAX_REFERENCE_DEPTH = 20;

/** One value of a resource in one configuration, with where it came from. */
export interface ValueCandidate {
  /** Run-time resource id (package byte rewritten for shared libraries). */
  readonly id: number;
  readonly config: ResourceConfig;
  readonly qualifiers: string;
  readonly entry: ResourceEntry;
  readonly packageName: string;
  readonly typeName: string;
  readonly key: string | undefined;
  /** Index of the table (in the order given) holding this value: 0 = base. */
  readonly tableIndex: number;
  readonly strings: StringPool | undefined;
  readonly dynamicRefs: DynamicRefTable;
}

/** What every value of one type chunk shares: held once per chunk, not once per entry. */
interface TypeContext {
  readonly config: ResourceConfig;
  readonly qualifiers: string;
  readonly packageName: string;
  readonly typeName: string;
  readonly keyStrings: StringPool | undefined;
  readonly tableIndex: number;
  readonly strings: StringPool | undefined;
  readonly dynamicRefs: DynamicRefTable;
}

/**
 * A ValueCandidate of three fields: its id, its entry and its type chunk's shared context (with
 * ten fields each, the 65,535 candidates of a crafted 4 KB table held 10 MB). Its key is decoded
 * when first asked for: most candidates are never named (appStrings and the rules read values),
 * and decoding every key of every entry was a third of the constructor. The pool caches each
 * decoded string, so asking twice decodes once.
 */
class Candidate implements ValueCandidate {
  constructor(
    readonly id: number,
    readonly entry: ResourceEntry,
    private readonly type: TypeContext,
  ) {}

  get config(): ResourceConfig {
    return this.type.config;
  }
  get qualifiers(): string {
    return this.type.qualifiers;
  }
  get packageName(): string {
    return this.type.packageName;
  }
  get typeName(): string {
    return this.type.typeName;
  }
  get tableIndex(): number {
    return this.type.tableIndex;
  }
  get strings(): StringPool | undefined {
    return this.type.strings;
  }
  get dynamicRefs(): DynamicRefTable {
    return this.type.dynamicRefs;
  }
  get key(): string | undefined {
    return this.type.keyStrings?.get(this.entry.keyIndex);
  }
}

interface ResolutionStep {
  readonly id: number;
  readonly name: string | undefined;
  readonly qualifiers: string;
  /** Absolute offset of the chosen ResTable_entry in its resources.arsc. */
  readonly entryOffset: number;
  readonly tableIndex: number;
}

type ResolutionProblem = 'unknown-id' | 'no-matching-config' | 'reference-cycle' | 'too-deep' | 'unresolved-library';

export interface Resolution {
  /** The final candidate (undefined when the chain broke). */
  readonly candidate?: ValueCandidate;
  readonly value?: ResourceValue;
  /** The text of a string value. */
  readonly text?: string;
  /** Each resource visited, in order (evidence of how the value was chosen). */
  readonly chain: readonly ResolutionStep[];
  readonly problem?: ResolutionProblem;
}

/** Quantity names of plurals bags (ResTable_map ATTR_OTHER..ATTR_MANY). */
const PLURAL_QUANTITIES: ReadonlyMap<number, string> = new Map([
  [0x01000004, 'other'],
  [0x01000005, 'zero'],
  [0x01000006, 'one'],
  [0x01000007, 'two'],
  [0x01000008, 'few'],
  [0x01000009, 'many'],
]);

export class Resources {
  private readonly byId = new Map<number, ValueCandidate[]>();
  /** Staged (pre-release) id → finalized id, from RES_TABLE_STAGED_ALIAS_TYPE chunks (DynamicRefTable::addAlias). */
  private readonly aliases = new Map<number, number>();
  private nameIndex: Map<string, number> | undefined;

  constructor(readonly tables: readonly ResourceTable[]) {
    const loaded: Array<{
      pkg: ResourcePackage;
      runtimeId: number;
      tableIndex: number;
      strings: StringPool | undefined;
    }> = [];
    let nextAssigned = FIRST_ASSIGNED_PACKAGE_ID;
    const assignedByName = new Map<string, number>();
    tables.forEach((table, tableIndex) => {
      for (const pkg of table.packages) {
        let runtimeId = pkg.id & 0xff;
        if (runtimeId === 0) {
          // A shared library: the loader assigns an id (ResTable::parsePackage); a split of the same library keeps it.
          runtimeId = assignedByName.get(pkg.name) ?? nextAssigned++;
          assignedByName.set(pkg.name, runtimeId);
        }
        loaded.push({ pkg, runtimeId, tableIndex, strings: table.globalStrings });
      }
    });
    const loadedNames = loaded.map((item) => ({ name: item.pkg.name, id: item.runtimeId }));
    for (const item of loaded) {
      for (const alias of item.pkg.stagedAliases) this.aliases.set(alias.stagedId >>> 0, alias.finalizedId >>> 0);
      const dynamicRefs = createDynamicRefTable(item.runtimeId, item.pkg.libraries, loadedNames);
      for (const type of item.pkg.types) {
        const typeName = item.pkg.typeStrings?.get(type.id - 1 - item.pkg.typeIdOffset) ?? `type${type.id}`;
        const context: TypeContext = {
          config: type.config,
          qualifiers: qualifierString(type.config),
          packageName: item.pkg.name,
          typeName,
          keyStrings: item.pkg.keyStrings,
          tableIndex: item.tableIndex,
          strings: item.strings,
          dynamicRefs,
        };
        for (const entry of type.entries) {
          const id = makeResourceId(item.runtimeId, type.id, entry.index);
          const candidate = new Candidate(id, entry, context);
          const list = this.byId.get(id);
          if (list === undefined) this.byId.set(id, [candidate]);
          else list.push(candidate);
        }
      }
    }
  }

  /** Every resource id that has at least one value. */
  ids(): IterableIterator<number> {
    return this.byId.keys();
  }

  /** The values of every id, in the order of ids(): one map walk instead of a lookup per id. */
  valueLists(): IterableIterator<readonly ValueCandidate[]> {
    return this.byId.values();
  }

  /** Every value of `id`, one per configuration, in table and file order. */
  valuesOf(id: number): readonly ValueCandidate[] {
    return this.byId.get(id >>> 0) ?? [];
  }

  /** `package:type/entry`, e.g. `com.example:string/app_name`. */
  nameOf(id: number): string | undefined {
    const first = this.valuesOf(id).find((candidate) => candidate.key !== undefined);
    return first === undefined ? undefined : `${first.packageName}:${first.typeName}/${first.key}`;
  }

  /** The id of `type/entry` (optionally `package:type/entry`). */
  idOf(name: string): number | undefined {
    if (this.nameIndex === undefined) {
      this.nameIndex = new Map();
      for (const [id, candidates] of this.byId) {
        for (const candidate of candidates) {
          if (candidate.key === undefined) continue;
          const short = `${candidate.typeName}/${candidate.key}`;
          if (!this.nameIndex.has(short)) this.nameIndex.set(short, id);
          this.nameIndex.set(`${candidate.packageName}:${short}`, id);
        }
      }
    }
    return this.nameIndex.get(name);
  }

  /** ResTable::getEntry: the best value of `id` for `request`, without following references. */
  select(id: number, request: ResourceConfig): ValueCandidate | undefined {
    let best: ValueCandidate | undefined;
    for (const candidate of this.valuesOf(id)) {
      if (!configMatches(candidate.config, request)) continue;
      // As ResTable::getEntry: a later value replaces the best only when strictly better (ties keep the first).
      if (best === undefined || isBetterThan(candidate.config, best.config, request)) {
        best = candidate;
      }
    }
    return best;
  }

  /** Selects and follows references (`@string/x` → its value) up to MAX_REFERENCE_DEPTH, detecting cycles. */
  resolve(id: number, request: ResourceConfig): Resolution {
    const chain: ResolutionStep[] = [];
    const visited = new Set<number>();
    let current = id >>> 0;
    for (let depth = 0; depth <= MAX_REFERENCE_DEPTH; depth++) {
      current = this.aliases.get(current) ?? current;
      if (visited.has(current)) return { chain, problem: 'reference-cycle' };
      visited.add(current);
      if (this.valuesOf(current).length === 0) return { chain, problem: 'unknown-id' };
      const candidate = this.select(current, request);
      if (candidate === undefined) return { chain, problem: 'no-matching-config' };
      chain.push({
        id: current,
        name: this.nameOf(current),
        qualifiers: candidate.qualifiers,
        entryOffset: candidate.entry.offset,
        tableIndex: candidate.tableIndex,
      });
      const value = candidate.entry.value;
      if (
        value === undefined ||
        (value.dataType !== TYPE_REFERENCE && value.dataType !== TYPE_DYNAMIC_REFERENCE) ||
        value.data === 0
      ) {
        const text = value?.dataType === TYPE_STRING ? candidate.strings?.get(value.data) : undefined;
        return { candidate, ...(value ? { value } : {}), ...(text !== undefined ? { text } : {}), chain };
      }
      const next = lookupResourceId(candidate.dynamicRefs, value.data);
      if (next === undefined) return { candidate, value, chain, problem: 'unresolved-library' };
      current = next;
    }
    return { chain, problem: 'too-deep' };
  }

  /** The string a device would show, or undefined. */
  resolveString(id: number, request: ResourceConfig): string | undefined {
    return this.resolve(id, request).text;
  }

  /** A string-array (or any array bag) with each item resolved to text where it is a string. */
  resolveStringArray(
    id: number,
    request: ResourceConfig,
    maxItems = Number.POSITIVE_INFINITY,
  ): Array<string | undefined> | undefined {
    const resolution = this.resolve(id, request);
    const bag = resolution.candidate?.entry.bag;
    if (bag === undefined || resolution.candidate === undefined) return undefined;
    return bag.items.slice(0, maxItems).map((item) => this.textOfItem(item.value, resolution.candidate!, request));
  }

  /** A plurals bag as quantity → text (`one`, `other`…). */
  resolvePlurals(id: number, request: ResourceConfig): Map<string, string | undefined> | undefined {
    const resolution = this.resolve(id, request);
    const bag = resolution.candidate?.entry.bag;
    if (bag === undefined || resolution.candidate === undefined) return undefined;
    const result = new Map<string, string | undefined>();
    for (const item of bag.items) {
      const quantity = PLURAL_QUANTITIES.get(item.name >>> 0);
      if (quantity !== undefined) result.set(quantity, this.textOfItem(item.value, resolution.candidate, request));
    }
    return result;
  }

  private textOfItem(value: ResourceValue, owner: ValueCandidate, request: ResourceConfig): string | undefined {
    if (value.dataType === TYPE_STRING) return owner.strings?.get(value.data);
    if (value.dataType === TYPE_REFERENCE || value.dataType === TYPE_DYNAMIC_REFERENCE) {
      const target = lookupResourceId(owner.dynamicRefs, value.data);
      return target === undefined ? undefined : this.resolveString(target, request);
    }
    return undefined;
  }

  /**
   * Every locale qualifier ('' = default) that a value of `id`, or of a
   * resource it references in any configuration, is specific to.
   */
  localesOf(id: number): string[] {
    const locales = new Set<string>(['']);
    const pending = [id >>> 0];
    const visited = new Set<number>();
    while (pending.length > 0 && visited.size <= MAX_REFERENCE_DEPTH * 8) {
      const current = pending.pop()!;
      if (visited.has(current)) continue;
      visited.add(current);
      for (const candidate of this.valuesOf(current)) {
        locales.add(localePart(candidate.config) ?? '');
        const value = candidate.entry.value;
        if (
          value !== undefined &&
          (value.dataType === TYPE_REFERENCE || value.dataType === TYPE_DYNAMIC_REFERENCE) &&
          value.data !== 0
        ) {
          const target = lookupResourceId(candidate.dynamicRefs, value.data);
          if (target !== undefined) pending.push(target);
        }
      }
    }
    return [...locales].sort();
  }

  /**
   * The value a device set to each locale would show (an app label in every
   * language): locale qualifier ('' = no locale) → resolution. Other qualifiers
   * come from `device` (a typical phone by default).
   */
  allLocaleValues(id: number, device: DeviceOptions = {}): Map<string, Resolution> {
    const result = new Map<string, Resolution>();
    for (const locale of this.localesOf(id)) {
      result.set(locale, this.resolve(id, deviceConfig({ ...device, locale })));
    }
    return result;
  }
}
