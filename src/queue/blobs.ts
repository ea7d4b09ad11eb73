/**
 * APK bytes on their way to the workers, content-addressed by SHA-256: in the database
 * (`blob_chunks`, 1 MiB a row) or, with `enqueue --store DIR`, as the file
 * DIR/<first two hex digits>/<sha256> of a folder every machine mounts. Streamed both
 * ways: one chunk in memory at a time, whatever the file's size. The SHA-256 is checked
 * again on the way in (the file may change between hashing and storing) and on the way
 * out (a worker scans exactly the bytes that were enqueued).
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import { openRegularFile } from '../model/bundle/input-file.js';

/** Bytes per stored chunk: large enough for few rows, small enough for any server's message limits. */
const CHUNK_BYTES = 1 << 20;

class BlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobError';
  }
}

/** Where a blob lives in a shared folder. */
export function blobPath(folder: string, sha256: string): string {
  return join(folder, sha256.slice(0, 2), sha256);
}

/** Reads the next chunk (up to CHUNK_BYTES; shorter only at the end of the file). */
async function readChunk(file: FileHandle, buffer: Buffer): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/**
 * Copies `source` to `destination` (through a temporary name, then renamed), checking
 * its SHA-256 and size on the way. Throws BlobError when they differ.
 */
async function copyChecked(source: string, destination: string, sha256: string, size: number): Promise<void> {
  mkdirSync(dirname(destination), { recursive: true });
  const temporary = `${destination}.${process.pid}.partial`;
  const input = await open(source, 'r');
  const output = await open(temporary, 'w');
  const hash = createHash('sha256');
  let total = 0;
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const length = await readChunk(input, buffer);
      if (length === 0) break;
      const chunk = buffer.subarray(0, length);
      hash.update(chunk);
      await output.write(chunk);
      total += length;
    }
  } finally {
    await input.close();
    await output.close();
  }
  if (total !== size || hash.digest('hex') !== sha256) {
    rmSync(temporary, { force: true });
    throw new BlobError(`${source} changed while it was being copied (size or SHA-256 differs)`);
  }
  renameSync(temporary, destination);
}

/** A file to store under its SHA-256 (computed beforehand; checked again while stored). */
export interface BlobFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  /** A small file's bytes as they were hashed (readSmallFile): stored as they are, not read again. */
  readonly bytes?: Buffer;
}

/** Files up to this size are sent together in one statement (as hex text: twice their size on the wire). */
const SMALL_FILE_BYTES = 64 * 1024;

/**
 * A file of at most SMALL_FILE_BYTES read once, its SHA-256 computed over the very bytes
 * read: storeBlobs then stores those bytes (one open and read a file instead of one to hash
 * it and another to store it, and nothing read twice that could differ). Undefined for a
 * larger file, hashed as it streams and read again, checked, when stored. Refuses what is
 * not a regular file as the scan does (FormatError).
 */
export function readSmallFile(path: string): { sha256: string; bytes: Buffer } | undefined {
  const { fd, stats } = openRegularFile(path);
  try {
    if (stats.size > SMALL_FILE_BYTES) return undefined;
    // One byte more than fstat's size: a file that grew since takes the streaming path.
    const buffer = Buffer.allocUnsafe(stats.size + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, length);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) return undefined;
    }
    const bytes = buffer.subarray(0, length);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}

/** Reads a small file whole, checking its size and SHA-256. */
async function readSmall(file: BlobFile): Promise<Buffer> {
  const handle = await open(file.path, 'r');
  try {
    const buffer = Buffer.alloc(file.size);
    const length = await readChunk(handle, buffer);
    const extra = await handle.read(Buffer.alloc(1), 0, 1, null);
    if (
      length !== file.size ||
      extra.bytesRead !== 0 ||
      createHash('sha256').update(buffer).digest('hex') !== file.sha256
    )
      throw new BlobError(`${file.path} changed while it was being stored (size or SHA-256 differs)`);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** Streams a file into blob_chunks, one chunk a statement, checking its size and SHA-256. */
async function storeChunks(client: pg.ClientBase, file: BlobFile): Promise<void> {
  const handle = await open(file.path, 'r');
  const hash = createHash('sha256');
  let total = 0;
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let ordinal = 0; ; ordinal += 1) {
      const length = await readChunk(handle, buffer);
      if (length === 0) break;
      const chunk = buffer.subarray(0, length);
      hash.update(chunk);
      total += length;
      // A copy: the read buffer is reused while the query may still be queued on the client.
      await client.query('INSERT INTO blob_chunks (sha256, ordinal, data) VALUES ($1, $2, $3)', [
        file.sha256,
        ordinal,
        Buffer.from(chunk),
      ]);
    }
  } finally {
    await handle.close();
  }
  if (total !== file.size || hash.digest('hex') !== file.sha256)
    throw new BlobError(`${file.path} changed while it was being stored (size or SHA-256 differs)`);
}

/**
 * Stores the bytes of several files under their SHA-256s in the caller's transaction,
 * except those stored already (by another enqueue, maybe at this very moment: the blobs
 * row's key makes the later one wait, then find it). Returns the SHA-256s this call
 * stored. Round trips: one for the blobs rows, one for all the small files' bytes, one
 * per 1 MiB chunk of the larger ones. Keys are inserted in sorted order (two enqueues
 * wait for each other's keys in the same order).
 */
export async function storeBlobs(
  client: pg.ClientBase,
  files: readonly BlobFile[],
  folder: string | undefined,
): Promise<Set<string>> {
  const bySha = new Map<string, BlobFile>();
  for (const file of files) if (!bySha.has(file.sha256)) bySha.set(file.sha256, file);
  const keys = [...bySha.keys()].sort();
  const inserted = await client.query<{ sha256: string }>(
    `INSERT INTO blobs (sha256, size, stored_in, chunks)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::integer[]) ORDER BY 1
     ON CONFLICT DO NOTHING RETURNING sha256`,
    [
      keys,
      keys.map((key) => bySha.get(key)!.size),
      keys.map(() => folder ?? null),
      keys.map((key) => (folder === undefined ? Math.ceil(bySha.get(key)!.size / CHUNK_BYTES) : 0)),
    ],
  );
  const stored = new Set(inserted.rows.map((row) => row.sha256));
  const smallKeys: string[] = [];
  const smallData: Buffer[] = [];
  for (const key of keys) {
    if (!stored.has(key)) continue;
    const file = bySha.get(key)!;
    if (folder !== undefined) {
      const destination = blobPath(folder, key);
      let present: boolean;
      try {
        present = statSync(destination).size === file.size;
      } catch {
        present = false;
      }
      if (!present) await copyChecked(file.path, destination, key, file.size);
    } else if (file.bytes !== undefined) {
      if (file.bytes.length > 0) {
        smallKeys.push(key);
        smallData.push(file.bytes);
      }
    } else if (file.size === 0) {
      await readSmall(file); // no chunk: only the check that it is still empty
    } else if (file.size <= SMALL_FILE_BYTES) {
      smallKeys.push(key);
      smallData.push(await readSmall(file));
    } else {
      await storeChunks(client, file);
    }
  }
  if (smallKeys.length > 0)
    await client.query(
      'INSERT INTO blob_chunks (sha256, ordinal, data) SELECT sha256, 0, data FROM unnest($1::text[], $2::bytea[]) AS u(sha256, data)',
      [smallKeys, smallData],
    );
  return stored;
}

/** A blob's size and place with its first chunk: what a worker reads together with its job's input. */
interface BlobHead {
  readonly size: number;
  readonly stored_in: string | null;
  readonly chunks: number;
  readonly first: Buffer | null;
}

/** Writes all of `data` at the file's position (writeSync may write less than asked). */
function writeAll(file: number, data: Uint8Array): void {
  for (let written = 0; written < data.length;) written += writeSync(file, data, written);
}

/** The columns of a BlobHead, from `blobs b` joined with its first chunk `blob_chunks c`. */
const BLOB_HEAD_COLUMNS = 'b.size, b.stored_in, b.chunks, c.data AS first';

/**
 * Writes the blob to `destination`, one chunk at a time, and checks its SHA-256. A blob
 * kept in a shared folder is read from `folder` when given (the folder may be mounted
 * elsewhere on this machine), else from where enqueue stored it. `head`, when the caller
 * read it already, saves the first round trip.
 */
export async function fetchBlob(
  pool: pg.Pool,
  sha256: string,
  destination: string,
  folder?: string,
  head?: BlobHead,
): Promise<void> {
  // The blob's size and place with its first chunk: one round trip for most APKs.
  const row =
    head ??
    (
      await pool.query<BlobHead>(
        `SELECT ${BLOB_HEAD_COLUMNS} FROM blobs b
         LEFT JOIN blob_chunks c ON c.sha256 = b.sha256 AND c.ordinal = 0 WHERE b.sha256 = $1`,
        [sha256],
      )
    ).rows[0];
  if (row === undefined) throw new BlobError(`no stored bytes for ${sha256}`);
  if (row.stored_in !== null) {
    await copyChecked(blobPath(folder ?? row.stored_in, sha256), destination, sha256, row.size);
    return;
  }
  mkdirSync(dirname(destination), { recursive: true });
  // Written synchronously: a chunk is at most CHUNK_BYTES, so the event loop waits a
  // moment at most, and most APKs are one chunk: three asynchronous file operations a
  // job (open, write, close) cost several times the CPU of these calls.
  const output = openSync(destination, 'w');
  const hash = createHash('sha256');
  let total = 0;
  try {
    for (let ordinal = 0; ordinal < row.chunks; ordinal += 1) {
      const chunk =
        ordinal === 0
          ? (row.first ?? undefined)
          : (
              await pool.query<{ data: Buffer }>('SELECT data FROM blob_chunks WHERE sha256 = $1 AND ordinal = $2', [
                sha256,
                ordinal,
              ])
            ).rows[0]?.data;
      if (chunk === undefined) throw new BlobError(`stored bytes of ${sha256} lack chunk ${ordinal}`);
      hash.update(chunk);
      total += chunk.length;
      writeAll(output, chunk);
    }
  } finally {
    closeSync(output);
  }
  if (total !== row.size || hash.digest('hex') !== sha256)
    throw new BlobError(`stored bytes of ${sha256} do not match their SHA-256`);
}
