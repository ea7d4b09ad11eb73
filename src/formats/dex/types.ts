/**
 * Public model of a DEX file. Every offset on a model object is ABSOLUTE:
 * `base + offset inside the dex`, where `base` is what the caller passed to
 * readDex (0 for a standalone dex, so offsets then match dexdump/dexlist).
 * Index fields that the file marks NO_INDEX are `undefined` here.
 */

/** What the leading magic says the bytes are (only 'dex' is parsed further). */
export type DexKind = 'dex' | 'compact-dex' | 'odex' | 'vdex' | 'oat' | 'unknown';

/** A (count, offset) pair from header_item, with the offset made absolute. */
export interface SectionReference {
  readonly size: number;
  readonly offset: number;
}

export interface DexHeader {
  /** Absolute offset of header_item (the `base` given to readDex). */
  readonly offset: number;
  /** Three-digit version from the magic, e.g. 35 for `dex\n035\0`. */
  readonly version: number;
  /** The eight magic bytes, printable (`dex\n035\0` shown as `dex\\n035\\0`). */
  readonly magic: string;
  readonly checksum: number;
  readonly signature: Uint8Array;
  readonly fileSize: number;
  readonly headerSize: number;
  readonly endianTag: number;
  readonly link: SectionReference;
  /** Absolute offset of map_list (0 in the file means absent: then `undefined`). */
  readonly mapOffset: number | undefined;
  readonly stringIds: SectionReference;
  readonly typeIds: SectionReference;
  readonly protoIds: SectionReference;
  readonly fieldIds: SectionReference;
  readonly methodIds: SectionReference;
  readonly classDefs: SectionReference;
  readonly data: SectionReference;
  /** Version 041 only (ART dex_file.h): size of the whole container and this header's offset in it. */
  readonly containerSize?: number;
  readonly headerOffsetInContainer?: number;
}

export interface MapItem {
  readonly type: number;
  /** Spec name of the type code (`codeItem`, ...) or `unknown-0xNNNN`. */
  readonly typeName: string;
  readonly size: number;
  /** Absolute offset of the section the item describes. */
  readonly offset: number;
  /** Absolute offset of the map_item record itself. */
  readonly recordOffset: number;
}

export interface Integrity {
  /** adler32 over [12, file_size) as computed here. */
  readonly computedChecksum: number;
  readonly checksumMatches: boolean;
  /** SHA-1 over [32, file_size) as computed here. */
  readonly computedSignature: Uint8Array;
  readonly signatureMatches: boolean;
  /** Bytes actually available for the dex (file_size clamped to the input). */
  readonly coveredLength: number;
}

export interface CodeItem {
  /** Absolute offset of code_item. */
  readonly offset: number;
  readonly registersSize: number;
  readonly insSize: number;
  readonly outsSize: number;
  readonly triesSize: number;
  /** Absolute offset of debug_info_item, or undefined when the file says 0. */
  readonly debugInfoOffset: number | undefined;
  /** insns_size: length of the instructions in 16-bit code units, as declared. */
  readonly instructionsSize: number;
  /** ABSOLUTE offset of insns[0] (code_item offset + 16): what the bytecode walker reads. */
  readonly instructionsOffset: number;
  /** False when insns_size code units run past the end of the input (the walker must stop at the end). */
  readonly instructionsComplete: boolean;
}

export interface EncodedField {
  readonly fieldIndex: number;
  readonly accessFlags: number;
  /** Absolute offset of the encoded_field record inside class_data_item. */
  readonly offset: number;
}

export interface EncodedMethod {
  readonly methodIndex: number;
  readonly accessFlags: number;
  /** Absolute offset of code_item, or undefined for abstract/native methods (code_off 0). */
  readonly codeOffset: number | undefined;
  readonly code: CodeItem | undefined;
  /** Absolute offset of the encoded_method record inside class_data_item. */
  readonly offset: number;
}

export interface ClassData {
  /** Absolute offset of class_data_item. */
  readonly offset: number;
  readonly staticFields: readonly EncodedField[];
  readonly instanceFields: readonly EncodedField[];
  readonly directMethods: readonly EncodedMethod[];
  readonly virtualMethods: readonly EncodedMethod[];
}

export interface ClassDef {
  /** Position in class_defs. */
  readonly index: number;
  /** Absolute offset of class_def_item. */
  readonly offset: number;
  readonly classIndex: number;
  readonly accessFlags: number;
  readonly superclassIndex: number | undefined;
  /** Absolute offset of the interfaces type_list, if any. */
  readonly interfacesOffset: number | undefined;
  readonly interfaceIndexes: readonly number[];
  readonly sourceFileIndex: number | undefined;
  readonly annotationsOffset: number | undefined;
  readonly classDataOffset: number | undefined;
  readonly staticValuesOffset: number | undefined;
  /** Undefined for marker classes without members, or when class_data_item is unreadable. Built on each access. */
  readonly classData: ClassData | undefined;
  /** Where the members sit in DexFile.members (the allocation-free view of `classData`). */
  readonly classDataSpan?: ClassDataSpan | undefined;
}

export interface MethodHandle {
  /** Absolute offset of method_handle_item. */
  readonly offset: number;
  /** DEX spec "Method handle type codes" (0x00 static-put ... 0x08 invoke-interface). */
  readonly handleType: number;
  readonly fieldOrMethodIndex: number;
}

export interface TryBlock {
  /** Start address in code units from insns[0]. */
  readonly startAddress: number;
  readonly instructionCount: number;
  readonly handlers: readonly CatchHandler[];
  /** Address of the catch-all handler, if any. */
  readonly catchAllAddress: number | undefined;
}

export interface CatchHandler {
  readonly typeIndex: number;
  readonly address: number;
}

/** Where one class_data_item's members sit in the columns. */
export interface ClassDataSpan {
  /** Absolute offset of class_data_item. */
  readonly offset: number;
  readonly fieldStart: number;
  readonly staticFields: number;
  readonly instanceFields: number;
  readonly methodStart: number;
  readonly directMethods: number;
  readonly virtualMethods: number;
}
