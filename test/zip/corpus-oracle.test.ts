/**
 * Oracle test: on every corpus zip, our central directory must agree with
 * python3's zipfile (names as raw bytes, methods, sizes, CRCs, local header
 * offsets), and every entry must read back with its CRC. Where zipfile gives up
 * we assert our own documented expectations instead.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { corpusApks, referenceTool, needs } from '../support/corpus.js';
import { readEntry, readZip } from '../../src/formats/zip/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS_PYTHON3 = { skip: needs('corpus', 'python3') };

const PYTHON_LISTER = `
import json, sys, zipfile

out = {}
for path in sys.argv[1:]:
    try:
        with zipfile.ZipFile(path) as archive:
            rows = []
            for info in archive.infolist():
                raw = info.orig_filename.encode('utf-8' if info.flag_bits & 0x800 else 'cp437', 'surrogateescape')
                rows.append([raw.hex(), info.compress_type, info.compress_size, info.file_size, info.CRC, info.header_offset])
            out[path] = {'entries': rows}
    except Exception as error:
        out[path] = {'error': type(error).__name__ + ': ' + str(error)}
json.dump(out, sys.stdout)
`;

type PythonRow = [string, number, number, number, number, number];
type PythonResult = { entries: PythonRow[] } | { error: string };

/** Files python's zipfile cannot read; what we read instead (hand-checked with xxd). */
const expectationsWherePythonFails: Record<string, { entries: number; codes: string[] }> = {
  // 7 bytes "GARBAGE" between directory and end record: zipfile takes them for a prefix and misses the directory.
  'apksig/v2-only-garbage-between-cd-and-eocd.apk': { entries: 3, codes: ['zip.garbage-before-eocd'] },
  // Directory size one byte too large: the third record's name runs into the end record.
  'apksig/v2-only-truncated-cd.apk': {
    entries: 2,
    codes: ['zip.central-directory-overruns-eocd', 'zip.central-directory-truncated'],
  },
};

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

describe('ZIP reader against python3 zipfile on the corpus', CORPUS_PYTHON3, () => {
  const files = corpusApks();
  const python = referenceTool('python3');
  const listing = JSON.parse(
    execFileSync(python, ['-c', PYTHON_LISTER, ...files.map((file) => file.path)], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    }),
  ) as Record<string, PythonResult>;

  test(`central directories of ${files.length} corpus zips`, (t) => {
    let compared = 0;
    let entriesCompared = 0;
    let expectationFiles = 0;
    let directoryMilliseconds = 0;
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file.path));
      const started = performance.now();
      const { value: archive, diagnostics } = readZip(bytes);
      directoryMilliseconds += performance.now() - started;
      const oracle = listing[file.path];
      assert.ok(oracle, file.name);
      if ('error' in oracle) {
        const expected = expectationsWherePythonFails[file.name];
        assert.ok(expected, `${file.name}: python fails (${oracle.error}) and we have no documented expectation`);
        assert.equal(archive.entries.length, expected.entries, file.name);
        const codes = new Set(diagnostics.map((diagnostic) => diagnostic.code));
        for (const code of expected.codes) assert.ok(codes.has(code), `${file.name}: expected ${code}`);
        expectationFiles++;
      } else {
        const ours = archive.entries.map((entry) => [
          hexOf(entry.rawName),
          entry.method,
          entry.compressedSize,
          entry.uncompressedSize,
          entry.crc32,
          entry.localHeaderOffset,
        ]);
        assert.deepEqual(ours, oracle.entries, file.name);
        compared++;
        entriesCompared += ours.length;
      }
      for (const entry of archive.entries) {
        const result = readEntry(archive, entry);
        assert.ok(result.value !== undefined, `${file.name}: ${entry.name} unreadable`);
        assert.ok(
          !result.diagnostics.some((diagnostic) => diagnostic.code === 'zip.crc-mismatch'),
          `${file.name}: ${entry.name} CRC`,
        );
      }
    }
    const summary = `${compared} files (${entriesCompared} entries) compared with python3 zipfile, ${expectationFiles} files checked against documented expectations; all central directories read in ${directoryMilliseconds.toFixed(0)} ms`;
    console.log(summary);
    t.diagnostic(summary);
    assert.ok(compared >= files.length - Object.keys(expectationsWherePythonFails).length);
  });

  test('documented tricks in the corpus are reported', () => {
    const expectations: Array<[string, string]> = [
      ['fdroidserver/janus.apk', 'zip.prefix-bytes'],
      ['apksig/v1-only-with-nul-in-entry-name.apk', 'zip.name-contains-nul'],
      ['apktool/issue1498.apk', 'zip.name-path-traversal'],
      ['npm/ApiDemos-debug.apk', 'zip.orphan-local-header'],
    ];
    for (const [name, code] of expectations) {
      const file = files.find((candidate) => candidate.name === name);
      assert.ok(file, name);
      const { value, diagnostics } = readZip(new Uint8Array(readFileSync(file.path)));
      assert.ok(
        diagnostics.some((diagnostic) => diagnostic.code === code),
        `${name}: ${code}`,
      );
      if (name === 'fdroidserver/janus.apk') assert.equal(value.prefixLength, 1032);
    }
    const weird = files.find((candidate) => candidate.name === 'apksig/weird-compression-method.apk');
    assert.ok(weird);
    const archive = readZip(new Uint8Array(readFileSync(weird.path))).value;
    const certificate = archive.entries.find((entry) => entry.method === 21);
    assert.ok(certificate, 'META-INF/CERT.RSA has method 21');
    const result = readEntry(archive, certificate);
    assert.equal(result.value?.length, certificate.uncompressedSize);
    assert.deepEqual(
      result.diagnostics.map((diagnostic) => diagnostic.code),
      ['zip.unknown-method'],
    );
  });
});
