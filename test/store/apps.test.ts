/**
 * `Library.listApps(filters)`: the app list filtered by data category, endpoint, signer
 * (prefix, or `unsigned`), SDK and package, each alone and combined; an app is listed
 * (with all its current scans) when one of its current scans passes every filter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibrary } from '../../src/store/index.js';
import type { ScanReport } from '../../src/scan/scan.js';
import { asVersion, demoPath, hostileStringsPath, reportOf, sha256Of, temporaryFolder } from './support.js';

const DEMO = 'org.apkwitness.demo.fieldsurvey';
const UNSIGNED_PACKAGE = 'org.example.unsigned';
const SDK_PACKAGE = 'org.example.withsdk';

/** The demo report as another, unsigned app (no signer at all: recorded as ''). */
function unsignedApp(report: ScanReport): ScanReport {
  return {
    ...report,
    app: { ...report.app, packageName: UNSIGNED_PACKAGE, signers: [] },
    findings: report.findings.filter((finding) => finding.category === 'camera'),
  };
}

/** The demo report as another app whose only finding names an SDK. */
function appWithSdk(report: ScanReport): ScanReport {
  const template = report.findings[0]!;
  const sdkFinding: ScanReport['findings'][number] = {
    ...template,
    ruleId: 'sdk-tracker',
    code: 'sdk-tracker.present',
    topic: 'sdk',
    category: undefined,
    args: {
      sdk: 'Firebase Analytics',
      kind: 'analytics',
      classes: 1,
      calledFromAppCode: false,
      hostsNamed: 0,
      collects: [],
      source: 'https://example.org/firebase',
    },
  };
  return { ...report, app: { ...report.app, packageName: SDK_PACKAGE }, findings: [sdkFinding] };
}

const library = openLibrary(join(temporaryFolder(), 'apps.sqlite'));
const demo = reportOf(demoPath);
const hostile = reportOf(hostileStringsPath);
library.writeScan({ report: demo, inputSha256: sha256Of(demoPath), fileName: 'field-survey.apk' });
library.writeScan({ report: asVersion(demo, 4, '1.4'), inputSha256: 'd'.repeat(64), fileName: 'field-survey-4.apk' });
library.writeScan({ report: hostile, inputSha256: sha256Of(hostileStringsPath), fileName: 'hostile-strings.apk' });
library.writeScan({ report: unsignedApp(demo), inputSha256: 'e'.repeat(64), fileName: 'unsigned.apk' });
library.writeScan({ report: appWithSdk(demo), inputSha256: 'f'.repeat(64), fileName: 'sdk.apk' });
const hostilePackage = hostile.app.packageName ?? '';
const demoSigner = demo.app.signers.find((signer) => signer.effective)?.certificateSha256 ?? '';

test('listApps filters: each alone, combined, and values that match nothing', () => {
  const cases: Array<{ name: string; filters: Parameters<typeof library.listApps>[0]; packages: string[] }> = [
    {
      name: 'no filter: every app',
      filters: {},
      packages: [DEMO, hostilePackage, UNSIGNED_PACKAGE, SDK_PACKAGE].sort(),
    },
    { name: 'category religion (demo only)', filters: { category: 'religion' }, packages: [DEMO] },
    {
      name: 'category camera (demo and its unsigned copy)',
      filters: { category: 'camera' },
      packages: [DEMO, UNSIGNED_PACKAGE].sort(),
    },
    { name: 'endpoint, exact host', filters: { endpoint: 'survey.example.org' }, packages: [DEMO] },
    {
      name: 'endpoint, a parent domain matches its subdomains',
      filters: { endpoint: 'example.org' },
      packages: [DEMO],
    },
    { name: 'endpoint, upper case and spaces', filters: { endpoint: '  EVIL.example ' }, packages: [hostilePackage] },
    { name: 'endpoint, a suffix that is not a label boundary', filters: { endpoint: 'ample.org' }, packages: [] },
    { name: 'endpoint, a % is literal, not a wildcard', filters: { endpoint: '%.org' }, packages: [] },
    { name: 'signer, full SHA-256', filters: { signer: demoSigner }, packages: [DEMO, SDK_PACKAGE].sort() },
    {
      name: 'signer, 8-digit prefix with colons and upper case',
      filters: { signer: `${demoSigner.slice(0, 2).toUpperCase()}:${demoSigner.slice(2, 8)}` },
      packages: [DEMO, SDK_PACKAGE].sort(),
    },
    { name: 'signer unsigned', filters: { signer: 'unsigned' }, packages: [UNSIGNED_PACKAGE] },
    { name: 'sdk, any case', filters: { sdk: 'firebase analytics' }, packages: [SDK_PACKAGE] },
    { name: 'package', filters: { packageName: hostilePackage }, packages: [hostilePackage] },
    {
      name: 'category and signer combined (both on one scan)',
      filters: { category: 'camera', signer: 'unsigned' },
      packages: [UNSIGNED_PACKAGE],
    },
    {
      name: 'category and endpoint of different apps: none',
      filters: { category: 'religion', endpoint: 'evil.example' },
      packages: [],
    },
  ];
  for (const item of cases) {
    assert.deepEqual(
      library
        .listApps(item.filters)
        .map((app) => app.packageName)
        .sort(),
      item.packages,
      item.name,
    );
  }
});

test('a filtered app is listed with all its current scans, as unfiltered', () => {
  const all = library.listApps().find((app) => app.packageName === DEMO);
  const filtered = library.listApps({ endpoint: 'survey.example.org' }).find((app) => app.packageName === DEMO);
  assert.equal(all?.versions, 2);
  assert.deepEqual(filtered, all);
});

test('a malformed signer filter is refused', () => {
  for (const signer of ['ab', 'not-hex-at-all', 'abcdefg'])
    assert.throws(() => library.listApps({ signer }), RangeError, signer);
});

test('pages of the list: offset and limit cut the same order, countApps counts the unpaged list', () => {
  for (const filters of [
    {},
    { category: 'camera' },
    { signer: 'unsigned' },
    { category: 'religion', endpoint: 'evil.example' },
  ]) {
    const all = library.listApps(filters).map((app) => app.packageName);
    assert.equal(library.countApps(filters), all.length, JSON.stringify(filters));
    for (const limit of [1, 2, 3]) {
      const paged: string[] = [];
      for (let offset = 0; offset < all.length + limit; offset += limit)
        paged.push(...library.listApps(filters, { offset, limit }).map((app) => app.packageName));
      assert.deepEqual(paged, all, `${JSON.stringify(filters)} limit ${limit}`);
    }
    assert.deepEqual(library.listApps(filters, { offset: all.length }), [], 'past the end');
    assert.deepEqual(library.listApps(filters, { limit: 0 }), [], 'limit 0');
  }
});
