/**
 * Bundle detection: the real AppManager .apks (27 APKs) checked against the
 * corpus MANIFEST.tsv hashes of the extracted splits, plus containers built in
 * a temporary folder for every format and trick.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusApks, corpusRoot, needs } from '../../../test/support/corpus.js';
import { fakeApk, temporaryWriter } from '../../../test/zip/bundle-fixtures.js';
import {
  apkArchive,
  applyManifestSplitNames,
  listNestedArchives,
  nestedArchivesOf,
  openApp,
  openNestedArchive,
  splitFromFileName,
} from './index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
/** The corpus MANIFEST.tsv: path → SHA-256. */
function corpusHashes(): Map<string, string> {
  return new Map(
    readFileSync(join(corpusRoot, 'MANIFEST.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .map(([path, hash]) => [path ?? '', hash ?? ''] as const),
  );
}

const { write } = temporaryWriter();

describe('AppManager 2.5.22 split bundle (real .apks)', CORPUS, () => {
  const manifestHashes = corpusHashes();
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
    assert.deepEqual(
      diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
      [],
    );
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
    assert.deepEqual(
      value.apks.map((apk) => apk.splitName ?? 'base'),
      ['base', 'config.arm64_v8a', 'config.xxhdpi', 'config.zh', 'feat_docs'],
    );
    for (const apk of value.apks)
      assert.equal(apk.sha256, manifestHashes.get(`appmanager-splits/${apk.diskPath.split('appmanager-splits/')[1]}`));
  });

  test('nested jars in the base are listed and open lazily', () => {
    const base = bundle.base;
    assert.ok(base);
    const archive = apkArchive(base).value;
    const nested = listNestedArchives(archive, 'base.apk');
    assert.deepEqual(
      nested.map((item) => item.pathInBundle),
      ['base.apk!/assets/am.jar', 'base.apk!/assets/main.jar'],
    );
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

describe('split hook and nested archives', () => {
  test('manifest split attributes override file names (hook for the manifest layer)', () => {
    const base = write('renamed-base.apk', fakeApk());
    const split = write('base.apk', fakeApk());
    const { value } = openApp([base, split]);
    assert.equal(value.base?.diskPath, split, 'file names say base.apk is the base');
    const resolved = applyManifestSplitNames(value, (apk) => (apk.diskPath === split ? 'config.de' : undefined));
    assert.equal(resolved.value.base?.diskPath, base);
    assert.equal(resolved.value.apks[1]?.splitName, 'config.de');
    assert.equal(resolved.value.apks[1].splitNameSource, 'manifest');
    assert.ok(resolved.diagnostics.some((diagnostic) => diagnostic.code === 'bundle.split-role-mismatch'));
  });

  test('an archive disguised as data is found by its ZIP magic; depth is bounded', () => {
    const innermost = fakeApk();
    let nested = fakeApk([{ name: 'assets/data.bin', data: innermost, method: 8 }]);
    for (let level = 0; level < 4; level++) nested = fakeApk([{ name: 'assets/payload.jar', data: nested, method: 0 }]);
    const archive = apkArchive({
      diskPath: 'x',
      pathInBundle: '',
      size: nested.length,
      sha256: '',
      role: 'base',
      splitName: undefined,
      splitNameSource: undefined,
      bytes: nested,
    }).value;
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
    assert.equal(
      nestedArchivesOf({
        diskPath: 'x',
        pathInBundle: '',
        size: 5,
        sha256: '',
        role: 'base',
        splitName: undefined,
        splitNameSource: undefined,
        bytes: new Uint8Array(5),
      }).length,
      0,
    );
    const disguised = listNestedArchives(
      readZipOf(fakeApk([{ name: 'assets/data.bin', data: innermost, method: 8 }])),
      'a.apk',
    );
    assert.deepEqual(
      disguised.map((item) => item.evidence),
      ['zip-magic'],
    );
  });
});

describe('a single APK file', () => {
  test("openApp's parse of its directory goes to the first reader that takes it, once", () => {
    const path = write('single.apk', fakeApk([{ name: 'assets/a.txt', data: new Uint8Array(10), method: 8 }]));
    const [apk] = openApp(path).value.apks;
    assert.ok(apk?.zip);
    assert.equal(apk.zip.take(apk.bytes.slice()), undefined, 'a parse of other bytes (a copy) is not handed out');
    const taken = apk.zip.take(apk.bytes);
    assert.ok(taken);
    assert.equal(taken.value.bytes, apk.bytes);
    assert.deepEqual(
      taken.value.entries.map((entry) => entry.name),
      readZipOf(apk.bytes).entries.map((entry) => entry.name),
    );
    assert.equal(apk.zip.take(apk.bytes), undefined, 'taken: the bundle holds it no longer');
  });
});

describe('every corpus zip through openApp', CORPUS, () => {
  test('classified by content, hashed like MANIFEST.tsv, never throwing', (t) => {
    const manifestHashes = corpusHashes();
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

function readZipOf(bytes: Uint8Array) {
  return apkArchive({
    diskPath: 'x',
    pathInBundle: '',
    size: bytes.length,
    sha256: '',
    role: 'base',
    splitName: undefined,
    splitNameSource: undefined,
    bytes,
  }).value;
}
