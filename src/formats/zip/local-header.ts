/**
 * Local file headers (APPNOTE.TXT 4.3.7) and data descriptors (4.3.9), read
 * once per central record and compared with it. Tools that walk local headers
 * (streaming unzip, some malware scanners) see what the local header says while
 * Android sees the central record, so every disagreement is evidence of a
 * possible anti-analysis trick.
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import {
  ANDROID_ALIGNMENT_EXTRA_FIELD_ID,
  DATA_DESCRIPTOR_FIELD,
  DATA_DESCRIPTOR_LENGTH,
  DATA_DESCRIPTOR_SIGNATURE,
  FLAG_DATA_DESCRIPTOR,
  LOCAL_FILE_HEADER_FIELD,
  LOCAL_FILE_HEADER_LENGTH,
  LOCAL_FILE_HEADER_SIGNATURE,
  SIGNATURE_LENGTH,
  ZIP64_DATA_DESCRIPTOR_LENGTH,
  ZIP64_EXTRA_FIELD_ID,
  ZIP64_SENTINEL_32,
} from './constants.js';
import type { RawCentralRecord } from './central-directory.js';
import { applyZip64, splitExtraFields, type ExtraFieldList } from './extra-fields.js';

export interface RawLocalHeader {
  readonly offset: number;
  readonly versionNeeded: number;
  readonly flags: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly rawName: Uint8Array;
  readonly extra: ExtraFieldList;
  /** Absolute offset of the entry data. */
  readonly dataOffset: number;
}

/** Reads the local header at `position` (relative); undefined when there is none. */
export function readLocalHeader(reader: ByteReader, position: number): RawLocalHeader | undefined {
  if (!reader.has(LOCAL_FILE_HEADER_LENGTH, position) || reader.u32At(position) !== LOCAL_FILE_HEADER_SIGNATURE)
    return undefined;
  // The archive reader's cursor is free: every other read uses absolute positions.
  const header = reader.seek(position);
  header.skip(SIGNATURE_LENGTH);
  const versionNeeded = header.u16();
  const flags = header.u16();
  const method = header.u16();
  header.skip(2 + 2); // last mod file time (2) and date (2)
  const crc32 = header.u32();
  const compressedSize32 = header.u32();
  const uncompressedSize32 = header.u32();
  const nameLength = header.u16();
  const extraLength = header.u16();
  const namePosition = position + LOCAL_FILE_HEADER_LENGTH;
  const rawName = reader.bytesAt(namePosition, nameLength);
  const extra = splitExtraFields(reader, namePosition + nameLength, extraLength);
  let values = { uncompressedSize: uncompressedSize32, compressedSize: compressedSize32, localHeaderOffset: 0 };
  const zip64Field = extra.fields.find((field) => field.id === ZIP64_EXTRA_FIELD_ID);
  if (zip64Field !== undefined) values = applyZip64(zip64Field, values).values;
  return {
    offset: reader.base + position,
    versionNeeded,
    flags,
    method,
    crc32,
    compressedSize: values.compressedSize,
    uncompressedSize: values.uncompressedSize,
    rawName,
    extra,
    dataOffset: reader.base + namePosition + nameLength + extraLength,
  };
}

export function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/** Extra field ids that are not alignment padding (zipalign adds padding only to local headers). */
function meaningfulExtraIds(extra: ExtraFieldList): string {
  return extra.fields
    .map((field) => field.id)
    .filter((id) => id !== ANDROID_ALIGNMENT_EXTRA_FIELD_ID && id !== 0 && id !== ZIP64_EXTRA_FIELD_ID)
    .sort((left, right) => left - right)
    .map((id) => `0x${id.toString(16).padStart(4, '0')}`)
    .join(',');
}

/** Records every field where the local header disagrees with the central record. */
export function compareLocalWithCentral(
  central: RawCentralRecord,
  local: RawLocalHeader,
  name: string,
  sink: DiagnosticSink,
): void {
  const at = local.offset;
  if (!sameBytes(central.rawName, local.rawName)) {
    sink.add(
      'zip.local-mismatch-name',
      at + LOCAL_FILE_HEADER_FIELD.name,
      `entry "${name}": local header names it "${new TextDecoder().decode(local.rawName)}" (Android rejects the entry as inconsistent; streaming tools use the local name)`,
      'error',
    );
  }
  if (central.method !== local.method) {
    sink.add(
      'zip.local-mismatch-method',
      at + LOCAL_FILE_HEADER_FIELD.method,
      `entry "${name}": central method ${central.method}, local method ${local.method} (Android uses the central one)`,
      'error',
    );
  }
  if (central.flags !== local.flags) {
    const dataDescriptorOnly = ((central.flags ^ local.flags) & ~FLAG_DATA_DESCRIPTOR) === 0;
    sink.add(
      'zip.local-mismatch-flags',
      at + LOCAL_FILE_HEADER_FIELD.flags,
      `entry "${name}": central flags 0x${central.flags.toString(16)}, local flags 0x${local.flags.toString(16)}${dataDescriptorOnly ? ' (only bit 3 differs: libziparchive warns and goes on)' : ''}`,
      dataDescriptorOnly ? 'info' : 'warning',
    );
  }
  // 4.4.4 bit 3: sizes and CRC are zero in the local header and follow the data instead.
  if ((local.flags & FLAG_DATA_DESCRIPTOR) === 0) {
    if (central.crc32 !== local.crc32) {
      sink.add(
        'zip.local-mismatch-crc',
        at + LOCAL_FILE_HEADER_FIELD.crc32,
        `entry "${name}": central CRC 0x${central.crc32.toString(16)}, local CRC 0x${local.crc32.toString(16)} (Android rejects the entry as inconsistent)`,
        'error',
      );
    }
    if (central.compressedSize !== local.compressedSize || central.uncompressedSize !== local.uncompressedSize) {
      sink.add(
        'zip.local-mismatch-sizes',
        at + LOCAL_FILE_HEADER_FIELD.compressedSize,
        `entry "${name}": central sizes ${central.compressedSize}/${central.uncompressedSize}, local sizes ${local.compressedSize}/${local.uncompressedSize} (compressed/uncompressed; Android rejects the entry as inconsistent)`,
        'error',
      );
    }
  }
  if (central.versionNeeded !== local.versionNeeded) {
    // No corpus file has it (apktool/unknown_compression.apk writes 0x0314 in both); Android ignores the field.
    sink.add(
      'zip.local-mismatch-version',
      at + LOCAL_FILE_HEADER_FIELD.versionNeeded,
      `entry "${name}": version needed to extract is ${central.versionNeeded} in the central record, ${local.versionNeeded} in the local header (a mark of the tool that wrote the file)`,
      'info',
    );
  }
  const centralIds = meaningfulExtraIds(central.extra);
  const localIds = meaningfulExtraIds(local.extra);
  if (centralIds !== localIds) {
    sink.add(
      'zip.local-mismatch-extra',
      at + LOCAL_FILE_HEADER_FIELD.extraLength,
      `entry "${name}": extra fields differ (central [${centralIds}], local [${localIds}])`,
      'info',
    );
  }
}

export interface DataDescriptor {
  readonly offset: number;
  readonly length: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/**
 * 4.3.9: after the data, an optional signature then CRC-32 and the two sizes
 * (8 bytes each when the entry is Zip64). Undefined when it does not fit.
 */
export function readDataDescriptor(reader: ByteReader, position: number, zip64: boolean): DataDescriptor | undefined {
  try {
    let cursor = position;
    const hasSignature = reader.u32At(cursor) === DATA_DESCRIPTOR_SIGNATURE;
    if (hasSignature) cursor += SIGNATURE_LENGTH;
    const crc32 = reader.u32At(cursor);
    const compressedSize = zip64
      ? reader.u64At(cursor + DATA_DESCRIPTOR_FIELD.compressedSize)
      : reader.u32At(cursor + DATA_DESCRIPTOR_FIELD.compressedSize);
    const uncompressedSize = zip64
      ? reader.u64At(cursor + DATA_DESCRIPTOR_FIELD.uncompressedSize64)
      : reader.u32At(cursor + DATA_DESCRIPTOR_FIELD.uncompressedSize32);
    const length =
      (hasSignature ? SIGNATURE_LENGTH : 0) + (zip64 ? ZIP64_DATA_DESCRIPTOR_LENGTH : DATA_DESCRIPTOR_LENGTH);
    return { offset: reader.base + position, length, crc32, compressedSize, uncompressedSize };
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    return undefined;
  }
}

export function compareDataDescriptor(
  central: RawCentralRecord,
  descriptor: DataDescriptor,
  name: string,
  sink: DiagnosticSink,
): void {
  if (
    descriptor.crc32 !== central.crc32 ||
    descriptor.compressedSize !== central.compressedSize ||
    descriptor.uncompressedSize !== central.uncompressedSize
  ) {
    sink.add(
      'zip.data-descriptor-mismatch',
      descriptor.offset,
      `entry "${name}": data descriptor says CRC 0x${descriptor.crc32.toString(16)} sizes ${descriptor.compressedSize}/${descriptor.uncompressedSize}, central record says CRC 0x${central.crc32.toString(16)} sizes ${central.compressedSize}/${central.uncompressedSize}`,
      'warning',
    );
  }
}

/** True when a central size says "see Zip64" (used to pick the descriptor width). */
export function isZip64Entry(central: RawCentralRecord): boolean {
  return (
    central.extra.fields.some((field) => field.id === ZIP64_EXTRA_FIELD_ID) &&
    (central.compressedSize >= ZIP64_SENTINEL_32 || central.uncompressedSize >= ZIP64_SENTINEL_32)
  );
}
