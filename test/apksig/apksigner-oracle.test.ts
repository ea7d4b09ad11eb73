/**
 * Oracle: our schemes, verification outcome, signer certificates, subject DNs and public-key digests against
 * `apksigner verify -v --print-certs` on every corpus APK.
 *
 * apksigner's blind spots (Debian apksigner 31.0.2, apksig 0.9), documented per file below:
 * - it checks only the schemes the APK's SDK range needs: v1 is skipped from minSdk 24,
 *   v2 from minSdk 28 when v3 verifies; we verify every scheme present;
 * - it needs AndroidManifest.xml (for minSdk) and throws without it;
 * - it predates APK Signature Scheme v3.1 (treats ROTATION_MIN_SDK_VERSION as unknown);
 * - its JVM has no "SHA256withRSA/PSS", so RSA-PSS v2 signatures throw;
 * - it throws on zips it cannot parse.
 * For v2/v3-only APKs with a low minSdk the default run fails for want of v1; as the
 * corpus README says, those are re-run with --min-sdk-version 24.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusApks, needs } from '../support/corpus.js';
import { readZip } from '../../src/formats/zip/index.js';
import { readSigning, type SigningReport } from '../../src/model/signing/index.js';
import { mapLimited, runApksigner, type ApksignerResult, type SchemeFlag } from './apksigner-output.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

type Disagreement =
  | 'oracle-exception'
  | 'we-verify-oracle-fails'
  | 'we-fail-oracle-verifies'
  | `oracle-verifies-${SchemeFlag}-we-do-not`
  | `we-verify-${SchemeFlag}-oracle-does-not`
  | 'signer-differs'
  | 'subject-differs'
  | 'public-key-differs';

/** Every disagreement, explained. A stale row (no longer disagreeing) fails the test too. */
const EXPECTATIONS: Record<string, { readonly kinds: readonly Disagreement[]; readonly because: string }> = {
  'androguard/CertChain.apk': {
    kinds: ['oracle-exception'],
    because:
      'not an app: apksigner throws "Missing AndroidManifest.xml"; we verify its v1 signature and report the MANIFEST.MF sections without entries',
  },
  'androguard/multidex.apk': {
    kinds: ['oracle-exception'],
    because: 'no AndroidManifest.xml: apksigner throws; we report it unsigned',
  },
  'apksig/empty-unsigned.apk': {
    kinds: ['oracle-exception'],
    because: 'a 22-byte zip with no entries: apksigner throws; we report it unsigned',
  },
  'apksig/v2-only-truncated-cd.apk': {
    kinds: ['oracle-exception'],
    because:
      'apksigner throws "not a ZIP archive"; we read the v2 block and fail it: the central directory is not followed by the EOCD',
  },
  'apksig/v2-only-with-rsa-pss-sha256-2048.apk': {
    kinds: ['oracle-exception'],
    because:
      'the JVM under Debian apksigner lacks SHA256withRSA/PSS and throws; node:crypto verifies the RSA-PSS v2 signature and the digest',
  },
  'appmanager-splits/AppManager_v2.5.22.apks': {
    kinds: ['oracle-exception'],
    because:
      'a bundle (zip of APKs) with no manifest: apksigner throws; we report it unsigned (each split is verified separately)',
  },
  'apksig/v31-ec-p256-2-tgt-33-1-tgt-28-targetSdk-30.apk': {
    kinds: ['we-verify-oracle-fails'],
    because:
      'apksigner 31 predates v3.1: its v3 signer covers SDK 28-32 only (33+ is in the v3.1 block it ignores), so it finds no scheme for SDK 29+; we verify v1, v2, v3 and v3.1 (rotation to the second key from SDK 33)',
  },
  'fdroidserver/issue-1128-min-sdk-30-poc.apk': {
    kinds: ['we-fail-oracle-verifies'],
    because:
      'minSdk 30, so apksigner skips v1; the APK carries a v1 signature without MANIFEST.MF by a different key (signer confusion PoC): we report v1 as failing and the v1/v2 signer mismatch',
  },
};

const SCHEME_ORDER: readonly SchemeFlag[] = ['v1', 'v2', 'v3'];

function ourVerified(report: SigningReport): Set<SchemeFlag> {
  return new Set(
    report.schemes
      .filter((scheme) => scheme.verified && scheme.scheme !== 'v3.1')
      .map((scheme) => scheme.scheme as SchemeFlag),
  );
}

function compare(report: SigningReport | undefined, oracle: ApksignerResult): Disagreement[] {
  if (oracle.status === 'exception') return ['oracle-exception'];
  const ours = report === undefined ? new Set<SchemeFlag>() : ourVerified(report);
  const oursOverall =
    report !== undefined && report.schemes.length > 0 && report.schemes.every((scheme) => scheme.verified);
  if (oracle.status === 'fails') return oursOverall ? ['we-verify-oracle-fails'] : [];
  const found: Disagreement[] = [];
  if (!oursOverall) found.push('we-fail-oracle-verifies');
  for (const scheme of SCHEME_ORDER)
    if (oracle.verifiedSchemes.has(scheme) && !ours.has(scheme)) found.push(`oracle-verifies-${scheme}-we-do-not`);
  // apksigner checks only the schemes the SDK range needs: older ones than its newest, and v1 under --min-sdk-version 24.
  const newest = [...SCHEME_ORDER].reverse().find((scheme) => oracle.verifiedSchemes.has(scheme));
  for (const scheme of SCHEME_ORDER) {
    if (!ours.has(scheme) || oracle.verifiedSchemes.has(scheme)) continue;
    const skipped = newest !== undefined && SCHEME_ORDER.indexOf(scheme) < SCHEME_ORDER.indexOf(newest);
    if (!skipped) found.push(`we-verify-${scheme}-oracle-does-not`);
  }
  if (newest !== undefined && report !== undefined) {
    const scheme = report.schemes.find((candidate) => candidate.scheme === newest);
    const ourSigners = (scheme?.signers ?? []).map((signer) => signer.certificateSha256[0] ?? '').sort();
    if (ourSigners.join(',') !== [...oracle.signerSha256].sort().join(',')) found.push('signer-differs');
    for (const [sha256, subject] of oracle.signerDn) {
      if (report.certificates.find((certificate) => certificate.sha256 === sha256)?.subject?.text !== subject)
        found.push('subject-differs');
    }
    for (const [sha256, key] of oracle.signerKeySha256) {
      if (report.certificates.find((certificate) => certificate.sha256 === sha256)?.publicKey?.sha256 !== key)
        found.push('public-key-differs');
    }
  }
  return found;
}

test('schemes, verification and signer certificates agree with apksigner on the corpus', CORPUS, async (t) => {
  const files = corpusApks();
  const rows = await mapLimited(files, 2, async (file) => {
    let report: SigningReport | undefined;
    try {
      report = readSigning(readZip(new Uint8Array(readFileSync(file.path))).value).value;
    } catch {
      report = undefined; // ZIP unreadable (FormatError): compared as "no signature"
    }
    let oracle = await runApksigner(file.path, false);
    const needsV1 = oracle.errors.some((error) => /Missing META-INF\/MANIFEST\.MF|No JAR signatures/.test(error));
    const hasBlockSchemes = report?.schemes.some((scheme) => scheme.scheme !== 'v1') ?? false;
    if (oracle.status === 'fails' && needsV1 && hasBlockSchemes) oracle = await runApksigner(file.path, true);
    return { name: file.name, report, oracle, disagreements: compare(report, oracle) };
  });
  const unexpected: string[] = [];
  let signerComparisons = 0;
  let subjectComparisons = 0;
  for (const row of rows) {
    const expected = EXPECTATIONS[row.name]?.kinds ?? [];
    if (row.oracle.status === 'verifies') signerComparisons++;
    subjectComparisons += row.oracle.signerDn.size;
    if (row.disagreements.join(',') !== [...expected].join(',')) {
      unexpected.push(
        `${row.name}: found [${row.disagreements.join(', ')}], expected [${expected.join(', ')}]; apksigner ${row.oracle.status}${row.oracle.minSdk24 ? ' (min-sdk 24)' : ''} ${[...row.oracle.verifiedSchemes].join('+')} ${row.oracle.errors.slice(0, 2).join(' | ')}; ours ${row.report?.schemes.map((scheme) => `${scheme.scheme}:${scheme.verified ? 'ok' : scheme.problems[0]}`).join(' ') ?? 'unreadable'}`,
      );
    }
  }
  for (const name of Object.keys(EXPECTATIONS))
    assert.ok(
      rows.some((row) => row.name === name),
      `expectation for a file not in the corpus: ${name}`,
    );
  const agreed = rows.filter((row) => row.disagreements.length === 0).length;
  t.diagnostic(
    `compared ${rows.length} corpus files with apksigner: ${agreed} agree, ${rows.length - agreed} explained disagreements, ${signerComparisons} signer certificate sets and ${subjectComparisons} subject DNs compared`,
  );
  console.log(
    `apksigner oracle: ${rows.length} files compared, ${agreed} agree, ${signerComparisons} signer sets and ${subjectComparisons} subject DNs compared`,
  );
  assert.deepEqual(unexpected, []);
});
