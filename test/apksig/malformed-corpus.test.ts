/**
 * Every signature file in the corpus's apksig/ and fdroidserver/ folders (and the signing
 * fixtures) gives a clear result, never an exception; the malformed ones fail with the
 * reason named here.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusApks, readCorpus, repositoryRoot, needs } from '../support/corpus.js';
import { readZip } from '../../src/formats/zip/index.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { readSigning, type SchemeReport, type SigningReport } from '../../src/model/signing/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

function report(bytes: Uint8Array): { report?: SigningReport; codes: string[]; unreadableZip?: string } {
  let archive;
  try {
    archive = readZip(bytes).value;
  } catch (error) {
    if (error instanceof FormatError) return { codes: [], unreadableZip: error.message };
    throw error;
  }
  const result = readSigning(archive);
  assert.ok(
    !result.diagnostics.some((diagnostic) => diagnostic.code === 'apksig.internal-error'),
    result.diagnostics.map((diagnostic) => diagnostic.detail).join(' | '),
  );
  return { report: result.value, codes: result.diagnostics.map((diagnostic) => diagnostic.code) };
}

const fixtures = join(repositoryRoot, 'fixtures', 'signing');

interface Expectation {
  /** scheme → verified, or a regex its problems must match. */
  readonly schemes: Record<string, true | RegExp>;
  readonly findings?: readonly string[];
  readonly codes?: readonly string[];
  readonly effectiveSigner?: string;
}

const EXPECTED: Record<string, Expectation> = {
  'apksig/empty-unsigned.apk': { schemes: {}, findings: ['signing.unsigned'] },
  'apksig/v2-only-wrong-apk-sig-block-magic.apk': {
    schemes: {},
    findings: ['signing.unsigned'],
    codes: ['apksig.block-absent'],
  },
  'apksig/v2-only-truncated-cd.apk': { schemes: { v2: /not immediately followed by the EOCD/ } },
  'apksig/v2-only-garbage-between-cd-and-eocd.apk': { schemes: { v2: /not immediately followed by the EOCD/ } },
  'apksig/v2-only-with-rsa-pss-sha256-2048.apk': { schemes: { v2: true } },
  'apksig/v2-only-with-ecdsa-sha256-p256.apk': { schemes: { v2: true } },
  'apksig/v3-only-with-rsa-pkcs1-sha512-4096.apk': { schemes: { v3: true } },
  'apksig/v1-only-with-dsa-sha256-2.16.840.1.101.3.4.3.2-2048.apk': { schemes: { v1: true } },
  'apksig/weird-compression-method.apk': { schemes: { v1: true } },
  'apksig/v1-only-with-nul-in-entry-name.apk': { schemes: { v1: true } },
  'apksig/v1-only-max-sized-eocd-comment.apk': { schemes: { v1: true } },
  'apksig/two-signers.apk': {
    schemes: { v1: true, v2: true },
    findings: ['signing.multiple-signers', 'signing.multiple-signers'],
  },
  'apksig/golden-aligned-v1v2v3-lineage-out.apk': {
    schemes: { v1: true, v2: true, v3: true },
    findings: ['signing.key-rotation'],
  },
  'apksig/v1v2v3-with-rsa-2048-lineage-3-signers.apk': {
    schemes: { v1: true, v2: true, v3: true },
    findings: ['signing.key-rotation'],
  },
  'apksig/v31-ec-p256-2-tgt-33-1-tgt-28-targetSdk-30.apk': {
    schemes: { v1: true, v2: true, v3: true, 'v3.1': true },
    findings: ['signing.key-rotation'],
  },
  'fdroidserver/urzip-badcert.apk': { schemes: { v1: /signature over the \.SF does not verify/ } },
  'fdroidserver/urzip-badsig.apk': {
    schemes: { v1: /SHA1 digest of the MANIFEST\.MF section of "AndroidManifest\.xml" does not match/ },
  },
  'fdroidserver/janus.apk': { schemes: { v1: true } },
  // Signer confusion (fdroidserver issue 1128): duplicate blocks, a leftover CERT.RSA, v1 by another key.
  'fdroidserver/issue-1128-poc1.apk': { schemes: { v2: true, v3: true }, findings: ['signing.orphan-v1-block'] },
  'fdroidserver/issue-1128-poc2.apk': {
    schemes: { v2: true, v3: true },
    findings: ['signing.duplicate-scheme-block', 'signing.duplicate-scheme-block'],
    codes: ['apksig.pair-duplicate', 'apksig.pair-duplicate'],
  },
  'fdroidserver/issue-1128-min-sdk-30-poc.apk': {
    schemes: { v1: /no META-INF\/MANIFEST\.MF/, v2: true, v3: true },
    findings: ['signing.signer-mismatch', 'signing.duplicate-scheme-block', 'signing.duplicate-scheme-block'],
  },
  'fdroidserver/issue-1128-poc3a.apk': { schemes: { v1: true } },
  'fdroidserver/minimal_targetsdk_30_unsigned.apk': { schemes: {}, findings: ['signing.unsigned'] },
};

const FIXTURE_EXPECTED: Record<string, Expectation> = {
  'tampered-after-signing.apk': {
    schemes: {
      v1: /SHA-256 digest of "assets\/notice\.txt" does not match/,
      v2: /CHUNKED_SHA256 digest of the APK contents does not match/,
      v3: /CHUNKED_SHA256 digest of the APK contents does not match/,
    },
  },
  'v3-rotated-rsa.apk': {
    schemes: { v1: true, v2: true, v3: true },
    findings: ['signing.key-rotation'],
    effectiveSigner: 'dd789e76d290cdc340f9544fb1793166773923a63198867b16ad91471600f57b',
  },
};

function check(name: string, bytes: Uint8Array, expected: Expectation | undefined): void {
  const { report: result, codes, unreadableZip } = report(bytes);
  if (unreadableZip !== undefined) {
    assert.equal(expected, undefined, `${name}: zip unreadable (${unreadableZip})`);
    return;
  }
  assert.ok(result !== undefined);
  for (const scheme of result.schemes) {
    assert.ok(scheme.verified || scheme.problems.length > 0, `${name}: ${scheme.scheme} fails without a reason`);
    for (const problem of scheme.problems)
      assert.ok(problem.length > 0 && !problem.includes('undefined'), `${name}: unclear reason "${problem}"`);
  }
  if (expected === undefined) return;
  assert.deepEqual(
    result.schemes.map((scheme) => scheme.scheme).sort(),
    Object.keys(expected.schemes).sort(),
    `${name}: schemes present`,
  );
  for (const [schemeName, outcome] of Object.entries(expected.schemes)) {
    const scheme: SchemeReport | undefined = result.schemes.find((candidate) => candidate.scheme === schemeName);
    if (outcome === true)
      assert.equal(scheme?.verified, true, `${name}: ${schemeName} should verify: ${scheme?.problems.join(' | ')}`);
    else
      assert.ok(
        scheme?.verified === false && scheme.problems.some((problem) => outcome.test(problem)),
        `${name}: ${schemeName} should fail with ${outcome}: ${scheme?.problems.join(' | ')}`,
      );
  }
  const findings = result.findings
    .map((finding) => finding.code)
    .filter(
      (code) =>
        ![
          'signing.debug-key',
          'signing.public-test-key',
          'signing.expired-certificate',
          'signing.verification-failed',
          'signing.v1-altered-entries',
        ].includes(code),
    );
  assert.deepEqual(findings.sort(), [...(expected.findings ?? [])].sort(), `${name}: findings`);
  for (const code of expected.codes ?? [])
    assert.ok(codes.includes(code), `${name}: diagnostic ${code} in ${codes.join(',')}`);
  if (expected.effectiveSigner !== undefined) assert.equal(result.effectiveSigner, expected.effectiveSigner);
}

describe('signature files of apksig/ and fdroidserver/ give clear results', CORPUS, () => {
  const files = corpusApks().filter((file) => file.name.startsWith('apksig/') || file.name.startsWith('fdroidserver/'));
  for (const file of files) {
    test(file.name, () => check(file.name, readCorpus(file.name), EXPECTED[file.name]));
  }
  test('every expectation names a corpus file', () => {
    for (const name of Object.keys(EXPECTED))
      assert.ok(
        files.some((file) => file.name === name),
        name,
      );
  });
});

describe('signing fixtures', () => {
  for (const name of readdirSync(fixtures).filter((entry) => entry.endsWith('.apk'))) {
    test(name, () => check(name, new Uint8Array(readFileSync(join(fixtures, name))), FIXTURE_EXPECTED[name]));
  }
});

describe('VERITY_CHUNKED_SHA256 digests', () => {
  test('recomputed and matching on every corpus signer that carries one', CORPUS, (t) => {
    let verity = 0;
    for (const file of corpusApks()) {
      const { report: result } = report(readCorpus(file.name));
      for (const scheme of result?.schemes ?? []) {
        for (const signer of scheme.signers) {
          if (!(signer.signatureAlgorithms ?? []).some((name) => name.endsWith('(verity)'))) continue;
          verity++;
          assert.deepEqual(signer.digestsNotChecked, [], `${file.name} ${scheme.scheme}`);
          assert.ok(
            signer.digestsChecked?.includes('VERITY_CHUNKED_SHA256'),
            `${file.name} ${scheme.scheme}: ${signer.problems.join(' | ')}`,
          );
        }
      }
    }
    t.diagnostic(`${verity} signers with a verity digest checked`);
    assert.ok(verity > 0, 'the corpus has verity-signed APKs');
  });
});

describe('signer confusion evidence (fdroidserver issue 1128)', () => {
  /** The "attacker" certificate the PoCs hide where some tools look for the signer. */
  const HIDDEN = '43238d512c1e5eb2d6569f4a3afbf5523418b82e0a3ed1552770abb9a9c9ccab';
  const cases: Array<[string, string]> = [
    ['fdroidserver/issue-1128-poc1.apk', 'signing.orphan-v1-block'],
    ['fdroidserver/issue-1128-poc2.apk', 'signing.duplicate-scheme-block'],
    ['fdroidserver/issue-1128-min-sdk-30-poc.apk', 'signing.duplicate-scheme-block'],
  ];
  for (const [name, code] of cases) {
    test(`${name}: the hidden certificate is named by ${code}, never as the signer`, CORPUS, () => {
      const { report: result } = report(readCorpus(name));
      assert.ok(result?.findings.some((finding) => finding.code === code && finding.certificates?.includes(HIDDEN)));
      assert.notEqual(result?.effectiveSigner, HIDDEN);
      assert.ok(
        result?.certificates.some((certificate) => certificate.sha256 === HIDDEN),
        'the hidden certificate is described',
      );
    });
  }
});
