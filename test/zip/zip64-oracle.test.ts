/**
 * Zip64 oracle: no corpus file is Zip64, so python3's zipfile writes one (more
 * than 65,535 entries, which needs the Zip64 end record, and a local header
 * with a forced Zip64 extra field) and lists it; our reader must agree.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceTool, needs } from '../support/corpus.js';
import { readEntry, readZip } from '../../src/formats/zip/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const PYTHON3 = { skip: needs('python3') };

/** One more entry than a 16-bit count can hold. */
const ENTRY_COUNT = 0x10000;

const WRITER = `
import json, sys, zipfile

path, count = sys.argv[1], int(sys.argv[2])
with zipfile.ZipFile(path, 'w') as archive:
    with archive.open('forced-zip64.txt', 'w', force_zip64=True) as member:
        member.write(b'zip64 ' * 100)
    for index in range(count - 1):
        archive.writestr('e/%d' % index, b'')
with zipfile.ZipFile(path) as archive:
    infos = archive.infolist()
    print(json.dumps({'count': len(infos), 'first': [infos[0].filename, infos[0].file_size, infos[0].CRC], 'last': [infos[-1].filename, infos[-1].header_offset]}))
`;

describe('Zip64 archive written by python3 zipfile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-zip64-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test(`${ENTRY_COUNT} entries: Zip64 end record, counts, offsets and the forced Zip64 local header`, PYTHON3, (t) => {
    const path = join(folder, 'zip64.zip');
    const oracle = JSON.parse(
      execFileSync(referenceTool('python3'), ['-c', WRITER, path, String(ENTRY_COUNT)], { encoding: 'utf8' }),
    ) as {
      count: number;
      first: [string, number, number];
      last: [string, number];
    };
    const { value: archive, diagnostics } = readZip(new Uint8Array(readFileSync(path)));
    assert.equal(archive.zip64, true);
    assert.equal(archive.entries.length, oracle.count);
    const first = archive.entries[0];
    const last = archive.entries[archive.entries.length - 1];
    assert.ok(first && last);
    assert.deepEqual([first.name, first.uncompressedSize, first.crc32], oracle.first);
    assert.deepEqual([last.name, last.localHeaderOffset], oracle.last);
    assert.deepEqual(
      diagnostics.filter((diagnostic) => diagnostic.severity !== 'info'),
      [],
    );
    assert.equal(new TextDecoder().decode(readEntry(archive, first).value), 'zip64 '.repeat(100));
    t.diagnostic(`${archive.entries.length} entries compared with python3 zipfile`);
  });
});
