/** Which dex files an APK's class loader sees: multidex order, gaps, a fake dex, a Janus prefix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readZip } from '../../../src/formats/zip/index.js';
import { buildCodeIndex, loadDexSources, multidexName, prefixDexSource, PREFIX_DEX_NAME } from '../../../src/model/code-index/index.js';
import { corpusRoot, readCorpus, runTool } from '../../support/corpus.js';

test('multidex names', () => {
  assert.deepEqual([0, 1, 2, 16].map(multidexName), ['classes.dex', 'classes2.dex', 'classes3.dex', 'classes17.dex']);
});

test('Appium espresso server: 17 dex files in order', () => {
  const sources = loadDexSources(readZip(readCorpus('npm/appium-espresso-server-androidTest.apk')).value).value;
  assert.deepEqual(sources.map((source) => source.name), Array.from({ length: 17 }, (_, position) => multidexName(position)));
});

test('a dex outside the class path is reported, not loaded (jadx/app-with-fake-dex.apk)', () => {
  const loaded = loadDexSources(readZip(readCorpus('jadx/app-with-fake-dex.apk')).value);
  assert.deepEqual(loaded.value.map((source) => source.name), ['classes.dex']);
  assert.ok(loaded.diagnostics.some((diagnostic) => diagnostic.code === 'code-index.dex-not-loaded'));
});

test('Janus: the dex in front of the ZIP is reported and can be indexed on its own (fdroidserver/janus.apk)', () => {
  const archive = readZip(readCorpus('fdroidserver/janus.apk')).value;
  const loaded = loadDexSources(archive);
  assert.ok(loaded.diagnostics.some((diagnostic) => diagnostic.code === 'code-index.prefix-dex'));
  const prefix = prefixDexSource(archive).value;
  assert.equal(prefix?.name, PREFIX_DEX_NAME);
  const index = buildCodeIndex(prefix ? [prefix] : []).value;
  // dexdump reads the APK itself as that dex (its header's file_size covers the whole file): the oracle.
  const listing = runTool('dexdump', [join(corpusRoot, 'fdroidserver/janus.apk')]);
  assert.equal(listing.status, 0, listing.stderr);
  const expected = [...listing.stdout.matchAll(/Class descriptor\s+: '([^']+)'/g)].map((match) => match[1]).sort();
  assert.ok(expected.length > 0);
  assert.deepEqual([...index.definedClasses()].sort(), expected);
  assert.equal(prefixDexSource(readZip(readCorpus('androguard/TestActivity.apk')).value).value, undefined);
});
