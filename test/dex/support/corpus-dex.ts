/**
 * Every distinct dex of the corpus, found by our own discovery (so nested and
 * prefixed dex are included), deduplicated by content, and written to a temp
 * directory for the reference tools (never into the repository).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusApks, readCorpus } from '../../support/corpus.js';
import { readZip } from '../../../src/formats/zip/index.js';
import { findDexSources, type DexSource } from '../../../src/model/code/index.js';
import { encodeMutf8 } from '../../../src/formats/dex/index.js';

export interface CorpusDex {
  /** `apk-name :: location`. */
  readonly label: string;
  readonly source: DexSource;
  readonly bytes: Uint8Array;
  /** Path of a temporary copy for the reference tools. */
  readonly path: string;
}

let cached: { files: CorpusDex[]; skipped: string[]; directory: string } | undefined;

/** Distinct dex files of the corpus (kind 'dex' only); `skipped` lists the non-dex candidates. */
export function corpusDexFiles(): { files: CorpusDex[]; skipped: string[] } {
  if (cached) return cached;
  const directory = mkdtempSync(join(tmpdir(), 'apkwitness-dex-'));
  process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
  const seen = new Set<string>();
  const files: CorpusDex[] = [];
  const skipped: string[] = [];
  for (const apk of corpusApks()) {
    let archive;
    try {
      archive = readZip(readCorpus(apk.name)).value;
    } catch {
      continue; // unreadable zips are the ZIP layer's business
    }
    for (const source of findDexSources(archive).value) {
      const label = `${apk.name} :: ${source.name}`;
      const bytes = source.dex?.bytes;
      if (bytes === undefined) {
        skipped.push(label);
        continue;
      }
      const digest = createHash('sha1').update(bytes).digest('hex');
      if (seen.has(digest)) continue;
      seen.add(digest);
      const path = join(directory, `${files.length}.dex`);
      writeFileSync(path, bytes);
      files.push({ label, source, bytes, path });
    }
  }
  cached = { files, skipped, directory };
  return cached;
}

/** A string as the raw MUTF-8 bytes a C tool prints, read back as latin1. */
export function asToolText(value: string): string {
  return Buffer.from(encodeMutf8(value)).toString('latin1');
}
