/**
 * Reads one entry of a corpus zip for tests of the format layers, with the
 * project's own ZIP reader (src/formats/zip). `extractEntryWithUnzip` stays
 * available as an independent cross-check.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findEntry, readEntry, readZip } from '../../src/formats/zip/index.js';

/** The entry's bytes as Android would read them (first copy of a duplicated name); undefined when absent or unreadable. */
export function extractEntry(zipPath: string, entryName: string): Uint8Array | undefined {
  const archive = readZip(new Uint8Array(readFileSync(zipPath))).value;
  const entry = findEntry(archive, entryName);
  if (entry === undefined) return undefined;
  return readEntry(archive, entry).value;
}

export function extractEntryWithUnzip(zipPath: string, entryName: string): Uint8Array | undefined {
  try {
    return new Uint8Array(
      execFileSync('unzip', ['-p', zipPath, entryName], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  } catch {
    return undefined;
  }
}
