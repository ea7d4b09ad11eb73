/**
 * Locates the APK Signing Block right before the ZIP central directory and splits it
 * into its id-value pairs (v2 spec, "APK Signing Block"):
 *
 *   uint64 size of block (excluding this field)
 *   repeated: uint64 length, uint32 id, value (length - 4 bytes)
 *   uint64 size of block (same value)
 *   16 bytes magic "APK Sig Block 42"
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { DiagnosticSink } from '../diagnostics.js';
import {
  APK_SIGNING_BLOCK_FOOTER_SIZE,
  APK_SIGNING_BLOCK_MAGIC,
  APK_SIGNING_BLOCK_MAX_SIZE,
  APK_SIGNING_BLOCK_MIN_SIZE,
  PAIR_ID_SIZE,
  PAIR_LENGTH_FIELD_SIZE,
  blockIdName,
} from './constants.js';

export interface SigningBlockPair {
  readonly id: number;
  /** Name of the id ("unknown" for ids we do not know; those are listed, never dropped). */
  readonly name: string;
  /** Absolute offset of the pair's uint64 length field. */
  readonly offset: number;
  /** Absolute offset and length of the value (after the 4-byte id). */
  readonly valueOffset: number;
  readonly value: Uint8Array;
  /** True when an earlier pair had the same id (Android and apksig use the first one). */
  readonly duplicate: boolean;
}

export interface SigningBlock {
  /** Absolute offset of the leading size field (start of the block). */
  readonly offset: number;
  /** Total bytes from `offset` to the central directory, both size fields and the magic included. */
  readonly totalSize: number;
  /** The size both size fields declare. */
  readonly declaredSize: number;
  readonly pairs: readonly SigningBlockPair[];
}

/** At most this many pairs are listed; real blocks hold fewer than ten. */
const MAX_PAIRS = 4096;

function hasMagic(bytes: Uint8Array, position: number): boolean {
  for (let index = 0; index < APK_SIGNING_BLOCK_MAGIC.length; index++) {
    if (bytes[position + index] !== APK_SIGNING_BLOCK_MAGIC[index]) return false;
  }
  return true;
}

/**
 * Finds and splits the signing block that must end exactly where the central
 * directory starts. Returns undefined (with an info diagnostic) when there is none.
 */
export function readSigningBlock(
  bytes: Uint8Array,
  centralDirectoryOffset: number,
  sink: DiagnosticSink,
): SigningBlock | undefined {
  const file = new ByteReader(bytes);
  const footerStart = centralDirectoryOffset - APK_SIGNING_BLOCK_FOOTER_SIZE;
  if (footerStart < PAIR_LENGTH_FIELD_SIZE || centralDirectoryOffset > bytes.byteLength) {
    sink.add(
      'apksig.block-absent',
      Math.max(0, footerStart),
      'no room for an APK Signing Block before the central directory',
      'info',
    );
    return undefined;
  }
  if (!hasMagic(bytes, footerStart + PAIR_LENGTH_FIELD_SIZE)) {
    sink.add('apksig.block-absent', footerStart, 'no "APK Sig Block 42" magic before the central directory', 'info');
    return undefined;
  }
  const declaredSize = file.u64At(footerStart);
  const totalSize = declaredSize + PAIR_LENGTH_FIELD_SIZE;
  const blockOffset = centralDirectoryOffset - totalSize;
  if (
    declaredSize < APK_SIGNING_BLOCK_MIN_SIZE - PAIR_LENGTH_FIELD_SIZE ||
    declaredSize > APK_SIGNING_BLOCK_MAX_SIZE ||
    blockOffset < 0
  ) {
    sink.add(
      'apksig.block-size-out-of-range',
      footerStart,
      `APK Signing Block size ${declaredSize} does not fit before the central directory at ${centralDirectoryOffset}`,
      'error',
    );
    return undefined;
  }
  const leadingSize = file.u64At(blockOffset);
  if (leadingSize !== declaredSize) {
    sink.add(
      'apksig.block-size-mismatch',
      blockOffset,
      `APK Signing Block size fields disagree: ${leadingSize} at the start, ${declaredSize} at the end`,
      'error',
    );
    return undefined;
  }
  const pairsStart = blockOffset + PAIR_LENGTH_FIELD_SIZE;
  const pairs = readPairs(file.slice(pairsStart, footerStart - pairsStart), sink);
  return { offset: blockOffset, totalSize, declaredSize, pairs };
}

function readPairs(reader: ByteReader, sink: DiagnosticSink): SigningBlockPair[] {
  const pairs: SigningBlockPair[] = [];
  const seen = new Set<number>();
  while (reader.remaining > 0 && pairs.length < MAX_PAIRS) {
    const offset = reader.absolute;
    try {
      const length = reader.u64();
      if (length < PAIR_ID_SIZE || length > reader.remaining) {
        sink.add(
          'apksig.pair-length-invalid',
          offset,
          `pair length ${length} is outside 4..${reader.remaining}`,
          'error',
        );
        return pairs;
      }
      const id = reader.u32();
      const valueOffset = reader.absolute;
      const value = reader.take(length - PAIR_ID_SIZE);
      const duplicate = seen.has(id);
      seen.add(id);
      const name = blockIdName(id);
      // Duplicates are kept and flagged, not refused: Android reads the first and installs
      // the file (fdroidserver/issue-1128-poc2.apk hides a second v2 and v3 block).
      if (duplicate) {
        sink.add(
          'apksig.pair-duplicate',
          offset,
          `second pair with id 0x${id.toString(16)} (${name}); Android uses the first`,
          'warning',
        );
      } else if (name === 'unknown') {
        sink.add('apksig.pair-unknown', offset, `unknown pair id 0x${id.toString(16)} (${value.length} bytes)`, 'info');
      }
      pairs.push({ id, name, offset, valueOffset, value, duplicate });
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      sink.add(
        'apksig.pair-truncated',
        offset,
        `pair header runs past the block's pair area (${error.message})`,
        'error',
      );
      return pairs;
    }
  }
  if (reader.remaining > 0)
    sink.add(
      'apksig.pairs-truncated',
      reader.absolute,
      `more than ${MAX_PAIRS} pairs; the rest is not listed`,
      'warning',
    );
  return pairs;
}

/** The first (authoritative) pair with `id`, as Android's ApkSigningBlockUtils picks it. */
export function firstPair(block: SigningBlock | undefined, id: number): SigningBlockPair | undefined {
  return block?.pairs.find((pair) => pair.id === id);
}
