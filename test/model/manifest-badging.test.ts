/**
 * Oracle: our manifest model against `aapt dump badging` on every corpus APK where
 * aapt succeeds. Files where aapt fails have hand-checked expectations below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusApks, runTool, needs } from '../support/corpus.js';
import { inspectApk } from '../../src/model/app.js';
import { FormatError } from '../../src/formats/diagnostics.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS_AAPT = { skip: needs('corpus', 'aapt') };
const CORPUS = { skip: needs('corpus') };

interface Badging {
  packageName?: string;
  versionCode?: string;
  versionName?: string;
  sdkVersion?: string;
  targetSdkVersion?: string;
  permissions: Set<string>;
  impliedPermissions: Set<string>;
  /** Each uses-implied-permission line as `name maxSdkVersion reason`, in aapt's order. */
  impliedLines: string[];
  labels: Map<string, string>;
  launchable?: string;
  debuggable: boolean;
}

/** aapt prints values with ' escaped as \' (ResTable::normalizeForOutput is not applied here). */
function unquote(text: string): string {
  return text.replace(/\\'/g, "'");
}

function parseBadging(output: string): Badging {
  const badging: Badging = {
    permissions: new Set(),
    impliedPermissions: new Set(),
    impliedLines: [],
    labels: new Map(),
    debuggable: false,
  };
  for (const line of output.split('\n')) {
    let match: RegExpExecArray | null;
    if (line.startsWith('package: ')) {
      const fields = new Map(
        [...line.matchAll(/(\w+)='((?:[^'\\]|\\.)*)'/g)].map((field) => [field[1], unquote(field[2] ?? '')]),
      );
      badging.packageName = fields.get('name');
      badging.versionCode = fields.get('versionCode');
      badging.versionName = fields.get('versionName');
      continue;
    }
    if ((match = /^sdkVersion:'(.*)'$/.exec(line))) badging.sdkVersion = match[1];
    else if ((match = /^targetSdkVersion:'(.*)'$/.exec(line))) badging.targetSdkVersion = match[1];
    else if ((match = /^uses-permission(?:-sdk-23)?: name='(.*?)'/.exec(line))) badging.permissions.add(match[1] ?? '');
    else if ((match = /^uses-implied-permission: name='(.*?)'(?: maxSdkVersion='(\d+)')? reason='(.*)'$/.exec(line))) {
      badging.impliedPermissions.add(match[1] ?? '');
      badging.impliedLines.push(`${match[1]} ${match[2] ?? '-'} ${match[3]}`);
    } else if ((match = /^application-label(?:-(.+?))?:'(.*)'$/.exec(line)))
      badging.labels.set(match[1] ?? '', unquote(match[2] ?? ''));
    else if ((match = /^launchable-activity: name='(.*?)'/.exec(line))) badging.launchable ??= match[1];
    else if (line === 'application-debuggable') badging.debuggable = true;
  }
  return badging;
}

/** Our `zh-rCN` is aapt's `zh-CN`. */
function aaptLocale(qualifier: string): string {
  return qualifier.replace(/-r([A-Z0-9]+)/, '-$1');
}

test('manifest model equals aapt dump badging on every corpus APK where aapt succeeds', CORPUS_AAPT, () => {
  let compared = 0;
  const failures: string[] = [];
  const check = (condition: boolean, message: string) => {
    if (!condition) failures.push(message);
  };
  const same = (ours: unknown, theirs: unknown, what: string) =>
    check(ours === theirs, `${what}: ours ${JSON.stringify(ours)}, aapt ${JSON.stringify(theirs)}`);
  const aaptFailed: string[] = [];
  let withImplied = 0;
  for (const file of corpusApks().filter((candidate) => candidate.name.endsWith('.apk'))) {
    const badgingRun = runTool('aapt', ['dump', 'badging', file.path]);
    let inspection;
    try {
      inspection = inspectApk(new Uint8Array(readFileSync(file.path)), file.name);
    } catch (error) {
      assert.ok(error instanceof FormatError, `${file.name}: unexpected ${String(error)}`);
      assert.notEqual(badgingRun.status, 0, `${file.name}: aapt reads it but we threw ${(error as Error).message}`);
      aaptFailed.push(file.name);
      continue;
    }
    if (badgingRun.status !== 0 || !badgingRun.stdout.startsWith('package:')) {
      aaptFailed.push(file.name);
      continue;
    }
    const badging = parseBadging(badgingRun.stdout);
    const manifest = inspection.manifest;
    assert.ok(manifest, `${file.name}: aapt reads the manifest, we did not`);
    const context = file.name;
    same(manifest.packageName, badging.packageName, `${context}: package`);
    same(String(manifest.versionCode ?? ''), badging.versionCode, `${context}: versionCode`);
    same(manifest.versionName ?? '', badging.versionName, `${context}: versionName`);
    if (badging.sdkVersion !== undefined) {
      same(manifest.minSdkCodename ?? String(manifest.minSdk), badging.sdkVersion, `${context}: minSdk`);
    }
    if (badging.targetSdkVersion !== undefined) {
      same(manifest.targetSdkCodename ?? String(manifest.targetSdk), badging.targetSdkVersion, `${context}: targetSdk`);
    }
    const ours = new Set(manifest.usesPermissions.map((permission) => permission.name));
    for (const name of ours) check(badging.permissions.has(name), `${context}: aapt does not list permission ${name}`);
    for (const name of badging.permissions) {
      if (!badging.impliedPermissions.has(name)) check(ours.has(name), `${context}: we miss permission ${name}`);
    }
    for (const [locale, text] of Object.entries(manifest.label.byLocale)) {
      const expected = badging.labels.get(aaptLocale(locale));
      if (expected !== undefined) same(text, expected, `${context}: label for '${locale}'`);
    }
    if (badging.labels.has('') && manifest.label.value !== undefined) {
      same(manifest.label.value, badging.labels.get(''), `${context}: default label`);
    }
    // aapt's badging only looks at <activity> (mobsf/com.devadvance.rootcloak2 launches through an
    // <activity-alias>, which Android's launcher does list): compare on plain activities.
    const launchableActivity = manifest.launchableActivities.find((name) =>
      manifest.components.some((component) => component.kind === 'activity' && component.name === name),
    );
    same(launchableActivity, badging.launchable, `${context}: launchable activity`);
    same(manifest.flags.debuggable === true, badging.debuggable, `${context}: debuggable`);
    // Implied permissions: the same names, maxSdkVersion and reasons, in aapt's order.
    same(
      JSON.stringify(
        (manifest.impliedPermissions ?? []).map(
          (permission) => `${permission.name} ${permission.maxSdkVersion ?? '-'} ${permission.reason}`,
        ),
      ),
      JSON.stringify(badging.impliedLines),
      `${context}: implied permissions`,
    );
    if (badging.impliedLines.length > 0) withImplied++;
    compared++;
  }
  console.log(
    `manifest vs aapt badging: ${compared} APKs compared, aapt failed on ${aaptFailed.length}: ${aaptFailed.join(', ')}`,
  );
  assert.deepEqual(failures, []);
  assert.ok(compared >= 80, `only ${compared} APKs compared`);
  // The 19 corpus APKs where aapt lists uses-implied-permission lines (issue 15).
  assert.equal(withImplied, 19);
});

/**
 * Where aapt gives up, hand-checked expectations (checked against `aapt dump xmltree`,
 * which still reads some of these manifests, and against the files' sources).
 */
const AAPT_FAILURES: Record<
  string,
  { packageName?: string; label?: string; minSdk?: number; versionName?: string; diagnostic?: string; why: string }
> = {
  'androguard/AndroidManifest_ShortName.apk': {
    packageName: 'com.android.galaxy4',
    minSdk: 14,
    why: 'aapt cannot resolve the label: no resources.arsc package for 0x7f020003',
  },
  'androguard/CertChain.apk': { diagnostic: 'app.no-manifest', why: 'not an app: META-INF only' },
  'androguard/multidex.apk': { diagnostic: 'app.no-manifest', why: 'two dex files and no manifest' },
  'apksig/empty-unsigned.apk': { diagnostic: 'app.no-manifest', why: 'an archive with no entries' },
  'androguard/compact-entry.apk': {
    packageName: 'com.erev0s',
    label: 'erev0s.com-CompactEntry',
    minSdk: 34,
    why: 'Android 14 compact resource entries: aapt 10 misreads them',
  },
  'apktool/issue3705.apk': {
    packageName: 'com.ibotpeaches.compactentries',
    label: 'CompactEntries',
    minSdk: 35,
    why: 'compact entries',
  },
  'apktool/client.apk': {
    packageName: 'com.google.android.test.lib_client',
    label: 'SharedLibrary client',
    versionName: 'VanillaIceCream',
    why: 'compact entries and a shared-library reference',
  },
  'apktool/library.apk': {
    packageName: 'com.google.android.test.shared_library',
    label: 'SharedLibrary',
    why: 'a shared library (package id 0x00): aapt cannot print its icon',
  },
  'apksig/v1-only-with-nul-in-entry-name.apk': {
    packageName: 'android.appsecurity.cts.tinyapp',
    label: 'Tiny App for CTS',
    diagnostic: 'zip.name-contains-nul',
    why: 'libziparchive refuses a NUL in a name: we read it and report the trick',
  },
  'apksig/v2-only-truncated-cd.apk': {
    packageName: 'android.appsecurity.cts.tinyapp',
    diagnostic: 'zip.central-directory-truncated',
    why: 'central directory runs into the end record',
  },
  'fdroidserver/janus.apk': {
    packageName: 'com.example',
    label: 'HelloWorld Sample',
    minSdk: 4,
    diagnostic: 'zip.prefix-bytes',
    why: 'a dex glued in front of the zip (Janus, CVE-2017-13156)',
  },
};

test('hand-checked manifests where aapt fails', CORPUS, () => {
  for (const [name, expected] of Object.entries(AAPT_FAILURES)) {
    const file = corpusApks().find((candidate) => candidate.name === name);
    assert.ok(file, `${name} is in the corpus`);
    const inspection = inspectApk(new Uint8Array(readFileSync(file.path)), name);
    const codes = inspection.diagnostics.map((diagnostic) => diagnostic.code);
    if (expected.diagnostic)
      assert.ok(
        codes.includes(expected.diagnostic),
        `${name}: expected ${expected.diagnostic} (${expected.why}), got ${codes.join(', ')}`,
      );
    if (expected.packageName)
      assert.equal(inspection.manifest?.packageName, expected.packageName, `${name}: package (${expected.why})`);
    if (expected.label)
      assert.equal(inspection.manifest?.label.value, expected.label, `${name}: label (${expected.why})`);
    if (expected.minSdk) assert.equal(inspection.manifest?.minSdk, expected.minSdk, `${name}: minSdk`);
    if (expected.versionName)
      assert.equal(inspection.manifest?.versionName, expected.versionName, `${name}: versionName`);
  }
});
