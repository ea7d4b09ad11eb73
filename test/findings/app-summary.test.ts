/**
 * The app at a glance (report.app): signers per certificate with the schemes that use
 * them, the effective signer, v3 rotation lineage; labels per locale with gloss.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanApp } from '../../src/scan/scan.js';
import { repositoryRoot } from '../support/corpus.js';

const SIGNING = join(repositoryRoot, 'fixtures', 'signing');

// file → [schemes per signer (sorted by certificate), lineage length of the effective signer or 0]
const SIGNER_CASES: ReadonlyArray<readonly [string, string[], number]> = [
  ['unsigned.apk', [], 0],
  ['v1-only-rsa.apk', ['v1'], 0],
  ['v2-only-rsa.apk', ['v2'], 0],
  ['v1-v2-v3-rsa.apk', ['v1,v2,v3'], 0],
  ['v3-rotated-rsa.apk', ['v3', 'v1,v2'], 2],
];

for (const [file, schemes, lineage] of SIGNER_CASES) {
  test(`app summary signers: ${file}`, () => {
    const { signers } = scanApp(join(SIGNING, file)).report.app;
    assert.deepEqual(
      signers.map((signer) => signer.schemes.join(',')),
      schemes,
    );
    const effective = signers.filter((signer) => signer.effective);
    assert.equal(effective.length, schemes.length === 0 ? 0 : 1);
    assert.equal(effective[0]?.lineage?.length ?? 0, lineage);
    if (lineage > 0)
      assert.equal(
        effective[0]?.lineage?.at(-1),
        effective[0]?.certificateSha256,
        'lineage ends at the current signer',
      );
  });
}

test('app summary: a tampered APK lists its signer as not verified and not effective', () => {
  const { signers } = scanApp(join(SIGNING, 'tampered-after-signing.apk')).report.app;
  assert.equal(signers.length, 1);
  assert.equal(signers[0]?.verified, false);
  assert.equal(signers[0].effective, false);
});

test('app summary: demo labels in every locale, sorted, Chinese glossed, ASCII not', () => {
  const { labels, packageName, versionCode } = scanApp(join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk'))
    .report.app;
  assert.equal(packageName, 'org.apkwitness.demo.fieldsurvey');
  assert.ok(versionCode !== undefined);
  assert.deepEqual(
    labels.map((label) => label.locale),
    [...labels.map((label) => label.locale)].sort(),
  );
  for (const label of labels) {
    if (/[\u4e00-\u9fff]/.test(label.text)) assert.ok(label.gloss, label.text);
    else if (/^[\x20-\x7e]*$/.test(label.text)) assert.equal(label.gloss, undefined, label.text);
  }
});
