/**
 * Second opinion where apksigner cannot judge (it throws, or predates v3.1): androguard's
 * `androguard sign` (Debian androguard 3.4) on which schemes are present and which
 * certificates sign. Disagreements are explained per file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCorpus, corpusRoot, runTool, referenceTool, needs } from '../support/corpus.js';
import { join } from 'node:path';
import { readZip } from '../../src/formats/zip/index.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { readSigning, type SigningReport } from '../../src/model/signing/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const ANDROGUARD = { skip: needs('androguard') };

/** Files apksigner throws on or cannot read fully (see apksigner-oracle.test.ts). */
const FILES: Record<string, { readonly differs?: 'oracle-exception' | 'certificates'; readonly because?: string }> = {
  'androguard/CertChain.apk': {
    differs: 'certificates',
    because:
      'androguard reports the first certificate of the PKCS#7 set (the Marketplace Root); the SignerInfo names the "Third Party Marketplace (Do Not Trust)" certificate by issuer and serial (RFC 5652 5.3), which we report as the signer',
  },
  'androguard/multidex.apk': {},
  'apksig/empty-unsigned.apk': {},
  'apksig/v2-only-truncated-cd.apk': {
    differs: 'oracle-exception',
    because: 'python zipfile refuses the truncated central directory',
  },
  'apksig/v2-only-with-rsa-pss-sha256-2048.apk': {},
  'apksig/v31-ec-p256-2-tgt-33-1-tgt-28-targetSdk-30.apk': {},
  'appmanager-splits/AppManager_v2.5.22.apks': {},
};

interface AndroguardView {
  readonly schemes: Set<string>;
  readonly sha1: Set<string>;
}

function androguard(path: string): AndroguardView | undefined {
  const { stdout } = runTool('androguard', ['sign', path]);
  if (!/Is signed v1:/.test(stdout)) return undefined;
  const schemes = new Set([...stdout.matchAll(/^Is signed (v[123]): True$/gm)].map((match) => match[1] ?? ''));
  const sha1 = new Set([...stdout.matchAll(/^sha1 ([0-9a-f]{40})$/gm)].map((match) => match[1] ?? ''));
  return { schemes, sha1 };
}

test('schemes and signer certificates agree with androguard where apksigner cannot judge', ANDROGUARD, (t) => {
  referenceTool('androguard');
  let compared = 0;
  for (const [name, expectation] of Object.entries(FILES)) {
    const oracle = androguard(join(corpusRoot, name));
    let report: SigningReport | undefined;
    try {
      report = readSigning(readZip(readCorpus(name)).value).value;
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
    }
    if (oracle === undefined) {
      assert.equal(expectation.differs, 'oracle-exception', `${name}: androguard failed unexpectedly`);
      continue;
    }
    compared++;
    // androguard 3.4 knows v1, v2 and v3 only: v3.1 is left out of the comparison.
    const schemes = (report?.schemes ?? []).filter((scheme) => scheme.scheme !== 'v3.1');
    assert.deepEqual(
      [...new Set(schemes.map((scheme) => scheme.scheme))].sort(),
      [...oracle.schemes].sort(),
      `${name}: schemes present`,
    );
    const sha1 = new Set(
      schemes.flatMap((scheme) =>
        scheme.signers.map(
          (signer) =>
            report?.certificates.find((certificate) => certificate.sha256 === signer.certificateSha256[0])?.sha1 ?? '?',
        ),
      ),
    );
    const same = [...sha1].sort().join(',') === [...oracle.sha1].sort().join(',');
    assert.equal(
      same,
      expectation.differs !== 'certificates',
      `${name}: ours ${[...sha1].join(',')}, androguard ${[...oracle.sha1].join(',')}`,
    );
    if (expectation.differs === 'certificates') {
      // The certificate androguard names is still in the PKCS#7 chain we report.
      for (const certificate of oracle.sha1)
        assert.ok(
          report?.certificates.some((candidate) => candidate.sha1 === certificate),
          `${name}: ${certificate} not described`,
        );
    }
  }
  t.diagnostic(`${compared} files compared with androguard`);
  console.log(`androguard second opinion: ${compared} files compared`);
  assert.ok(compared >= 5);
});
