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
