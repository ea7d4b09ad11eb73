/**
 * v1 (JAR signing) tables on zips rebuilt from the real signature files of the signing
 * fixtures: each row changes one thing after signing and names the reason v1 must give.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../support/corpus.js';
import { readZip, readEntry, crc32 } from '../../src/formats/zip/index.js';
import { readSigning } from '../../src/model/signing/index.js';
import { buildZip, type BuildEntry } from '../support/zip-writer.js';

function entriesOf(fixture: string): Map<string, Uint8Array> {
  const archive = readZip(new Uint8Array(readFileSync(join(repositoryRoot, 'fixtures', 'signing', fixture)))).value;
  return new Map(archive.entries.map((entry) => [entry.name, readEntry(archive, entry).value ?? new Uint8Array(0)]));
}

const v1Only = entriesOf('v1-only-rsa.apk');
const v1v2v3 = entriesOf('v1-v2-v3-rsa.apk');
const deflated = (name: string, data: Uint8Array): BuildEntry => ({ name, data, method: 8 });

function rebuild(
  source: Map<string, Uint8Array>,
  change: (entries: BuildEntry[]) => BuildEntry[] = (entries) => entries,
): Uint8Array {
  return buildZip(change([...source].map(([name, data]) => deflated(name, data))));
}

function v1Of(bytes: Uint8Array) {
  const report = readSigning(readZip(bytes).value).value;
  return { report, v1: report.schemes.find((scheme) => scheme.scheme === 'v1') };
}

describe('v1 after rebuilding', () => {
  test('an unchanged rebuild still verifies (v1 covers contents, not zip layout)', () => {
    const { v1 } = v1Of(rebuild(v1Only));
    assert.equal(v1?.verified, true, v1?.problems.join(' | '));
  });

  const cases: Array<{
    name: string;
    source: Map<string, Uint8Array>;
    change: (entries: BuildEntry[]) => BuildEntry[];
    reason: RegExp;
  }> = [
    {
      name: 'entry content altered',
      source: v1Only,
      change: (entries) =>
        entries.map((entry) => (entry.name === 'assets/notice.txt' ? { ...entry, data: 'changed' } : entry)),
      reason: /SHA-256 digest of "assets\/notice\.txt" does not match/,
    },
    {
      name: 'entry added',
      source: v1Only,
      change: (entries) => [...entries, deflated('assets/payload.dex', new Uint8Array([1, 2, 3]))],
      reason: /"assets\/payload\.dex" is not listed in MANIFEST\.MF/,
    },
    {
      name: 'entry removed',
      source: v1Only,
      change: (entries) => entries.filter((entry) => entry.name !== 'assets/notice.txt'),
      reason: /MANIFEST\.MF lists "assets\/notice\.txt" but the APK has no such entry/,
    },
    {
      name: 'entry duplicated with other content',
      source: v1Only,
      change: (entries) => [...entries, deflated('AndroidManifest.xml', new Uint8Array([9]))],
      reason: /"AndroidManifest\.xml" appears twice/,
    },
    {
      name: '.SF altered',
      source: v1Only,
      change: (entries) =>
        entries.map((entry) =>
          String(entry.name).endsWith('.SF')
            ? { ...entry, data: `${new TextDecoder().decode(entry.data as Uint8Array)}X-Extra: 1\r\n` }
            : entry,
        ),
      reason: /signature over the \.SF does not verify|message digest in the signed attributes/,
    },
    {
      name: 'MANIFEST.MF section altered',
      source: v1Only,
      change: (entries) =>
        entries.map((entry) =>
          entry.name === 'META-INF/MANIFEST.MF'
            ? {
                ...entry,
                data: new TextDecoder()
                  .decode(entry.data as Uint8Array)
                  .replace('Name: assets/notice.txt', 'Name: assets/notice.txt\r\nX-Injected: 1'),
              }
            : entry,
        ),
      reason: /digest of the MANIFEST\.MF section of "assets\/notice\.txt" does not match/,
    },
    {
      name: 'MANIFEST.MF removed',
      source: v1Only,
      change: (entries) => entries.filter((entry) => entry.name !== 'META-INF/MANIFEST.MF'),
      reason: /no META-INF\/MANIFEST\.MF/,
    },
    {
      name: 'signature block truncated',
      source: v1Only,
      change: (entries) =>
        entries.map((entry) =>
          String(entry.name).endsWith('.RSA') ? { ...entry, data: (entry.data as Uint8Array).subarray(0, 100) } : entry,
        ),
      reason: /PKCS#7 unreadable/,
    },
    {
      name: 'v2/v3 stripped (X-Android-APK-Signed: 2, 3)',
      source: v1v2v3,
      change: (entries) => entries,
      reason: /also signed with v2, but no v2 signature is present/,
    },
  ];
  for (const { name, source, change, reason } of cases) {
    test(name, () => {
      const { report, v1 } = v1Of(rebuild(source, change));
      assert.ok(v1 !== undefined, 'v1 is present');
      assert.equal(v1.verified, false);
      assert.ok(
        v1.problems.some((problem) => reason.test(problem)),
        v1.problems.join(' | '),
      );
      assert.ok(report.findings.some((finding) => finding.code === 'signing.verification-failed'));
    });
  }

  test("CRC-32 altered in both headers: v1 names the computed and the declared CRC (from readEntry's own check)", () => {
    const wrong = 0x12345678;
    const { v1 } = v1Of(
      rebuild(v1Only, (entries) =>
        entries.map((entry) =>
          entry.name === 'assets/notice.txt' ? { ...entry, local: { crc: wrong }, central: { crc: wrong } } : entry,
        ),
      ),
    );
    const actual = crc32(v1Only.get('assets/notice.txt') as Uint8Array)
      .toString(16)
      .padStart(8, '0');
    assert.equal(v1?.verified, false);
    assert.deepEqual(
      v1.problems.filter((problem) => problem.includes('CRC-32')),
      [
        `assets/notice.txt: CRC-32 of the data is 0x${actual}, the central directory says 0x12345678 (altered after zipping)`,
      ],
    );
  });

  test('.SF removed: unsigned, the leftover block is reported with its certificate', () => {
    const { report, v1 } = v1Of(
      rebuild(v1Only, (entries) => entries.filter((entry) => !String(entry.name).endsWith('.SF'))),
    );
    assert.equal(v1, undefined);
    assert.ok(report.findings.some((finding) => finding.code === 'signing.unsigned'));
    const orphan = report.findings.find((finding) => finding.code === 'signing.orphan-v1-block');
    assert.deepEqual(orphan?.certificates, ['e6ae1ceee763b59781c41f7226982087c6e067a52d18f0b0b01c00c85077b84b']);
  });

  test('stripping is also a finding', () => {
    const { report } = v1Of(rebuild(v1v2v3));
    assert.ok(report.findings.some((finding) => finding.code === 'signing.stripping-detected'));
  });
});
