/**
 * Per-app facts: methodsOfClass (method ids grouped by class as runs)
 * lists the same signatures, in the same order, as one pass over every method id,
 * on real multi-dex code and on a malformed dex that repeats a type descriptor.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AppModel } from '../../src/model/app-model.js';
import type { ParsedDexSource } from '../../src/model/code/index.js';
import { AppFacts } from '../../src/rules/shared/app-facts.js';

function methodsOfClass(app: AppModel, descriptor: string, name?: string): string[] {
  return new AppFacts(app).methodsOfClass(descriptor, name);
}
import { corpusModel, demoModel, handBuiltModel } from './models.js';
import { needs } from '../support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

/** The reference: every method id in dex order, kept when its class (and name) match. */
function reference(app: AppModel, descriptor: string, name?: string): string[] {
  const signatures = new Set<string>();
  for (const source of app.dexSources) {
    const { methodClass } = source.dex.ids;
    for (let method = 0; method < methodClass.length; method++) {
      if (source.dex.typeName(methodClass[method]!) !== descriptor) continue;
      if (name !== undefined && source.dex.methodName(method) !== name) continue;
      signatures.add(source.dex.methodSignature(method));
    }
  }
  return [...signatures];
}

function compareAll(app: AppModel, every: number): number {
  let compared = 0;
  const descriptors = new Set<string>();
  for (const source of app.dexSources)
    for (const type of source.dex.ids.methodClass) descriptors.add(source.dex.typeName(type));
  let index = 0;
  for (const descriptor of descriptors) {
    if (index++ % every !== 0) continue;
    const all = reference(app, descriptor);
    assert.deepEqual(methodsOfClass(app, descriptor), all, descriptor);
    const name = all[0]?.slice(all[0].indexOf('->') + 2, all[0].indexOf('('));
    assert.deepEqual(methodsOfClass(app, descriptor, name), reference(app, descriptor, name), `${descriptor} ${name}`);
    compared++;
  }
  assert.deepEqual(methodsOfClass(app, 'Lno/such/Class;'), []);
  return compared;
}

describe('methodsOfClass', () => {
  test(
    'the demo app and a multi-dex corpus app: same signatures, same order as one pass over the method ids',
    CORPUS,
    () => {
      assert.ok(compareAll(demoModel(), 1) > 10);
      const multidex = corpusModel('androguard/com.example.android.wearable.wear.weardrawers.apk');
      assert.ok(multidex.dexSources.length > 1, `multi-dex: ${multidex.dexSources.length}`);
      assert.ok(compareAll(multidex, 7) > 10);
    },
  );

  test('a malformed dex repeating a type descriptor: methods merged in index order', () => {
    const typeNames = ['LA;', 'LB;', 'LA;'];
    const methodClass = Uint16Array.from([2, 0, 1, 2, 0]);
    const dex = {
      ids: { methodClass },
      typeName: (index: number) => typeNames[index] ?? `<invalid type ${index}>`,
      methodName: (index: number) => `m${index % 2}`,
      methodSignature: (index: number) => `${typeNames[methodClass[index]!]}->m${index}()V`,
    };
    const app = handBuiltModel({ dexSources: [{ name: 'classes.dex', dex } as unknown as ParsedDexSource] });
    assert.deepEqual(methodsOfClass(app, 'LA;'), reference(app, 'LA;'));
    assert.deepEqual(methodsOfClass(app, 'LA;'), ['LA;->m0()V', 'LA;->m1()V', 'LA;->m3()V', 'LA;->m4()V']);
    assert.deepEqual(methodsOfClass(app, 'LA;', 'm0'), ['LA;->m0()V', 'LA;->m4()V']);
  });
});
