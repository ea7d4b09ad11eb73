/**
 * One-byte corruptions of a good APK (fixtures/signing/v1-v2-v3-rsa.apk): every byte of
 * its APK Signing Block that is covered by a signature, and every byte of its v1 files,
 * is altered in turn. Each must make verification fail with a reason, never throw.
 * The verity padding pair is not signed by design (v2 spec: pairs other than the scheme
 * blocks are not protected), so changing it must leave every scheme verified.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { needs, readCorpus, repositoryRoot } from '../support/corpus.js';
import { readZip } from '../../src/formats/zip/index.js';
import { readSigning, type SigningReport } from '../../src/model/signing/index.js';
import { BlockId } from '../../src/formats/apksig/constants.js';
import { seededRandom as random } from '../support/random.js';

const GOOD = new Uint8Array(readFileSync(join(repositoryRoot, 'fixtures', 'signing', 'v1-v2-v3-rsa.apk')));
/** XOR mask applied to the byte under test. */
const FLIP = 0x5a;
const PAIR_HEADER_SIZE = 12;
/**
 * Offsets are sampled with these strides (plus every header byte) to keep the file well
 * under a minute on a loaded 2-core CI machine; the strides are co-prime with the 4- and
 * 8-byte field sizes so every field position is exercised across the block.
 */
const BLOCK_STRIDE = 3;
const V1_STRIDE = 5;

function analyse(bytes: Uint8Array): SigningReport {
  const { value, diagnostics } = readSigning(readZip(bytes).value);
  // The last-line catch in readSigning must never be needed: no hidden exception.
  assert.ok(
    !diagnostics.some((diagnostic) => diagnostic.code === 'apksig.internal-error'),
    diagnostics.map((diagnostic) => diagnostic.detail).join(' | '),
  );
  return value;
}

function fullyVerified(report: SigningReport): boolean {
  return report.schemes.length === 3 && report.schemes.every((scheme) => scheme.verified);
}

function corrupt(offset: number): Uint8Array {
  const copy = GOOD.slice();
  copy[offset] = (copy[offset] ?? 0) ^ FLIP;
  return copy;
}

test('the good fixture verifies with v1, v2 and v3', () => {
  assert.equal(fullyVerified(analyse(GOOD)), true);
});

test('signed bytes of the APK Signing Block (every header byte, every 3rd other byte): verification fails with a reason', (t) => {
  const block = analyse(GOOD).signingBlock;
  assert.ok(block !== undefined);
  const padding = block.pairs.find((pair) => pair.id === `0x${BlockId.VERITY_PADDING.toString(16)}`);
  assert.ok(padding !== undefined, 'fixture has a verity padding pair');
  const paddingEnd = padding.offset + PAIR_HEADER_SIZE + padding.length;
  let failed = 0;
  let unsignedKept = 0;
  const survivors: number[] = [];
  const headers = new Set(
    block.pairs.flatMap((pair) => Array.from({ length: PAIR_HEADER_SIZE }, (_, index) => pair.offset + index)),
  );
  let paddingSampled = 0;
  for (let offset = block.offset; offset < block.offset + block.size; offset++) {
    const inPadding = offset >= padding.offset && offset < paddingEnd;
    if (!headers.has(offset) && (offset - block.offset) % BLOCK_STRIDE !== 0) continue;
    if (inPadding) paddingSampled++;
    const report = analyse(corrupt(offset));
    if (inPadding) {
      // Unsigned by design: the header may break the pair list after v2/v3 were read, the value is ignored.
      if (fullyVerified(report)) unsignedKept++;
      continue;
    }
    if (fullyVerified(report)) survivors.push(offset);
    else {
      failed++;
      const reasons = report.schemes.filter((scheme) => !scheme.verified).flatMap((scheme) => scheme.problems);
      assert.ok(reasons.length > 0 || report.schemes.length < 3, `offset ${offset}: failure without a reason`);
    }
  }
  t.diagnostic(`${failed} signed offsets corrupted, all fail; ${unsignedKept} padding offsets stay verified`);
  assert.deepEqual(survivors, []);
  assert.equal(unsignedKept, paddingSampled, 'padding bytes are not signed');
});

test('every 5th byte of MANIFEST.MF, the .SF and the PKCS#7 block: v1 fails with a reason', (t) => {
  const archive = readZip(GOOD).value;
  let checked = 0;
  for (const entry of archive.entries.filter((candidate) => candidate.name.startsWith('META-INF/'))) {
    // A flipped byte of deflated data changes the inflated bytes (or breaks inflation): v1 must fail either way.
    for (let offset = entry.dataOffset; offset < entry.dataOffset + entry.compressedSize; offset += V1_STRIDE) {
      const report = analyse(corrupt(offset));
      const v1 = report.schemes.find((scheme) => scheme.scheme === 'v1');
      // The signature covers the .SF, not the certificate's own signature bits (apksig does not
      // check a signer certificate's self-signature either), so such a corruption may keep v1
      // verifying; the v1 certificate then differs from the v2/v3 one, which must be reported.
      const mismatch = report.findings.some((finding) => finding.code === 'signing.signer-mismatch');
      assert.ok(
        v1 === undefined || !v1.verified || mismatch,
        `${entry.name} offset ${offset}: v1 still verifies, same signer`,
      );
      assert.ok(v1 === undefined || v1.verified || v1.problems.length > 0, `${entry.name} offset ${offset}: no reason`);
      checked++;
    }
  }
  t.diagnostic(`${checked} v1 offsets corrupted`);
  assert.ok(checked > 0);
});

test(
  'random byte mutations of ECDSA, DSA, RSA-PSS, v3 and v3.1 signatures never throw',
  { skip: needs('corpus') },
  (t) => {
    const names = [
      'apksig/v2-only-with-ecdsa-sha256-p256.apk',
      'apksig/v2-only-with-rsa-pss-sha256-2048.apk',
      'apksig/v1-only-with-dsa-sha256-2.16.840.1.101.3.4.3.2-2048.apk',
      'apksig/v3-only-with-rsa-pkcs1-sha512-4096.apk',
      'apksig/v31-ec-p256-2-tgt-33-1-tgt-28-targetSdk-30.apk',
      'apksig/v1v2v3-with-rsa-2048-lineage-3-signers.apk',
    ];
    const MUTATIONS_PER_FILE = 120;
    let runs = 0;
    for (const name of names) {
      const good = readCorpus(name);
      const archive = readZip(good).value;
      const block = readSigning(archive).value.signingBlock;
      // Mutate inside the signing block when there is one, else inside META-INF entries' data.
      const start =
        block?.offset ??
        Math.min(
          ...archive.entries.filter((entry) => entry.name.startsWith('META-INF/')).map((entry) => entry.dataOffset),
        );
      const end = block === undefined ? archive.centralDirectoryOffset : block.offset + block.size;
      const next = random(runs + 1);
      for (let index = 0; index < MUTATIONS_PER_FILE; index++) {
        const copy = good.slice();
        const offset = start + Math.floor(next() * (end - start));
        copy[offset] = Math.floor(next() * 256);
        let zip;
        try {
          zip = readZip(copy).value;
        } catch {
          continue; // the ZIP layer refused it (FormatError): nothing to sign-check
        }
        const { value: report, diagnostics } = readSigning(zip);
        // The last-line catch in readSigning must never be needed: no hidden exception.
        assert.ok(
          !diagnostics.some((diagnostic) => diagnostic.code === 'apksig.internal-error'),
          `${name} @${offset}: ${diagnostics.map((diagnostic) => diagnostic.detail).join(' | ')}`,
        );
        for (const scheme of report.schemes)
          assert.ok(
            scheme.verified || scheme.problems.length > 0,
            `${name} @${offset}: ${scheme.scheme} fails without a reason`,
          );
        runs++;
      }
    }
    t.diagnostic(`${runs} mutated files analysed`);
  },
);
