/**
 * The first bytes of an entry without reading all of it: for sniffing magic numbers
 * (nested archives, hidden dex). Deflated data is inflated from a bounded slice of its
 * compressed bytes with Z_SYNC_FLUSH, so a cut-off stream yields what it has.
 */
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { METHOD_DEFLATED, METHOD_STORED } from './constants.js';
import type { ZipArchive, ZipEntry } from './types.js';

/**
 * Compressed bytes inflated for a prefix, tried in turn until the output is long enough: a
 * stream's first block header (dynamic Huffman tables) can take a few hundred bytes before the
 * first literal, but feeding all of them at once let a slice of a stream of zeros expand to
 * 1 MB per sniff (2,000 records naming one such stream inflated 2 GB to read 8 bytes each).
 */
const PREFIX_COMPRESSED_STEPS = [32, 256, 1024] as const;
/** Inflation cap for that slice (a 1 KiB deflate slice expands at most ~1032×). */
const PREFIX_OUTPUT_LIMIT = 2 * 1024 * 1024;

/**
 * Up to `length` bytes from the start of the entry's data; fewer (possibly none) when the
 * data cannot be located, uses another method, or does not inflate. Never throws.
 */
export function readEntryPrefix(archive: ZipArchive, entry: ZipEntry, length: number): Uint8Array {
  if (entry.dataOffset < 0) return new Uint8Array(0);
  const start = entry.dataOffset;
  const available = Math.min(archive.bytes.length, start + entry.compressedSize);
  if (entry.method === METHOD_STORED) return archive.bytes.subarray(start, Math.min(available, start + length));
  if (entry.method !== METHOD_DEFLATED) return new Uint8Array(0);
  const known = archive.reads.prefixes.get(entry.localHeaderOffset);
  if (known !== undefined && known.length >= length) return known.subarray(0, length);
  // An entry read whole already (v1 verification digests every entry first) starts with the
  // bytes a prefix inflation would give: inflation is deterministic, and a remembered read
  // inflated the same stream from the same first byte. A copy, not a view keeping them alive.
  const remembered = archive.reads.recall(entry);
  if (remembered !== undefined) return remembered.value.slice(0, length);
  // The head of a read the memo had no room for: the same first bytes, when it kept enough of them.
  const head = archive.reads.headOf(entry, length);
  if (head !== undefined) return head;
  for (const step of PREFIX_COMPRESSED_STEPS) {
    const compressed = archive.bytes.subarray(start, Math.min(available, start + step));
    let output: Buffer;
    try {
      output = inflateRawSync(compressed, {
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
        maxOutputLength: PREFIX_OUTPUT_LIMIT,
      });
    } catch {
      // Not a deflate stream (or a damaged one): there is no prefix to sniff; readEntry reports why.
      return new Uint8Array(0);
    }
    // Sniffing is inflation work too: charged to the archive's one budget.
    archive.reads.spend(output.length);
    if (output.length >= length || start + step >= available) {
      // A copy of the few bytes asked for, not a view keeping zlib's whole output alive.
      const prefix = new Uint8Array(output.subarray(0, Math.min(output.length, length)));
      archive.reads.prefixes.set(entry.localHeaderOffset, prefix);
      return prefix;
    }
  }
  return new Uint8Array(0);
}
