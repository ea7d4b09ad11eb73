/**
 * What reading the entries of one archive has spent and remembered: state owned by the
 * archive (`ZipArchive.reads`, made by readZip), never by the module.
 *
 * Budget. Inflating is work the file's author chooses: overlapping entries let a 330 KB
 * file declare 2,000 entries that each inflate one 200 MiB stream. So every archive has
 * one inflate budget, spent by every fresh inflation of any of its entries (what zlib
 * produced, or the limit it was stopped at), whatever budgets the callers pass; entries
 * that share compressed bytes share it too, instead of each getting a budget of its own.
 * A read the budget refuses says so (`zip.archive-inflate-budget`).
 *
 * Memo. One scan reads most entries more than once: the manifest and resource table by
 * inspection and again by v1 verification (which digests every entry), dex files by v1
 * and by dex discovery, res/ XML and assets by v1 and by the model. Inflating and
 * CRC-checking each time was ~17% of a corpus scan. So the result of a successful read
 * (the bytes and their diagnostics) is remembered and handed to later reads of the same
 * entry, under a byte cap. A remembered result is reused only when the new read's own
 * budget admits every byte of it: inflation is deterministic and zlib refuses output only
 * beyond maxOutputLength, so such a read would have produced exactly these bytes and
 * diagnostics. Reads that failed, or were refused by a budget, are never remembered (their
 * diagnostic names the budget), nor are entries of unknown methods.
 *
 * Duplicate targets. Two central records naming one local header (readZip reports
 * `zip.duplicate-local-header`) are one compressed stream: it is inflated once, for the
 * first entry read from it; the others get that read's bytes when they are remembered,
 * and a refusal naming the entry that was read otherwise.
 *
 * Heads. A read the memo has no room for still leaves the first HEAD_BYTES of its data, so
 * that a later sniff of the entry's start (entry-prefix.ts) takes them as it takes a remembered
 * read's, instead of inflating the stream again (and charging that inflation to the budget).
 *
 * Memory: stored entries are views into the file and cost nothing; inflated bytes are held
 * up to capacityFor(size), and a head of HEAD_BYTES per entry read beyond it. The memo goes with
 * the archive: a caller that wants its memory back drops the archive (buildAppModel reads every
 * entry inside one function that returns no archive, so the memo is garbage before the code
 * index, the scan's largest allocation).
 */
import type { Diagnostic } from '../diagnostics.js';

/** What the state needs of an entry (types.ts's ZipEntry; not imported, so that types.ts can name this class). */
interface ZipEntry {
  readonly name: string;
  readonly localHeaderOffset: number;
}

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

/**
 * Inflate budget per byte of the file. In the corpus, all entries of a file inflate to at
 * most 3.92 times its size (appmanager-splits feat_docs.apk; median 1.6) and a scan reads an
 * entry at most three times (v1 digest, dex discovery or res/ XML or assets, and once more
 * when the memo is full): 12 times the file at most; 64 leaves five times that for apps with
 * more compressible contents than the corpus (its most compressible entry is 20:1).
 */
export const INFLATE_BUDGET_PER_FILE_BYTE = 64;
/** Every archive may inflate at least this much, so that small files with a few large text assets are read whole. */
export const MINIMUM_INFLATE_BUDGET = 32 * 1024 * 1024;

/** First bytes kept of a read the memo does not hold: more than any sniff asks for (4 and 8 bytes). */
export const HEAD_BYTES = 16;

export interface RememberedRead {
  readonly value: Uint8Array;
  readonly diagnostics: readonly Diagnostic[];
}

/** How many inflated bytes the memo of an archive of `fileSize` bytes may hold. */
export function capacityFor(fileSize: number): number {
  return Math.min(MAXIMUM_HELD_BYTES, fileSize * HELD_BYTES_PER_FILE_BYTE + MINIMUM_HELD_BYTES);
}

/** The inflate budget of an archive of `fileSize` bytes. */
function inflateBudgetFor(fileSize: number): number {
  return MINIMUM_INFLATE_BUDGET + fileSize * INFLATE_BUDGET_PER_FILE_BYTE;
}

/** The reading state of one archive (see the file comment). */
export class ArchiveReads<Entry extends ZipEntry = ZipEntry> {
  private readonly reads = new Map<Entry, RememberedRead>();
  /**
   * Entry → the first HEAD_BYTES of its data (all of it when shorter), for reads not remembered,
   * as latin1 text: a string of a few bytes costs a fraction of a Uint8Array of them.
   */
  private readonly heads = new Map<Entry, string>();
  /** Local header offset → the entry whose read inflated that stream. */
  private readonly targets = new Map<number, Entry>();
  private nameIndex: Map<string, Entry> | undefined;
  /** Local header offset → the first bytes of its data, as sniffed (entry-prefix.ts): records naming one stream sniff it once. */
  readonly prefixes = new Map<number, Uint8Array>();
  private heldBytes = 0;
  readonly capacity: number;
  /** The whole archive's inflate budget. */
  readonly inflateBudget: number;
  /** What is left of it. */
  inflateRemaining: number;

  constructor(fileSize: number) {
    this.capacity = capacityFor(fileSize);
    this.inflateBudget = inflateBudgetFor(fileSize);
    this.inflateRemaining = this.inflateBudget;
  }

  recall(entry: Entry): RememberedRead | undefined {
    return this.reads.get(entry);
  }

  /**
   * The first `length` bytes of a successful read that was not remembered (see the file
   * comment), when its head holds them (or all of its data, when shorter); else undefined.
   */
  headOf(entry: Entry, length: number): Uint8Array | undefined {
    const head = this.heads.get(entry);
    if (head === undefined || (head.length < length && head.length === HEAD_BYTES)) return undefined;
    return Uint8Array.from(head.slice(0, length), (char) => char.charCodeAt(0));
  }

  /**
   * Remembers a successful read that holds `heldBytes` of memory beyond the file (0 for a
   * view into it); a read that would exceed the capacity is not remembered, only its head.
   */
  remember(entry: Entry, read: RememberedRead, heldBytes: number): void {
    if (this.reads.has(entry)) return;
    if (this.heldBytes + heldBytes > this.capacity) {
      const { value } = read;
      const head = Buffer.from(value.buffer, value.byteOffset, Math.min(HEAD_BYTES, value.length));
      if (!this.heads.has(entry)) this.heads.set(entry, head.toString('latin1'));
      return;
    }
    this.heldBytes += heldBytes;
    this.reads.set(entry, read);
  }

  /** Charges `bytes` of inflation to the archive's budget. */
  spend(bytes: number): void {
    this.inflateRemaining = Math.max(0, this.inflateRemaining - bytes);
  }

  /** The entry that first inflated the stream at `entry`'s local header, if another one did. */
  sharedTarget(entry: Entry): Entry | undefined {
    const first = this.targets.get(entry.localHeaderOffset);
    return first === undefined || first === entry ? undefined : first;
  }

  /** Notes that `entry`'s read inflated the stream at its local header. */
  claimTarget(entry: Entry): void {
    if (!this.targets.has(entry.localHeaderOffset)) this.targets.set(entry.localHeaderOffset, entry);
  }

  /** The first entry of each name (libziparchive keeps the first; see findEntry). */
  byName(entries: readonly Entry[]): Map<string, Entry> {
    if (this.nameIndex === undefined) {
      this.nameIndex = new Map();
      for (const entry of entries) if (!this.nameIndex.has(entry.name)) this.nameIndex.set(entry.name, entry);
    }
    return this.nameIndex;
  }

  /** What the memo holds and the budget has left (for tests and measurements). */
  statistics(): {
    readonly entries: number;
    readonly heldBytes: number;
    readonly capacity: number;
    readonly inflateRemaining: number;
  } {
    return {
      entries: this.reads.size,
      heldBytes: this.heldBytes,
      capacity: this.capacity,
      inflateRemaining: this.inflateRemaining,
    };
  }
}
