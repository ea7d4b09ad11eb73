/**
 * Every one-byte corruption and every truncation of small good archives:
 * readZip and readEntry may report anything, but the only exception allowed
 * to escape is FormatError, and inflation stays inside its budget.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '../../src/formats/diagnostics.js';
import { readEntry, readZip } from '../../src/formats/zip/index.js';
import { buildZip } from '../support/zip-writer.js';
import { readCorpus, needs } from '../support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const BUDGET = 1 << 20;
/** Values that turn lengths into extremes and signatures into near-misses. */
const REPLACEMENTS = [0x00, 0xff, 0x50, 0x7f] as const;

const samples: Array<[string, Uint8Array]> = [
  [
    'stored + deflated + data descriptor',
    buildZip(
      [
        { name: 'AndroidManifest.xml', data: 'manifest '.repeat(20), method: 8 },
        { name: 'classes.dex', data: 'dex\n035\0', method: 0 },
        { name: 'assets/x.bin', data: 'abc'.repeat(30), method: 8, dataDescriptor: true },
      ],
      { comment: new TextEncoder().encode('c') },
    ),
  ],
  ['zip64', buildZip([{ name: 'big', data: 'zip64 '.repeat(10), method: 8, zip64: true }], { zip64End: true })],
];

function exercise(bytes: Uint8Array): 'read' | 'format-error' {
  try {
    const { value: archive } = readZip(bytes);
    for (const entry of archive.entries) {
      const result = readEntry(archive, entry, { maxBytes: BUDGET });
      assert.ok((result.value?.length ?? 0) <= BUDGET);
    }
    return 'read';
  } catch (error) {
    if (error instanceof FormatError) return 'format-error';
    throw error;
  }
}

describe('one-byte corruption never throws anything but FormatError', () => {
  for (const [name, good] of samples) {
    test(`${name}: ${good.length} offsets x ${REPLACEMENTS.length} values`, (t) => {
      let formatErrors = 0;
      let read = 0;
      for (let offset = 0; offset < good.length; offset++) {
        for (const value of REPLACEMENTS) {
          if (good[offset] === value) continue;
          const corrupt = good.slice();
          corrupt[offset] = value;
          if (exercise(corrupt) === 'read') read++;
          else formatErrors++;
        }
      }
      t.diagnostic(`${read} corrupt files read with diagnostics, ${formatErrors} rejected with FormatError`);
      assert.ok(read > 0, 'most corruptions stay readable');
    });
    test(`${name}: every truncation`, () => {
      for (let length = 0; length < good.length; length++) exercise(good.subarray(0, length));
      for (let start = 1; start < good.length; start++) exercise(good.subarray(start));
    });
  }
});

describe('seeded random corruption of small corpus APKs', () => {
  const names = [
    'fdroidserver/janus.apk',
    'apksig/v1-only-max-sized-eocd-comment.apk',
    'apksig/weird-compression-method.apk',
    'jadx/small.apk',
    'androguard/multidex.apk',
  ];
  /** xorshift32: reproducible, so a failure names its seed. */
  const random = (seed: number) => () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  for (const name of names) {
    test(`${name}: 300 files with 1 to 8 random bytes changed in the structures`, CORPUS, () => {
      const good = readCorpus(name);
      const next = random(0x9e3779b9);
      for (let round = 0; round < 300; round++) {
        const corrupt = good.slice();
        const changes = 1 + Math.floor(next() * 8);
        for (let change = 0; change < changes; change++) {
          // Half the changes hit the last 2 KiB, where the directory and end record live.
          const region = next() < 0.5 ? Math.max(0, good.length - 2048) : 0;
          const offset = region + Math.floor(next() * (good.length - region));
          corrupt[offset] = Math.floor(next() * 256);
        }
        exercise(corrupt);
      }
    });
  }
});
