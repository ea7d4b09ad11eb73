/**
 * APK bytes on their way to the workers, content-addressed by SHA-256: in the database
 * (`blob_chunks`, 1 MiB a row) or, with `enqueue --store DIR`, as the file
 * DIR/<first two hex digits>/<sha256> of a folder every machine mounts. Streamed both
 * ways: one chunk in memory at a time, whatever the file's size. The SHA-256 is checked
 * again on the way in (the file may change between hashing and storing) and on the way
 * out (a worker scans exactly the bytes that were enqueued).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type pg from 'pg';

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

/**
 * Stores a file's bytes under its SHA-256 in the caller's transaction, unless they are
 * stored already (another enqueue, maybe at this very moment: the blobs row's key makes
 * the later one wait, then find it). Returns true when this call stored them.
 */
export async function storeBlob(
  client: pg.ClientBase,
  path: string,
  sha256: string,
  size: number,
  folder: string | undefined,
): Promise<boolean> {
  const chunks = Math.ceil(size / CHUNK_BYTES);
  const inserted = await client.query(
    'INSERT INTO blobs (sha256, size, stored_in, chunks) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING sha256',
    [sha256, size, folder ?? null, folder === undefined ? chunks : 0],
  );
  if (inserted.rowCount === 0) return false;
  if (folder !== undefined) {
    const destination = blobPath(folder, sha256);
    let present: boolean;
    try {
      present = statSync(destination).size === size;
    } catch {
      present = false;
    }
    if (!present) await copyChecked(path, destination, sha256, size);
    return true;
  }
  const file = await open(path, 'r');
  const hash = createHash('sha256');
  let total = 0;
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let ordinal = 0; ; ordinal += 1) {
      const length = await readChunk(file, buffer);
      if (length === 0) break;
      const chunk = buffer.subarray(0, length);
      hash.update(chunk);
      total += length;
      // A copy: the read buffer is reused while the query may still be queued on the client.
      await client.query('INSERT INTO blob_chunks (sha256, ordinal, data) VALUES ($1, $2, $3)', [
        sha256,
        ordinal,
        Buffer.from(chunk),
      ]);
    }
  } finally {
    await file.close();
  }
  if (total !== size || hash.digest('hex') !== sha256)
    throw new BlobError(`${path} changed while it was being stored (size or SHA-256 differs)`);
  return true;
}

/**
 * Writes the blob to `destination`, one chunk at a time, and checks its SHA-256. A blob
 * kept in a shared folder is read from `folder` when given (the folder may be mounted
 * elsewhere on this machine), else from where enqueue stored it.
 */
export async function fetchBlob(pool: pg.Pool, sha256: string, destination: string, folder?: string): Promise<void> {
  // The blob's size and place with its first chunk: one round trip for most APKs.
  const row = (
    await pool.query<{ size: number; stored_in: string | null; chunks: number; first: Buffer | null }>(
      `SELECT b.size, b.stored_in, b.chunks, c.data AS first FROM blobs b
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
  const output = await open(destination, 'w');
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
      await output.write(chunk);
    }
  } finally {
    await output.close();
  }
  if (total !== row.size || hash.digest('hex') !== sha256)
    throw new BlobError(`stored bytes of ${sha256} do not match their SHA-256`);
}
