/**
 * Our DER reading of v1 signature blocks against the ASN.1 schema library
 * (@peculiar/asn1-cms) on every signature block file of the corpus and fixtures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusApks, needs } from '../support/corpus.js';
import { readZip, readEntry } from '../../src/formats/zip/index.js';
import { readPkcs7Der, readPkcs7WithLibrary } from '../../src/formats/apksig/pkcs7.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const hex = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString('hex'));

test('DER walk of PKCS#7 blocks equals the schema library on every corpus signature block', CORPUS, () => {
  let compared = 0;
  const paths = [
    ...corpusApks().map((file) => file.path),
    'fixtures/demo/field-survey.apk',
    'fixtures/signing/v1-only-dsa.apk',
  ];
  for (const path of paths) {
    let archive;
    try {
      archive = readZip(new Uint8Array(readFileSync(path))).value;
    } catch {
      continue;
    }
    for (const entry of archive.entries.filter((candidate) =>
      /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(candidate.name),
    )) {
      const bytes = readEntry(archive, entry).value;
      if (bytes === undefined) continue;
      const library = readPkcs7WithLibrary(bytes);
      let ours;
      try {
        ours = readPkcs7Der(bytes);
      } catch (error) {
        assert.equal(
          typeof library,
          'string',
          `${path}!${entry.name}: the library reads what our DER walk refuses (${String(error)})`,
        );
        continue;
      }
      if (typeof library === 'string' || typeof ours === 'string') {
        assert.equal(
          typeof ours,
          typeof library,
          `${path}!${entry.name}: ${typeof ours === 'string' ? ours : 'read'} / ${typeof library === 'string' ? library : 'read'}`,
        );
        continue;
      }
      assert.deepEqual(
        ours.certificates.map(hex),
        library.certificates.map(hex),
        `${path}!${entry.name}: certificates`,
      );
      assert.equal(ours.signerInfos.length, library.signerInfos.length);
      ours.signerInfos.forEach((info, index) => {
        const other = library.signerInfos[index]!;
        assert.equal(info.serialNumberHex, other.serialNumberHex, `${path}!${entry.name}: serial`);
        assert.equal(info.digestAlgorithmOid, other.digestAlgorithmOid);
        assert.equal(info.signatureAlgorithmOid, other.signatureAlgorithmOid);
        assert.equal(
          hex(info.signedAttributes),
          hex(other.signedAttributes),
          `${path}!${entry.name}: signed attributes`,
        );
        assert.equal(hex(info.messageDigest), hex(other.messageDigest));
        assert.equal(hex(info.signature), hex(other.signature));
      });
      compared++;
    }
  }
  console.log(`PKCS#7: ${compared} signature blocks read identically by our DER walk and @peculiar/asn1-cms`);
  assert.ok(compared >= 60, `only ${compared} blocks compared`);
});
