import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppModel } from '../model/app-model.js';
import { COLLECT_FROM_APK_BYTES, fullCollector, ModelCollector } from './collect.js';

/** A weak reference to an object nothing else refers to. */
function unreferenced(): WeakRef<object> {
  return new WeakRef({ rows: Array.from({ length: 1_000 }, (_, index) => ({ index })) });
}

test('the collector frees an object nothing refers to, and leaves the global scope alone', async () => {
  const collect = fullCollector();
  const reference = unreferenced();
  // A WeakRef read in this turn keeps its target until the turn ends.
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  assert.equal(reference.deref(), undefined);
  assert.equal('gc' in globalThis, false, 'gc() is not added to the process global scope');
});

/** Models of APKs of these sizes (only the size is read). */
const modelsOf = (...sizes: number[]): AppModel[] => sizes.map((size) => ({ apk: { size } }) as unknown as AppModel);

test('models are collected after their build only from COLLECT_FROM_APK_BYTES of APKs, splits counted together', () => {
  const collector = new ModelCollector();
  assert.equal(collector.afterBuild(modelsOf(COLLECT_FROM_APK_BYTES - 1)), false);
  assert.equal(collector.afterBuild(modelsOf(COLLECT_FROM_APK_BYTES)), true);
  assert.equal(collector.afterBuild(modelsOf(COLLECT_FROM_APK_BYTES / 2, COLLECT_FROM_APK_BYTES / 2)), true);
  assert.equal(collector.afterBuild([]), false);
});
