/**
 * The manifest hook of the bundle model on the real AppManager .apks: each
 * APK's `split` attribute, read with our ZIP, binary XML and manifest layers,
 * must equal what `aapt dump badging` prints for the same bytes, and must leave
 * base.apk as the base and every file name confirmed.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusRoot, runTool, referenceTool, needs } from '../support/corpus.js';
import { readBinaryXml } from '../../src/formats/axml/index.js';
import { findEntry, readEntry } from '../../src/formats/zip/index.js';
import { buildManifest } from '../../src/model/manifest/build.js';
import { apkArchive, applyManifestSplitNames, openApp, type BundleApk } from '../../src/model/bundle/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const AAPT = { skip: needs('aapt') };

const BADGING_SPLIT = /^package: .*?\bsplit='([^']*)'/m;

function manifestSplit(apk: BundleApk): string | undefined | null {
  const archive = apkArchive(apk).value;
  const entry = findEntry(archive, 'AndroidManifest.xml');
  if (entry === undefined) return null;
  const bytes = readEntry(archive, entry).value;
  if (bytes === undefined) return null;
  return buildManifest(readBinaryXml(bytes).value).value.split;
}

describe('manifest split attributes of the AppManager .apks', () => {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-splits-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('agree with aapt dump badging and with the file names', AAPT, (t) => {
    referenceTool('aapt');
    const { value: bundle } = openApp(join(corpusRoot, 'appmanager-splits/AppManager_v2.5.22.apks'));
    let compared = 0;
    const resolved = applyManifestSplitNames(bundle, (apk) => {
      const ours = manifestSplit(apk);
      // aapt reads files, so each inner APK is written out (temporary, outside the repository).
      const path = join(folder, apk.pathInBundle);
      writeFileSync(path, apk.bytes);
      const badging = runTool('aapt', ['dump', 'badging', path]);
      const theirs = BADGING_SPLIT.exec(badging.stdout)?.[1];
      assert.equal(ours, theirs, `${apk.pathInBundle}: split attribute`);
      compared++;
      return ours;
    });
    assert.equal(compared, 27);
    assert.deepEqual(resolved.diagnostics, [], 'file names and manifests agree');
    assert.equal(resolved.value.base?.pathInBundle, 'base.apk');
    for (const apk of resolved.value.apks.slice(1)) {
      assert.equal(apk.splitNameSource, 'manifest');
      assert.equal(`${apk.splitName}.apk`, apk.pathInBundle);
    }
    t.diagnostic(`${compared} split attributes compared with aapt dump badging`);
  });
});
