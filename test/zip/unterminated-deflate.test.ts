/**
 * fixtures/signing/v1-only-rsa-unterminated-deflate.apk: AndroidManifest.xml's deflate
 * stream lacks its final block (the BFINAL bit was cleared after signing). Every byte is
 * still there, so the CRC matches: the anomaly is the missing end, not the content.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readZip, readEntry, findEntry } from '../../src/formats/zip/index.js';

test('an unterminated deflate stream with a matching CRC is reported as truncated, not as a CRC mismatch', () => {
  const archive = readZip(new Uint8Array(readFileSync('fixtures/signing/v1-only-rsa-unterminated-deflate.apk'))).value;
  const entry = findEntry(archive, 'AndroidManifest.xml');
  assert.ok(entry);
  const result = readEntry(archive, entry);
  assert.equal(result.value?.length, entry.uncompressedSize);
  assert.deepEqual(
    result.diagnostics.map((diagnostic) => diagnostic.code),
    ['zip.inflate-truncated'],
  );
  assert.match(result.diagnostics[0]?.detail ?? '', /CRC matches/);
});
