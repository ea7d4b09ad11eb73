/**
 * One scan reads most entries of an APK more than once: the manifest and resource table
 * by inspection and again by v1 verification (which digests every entry), dex files by
 * v1 and by dex discovery, res/ XML and assets by v1 and by the model. Inflating and
 * CRC-checking each time was ~17% of a corpus scan (readEntry inclusive). So the result of
 * a successful read (the bytes and their diagnostics) is remembered per archive and
 * handed to later reads of the same entry, under a byte cap.
 *
 * A remembered result is reused only when the new read's own budget admits every byte of
 * it: inflation is deterministic and zlib refuses output only beyond maxOutputLength, so
 * such a read would have produced exactly these bytes and diagnostics. Reads that failed,
 * or were refused by a budget, are never remembered (their diagnostic names the budget),
 * nor are entries of unknown methods (two attempts whose outcome depends on the budget).
 *
 * Memory: stored entries are views into the file and cost nothing; inflated bytes are held
 * up to capacityFor(archive). The scan that created the archive calls releaseEntryData
 * when its last reader is done (buildAppModel, before the code index, its largest
 * allocation); otherwise the memo goes with the archive (WeakMap).
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ZipArchive, ZipEntry } from './types.js';

/**
 * Inflated bytes held per byte of the file. The corpus' largest APK
 * (npm/appium-uiautomator2-server-v10.6.6.apk, 18 MB) inflates to 43 MB; holding all of it
 * raised the scan's peak RSS from 179 to 205 MB (compiled, one process), over issue 3's
 * 3× + 150 MB = 201 MB; holding 26 MB (dex and the first assets) peaks at 191 MB.
 */
const HELD_BYTES_PER_FILE_BYTE = 1;
/** So that small APKs with well-compressed entries still share them. */
const MINIMUM_HELD_BYTES = 8 * 1024 * 1024;
/** Never more than this, whatever the file's size (peak memory target: 3× the APK + 150 MB). */
const MAXIMUM_HELD_BYTES = 64 * 1024 * 1024;

export interface RememberedRead {
  readonly value: Uint8Array;
  readonly diagnostics: readonly Diagnostic[];
}

interface Memo {
  readonly reads: Map<ZipEntry, RememberedRead>;
  readonly capacity: number;
  heldBytes: number;
}

const memos = new WeakMap<ZipArchive, Memo>();

/** How many inflated bytes the memo of `archive` may hold. */
export function capacityFor(archive: ZipArchive): number {
  return Math.min(MAXIMUM_HELD_BYTES, archive.bytes.length * HELD_BYTES_PER_FILE_BYTE + MINIMUM_HELD_BYTES);
}

export function recallRead(archive: ZipArchive, entry: ZipEntry): RememberedRead | undefined {
  return memos.get(archive)?.reads.get(entry);
}

/**
 * Remembers a successful read that holds `heldBytes` of memory beyond the file (0 for a
 * view into it); a read that would exceed the capacity is simply not remembered.
 */
export function rememberRead(archive: ZipArchive, entry: ZipEntry, read: RememberedRead, heldBytes: number): void {
  let memo = memos.get(archive);
  if (memo === undefined) {
    memo = { reads: new Map(), capacity: capacityFor(archive), heldBytes: 0 };
    memos.set(archive, memo);
  }
  if (memo.reads.has(entry)) return;
  if (memo.heldBytes + heldBytes > memo.capacity) return;
  memo.heldBytes += heldBytes;
  memo.reads.set(entry, read);
}

/** Forgets every remembered read of `archive` (later reads inflate again). */
export function releaseEntryData(archive: ZipArchive): void {
  memos.delete(archive);
}

/** What the memo of `archive` holds (for tests and measurements). */
export function entryMemoStatistics(archive: ZipArchive): {
  readonly entries: number;
  readonly heldBytes: number;
  readonly capacity: number;
} {
  const memo = memos.get(archive);
  return {
    entries: memo?.reads.size ?? 0,
    heldBytes: memo?.heldBytes ?? 0,
    capacity: memo?.capacity ?? capacityFor(archive),
  };
}
