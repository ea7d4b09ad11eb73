/**
 * Certificate model: DN decoding of every string type, escaping, key description,
 * known public keys; and the signing fixtures' documented certificates (fixtures/signing/EXPECTED.tsv).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { needs, readCorpus, repositoryRoot } from '../support/corpus.js';
import { decodeName } from '../../src/model/signing/distinguished-name.js';
import { describeCertificate } from '../../src/model/signing/certificate.js';
import { readZip } from '../../src/formats/zip/index.js';
import { readSigning } from '../../src/model/signing/index.js';

/** DER TLV with a short or long length. */
function tlv(tag: number, content: Uint8Array): Uint8Array {
  const length =
    content.length < 0x80
      ? [content.length]
      : content.length < 0x100
        ? [0x81, content.length]
        : [0x82, content.length >> 8, content.length & 0xff];
  return new Uint8Array([tag, ...length, ...content]);
}
const OIDS: Record<string, number[]> = {
  CN: [0x55, 0x04, 0x03],
  O: [0x55, 0x04, 0x0a],
  L: [0x55, 0x04, 0x07],
  C: [0x55, 0x04, 0x06],
  OU: [0x55, 0x04, 0x0b],
};
function attribute(type: string, tag: number, value: Uint8Array): Uint8Array {
  return tlv(0x31, tlv(0x30, new Uint8Array([...tlv(0x06, new Uint8Array(OIDS[type] ?? [])), ...tlv(tag, value)])));
}
function name(...rdns: Uint8Array[]): Uint8Array {
  return tlv(0x30, new Uint8Array(Buffer.concat(rdns)));
}
const utf8 = (text: string) => new TextEncoder().encode(text);
const bmp = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le').swap16());
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('distinguished names', () => {
  const cases: Array<{ name: string; der: Uint8Array; text: string; types?: string[] }> = [
    {
      name: 'Chinese in UTF8String',
      der: name(attribute('C', 0x13, utf8('CN')), attribute('CN', 0x0c, utf8('\u5317\u4eac\u5b89\u5168\u79d1\u6280'))),
      text: 'CN=\u5317\u4eac\u5b89\u5168\u79d1\u6280, C=CN',
      types: ['PrintableString', 'UTF8String'],
    },
    {
      name: 'Cyrillic in BMPString',
      der: name(attribute('O', 0x1e, bmp('\u041a\u043e\u043c\u043f\u0430\u043d\u0438\u044f'))),
      text: 'O=\u041a\u043e\u043c\u043f\u0430\u043d\u0438\u044f',
      types: ['BMPString'],
    },
    {
      name: 'Latin-1 in T61String (as Java decodes it)',
      der: name(attribute('L', 0x14, latin1('Z\u00fcrich'))),
      text: 'L=Z\u00fcrich',
      types: ['T61String'],
    },
    {
      name: 'UTF-8 written into T61String',
      der: name(attribute('L', 0x14, utf8('Z\u00fcrich'))),
      text: 'L=Z\u00fcrich',
    },
    {
      name: 'Arabic in UniversalString',
      der: name(attribute('CN', 0x1c, new Uint8Array([0, 0, 0x06, 0x45, 0, 0, 0x06, 0x2d]))),
      text: 'CN=\u0645\u062d',
    },
    {
      name: 'RFC 4514 escaping',
      der: name(attribute('CN', 0x0c, utf8('Doe, John+Co "x"'))),
      text: 'CN=Doe\\, John\\+Co \\"x\\"',
    },
    {
      name: 'multi-valued RDN',
      der: name(
        tlv(
          0x31,
          new Uint8Array([
            ...tlv(0x30, new Uint8Array([...tlv(0x06, new Uint8Array(OIDS.CN ?? [])), ...tlv(0x0c, utf8('a'))])),
            ...tlv(0x30, new Uint8Array([...tlv(0x06, new Uint8Array(OIDS.OU ?? [])), ...tlv(0x0c, utf8('b'))])),
          ]),
        ),
      ),
      text: 'CN=a+OU=b',
    },
    {
      name: 'unknown string tag shown as hex',
      der: name(attribute('CN', 0x04, new Uint8Array([1, 2]))),
      text: 'CN=#04020102',
    },
  ];
  for (const { name: title, der, text, types } of cases) {
    test(title, () => {
      const decoded = decodeName(der);
      assert.equal(decoded.text, text);
      if (types !== undefined)
        assert.deepEqual(
          decoded.attributes.map((entry) => entry.stringType),
          types,
        );
    });
  }
  test('malformed names throw DerError, which describeCertificate turns into a problem', () => {
    assert.throws(() => decodeName(new Uint8Array([0x30, 0x05, 0x31])), /DER/);
    const info = describeCertificate(new Uint8Array([0x30, 0x82, 0xff, 0xff, 0x00]));
    assert.equal(info.sha256.length, 64);
    assert.ok(info.problems.some((problem) => /unreadable/.test(problem)));
  });
});

describe('signing fixtures match fixtures/signing/EXPECTED.tsv', () => {
  const directory = join(repositoryRoot, 'fixtures', 'signing');
  const lines = readFileSync(join(directory, 'EXPECTED.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  const columns = (lines.shift() ?? '').split('\t');
  const rows = lines.map((line) =>
    Object.fromEntries(line.split('\t').map((value, index) => [columns[index] ?? '', value])),
  );
  for (const row of rows.filter((candidate) => candidate.verifies === 'yes')) {
    test(row.file ?? '?', () => {
      const report = readSigning(readZip(new Uint8Array(readFileSync(join(directory, row.file ?? '')))).value).value;
      assert.equal(report.effectiveSigner, row.signer_cert_sha256);
      const certificate = report.certificates.find((candidate) => candidate.sha256 === row.signer_cert_sha256);
      assert.equal(certificate?.publicKey?.algorithm, row.key_algorithm);
      assert.equal(String(certificate?.publicKey?.sizeBits), row.key_bits);
      assert.equal(certificate?.selfSigned, true);
      assert.match(
        certificate.subject?.text ?? '',
        /^CN=apkwitness TEST KEY .* \(not secret\), O=apkwitness fixtures, C=XX$/,
      );
      for (const scheme of ['v1', 'v2', 'v3'] as const) {
        const expected = row[scheme] === 'true';
        assert.equal(
          report.schemes.some((candidate) => candidate.scheme === scheme && candidate.verified),
          expected,
          scheme,
        );
      }
      const lineage = report.schemes.find((scheme) => scheme.scheme === 'v3')?.signers[0]?.lineageSha256;
      assert.equal(lineage === undefined ? '-' : lineage.join(','), row.lineage_cert_sha256);
    });
  }
  test('all documented fixtures were checked', () => assert.ok(rows.length >= 8));
});

describe('well-known keys and expiry', () => {
  test('AOSP testkey is recognised (apktool/client.apk is signed with it)', { skip: needs('corpus') }, () => {
    const report = readSigning(readZip(readCorpus('apktool/client.apk')).value).value;
    const certificate = report.certificates.find((candidate) => candidate.sha256 === report.effectiveSigner);
    assert.equal(certificate?.wellKnownKey?.name, 'AOSP testkey');
    assert.ok(report.findings.some((finding) => finding.code === 'signing.public-test-key'));
  });
  test('expiry is judged at the given instant', () => {
    const bytes = new Uint8Array(readFileSync(join(repositoryRoot, 'fixtures', 'signing', 'v1-only-rsa.apk')));
    const late = readSigning(readZip(bytes).value, { at: new Date('2200-01-01T00:00:00Z') }).value;
    const early = readSigning(readZip(bytes).value, { at: new Date('2027-01-01T00:00:00Z') }).value;
    assert.equal(late.certificates[0]?.expired, true);
    assert.ok(late.findings.some((finding) => finding.code === 'signing.expired-certificate'));
    assert.equal(early.certificates[0]?.expired, false);
  });
});

describe('hostile keys', () => {
  // Fuzz case scan-16004/1033331806: a DSA key whose prime p and public value y are made
  // negative (their leading 0x00 octets flipped to 0x80). node:crypto still makes a key of it,
  // but its asymmetricKeyDetails then aborted the whole process on a native assertion: no
  // exception, exit 134.
  test('a DSA key whose prime and public value are negative is described, not a process abort', () => {
    const bytes = new Uint8Array(readFileSync(join(repositoryRoot, 'fixtures', 'signing', 'v1-only-dsa.apk')));
    const der = Buffer.from(readSigning(readZip(bytes).value).value.certificates[0]?.derBase64 ?? '', 'base64');
    const dsaOid = Buffer.from([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]);
    const oidAt = der.indexOf(dsaOid);
    assert.ok(oidAt > 0, 'the fixture has a DSA key');
    // Dss-Parms SEQUENCE { p INTEGER (257 octets: 0x00 then 2,048 bits), q, g } follows the OID.
    const primeAt = der.indexOf(Buffer.from([0x02, 0x82, 0x01, 0x01, 0x00]), oidAt);
    assert.ok(primeAt > oidAt);
    // subjectPublicKey BIT STRING { 0 unused bits, y INTEGER } after the parameters.
    const keyAt = der.indexOf(Buffer.from([0x03, 0x82]), primeAt + 5 + 256);
    const yAt = der.indexOf(Buffer.from([0x02, 0x82]), keyAt) + 4;
    assert.ok(keyAt > primeAt && yAt === keyAt + 9, 'y follows its BIT STRING header');
    const hostile = new Uint8Array(der);
    hostile[primeAt + 4] = 0x80;
    hostile[yAt] = (hostile[yAt] ?? 0) | 0x80;
    const certificate = describeCertificate(hostile);
    assert.equal(certificate.publicKey?.algorithm, 'DSA');
    assert.equal(certificate.publicKey.sizeBits, 2056, 'the bits of p as written, sign octet included');
    assert.equal(describeCertificate(new Uint8Array(der)).publicKey?.sizeBits, 2048);
  });
});
