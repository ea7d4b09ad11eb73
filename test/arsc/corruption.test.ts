/**
 * Hostile variations of real tables: every truncation, and seeded random
 * multi-byte corruptions. Only FormatError may escape, and every diagnostic
 * must point inside the file (offsets are evidence).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusRoot, needs } from '../support/corpus.js';
import { extractEntry } from '../support/entries.js';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { formatAaptValues } from '../../src/formats/arsc/aapt-format.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { Resources } from '../../src/model/resources/resources.js';
import { deviceConfig } from '../../src/model/resources/device.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

/** Small real tables covering OFFSET16 + compact + library chunk, sparse, and a classic aapt table. */
const SOURCES = ['apktool/client.apk', 'apktool/sparse.apk', 'apktool/issue636.apk'];

/** xorshift32: reproducible corruptions. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

function exercise(bytes: Uint8Array, label: string): 'parsed' | 'rejected' {
  try {
    const result = readResourceTable(bytes);
    for (const diagnostic of result.diagnostics) {
      assert.ok(
        diagnostic.offset >= 0 && diagnostic.offset <= bytes.length,
        `${label}: ${diagnostic.code} at ${diagnostic.offset} outside the file`,
      );
    }
    formatAaptValues(result.value);
    const resources = new Resources([result.value]);
    let resolved = 0;
    for (const id of resources.ids()) {
      if (resolved++ > 50) break;
      resources.resolve(id, deviceConfig());
    }
    return 'parsed';
  } catch (error) {
    if (error instanceof FormatError) return 'rejected';
    throw new Error(`${label}: ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
  }
}

describe('corrupted real tables', CORPUS, () => {
  for (const name of SOURCES) {
    const original = extractEntry(join(corpusRoot, name), 'resources.arsc');
    test(`${name}: every truncation`, () => {
      assert.ok(original !== undefined);
      const step = Math.max(1, Math.floor(original.length / 3000));
      const counts = { parsed: 0, rejected: 0 };
      for (let length = 0; length < original.length; length += step)
        counts[exercise(original.subarray(0, length), `${name} cut at ${length}`)]++;
      console.log(
        `${name}: ${original.length} bytes, truncations parsed ${counts.parsed}, rejected ${counts.rejected}`,
      );
      assert.ok(counts.parsed > 0 && counts.rejected > 0);
    });
    test(`${name}: 1,500 seeded random corruptions of 1-8 bytes`, () => {
      assert.ok(original !== undefined);
      const next = random(0x5eed + original.length);
      const counts = { parsed: 0, rejected: 0 };
      for (let round = 0; round < 1500; round++) {
        const bytes = original.slice();
        const changes = 1 + Math.floor(next() * 8);
        for (let change = 0; change < changes; change++)
          bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        counts[exercise(bytes, `${name} round ${round}`)]++;
      }
      console.log(`${name}: random corruptions parsed ${counts.parsed}, rejected ${counts.rejected}`);
      assert.ok(counts.parsed > 0);
    });
  }
});
