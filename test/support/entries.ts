/**
 * Reads one entry of a corpus zip for tests of the format layers.
 * Uses the project's own ZIP reader (src/formats/zip) once it is available.
 */
import { execFileSync } from 'node:child_process';

export function extractEntryWithUnzip(zipPath: string, entryName: string): Uint8Array | undefined {
  try {
    return new Uint8Array(
      execFileSync('unzip', ['-p', zipPath, entryName], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  } catch {
    return undefined;
  }
}
