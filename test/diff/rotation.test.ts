/**
 * Key rotation against signer change. A new effective signer whose verified v3
 * proof-of-rotation names the old effective certificate is a rotation (Android installs
 * the update); any other new key stays the alarming "signer changed". Real pairs come
 * from fixtures/signing (build.sh: v3-rotated-rsa.apk rotates rsa-2048 -> rsa-2048-rotated;
 * v1-v2-v3-rsa.apk and v2-only-rsa.apk are signed by rsa-2048 alone); the adversarial
 * cases rewrite those reports the way a forged or inconsistent report would read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diffReports, type ReportDiff } from '../../src/diff/index.js';
import type { AppSigner } from '../../src/scan/app-summary.js';
import type { ScanReport } from '../../src/scan/scan.js';
import { renderDiffHtml } from '../../src/report/diff-html.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { KEY_ROTATED_TEXT } from '../../src/report/diff-sections.js';
import { renderDiffText } from '../../src/report/diff-text.js';
import { repositoryRoot } from '../support/corpus.js';
import { reportOf } from './reports.js';

const signing = (name: string): ScanReport => reportOf(join(repositoryRoot, 'fixtures', 'signing', `${name}.apk`));
const OLD_KEY = 'v1-v2-v3-rsa';
const ROTATED = 'v3-rotated-rsa';
const UNRELATED_SHA256 = 'cd'.repeat(32);

function effective(report: ScanReport): AppSigner {
  return report.app.signers.find((signer) => signer.effective) as AppSigner;
}

/** The report with its effective signer rewritten. */
function withEffective(report: ScanReport, change: (signer: AppSigner) => AppSigner): ScanReport {
  return {
    ...report,
    app: { ...report.app, signers: report.app.signers.map((signer) => (signer.effective ? change(signer) : signer)) },
  };
}

function withExtraSigner(report: ScanReport): ScanReport {
  const extra: AppSigner = {
    certificateSha256: UNRELATED_SHA256,
    subject: 'CN=someone else',
    schemes: ['v1'],
    verified: true,
    effective: false,
  };
  return { ...report, app: { ...report.app, signers: [...report.app.signers, extra] } };
}

interface Expected {
  readonly signerChanged: boolean;
  readonly keyRotated: boolean;
  /** keyRotation in the JSON: absent, or present with this `verified`. */
  readonly rotation: 'absent' | 'verified' | 'unverified';
}

// [name: the trick, old report, new report, expected]
const CASES: ReadonlyArray<readonly [string, () => ScanReport, () => ScanReport, Expected]> = [
  [
    'real rotation: rsa-2048 -> rsa-2048-rotated, lineage in the v3 block',
    () => signing(OLD_KEY),
    () => signing(ROTATED),
    { signerChanged: false, keyRotated: true, rotation: 'verified' },
  ],
  [
    'real rotation from a v2-only old version',
    () => signing('v2-only-rsa'),
    () => signing(ROTATED),
    { signerChanged: false, keyRotated: true, rotation: 'verified' },
  ],
  [
    'real signer change: RSA to an unrelated ECDSA key, no lineage',
    () => signing(OLD_KEY),
    () => signing('v1-v2-v3-ecdsa'),
    { signerChanged: true, keyRotated: false, rotation: 'absent' },
  ],
  [
    'rollback: the rotated version first, the old key second (no lineage proves old -> new)',
    () => signing(ROTATED),
    () => signing(OLD_KEY),
    { signerChanged: true, keyRotated: false, rotation: 'absent' },
  ],
  [
    'self-diff of the rotated version',
    () => signing(ROTATED),
    () => signing(ROTATED),
    { signerChanged: false, keyRotated: false, rotation: 'absent' },
  ],
  [
    'forged lineage: the signer does not verify',
    () => signing(OLD_KEY),
    () => withEffective(signing(ROTATED), (signer) => ({ ...signer, verified: false })),
    { signerChanged: true, keyRotated: false, rotation: 'unverified' },
  ],
  [
    'lineage that does not end with the signer certificate',
    () => signing(OLD_KEY),
    () =>
      withEffective(signing(ROTATED), (signer) => ({
        ...signer,
        lineage: [effective(signing(OLD_KEY)).certificateSha256, UNRELATED_SHA256],
      })),
    { signerChanged: true, keyRotated: false, rotation: 'unverified' },
  ],
  [
    'lineage naming the old certificate as its newest entry (rotated towards the old key)',
    () => signing(OLD_KEY),
    () =>
      withEffective(signing(ROTATED), (signer) => ({
        ...signer,
        lineage: [signer.certificateSha256, effective(signing(OLD_KEY)).certificateSha256],
      })),
    { signerChanged: true, keyRotated: false, rotation: 'absent' },
  ],
  [
    'lineage on a signer that is not the effective one',
    () => signing(OLD_KEY),
    () => ({
      ...signing('v1-v2-v3-ecdsa'),
      app: {
        ...signing('v1-v2-v3-ecdsa').app,
        signers: [...signing('v1-v2-v3-ecdsa').app.signers, { ...effective(signing(ROTATED)), effective: false }],
      },
    }),
    { signerChanged: true, keyRotated: false, rotation: 'absent' },
  ],
  [
    'rotation plus an unrelated certificate added: both said',
    () => signing(OLD_KEY),
    () => withExtraSigner(signing(ROTATED)),
    { signerChanged: true, keyRotated: true, rotation: 'verified' },
  ],
];

function observed(diff: ReportDiff): Expected {
  const rotation = diff.app.keyRotation;
  return {
    signerChanged: diff.summary.signerChanged,
    keyRotated: diff.summary.keyRotated,
    rotation: rotation === undefined ? 'absent' : rotation.verified ? 'verified' : 'unverified',
  };
}

for (const [name, oldReport, newReport, expected] of CASES) {
  test(`rotation or signer change: ${name}`, () => {
    const diff = diffReports(oldReport(), newReport());
    assert.deepEqual(observed(diff), expected);
    assert.equal(diff.app.signerChanged, diff.summary.signerChanged);
    const renderings = { text: renderDiffText(diff), md: renderDiffMarkdown(diff), html: renderDiffHtml(diff) };
    for (const [format, rendered] of Object.entries(renderings)) {
      assert.equal(
        /signer changed/i.test(rendered),
        expected.signerChanged,
        `${format}: "signer changed" shown iff the signer changed`,
      );
      assert.equal(rendered.includes(KEY_ROTATED_TEXT), expected.keyRotated, `${format}: rotation named iff proven`);
      assert.equal(
        /UNVERIFIED rotation lineage/.test(rendered),
        expected.rotation === 'unverified',
        `${format}: unverified lineage called out`,
      );
    }
  });
}

test('a proven rotation records both certificates and the whole lineage, and is not "unchanged"', () => {
  const diff = diffReports(signing(OLD_KEY), signing(ROTATED));
  const rotated = effective(signing(ROTATED));
  assert.deepEqual(diff.app.keyRotation, {
    from: effective(signing(OLD_KEY)).certificateSha256,
    to: rotated.certificateSha256,
    lineage: rotated.lineage,
    verified: true,
  });
  assert.equal(diff.summary.unchanged, false);
  assert.deepEqual(
    diff.app.signers.added.map((signer) => signer.certificateSha256),
    [rotated.certificateSha256],
  );
  const text = renderDiffText(diff);
  assert.doesNotMatch(text, /^!!/m, 'no alarm line for a proven rotation');
  assert.ok(
    text.includes(`${effective(signing(OLD_KEY)).certificateSha256} → ${rotated.certificateSha256}`),
    'the lineage is shown oldest to newest',
  );
});
