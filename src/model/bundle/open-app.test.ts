/**
 * Bundle detection: the real AppManager .apks (27 APKs) checked against the
 * corpus MANIFEST.tsv hashes of the extracted splits, plus containers built in
 * a temporary folder for every format and trick.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError } from '../../formats/diagnostics.js';
import { corpusApks, corpusRoot } from '../../../test/support/corpus.js';
import { buildZip, type BuildEntry } from '../../../test/zip/zip-builder.js';
import { apkArchive, applyManifestSplitNames, listNestedArchives, nestedArchivesOf, openApp, openNestedArchive, splitFromFileName } from './index.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const manifestHashes = new Map(
  readFileSync(join(corpusRoot, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map(([path, hash]) => [path ?? '', hash ?? ''] as const),
);

const fakeApk = (extra: BuildEntry[] = []): Uint8Array =>
  buildZip([{ name: 'AndroidManifest.xml', data: 'binary xml would be here', method: 8 }, ...extra]);
const folder = mkdtempSync(join(tmpdir(), 'apkwitness-bundle-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const write = (name: string, bytes: Uint8Array): string => {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
};

describe('AppManager 2.5.22 split bundle (real .apks)', () => {
  const apksPath = join(corpusRoot, 'appmanager-splits/AppManager_v2.5.22.apks');
  const { value: bundle, diagnostics } = openApp(apksPath);

  test('27 APKs: base.apk first, 26 named splits', (t) => {
    assert.equal(bundle.format, 'apks');
    assert.equal(bundle.apks.length, 27);
    assert.equal(bundle.base?.pathInBundle, 'base.apk');
    assert.equal(bundle.apks[0], bundle.base);
    const splits = bundle.apks.filter((apk) => apk.role === 'split');
    assert.equal(splits.length, 26);
    for (const split of splits) assert.equal(split.splitName, split.pathInBundle.replace(/\.apk$/, ''));
    assert.ok(splits.some((split) => split.splitName === 'config.zh'));
    assert.ok(splits.some((split) => split.splitName === 'feat_docs'));
    assert.deepEqual(diagnostics.filter((diagnostic) => diagnostic.severity === 'error'), []);
    t.diagnostic(`${bundle.apks.length} APKs in the .apks`);
  });

  test('hashes agree with MANIFEST.tsv for the container and the 5 extracted splits', (t) => {
    assert.equal(bundle.inputs[0]?.sha256, manifestHashes.get('appmanager-splits/AppManager_v2.5.22.apks'));
    let compared = 0;
    for (const apk of bundle.apks) {
      const expected = manifestHashes.get(`appmanager-splits/AppManager_v2.5.22/${apk.pathInBundle}`);
      if (expected === undefined) continue;
      assert.equal(apk.sha256, expected, apk.pathInBundle);
      assert.equal(sha256(apk.bytes), expected);
      compared++;
    }
    assert.equal(compared, 5);
    t.diagnostic(`${compared} inner APK hashes compared with MANIFEST.tsv`);
  });

  test('the same splits given as a folder', () => {
    const { value } = openApp(join(corpusRoot, 'appmanager-splits/AppManager_v2.5.22'));
    assert.equal(value.format, 'split-apks');
    assert.deepEqual(value.apks.map((apk) => apk.splitName ?? 'base'), ['base', 'config.arm64_v8a', 'config.xxhdpi', 'config.zh', 'feat_docs']);
    for (const apk of value.apks) assert.equal(apk.sha256, manifestHashes.get(`appmanager-splits/${apk.diskPath.split('appmanager-splits/')[1]}`));
  });

  test('nested jars in the base are listed and open lazily', () => {
    const base = bundle.base;
    assert.ok(base);
    const archive = apkArchive(base).value;
    const nested = listNestedArchives(archive, 'base.apk');
    assert.deepEqual(nested.map((item) => item.pathInBundle), ['base.apk!/assets/am.jar', 'base.apk!/assets/main.jar']);
    for (const item of nested) {
      const opened = openNestedArchive(archive, item);
      assert.ok(opened.value && opened.value.archive.entries.length > 0);
    }
  });
});

describe('split names from file names', () => {
  const table: Array<[string, string | undefined, string, string | undefined]> = [
    ['base.apk', undefined, 'base', undefined],
    ['splits/base-master.apk', undefined, 'base', undefined],
    ['splits/base-xxhdpi.apk', undefined, 'split', 'config.xxhdpi'],
    ['splits/feat_docs-master.apk', undefined, 'split', 'feat_docs'],
    ['splits/feat_docs-arm64_v8a.apk', undefined, 'split', 'feat_docs.config.arm64_v8a'],
    ['standalones/standalone-x86.apk', undefined, 'standalone', undefined],
    ['split_config.en.apk', undefined, 'split', 'config.en'],
    ['config.arm64_v8a.apk', undefined, 'split', 'config.arm64_v8a'],
    ['com.example.app.apk', 'com.example.app', 'base', undefined],
    ['com.example.app.apk', undefined, 'unknown', undefined],
  ];
  for (const [path, packageName, role, splitName] of table) {
    test(`${path}${packageName ? ` (package ${packageName})` : ''}`, () => {
      assert.deepEqual(splitFromFileName(path, packageName), { role, splitName });
    });
  }
});

describe('containers by format and trick', () => {
  test('xapk: manifest.json names base and splits, OBB kept as other file', () => {
    const manifest = JSON.stringify({
      xapk_version: 2,
      package_name: 'org.example.tracker',
      name: 'Tracker',
      version_code: '42',
      version_name: '4.2',
      split_apks: [{ file: 'org.example.tracker.apk', id: 'base' }, { file: 'config.arm64_v8a.apk', id: 'config.arm64_v8a' }, { file: 'gone.apk', id: 'config.fr' }],
    });
    const path = write('tracker.xapk', buildZip([
      { name: 'manifest.json', data: manifest, method: 8 },
      { name: 'config.arm64_v8a.apk', data: fakeApk(), method: 0 },
      { name: 'org.example.tracker.apk', data: fakeApk(), method: 0 },
      { name: 'Android/obb/org.example.tracker/main.42.org.example.tracker.obb', data: 'obb data', method: 0 },
    ]));
    const { value, diagnostics } = openApp(path);
    assert.equal(value.format, 'xapk');
    assert.equal(value.base?.pathInBundle, 'org.example.tracker.apk');
    assert.deepEqual(value.apks.map((apk) => apk.splitNameSource ?? 'base'), ['base', 'bundle-metadata']);
    assert.equal(value.metadata.packageName, 'org.example.tracker');
    assert.equal(value.metadata.versionCode, '42');
    assert.deepEqual(value.otherFiles.map((file) => file.pathInBundle), ['manifest.json', 'Android/obb/org.example.tracker/main.42.org.example.tracker.obb']);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'bundle.listed-apk-missing'));
  });

  test('apkm (plain): info.json and split_config names', () => {
    const path = write('app.apkm', buildZip([
      { name: 'info.json', data: JSON.stringify({ pname: 'org.example.app', release_version: '1.0', versioncode: 7, app_name: 'App' }), method: 8 },
      { name: 'base.apk', data: fakeApk(), method: 0 },
      { name: 'split_config.xxhdpi.apk', data: fakeApk(), method: 0 },
    ]));
    const { value } = openApp(path);
    assert.equal(value.format, 'apkm');
    assert.equal(value.metadata.versionCode, '7');
    assert.deepEqual(value.apks.map((apk) => apk.splitName ?? 'base'), ['base', 'config.xxhdpi']);
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
    assert.match(diagnostics.find((diagnostic) => diagnostic.code === 'bundle.apkm-encrypted')?.detail ?? '', /encrypted APKMirror bundle/);
  });

  test('SAI .apks with meta.sai_v2.json', () => {
    const path = write('sai.apks', buildZip([
      { name: 'meta.sai_v2.json', data: JSON.stringify({ package: 'org.example.sai', label: 'Sai', version_code: 3, version_name: '0.3' }), method: 8 },
      { name: 'base.apk', data: fakeApk(), method: 0 },
      { name: 'split_config.en.apk', data: fakeApk(), method: 8 },
    ]));
    const { value } = openApp(path);
    assert.equal(value.format, 'apks');
    assert.equal(value.metadata.packageName, 'org.example.sai');
    assert.equal(value.apks.length, 2);
  });

  test('bundletool .apks with toc.pb, splits/ and standalones/', () => {
    const path = write('bundletool.apks', buildZip([
      { name: 'toc.pb', data: new Uint8Array([0x0a, 0x02, 0x08, 0x01]), method: 0 },
      { name: 'splits/base-master.apk', data: fakeApk(), method: 0 },
      { name: 'splits/base-en.apk', data: fakeApk(), method: 0 },
      { name: 'standalones/standalone-x86.apk', data: fakeApk(), method: 0 },
    ]));
    const { value } = openApp(path);
    assert.equal(value.metadata.source, 'toc.pb');
    assert.deepEqual(value.apks.map((apk) => `${apk.role}:${apk.splitName ?? ''}`), ['base:', 'split:config.en', 'standalone:']);
  });

  test('bundletool toc.pb names the APKs (split ids win over file names)', () => {
    const toc = message([
      [4, 'org.example.toc'],
      [1, message([
        [2, message([
          [1, message([[1, 'base']])],
          [2, message([[2, 'splits/base-master.apk'], [3, message([[2, 1]])]])],
          [2, message([[2, 'splits/weird.apk'], [3, message([[1, 'config.fr']])]])],
        ])],
      ])],
      [1, message([[2, message([[2, message([[2, 'standalones/standalone-x86.apk'], [4, message([[1, 'base']])]])]])]])],
    ]);
    const entries: BuildEntry[] = [
      { name: 'toc.pb', data: toc, method: 8 },
      { name: 'splits/base-master.apk', data: fakeApk(), method: 0 },
      { name: 'splits/weird.apk', data: fakeApk(), method: 0 },
      { name: 'standalones/standalone-x86.apk', data: fakeApk(), method: 0 },
    ];
    const { value, diagnostics } = openApp(write('toc.apks', buildZip(entries)));
    assert.equal(value.metadata.packageName, 'org.example.toc');
    assert.deepEqual(value.apks.map((apk) => `${apk.role}:${apk.splitName ?? ''}:${apk.splitNameSource ?? ''}`), ['base::', 'split:config.fr:bundle-metadata', 'standalone::']);
    assert.deepEqual(diagnostics, []);
    const damaged = openApp(write('toc-damaged.apks', buildZip([{ name: 'toc.pb', data: toc.subarray(0, toc.length - 9), method: 0 }, ...entries.slice(1)])));
    assert.ok(damaged.diagnostics.some((diagnostic) => diagnostic.code === 'bundle.toc-truncated'));
    assert.equal(damaged.value.apks.length, 3);
  });

  test('metadata that is not JSON is reported, the APKs still read', () => {
    const path = write('broken.xapk', buildZip([{ name: 'manifest.json', data: '{"package_name": ', method: 0 }, { name: 'base.apk', data: fakeApk(), method: 0 }]));
    const { value, diagnostics } = openApp(path);
    assert.equal(value.apks.length, 1);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'bundle.metadata-invalid'));
  });

  test('a file that is not a ZIP at all throws FormatError', () => {
    assert.throws(() => openApp(write('not-a-zip.apk', new TextEncoder().encode('hello'))), FormatError);
    assert.throws(() => openApp(join(folder, 'missing.apk')), FormatError);
    assert.throws(() => openApp([]), FormatError);
  });

  test('manifest split attributes override file names (hook for the manifest layer)', () => {
    const base = write('renamed-base.apk', fakeApk());
    const split = write('base.apk', fakeApk());
    const { value } = openApp([base, split]);
    assert.equal(value.base?.diskPath, split, 'file names say base.apk is the base');
    const resolved = applyManifestSplitNames(value, (apk) => (apk.diskPath === split ? 'config.de' : undefined));
    assert.equal(resolved.value.base?.diskPath, base);
    assert.equal(resolved.value.apks[1]?.splitName, 'config.de');
    assert.equal(resolved.value.apks[1]?.splitNameSource, 'manifest');
    assert.ok(resolved.diagnostics.some((diagnostic) => diagnostic.code === 'bundle.split-role-mismatch'));
  });

  test('an archive disguised as data is found by its ZIP magic; depth is bounded', () => {
    const innermost = fakeApk();
    let nested = fakeApk([{ name: 'assets/data.bin', data: innermost, method: 8 }]);
    for (let level = 0; level < 4; level++) nested = fakeApk([{ name: 'assets/payload.jar', data: nested, method: 0 }]);
    const archive = apkArchive({ diskPath: 'x', pathInBundle: '', size: nested.length, sha256: '', role: 'base', splitName: undefined, splitNameSource: undefined, bytes: nested }).value;
    let items = listNestedArchives(archive, 'outer.apk');
    let current = archive;
    let depth = 0;
    const codes: string[] = [];
    while (items.length > 0 && depth < 10) {
      const item = items[0];
      assert.ok(item);
      const opened = openNestedArchive(current, item);
      codes.push(...opened.diagnostics.map((diagnostic) => diagnostic.code));
      if (opened.value === undefined) break;
      current = opened.value.archive;
      items = [...opened.value.children];
      depth = item.depth;
    }
    assert.equal(depth, 3);
    assert.ok(codes.includes('bundle.nesting-too-deep'));
    assert.equal(nestedArchivesOf({ diskPath: 'x', pathInBundle: '', size: 5, sha256: '', role: 'base', splitName: undefined, splitNameSource: undefined, bytes: new Uint8Array(5) }).length, 0);
    const disguised = listNestedArchives(readZipOf(fakeApk([{ name: 'assets/data.bin', data: innermost, method: 8 }])), 'a.apk');
    assert.deepEqual(disguised.map((item) => item.evidence), ['zip-magic']);
  });
});

/** A minimal protobuf encoder for the toc.pb test: strings, nested messages and small varints. */
function message(fields: Array<[number, string | Uint8Array | number]>): Uint8Array {
  const out: number[] = [];
  const varint = (value: number): void => {
    while (value >= 0x80) {
      out.push((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    out.push(value);
  };
  for (const [number, value] of fields) {
    if (typeof value === 'number') {
      varint(number * 8);
      varint(value);
      continue;
    }
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    varint(number * 8 + 2);
    varint(bytes.length);
    out.push(...bytes);
  }
  return new Uint8Array(out);
}

function readZipOf(bytes: Uint8Array) {
  return apkArchive({ diskPath: 'x', pathInBundle: '', size: bytes.length, sha256: '', role: 'base', splitName: undefined, splitNameSource: undefined, bytes }).value;
}

describe('one-byte corruption of a small .xapk through openApp', () => {
  test('never throws anything but FormatError', (t) => {
    const good = buildZip([
      { name: 'manifest.json', data: JSON.stringify({ package_name: 'p', split_apks: [{ file: 'base.apk', id: 'base' }] }), method: 8 },
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

describe('every corpus zip through openApp', () => {
  test('classified by content, hashed like MANIFEST.tsv, never throwing', (t) => {
    let opened = 0;
    for (const file of corpusApks()) {
      const { value } = openApp(file.path);
      assert.equal(value.inputs[0]?.sha256, manifestHashes.get(file.name), file.name);
      assert.equal(value.format, file.name.endsWith('.apks') ? 'apks' : 'apk', file.name);
      assert.ok(value.base !== undefined, `${file.name}: a base`);
      opened++;
    }
    t.diagnostic(`${opened} corpus files opened; container hashes equal MANIFEST.tsv`);
    assert.ok(opened >= 90);
  });
});
