/**
 * Public model of a ZIP container as Android's installer reads it
 * (central directory first, see APPNOTE.TXT 4.3). Raw local headers are kept
 * beside the central records so that every disagreement can be reported.
 */
export interface ZipEntry {
  /** Position in the central directory (0-based). */
  readonly index: number;
  /** Name decoded as UTF-8 (Android ignores the language-encoding flag and always decodes UTF-8). */
  readonly name: string;
  readonly rawName: Uint8Array;
  /** Compression method from the central directory (0 stored, 8 deflate; others are anomalies). */
  readonly method: number;
  /** General purpose bit flags from the central directory. */
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** Absolute file offset of the central directory record. */
  readonly centralHeaderOffset: number;
  /** Absolute file offset of the local file header (already corrected for a prefix, if any). */
  readonly localHeaderOffset: number;
  /** Absolute file offset of the entry's data, from the local header's name/extra lengths; -1 if unreadable. */
  readonly dataOffset: number;
  /** Name as written in the local header, when it differs from the central one. */
  readonly localName?: string;
  readonly isDirectory: boolean;
}

import type { ArchiveReads } from './entry-memo.js';

export interface ZipArchive {
  /** The whole input file. */
  readonly bytes: Uint8Array;
  /** Entries in central-directory order, duplicates included. */
  readonly entries: readonly ZipEntry[];
  /** Absolute offset of the End Of Central Directory record. */
  readonly endOfCentralDirectoryOffset: number;
  /** Absolute offset and size of the central directory, as found (not as declared, when those differ). */
  readonly centralDirectoryOffset: number;
  readonly centralDirectorySize: number;
  /** Bytes before the first local header that belong to no entry (e.g. a dex glued in front: Janus). */
  readonly prefixLength: number;
  readonly comment: Uint8Array;
  readonly zip64: boolean;
  /** What reading this archive's entries has spent and remembered (entry-memo.ts): its inflate budget and memo. */
  readonly reads: ArchiveReads<ZipEntry>;
}

export interface ReadEntryOptions {
  /** Inflation budget in bytes; exceeding it fails the entry with `zip.inflate-budget`. */
  readonly maxBytes?: number;
  /**
   * A budget shared by several reads (e.g. every entry of one archive): each
   * read may produce at most `remaining` bytes and subtracts what it produced.
   * Overlapping-entry bombs (many records sharing one compressed kernel) are
   * stopped by this, not by the per-entry budget.
   */
  readonly sharedBudget?: InflateBudget;
}

export interface InflateBudget {
  remaining: number;
}
