/**
 * buildAppModel: what it assembles (compared with aapt and the zip listing), and
 * robustness: one-byte corruptions of the demo APK never raise anything but a
 * FormatError, and the rules never fail on what comes out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAppModel } from '../../src/model/app-model-build.js';
import { runRules } from '../../src/scan/run.js';
import { Glosser } from '../../src/text/annotate.js';
import { dictionaries } from '../support/dictionaries.js';
import { ALL_RULES } from '../../src/scan/registry.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { readZip } from '../../src/formats/zip/index.js';
import { corpusRoot, repositoryRoot, runTool, needs } from '../support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS_AAPT = { skip: needs('corpus', 'aapt') };

const DEMO = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');
/** Corrupted copies built and scanned (each takes a few milliseconds). */
const CORRUPTIONS = 250;

test('demo model: manifest, resources, code, layouts first, network security config, signing', () => {
  const { model } = buildAppModel(new Uint8Array(readFileSync(DEMO)), DEMO);
  assert.equal(model.manifest?.packageName, 'org.apkwitness.demo.fieldsurvey');
  assert.deepEqual(
    model.xmlResources.map((file) => file.entry),
    ['res/layout/survey_form.xml', 'res/xml/network_security_config.xml'],
  );
  assert.equal(model.dexSources.length, 1);
  assert.ok(
    model.code?.callSitesOf('Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;').length === 1,
  );
  assert.equal(model.resources?.nameOf(0x7f020000), 'org.apkwitness.demo.fieldsurvey:layout/survey_form');
  assert.equal(model.signing.effectiveSigner, 'f813e65586afe0c27b0c27dd1eeeae0caf5949dc5ad5c732b1443f7ad6db32b5');
  assert.deepEqual(model.assets, []);
});

test(
  'every binary XML under res/ is parsed: count and root elements match aapt (a2dp.Vol, souch.smsbypass)',
  CORPUS_AAPT,
  (t) => {
    let compared = 0;
    for (const name of ['androguard/a2dp.Vol_137.apk', 'fdroidserver/souch.smsbypass_9.apk']) {
      const path = join(corpusRoot, name);
      const bytes = new Uint8Array(readFileSync(path));
      const { model } = buildAppModel(bytes, path);
      const xmlEntries = new Set(
        readZip(bytes)
          .value.entries.filter((entry) => entry.name.startsWith('res/') && entry.name.endsWith('.xml'))
          .map((entry) => entry.name),
      );
      assert.equal(model.xmlResources.length, xmlEntries.size, name);
      for (const file of model.xmlResources) {
        const tree = runTool('aapt', ['dump', 'xmltree', path, file.entry]);
        assert.equal(tree.status, 0, `${name} ${file.entry}: ${tree.stderr}`);
        const root = /E: (\S+) \(line=(\d+)\)/.exec(tree.stdout);
        assert.equal(file.document.root?.name, root?.[1], `${name} ${file.entry}`);
        assert.equal(file.document.root?.lineNumber, Number(root?.[2]), `${name} ${file.entry}`);
        compared++;
      }
    }
    t.diagnostic(`res/ XML files compared with aapt: ${compared}`);
    console.log(`res/ XML files compared with aapt: ${compared}`);
    assert.ok(compared > 20);
  },
);

test(`one-byte corruptions of the demo APK (${CORRUPTIONS} offsets): only FormatError escapes, rules never fail`, () => {
  const original = new Uint8Array(readFileSync(DEMO));
  let refused = 0;
  for (let sample = 0; sample < CORRUPTIONS; sample++) {
    const offset = Math.floor((sample * original.length) / CORRUPTIONS);
    const corrupted = original.slice();
    corrupted[offset] = (corrupted[offset] ?? 0) ^ 0xff;
    try {
      const { model } = buildAppModel(corrupted, `corrupted@${offset}`);
      const run = runRules([model], ALL_RULES, new Glosser(dictionaries));
      assert.deepEqual(run.failures, [], `offset ${offset}`);
    } catch (error) {
      if (!(error instanceof FormatError))
        throw new Error(`offset ${offset}: ${(error as Error).stack ?? String(error)}`, { cause: error });
      refused++;
    }
  }
  // The end-of-central-directory record is the only place where one byte makes the file unreadable.
  assert.ok(refused < CORRUPTIONS / 10, `${refused} refused`);
});
