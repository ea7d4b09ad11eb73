import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildAppModel } from './app-model-build.js';
import { readZip, findEntry } from '../formats/zip/index.js';
import { METHOD_STORED } from '../formats/zip/constants.js';
import { repositoryRoot } from '../../test/support/corpus.js';

const DEMO = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');

/** V8's own collector, exposed to this process only for the test that needs it. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

/** The model of the demo app, and a weak reference to the file bytes it was built from (no other reference is left). */
function buildFromFile(): { model: ReturnType<typeof buildAppModel>['model']; file: WeakRef<ArrayBufferLike> } {
  const bytes = new Uint8Array(readFileSync(DEMO));
  return { model: buildAppModel(bytes, DEMO).model, file: new WeakRef(bytes.buffer) };
}

test('the demo app stores resources.arsc, the case the next test needs', () => {
  const archive = readZip(readFileSync(DEMO)).value;
  assert.equal(findEntry(archive, 'resources.arsc')?.method, METHOD_STORED);
});

test('the model keeps none of the APK file bytes once built (a stored resources.arsc is copied)', async () => {
  const gc = collectGarbage();
  const { model, file } = buildFromFile();
  // Two turns: a WeakRef read in this turn stays alive until the turn ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(file.deref(), undefined, 'a view into the file outlived the build');
  // The model still reads its resource table, whose key strings are decoded on demand from the copy.
  const label = model.manifest?.label.reference?.id;
  assert.ok(label !== undefined);
  assert.equal(model.resources?.nameOf(label), 'org.apkwitness.demo.fieldsurvey:string/app_name');
});
