/**
 * Bundle containers built in a temporary folder, one per format and trick:
 * .xapk, plain and encrypted .apkm, SAI and bundletool .apks (toc.pb), broken
 * metadata, non-ZIP input, and a one-byte corruption sweep through openApp.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FormatError } from '../../src/formats/diagnostics.js';
import { openApp } from '../../src/model/bundle/index.js';
import { buildZip, type BuildEntry } from '../support/zip-writer.js';
import { fakeApk, message, temporaryWriter } from './bundle-fixtures.js';

const { folder, write } = temporaryWriter();

describe('containers by format and trick', () => {
  test('xapk: manifest.json names base and splits, OBB kept as other file', () => {
    const manifest = JSON.stringify({
      xapk_version: 2,
      package_name: 'org.example.tracker',
      name: 'Tracker',
      version_code: '42',
      version_name: '4.2',
      split_apks: [
        { file: 'org.example.tracker.apk', id: 'base' },
        { file: 'config.arm64_v8a.apk', id: 'config.arm64_v8a' },
        { file: 'gone.apk', id: 'config.fr' },
      ],
    });
    const path = write(
      'tracker.xapk',
      buildZip([
        { name: 'manifest.json', data: manifest, method: 8 },
        { name: 'config.arm64_v8a.apk', data: fakeApk(), method: 0 },
        { name: 'org.example.tracker.apk', data: fakeApk(), method: 0 },
        { name: 'Android/obb/org.example.tracker/main.42.org.example.tracker.obb', data: 'obb data', method: 0 },
      ]),
    );
    const { value, diagnostics } = openApp(path);
    assert.equal(value.format, 'xapk');
    assert.equal(value.base?.pathInBundle, 'org.example.tracker.apk');
    assert.deepEqual(
      value.apks.map((apk) => apk.splitNameSource ?? 'base'),
      ['base', 'bundle-metadata'],
    );
    assert.equal(value.metadata.packageName, 'org.example.tracker');
    assert.equal(value.metadata.versionCode, '42');
    assert.deepEqual(
      value.otherFiles.map((file) => file.pathInBundle),
      ['manifest.json', 'Android/obb/org.example.tracker/main.42.org.example.tracker.obb'],
    );
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'bundle.listed-apk-missing'));
  });

  test('apkm (plain): info.json and split_config names', () => {
    const path = write(
      'app.apkm',
      buildZip([
        {
          name: 'info.json',
          data: JSON.stringify({ pname: 'org.example.app', release_version: '1.0', versioncode: 7, app_name: 'App' }),
          method: 8,
        },
        { name: 'base.apk', data: fakeApk(), method: 0 },
        { name: 'split_config.xxhdpi.apk', data: fakeApk(), method: 0 },
      ]),
    );
    const { value } = openApp(path);
    assert.equal(value.format, 'apkm');
    assert.equal(value.metadata.versionCode, '7');
    assert.deepEqual(
      value.apks.map((apk) => apk.splitName ?? 'base'),
      ['base', 'config.xxhdpi'],
    );
  });

  test('apkm (encrypted): detected and said clearly, not an obscure ZIP error', () => {
    const header = new Uint8Array(66 + 4096 + 17);
    const view = new DataView(header.buffer);
    header[1] = 2; // Argon2id13
    view.setUint32(2, 4, true); // opslimit
    view.setUint32(10, 0x1000_0000, true); // memlimit
    view.setUint32(18, 4096, true); // chunk size
    header.fill(0x5a, 66);
    const { value, diagnostics } = openApp(write('secret.apkm', header));
    assert.equal(value.format, 'encrypted-apkm');
    assert.equal(value.apks.length, 0);
    assert.match(
      diagnostics.find((diagnostic) => diagnostic.code === 'bundle.apkm-encrypted')?.detail ?? '',
      /encrypted APKMirror bundle/,
    );
  });

  test('SAI .apks with meta.sai_v2.json', () => {
    const path = write(
      'sai.apks',
      buildZip([
        {
          name: 'meta.sai_v2.json',
          data: JSON.stringify({ package: 'org.example.sai', label: 'Sai', version_code: 3, version_name: '0.3' }),
          method: 8,
        },
        { name: 'base.apk', data: fakeApk(), method: 0 },
        { name: 'split_config.en.apk', data: fakeApk(), method: 8 },
      ]),
    );
    const { value } = openApp(path);
    assert.equal(value.format, 'apks');
    assert.equal(value.metadata.packageName, 'org.example.sai');
    assert.equal(value.apks.length, 2);
  });

  test('bundletool .apks with toc.pb, splits/ and standalones/', () => {
    const path = write(
      'bundletool.apks',
      buildZip([
        { name: 'toc.pb', data: new Uint8Array([0x0a, 0x02, 0x08, 0x01]), method: 0 },
        { name: 'splits/base-master.apk', data: fakeApk(), method: 0 },
        { name: 'splits/base-en.apk', data: fakeApk(), method: 0 },
        { name: 'standalones/standalone-x86.apk', data: fakeApk(), method: 0 },
      ]),
    );
    const { value } = openApp(path);
    assert.equal(value.metadata.source, 'toc.pb');
    assert.deepEqual(
      value.apks.map((apk) => `${apk.role}:${apk.splitName ?? ''}`),
      ['base:', 'split:config.en', 'standalone:'],
    );
  });

  test('bundletool toc.pb names the APKs (split ids win over file names)', () => {
    const toc = message([
      [4, 'org.example.toc'],
      [
        1,
        message([
          [
            2,
            message([
              [1, message([[1, 'base']])],
              [
                2,
                message([
                  [2, 'splits/base-master.apk'],
                  [3, message([[2, 1]])],
                ]),
              ],
              [
                2,
                message([
                  [2, 'splits/weird.apk'],
                  [3, message([[1, 'config.fr']])],
                ]),
              ],
            ]),
          ],
        ]),
      ],
      [
        1,
        message([
          [
            2,
            message([
              [
                2,
                message([
                  [2, 'standalones/standalone-x86.apk'],
                  [4, message([[1, 'base']])],
                ]),
              ],
            ]),
          ],
        ]),
      ],
    ]);
    const entries: BuildEntry[] = [
      { name: 'toc.pb', data: toc, method: 8 },
      { name: 'splits/base-master.apk', data: fakeApk(), method: 0 },
      { name: 'splits/weird.apk', data: fakeApk(), method: 0 },
      { name: 'standalones/standalone-x86.apk', data: fakeApk(), method: 0 },
    ];
    const { value, diagnostics } = openApp(write('toc.apks', buildZip(entries)));
    assert.equal(value.metadata.packageName, 'org.example.toc');
    assert.deepEqual(
      value.apks.map((apk) => `${apk.role}:${apk.splitName ?? ''}:${apk.splitNameSource ?? ''}`),
      ['base::', 'split:config.fr:bundle-metadata', 'standalone::'],
    );
    assert.deepEqual(diagnostics, []);
    const damaged = openApp(
      write(
        'toc-damaged.apks',
        buildZip([{ name: 'toc.pb', data: toc.subarray(0, toc.length - 9), method: 0 }, ...entries.slice(1)]),
      ),
    );
    assert.ok(damaged.diagnostics.some((diagnostic) => diagnostic.code === 'bundle.toc-truncated'));
    assert.equal(damaged.value.apks.length, 3);
  });

  test('metadata that is not JSON is reported, the APKs still read', () => {
    const path = write(
      'broken.xapk',
      buildZip([
        { name: 'manifest.json', data: '{"package_name": ', method: 0 },
        { name: 'base.apk', data: fakeApk(), method: 0 },
      ]),
    );
    const { value, diagnostics } = openApp(path);
    assert.equal(value.apks.length, 1);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'bundle.metadata-invalid'));
  });

  test('a file that is not a ZIP at all throws FormatError', () => {
    assert.throws(() => openApp(write('not-a-zip.apk', new TextEncoder().encode('hello'))), FormatError);
    assert.throws(() => openApp(join(folder, 'missing.apk')), FormatError);
    assert.throws(() => openApp([]), FormatError);
  });
});

describe('one-byte corruption of a small .xapk through openApp', () => {
  test('never throws anything but FormatError', (t) => {
    const good = buildZip([
      {
        name: 'manifest.json',
        data: JSON.stringify({ package_name: 'p', split_apks: [{ file: 'base.apk', id: 'base' }] }),
        method: 8,
      },
      { name: 'base.apk', data: fakeApk(), method: 0 },
    ]);
    const path = join(folder, 'corrupt.xapk');
    let opened = 0;
    let rejected = 0;
    for (let offset = 0; offset < good.length; offset++) {
      for (const value of [0x00, 0xff]) {
        const corrupt = good.slice();
        corrupt[offset] = value;
        writeFileSync(path, corrupt);
        try {
          openApp(path);
          opened++;
        } catch (error) {
          if (!(error instanceof FormatError)) throw error;
          rejected++;
        }
      }
    }
    t.diagnostic(`${opened} corrupt containers opened with diagnostics, ${rejected} rejected with FormatError`);
    assert.ok(opened > 0);
  });
});
