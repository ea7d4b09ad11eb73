/**
 * Public model of resources.arsc as read from disk (AOSP ResourceTypes.h:
 * ResTable_header, ResTable_package, ResTable_typeSpec, ResTable_type,
 * ResTable_entry, Res_value, ResTable_map, ResTable_lib_entry,
 * ResTable_overlayable_*, ResTable_staged_alias_entry). Every record keeps the
 * absolute offset it was read from, because offsets are evidence.
 */
import type { StringPool } from '../res/string-pool.js';
import type { ResourceConfig } from './config.js';

/** Res_value: one typed value. */
export interface ResourceValue {
  /** Absolute offset of the Res_value (for compact entries: of the entry itself). */
  readonly offset: number;
  /** Res_value.size as written (8 for well-formed values; compact entries report 8). */
  readonly size: number;
  /** Res_value.res0 (always 0 in well-formed files; aapt prints it). */
  readonly res0: number;
  readonly dataType: number;
  readonly data: number;
}

/** ResTable_map: one name → value pair of a bag (style attribute, array item, plural quantity). */
export interface BagItem {
  readonly offset: number;
  /** ResTable_map.name: an attribute id or one of the ATTR_* / quantity ids. */
  readonly name: number;
  readonly value: ResourceValue;
}

interface ResourceBag {
  /** ResTable_map_entry.parent (0 when none). */
  readonly parent: number;
  /** ResTable_map_entry.count as declared (items may be fewer when clamped). */
  readonly declaredCount: number;
  readonly items: readonly BagItem[];
}

/** ResTable_entry (full or compact) with its value or bag. */
export interface ResourceEntry {
  /** Absolute offset of the ResTable_entry. */
  readonly offset: number;
  /** Entry index inside its type (the EEEE of 0xPPTTEEEE). */
  readonly index: number;
  /** ResTable_entry.size (for compact entries: 8, the bytes the entry occupies). */
  readonly size: number;
  /** ResTable_entry.flags (low 16 bits; compact entries keep the dataType in the high byte). */
  readonly flags: number;
  /** Index into the package's key strings. */
  readonly keyIndex: number;
  readonly compact: boolean;
  readonly value?: ResourceValue;
  readonly bag?: ResourceBag;
}

/** ResTable_type: the values of one type for one configuration. */
export interface ResourceTypeChunk {
  readonly offset: number;
  /** 1-based type id (the TT of 0xPPTTEEEE). */
  readonly id: number;
  /** ResTable_type.flags: FLAG_SPARSE, FLAG_OFFSET16. */
  readonly flags: number;
  readonly entryCount: number;
  readonly config: ResourceConfig;
  /** Present entries in index order (absent ones are simply missing). */
  readonly entries: readonly ResourceEntry[];
}

/** ResTable_typeSpec: per-entry configuration-change flags of a type. */
export interface ResourceTypeSpec {
  readonly offset: number;
  readonly id: number;
  /** ResTable_typeSpec.typesCount (res1 before Android 12). */
  readonly typesCount: number;
  readonly entryCount: number;
  /** One uint32 per entry (clamped to the bytes present). */
  readonly entryFlags: readonly number[];
}

/** ResTable_lib_entry: a shared library's build-time package id → package name. */
export interface LibraryReference {
  readonly offset: number;
  readonly packageId: number;
  readonly packageName: string;
}

export interface OverlayablePolicy {
  readonly offset: number;
  readonly policyFlags: number;
  readonly resourceIds: readonly number[];
}

export interface Overlayable {
  readonly offset: number;
  readonly name: string;
  readonly actor: string;
  readonly policies: readonly OverlayablePolicy[];
}

/** ResTable_staged_alias_entry: a staged (pre-release) id and the finalized id it stands for. */
export interface StagedAlias {
  readonly offset: number;
  readonly stagedId: number;
  readonly finalizedId: number;
}

export interface ResourcePackage {
  readonly offset: number;
  /** ResTable_package.id: 0x7f for apps, 0x01 for android, 0x00 for a shared library. */
  readonly id: number;
  readonly name: string;
  readonly typeStrings: StringPool | undefined;
  readonly keyStrings: StringPool | undefined;
  /** ResTable_package.typeIdOffset (Android 7+; 0 when absent). */
  readonly typeIdOffset: number;
  readonly typeSpecs: ReadonlyMap<number, ResourceTypeSpec>;
  /** Type chunks in file order. */
  readonly types: readonly ResourceTypeChunk[];
  readonly libraries: readonly LibraryReference[];
  readonly overlayables: readonly Overlayable[];
  readonly stagedAliases: readonly StagedAlias[];
}

export interface ResourceTable {
  /** ResTable_header.packageCount as declared. */
  readonly declaredPackageCount: number;
  readonly globalStrings: StringPool | undefined;
  readonly packages: readonly ResourcePackage[];
}
