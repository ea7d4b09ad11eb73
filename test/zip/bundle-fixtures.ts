/**
 * Fixtures for the bundle tests: tiny fake APKs, a temporary folder that is
 * removed after the test file, and a minimal protobuf encoder for toc.pb.
 */
import { after } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip, type BuildEntry } from '../support/zip-writer.js';

/** A ZIP with an AndroidManifest.xml entry (its bytes are not binary XML: the bundle layer never parses them). */
export const fakeApk = (extra: BuildEntry[] = []): Uint8Array =>
  buildZip([{ name: 'AndroidManifest.xml', data: 'binary xml would be here', method: 8 }, ...extra]);

/** Writes files into a fresh temporary folder, removed when the test file ends. */
export function temporaryWriter(): { folder: string; write: (name: string, bytes: Uint8Array) => string } {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-bundle-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  return {
    folder,
    write: (name, bytes) => {
      const path = join(folder, name);
      writeFileSync(path, bytes);
      return path;
    },
  };
}

/** A minimal protobuf encoder for the toc.pb test: strings, nested messages and small varints. */
export function message(fields: Array<[number, string | Uint8Array | number]>): Uint8Array {
  const out: number[] = [];
  const varint = (value: number): void => {
    while (value >= 0x80) {
      out.push((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    out.push(value);
  };
  for (const [number, value] of fields) {
    if (typeof value === 'number') {
      varint(number * 8);
      varint(value);
      continue;
    }
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    varint(number * 8 + 2);
    varint(bytes.length);
    out.push(...bytes);
  }
  return new Uint8Array(out);
}
