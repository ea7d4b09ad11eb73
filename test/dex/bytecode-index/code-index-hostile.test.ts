/**
 * The code index on corrupted dex files: readDex may refuse a file
 * (FormatError), but whatever readDex accepts, buildCodeIndex must index
 * without any exception and every answer must stay inside the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodeIndex } from '../../../src/model/code-index/index.js';
import { dexFileSource } from '../../../src/model/code/index.js';
import { repositoryRoot } from '../../support/corpus.js';
import { readDex } from '../../../src/formats/dex/index.js';

const fixtures = join(repositoryRoot, 'fixtures', 'smali');

function tryIndex(bytes: Uint8Array, label: string): boolean {
  // readDex's FormatError (no dex at all) becomes a source without a dex and a diagnostic.
  const source = dexFileSource('classes.dex', bytes).value;
  if (source.dex === undefined) return false;
  const index = buildCodeIndex([source, source]).value;
  // Query everything the index holds; every offset must lie inside the dex.
  for (const signature of index.definedMethods()) {
    for (const reference of index.referencesFrom(signature)) {
      assert.ok(
        reference.absoluteOffset >= 0 && reference.absoluteOffset < bytes.length,
        `${label}: ${reference.absoluteOffset}`,
      );
      assert.ok(
        Number.isInteger(reference.codeUnitOffset) && reference.codeUnitOffset >= 0,
        `${label}: code unit offset`,
      );
    }
  }
  for (const method of index.externalMethods()) index.callSitesOf(method);
  return true;
}

for (const name of ['index-app/classes.dex', 'index-app/classes2.dex', 'References.dex', 'Payloads.dex']) {
  test(`every one-byte corruption of ${name} indexes without exception`, (t) => {
    const original = new Uint8Array(readFileSync(join(fixtures, name)));
    let indexed = 0;
    let refused = 0;
    for (let position = 0; position < original.length; position++) {
      for (const value of [0x00, 0xff, (original[position] ?? 0) ^ 0x01]) {
        const bytes = original.slice();
        bytes[position] = value;
        if (tryIndex(bytes, `${name}+${position}=${value}`)) indexed++;
        else refused++;
      }
    }
    t.diagnostic(`${name}: ${indexed} corrupted files indexed, ${refused} refused by readDex`);
    assert.ok(indexed > refused);
  });
}

test('the same dex twice: every class is a shadowed duplicate, nothing is counted twice', () => {
  const bytes = new Uint8Array(readFileSync(join(fixtures, 'References.dex')));
  const once = buildCodeIndex([dexFileSource('classes.dex', bytes).value]);
  const twice = buildCodeIndex([dexFileSource('classes.dex', bytes).value, dexFileSource('classes2.dex', bytes).value]);
  assert.deepEqual(twice.value.statistics(), { ...once.value.statistics(), dexFiles: 2 });
  assert.ok(twice.diagnostics.some((diagnostic) => diagnostic.code === 'code-index.duplicate-class'));
});

test('every method declaring insns_size 2^32-1 (each walk runs to the end of the dex): no more code walked than the dex holds', () => {
  // Found by the fuzzer's scan target: 640 methods of a shifted dex, each walked to the end of
  // the file, took 2.4 s to index a 600 KB dex.
  const bytes = new Uint8Array(readFileSync(join(fixtures, 'all.dex')));
  const { members } = readDex(bytes).value;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let patched = 0;
  for (let row = 0; row < members.methodCount; row++) {
    const codeOffset = members.methodCodeOffsets[row] as number;
    if (codeOffset === 0) continue;
    view.setUint32(codeOffset + 12, 0xffffffff, true);
    patched++;
  }
  assert.ok(patched >= 5, `${patched} methods with code`);
  const index = buildCodeIndex([dexFileSource('classes.dex', bytes).value]);
  const statistics = index.value.statistics();
  assert.ok(
    statistics.instructionsWalkedCodeUnits <= bytes.length / 2,
    `${statistics.instructionsWalkedCodeUnits} code units walked in a ${bytes.length}-byte dex`,
  );
  assert.ok(statistics.methodsWithCode < patched);
  const overlap = index.diagnostics.filter((diagnostic) => diagnostic.code === 'code-index.code-overlap');
  assert.equal(overlap.length, 1);
  assert.match(
    overlap[0]!.detail,
    new RegExp(`the code of ${patched - statistics.methodsWithCode} methods is not indexed`),
  );
});
