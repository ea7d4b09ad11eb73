/**
 * Every corpus file, and one-byte corruptions of a few good ones, through the whole
 * inspection pipeline: a result or a clean FormatError, never another exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusFiles, readCorpus, needs } from '../support/corpus.js';
import { inspectApk } from '../../src/model/app.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { readZip, findEntry } from '../../src/formats/zip/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

function inspectOrRefuse(bytes: Uint8Array, name: string): 'value' | 'format-error' {
  try {
    inspectApk(bytes, name);
    return 'value';
  } catch (error) {
    if (error instanceof FormatError) {
      assert.doesNotMatch(error.message, /[\n\r]/, `${name}: error message is one line`);
      return 'format-error';
    }
    throw new Error(`${name}: ${(error as Error).stack}`, { cause: error });
  }
}

test('every corpus file gives a result or a clear one-line error', CORPUS, () => {
  const outcomes = { value: 0, 'format-error': 0 };
  for (const file of corpusFiles()) {
    const outcome = inspectOrRefuse(new Uint8Array(readFileSync(file.path)), file.name);
    outcomes[outcome]++;
    // The raw binary-XML files of androguard-axml/ are not zips: they must be the only refusals.
    assert.equal(outcome, file.name.startsWith('androguard-axml/') ? 'format-error' : 'value', file.name);
  }
  console.log(`corpus: ${outcomes.value} inspected, ${outcomes['format-error']} refused cleanly`);
});

/** Good files whose stored entries make single-byte damage reach the manifest and resources. */
const CORRUPTED = [
  'fixtures-demo',
  'fdroidserver/info.zwanenburg.caffeinetile_4.apk',
  'apksig/golden-aligned-v1v2v3-lineage-out.apk',
];

test('one-byte corruptions of good files never escape as exceptions', CORPUS, () => {
  let cases = 0;
  for (const name of CORRUPTED) {
    const original =
      name === 'fixtures-demo' ? new Uint8Array(readFileSync('fixtures/demo/field-survey.apk')) : readCorpus(name);
    const archive = readZip(original).value;
    // Every byte of the end record and central directory, every byte of the stored
    // resources.arsc header region, and a stride over the rest.
    const offsets = new Set<number>();
    for (let offset = archive.centralDirectoryOffset; offset < original.length; offset++) offsets.add(offset);
    const resources = findEntry(archive, 'resources.arsc');
    if (resources && resources.method === 0)
      for (let offset = resources.dataOffset; offset < resources.dataOffset + 1024; offset++) offsets.add(offset);
    for (let offset = 0; offset < original.length; offset += 97) offsets.add(offset);
    for (const offset of offsets) {
      for (const value of new Set([0x00, 0xff, (original[offset] ?? 0) ^ 0x01])) {
        if (value === original[offset]) continue; // the same byte is no corruption
        const corrupted = new Uint8Array(original);
        corrupted[offset] = value;
        inspectOrRefuse(corrupted, `${name} with byte ${offset} = ${value}`);
        cases++;
      }
    }
  }
  console.log(`one-byte corruptions: ${cases} cases`);
  assert.ok(cases > 3000);
});
