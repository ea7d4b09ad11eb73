/**
 * Reading an entry's data: stored or deflated (APPNOTE.TXT 4.4.5), inflated
 * under a byte budget, then checked against the central CRC-32.
 *
 * Unknown methods: "any ZIP compression method other than STORED is treated as
 * DEFLATED by Android" (apksig's ApkVerifierTest.testWeirdZipCompressionMethod,
 * about apksig/weird-compression-method.apk: method 21 on META-INF/CERT.RSA;
 * java.util.zip/StrictJarFile inflate every non-STORED entry). We read such an
 * entry as Android does, and fall back to stored bytes only to show what a
 * different reader would see, with a diagnostic saying Android fails there.
 */
import { constants as bufferConstants } from 'node:buffer';
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { DiagnosticSink, type ParseResult } from '../diagnostics.js';
import {
  CENTRAL_DIRECTORY_FIELD,
  DEFAULT_INFLATE_BUDGET,
  FLAG_ENCRYPTED,
  FLAG_STRONG_ENCRYPTION,
  MAX_DEFLATE_RATIO,
  METHOD_DEFLATED,
  METHOD_STORED,
} from './constants.js';
import { crc32 } from './crc32.js';
import { INFLATE_BUDGET_PER_FILE_BYTE, MINIMUM_INFLATE_BUDGET } from './entry-memo.js';
import type { ReadEntryOptions, ZipArchive, ZipEntry } from './types.js';

/** A remembered entry is copied when its buffer is more than this many times its size. */
const WASTE_FACTOR = 2;
/** A floor for the ratio cap so that tiny entries are never refused for their ratio. */
const MINIMUM_INFLATE_ALLOWANCE = 64 * 1024;

type Attempt = { data: Uint8Array; complete: boolean; spent: number } | { error: string; budgetExceeded: boolean };

/**
 * A plain Uint8Array view of zlib's output, without copying it: `new Uint8Array(buffer)`
 * copied every inflated entry, so a 14 MB classes.dex briefly took 28 MB.
 */
function asUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * zlib's output chunk for an entry declaring `declaredSize` bytes: one byte more than
 * declared (so that a truthful entry inflates in one call into one buffer, without a
 * trailing empty chunk or a concatenation that doubles the peak), within zlib's minimum and
 * the read's limit (which the archive's inflate budget bounds, so a hostile declared size
 * cannot make us reserve more than the budget). With zlib's default of 16 KiB, every small
 * entry came back as a view into a fresh 16 KiB buffer (60 MB of garbage for the 3,804 small
 * entries of npm/appium-uiautomator2-server-v10.6.6.apk), and larger ones as 16 KiB chunks
 * copied together by Buffer.concat: the corpus' 719 entries over 16 KiB (152 MB) inflate in
 * 393-449 ms of CPU instead of 489-576 ms.
 */
function chunkSizeFor(declaredSize: number, limit: number): number {
  return Math.max(zlibConstants.Z_MIN_CHUNK, Math.min(declaredSize + 1, limit + 1));
}

function inflate(compressed: Uint8Array, limit: number, declaredSize: number): Attempt {
  const chunkSize = chunkSizeFor(declaredSize, limit);
  try {
    const data = asUint8Array(inflateRawSync(compressed, { maxOutputLength: Math.max(1, limit), chunkSize }));
    return { data, complete: true, spent: data.length };
  } catch (error) {
    const failure = error as { code?: string; message?: string };
    if (failure.code === 'ERR_BUFFER_TOO_LARGE')
      return { error: failure.message ?? 'output too large', budgetExceeded: true };
    if (failure.code === 'Z_BUF_ERROR') {
      // A truncated stream: keep what inflates (evidence), flagged as incomplete.
      try {
        const partial = inflateRawSync(compressed, {
          maxOutputLength: Math.max(1, limit),
          chunkSize,
          finishFlush: zlibConstants.Z_SYNC_FLUSH,
        });
        // Two inflations of the same stream: the first stopped where the second stops.
        return { data: asUint8Array(partial), complete: false, spent: 2 * partial.length };
      } catch {
        return { error: failure.message ?? 'truncated deflate stream', budgetExceeded: false };
      }
    }
    return { error: failure.message ?? String(error), budgetExceeded: false };
  }
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

interface ReadLimits {
  /** Bytes from the entry's data to the end of the file. */
  readonly available: number;
  /** Compressed bytes present in the file (the declared size, unless the file ends first). */
  readonly compressedLength: number;
  /** The caller's budget: maxBytes within what the shared budget has left. */
  readonly budget: number;
  /** zlib's maxOutputLength: the budget within the ratio cap, Node's largest Buffer and the archive's inflate budget. */
  readonly limit: number;
  /** `limit` without the archive's inflate budget (what a remembered read is judged by). */
  readonly callerLimit: number;
  /** Whether the archive's inflate budget is what bounds `limit`. */
  readonly archiveBound: boolean;
  /** Whether the declared size (plus a little) is what bounds `limit`. */
  readonly declaredBound: boolean;
}

function readLimits(archive: ZipArchive, entry: ZipEntry, options: ReadEntryOptions): ReadLimits {
  const available = Math.max(0, archive.bytes.length - entry.dataOffset);
  const compressedLength = Math.min(entry.compressedSize, available);
  const budget = Math.max(
    0,
    Math.min(options.maxBytes ?? DEFAULT_INFLATE_BUDGET, options.sharedBudget?.remaining ?? Number.POSITIVE_INFINITY),
  );
  const ratioCap = compressedLength * MAX_DEFLATE_RATIO + MINIMUM_INFLATE_ALLOWANCE;
  // libziparchive inflates into a buffer of the declared size and fails when the stream holds
  // more; we read a little past it (evidence of the mismatch), never far past it.
  const declaredCap = entry.uncompressedSize + MINIMUM_INFLATE_ALLOWANCE;
  // Node refuses a maxOutputLength above its largest Buffer.
  const callerLimit = Math.min(budget, ratioCap, declaredCap, bufferConstants.MAX_LENGTH);
  const archiveRemaining = archive.reads.inflateRemaining;
  return {
    available,
    compressedLength,
    budget,
    limit: Math.min(callerLimit, archiveRemaining),
    callerLimit,
    archiveBound: archiveRemaining < callerLimit,
    declaredBound: declaredCap < Math.min(budget, ratioCap) && declaredCap <= archiveRemaining,
  };
}

/**
 * An entry's data: an earlier read of it (same archive) whose every byte this read's budget
 * admits gave exactly what this read would (entry-memo.ts), so it is reused, budget
 * accounting included; otherwise a fresh read, remembered when it succeeds. Entries of
 * unknown methods are always read afresh (their outcome depends on the budget).
 */
export function readEntryData(
  archive: ZipArchive,
  entry: ZipEntry,
  options: ReadEntryOptions = {},
): ParseResult<Uint8Array | undefined> {
  const state = archive.reads;
  const known = entry.method === METHOD_STORED || entry.method === METHOD_DEFLATED;
  const remembered = known ? state.recall(entry) : undefined;
  if (remembered !== undefined) {
    const { budget, callerLimit } = readLimits(archive, entry, options);
    // A remembered read costs the archive's budget nothing: only the caller's own budget decides.
    if (remembered.value.length <= (entry.method === METHOD_STORED ? budget : callerLimit)) {
      const shared = options.sharedBudget;
      if (shared !== undefined) shared.remaining = Math.max(0, shared.remaining - remembered.value.length);
      return { value: remembered.value, diagnostics: [...remembered.diagnostics] };
    }
  }
  if (entry.method !== METHOD_STORED) {
    const first = state.sharedTarget(entry);
    if (first !== undefined) return readSharedTarget(archive, entry, first, options);
  }
  const result = readFresh(archive, entry, options);
  if (entry.method !== METHOD_STORED && result.value !== undefined) state.claimTarget(entry);
  const data = result.value;
  if (known && data !== undefined) {
    // Stored data is a view into the file: free to keep. Inflated data whose buffer is much
    // larger (an entry that declared more than it holds) is kept as an exact-size copy;
    // Buffer's shared 8 KiB pool (small chunks) is not waste.
    const inFile = data.buffer === archive.bytes.buffer;
    const wasteful = !inFile && data.buffer.byteLength > Math.max(Buffer.poolSize, WASTE_FACTOR * data.byteLength);
    const kept = wasteful ? data.slice() : data;
    state.remember(entry, { value: kept, diagnostics: [...result.diagnostics] }, inFile ? 0 : kept.byteLength);
  }
  return result;
}

/** Whether two central records describe the same data the same way (an alias of one stream). */
function sameRecord(left: ZipEntry, right: ZipEntry): boolean {
  return (
    left.method === right.method &&
    left.compressedSize === right.compressedSize &&
    left.uncompressedSize === right.uncompressedSize &&
    left.crc32 === right.crc32
  );
}

/**
 * An entry whose local header another entry already inflated (readZip reported
 * `zip.duplicate-local-header`): the stream is not inflated a second time. When the first
 * read is remembered and the records agree, its bytes are this entry's bytes; otherwise the
 * entry is refused, naming the one that was read.
 */
function readSharedTarget(
  archive: ZipArchive,
  entry: ZipEntry,
  first: ZipEntry,
  options: ReadEntryOptions,
): ParseResult<Uint8Array | undefined> {
  const sink = new DiagnosticSink();
  const remembered = sameRecord(first, entry) ? archive.reads.recall(first) : undefined;
  const { budget } = readLimits(archive, entry, options);
  if (remembered !== undefined && remembered.value.length <= budget) {
    sink.add(
      'zip.duplicate-local-header-read',
      entry.localHeaderOffset,
      `entry "${entry.name}" is the stream of entry "${first.name}" (same local header at ${entry.localHeaderOffset}): its bytes are that entry's, inflated once`,
      'warning',
    );
    const shared = options.sharedBudget;
    if (shared !== undefined) shared.remaining = Math.max(0, shared.remaining - remembered.value.length);
    return { value: remembered.value, diagnostics: sink.finish() };
  }
  sink.add(
    'zip.duplicate-local-header-read',
    entry.localHeaderOffset,
    `entry "${entry.name}" points at the local header of entry "${first.name}" (at ${entry.localHeaderOffset}), whose stream was already inflated: not inflated again (one stream listed twice is tampering)`,
    'error',
  );
  return { value: undefined, diagnostics: sink.finish() };
}

function readFresh(
  archive: ZipArchive,
  entry: ZipEntry,
  options: ReadEntryOptions,
): ParseResult<Uint8Array | undefined> {
  const sink = new DiagnosticSink();
  const done = (value: Uint8Array | undefined): ParseResult<Uint8Array | undefined> => {
    if (value !== undefined && options.sharedBudget !== undefined)
      options.sharedBudget.remaining = Math.max(0, options.sharedBudget.remaining - value.length);
    return { value, diagnostics: sink.finish() };
  };
  if (entry.dataOffset < 0) {
    sink.add(
      'zip.entry-unreadable',
      entry.localHeaderOffset,
      `entry "${entry.name}" has no readable local header, so its data cannot be located`,
      'error',
    );
    return done(undefined);
  }
  if ((entry.flags & FLAG_STRONG_ENCRYPTION) !== 0) {
    sink.add(
      'zip.entry-encrypted',
      entry.centralHeaderOffset + CENTRAL_DIRECTORY_FIELD.flags,
      `entry "${entry.name}" uses strong encryption (bit 6); Android cannot read it either`,
      'error',
    );
    return done(undefined);
  }
  if ((entry.flags & FLAG_ENCRYPTED) !== 0) {
    // The "fake encryption" anti-analysis trick: Android ignores bit 0 and reads plain data, some tools refuse.
    // No corpus file has it; tested by "bogus encryption bit on plain data".
    sink.add(
      'zip.encryption-flag-ignored',
      entry.centralHeaderOffset + CENTRAL_DIRECTORY_FIELD.flags,
      `entry "${entry.name}" sets the encryption bit; read as plain data like Android does`,
      'warning',
    );
  }
  const { available, compressedLength, budget, limit, archiveBound, declaredBound } = readLimits(
    archive,
    entry,
    options,
  );
  if (compressedLength < entry.compressedSize) {
    sink.add(
      'zip.entry-data-truncated',
      entry.dataOffset,
      `entry "${entry.name}" declares ${entry.compressedSize} compressed bytes but only ${available} remain in the file`,
      'error',
    );
  }
  const compressed = archive.bytes.subarray(entry.dataOffset, entry.dataOffset + compressedLength);
  const shared = options.sharedBudget;

  const readStored = (): Attempt => {
    if (compressedLength > budget) return { error: `stored data of ${compressedLength} bytes`, budgetExceeded: true };
    return { data: compressed, complete: compressedLength === entry.compressedSize, spent: 0 };
  };
  let attempts: Array<{ method: string; attempt: () => Attempt }>;
  if (entry.method === METHOD_STORED) attempts = [{ method: 'stored', attempt: readStored }];
  else {
    // Every inflation is work charged to the archive's budget: what zlib produced, or the limit it was stopped at.
    const inflateCharged = (): Attempt => {
      // An entry that declares more than the read may produce would be refused after inflating
      // `limit` bytes into memory: refused before, by its own declaration, at no cost.
      if (entry.uncompressedSize > limit)
        return { error: `declares ${entry.uncompressedSize} bytes`, budgetExceeded: true };
      const attempt = inflate(compressed, limit, entry.uncompressedSize);
      archive.reads.spend(
        'error' in attempt ? (attempt.budgetExceeded ? limit : Math.min(limit, entry.uncompressedSize)) : attempt.spent,
      );
      return attempt;
    };
    const deflated = { method: 'deflate', attempt: inflateCharged };
    attempts = entry.method === METHOD_DEFLATED ? [deflated] : [deflated, { method: 'stored', attempt: readStored }];
  }

  let fallback: { method: string; data: Uint8Array; complete: boolean } | undefined;
  for (const { method, attempt } of attempts) {
    const result = attempt();
    if ('error' in result) {
      if (result.budgetExceeded && archiveBound && method !== 'stored') {
        sink.add(
          'zip.archive-inflate-budget',
          entry.dataOffset,
          `entry "${entry.name}" not read: the archive's inflate budget of ${archive.reads.inflateBudget} bytes (${INFLATE_BUDGET_PER_FILE_BYTE} times the file, at least ${MINIMUM_INFLATE_BUDGET}) is spent; ${limit} bytes were left (declared ${entry.uncompressedSize} bytes from ${entry.compressedSize}): possible decompression bomb`,
          'error',
        );
        return done(undefined);
      }
      if (result.budgetExceeded && declaredBound && method !== 'stored') {
        sink.add(
          'zip.inflate-beyond-declared-size',
          entry.dataOffset,
          `entry "${entry.name}" inflates to more than the ${entry.uncompressedSize} bytes it declares (stopped at ${limit}); Android fails to read it; not read, possible decompression bomb`,
          'error',
        );
        return done(undefined);
      }
      if (result.budgetExceeded) {
        sink.add(
          'zip.inflate-budget',
          entry.dataOffset,
          `entry "${entry.name}" (${method}) expands beyond the ${shared !== undefined && shared.remaining <= (options.maxBytes ?? DEFAULT_INFLATE_BUDGET) ? 'shared ' : ''}budget of ${limit} bytes (declared ${entry.uncompressedSize} bytes from ${entry.compressedSize}); not read, possible decompression bomb`,
          'error',
        );
        return done(undefined);
      }
      if (attempts.length === 1) {
        sink.add('zip.inflate-failed', entry.dataOffset, `entry "${entry.name}": ${result.error}`, 'error');
        return done(undefined);
      }
      continue;
    }
    if (crc32(result.data) === entry.crc32 && result.complete) {
      if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATED) {
        const how =
          method === 'deflate'
            ? 'its data inflates with a matching CRC, as Android (which inflates every non-stored entry) reads it'
            : 'its data is stored (CRC matches) but Android inflates every non-stored entry and fails here: tools that read it as stored see content Android does not';
        sink.add(
          'zip.unknown-method',
          entry.centralHeaderOffset + CENTRAL_DIRECTORY_FIELD.method,
          `entry "${entry.name}" has compression method ${entry.method}; ${how}`,
          method === 'deflate' ? 'warning' : 'error',
        );
      }
      return done(checkSize(result.data, entry, sink));
    }
    fallback ??= { method, ...result };
  }
  if (fallback === undefined) {
    sink.add(
      'zip.unknown-method',
      entry.centralHeaderOffset + CENTRAL_DIRECTORY_FIELD.method,
      `entry "${entry.name}" has compression method ${entry.method} and reads neither as stored nor as deflate`,
      'error',
    );
    return done(undefined);
  }
  const fallbackCrc = crc32(fallback.data);
  if (!fallback.complete) {
    // fixtures/signing/v1-only-rsa-unterminated-deflate.apk: the deflate stream lacks its final
    // block yet every byte is there (the CRC matches): only the missing end is an anomaly.
    const whole =
      fallbackCrc === entry.crc32
        ? 'the deflate stream has no final block, though all data is present (CRC matches)'
        : `the data ends early; ${fallback.data.length} bytes recovered`;
    sink.add('zip.inflate-truncated', entry.dataOffset, `entry "${entry.name}": ${whole}`, 'error');
  }
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATED) {
    sink.add(
      'zip.unknown-method',
      entry.centralHeaderOffset + CENTRAL_DIRECTORY_FIELD.method,
      `entry "${entry.name}" has compression method ${entry.method}; read as ${fallback.method} without a matching CRC`,
      'error',
    );
  }
  if (fallbackCrc !== entry.crc32) {
    sink.add(
      'zip.crc-mismatch',
      entry.centralHeaderOffset + CENTRAL_DIRECTORY_FIELD.crc32,
      `entry "${entry.name}": CRC-32 of the data is ${hex(fallbackCrc)}, the central directory says ${hex(entry.crc32)}`,
      'error',
    );
  }
  return done(checkSize(fallback.data, entry, sink));
}

function checkSize(data: Uint8Array, entry: ZipEntry, sink: DiagnosticSink): Uint8Array {
  if (data.length !== entry.uncompressedSize) {
    sink.add(
      'zip.size-mismatch',
      entry.centralHeaderOffset + CENTRAL_DIRECTORY_FIELD.uncompressedSize,
      `entry "${entry.name}": ${data.length} bytes read, the central directory declares ${entry.uncompressedSize}`,
      'warning',
    );
  }
  return data;
}
