/**
 * Resource resolution: Android's config rules on hand-made configs, locale
 * fallback on the AppManager base + config.zh split, and the application label
 * per locale compared with `aapt dump badging` on the whole corpus.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusApks, corpusRoot, runTool, needs } from '../support/corpus.js';
import { extractEntry } from '../support/entries.js';
import { defaultConfig, type ResourceConfig } from '../../src/formats/arsc/config.js';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { normalizeForOutput } from '../../src/formats/arsc/aapt-values.js';
import { Resources } from '../../src/model/resources/resources.js';
import { configMatches, isBetterThan } from '../../src/model/resources/config-match.js';
import { deviceConfig, parseLocale } from '../../src/model/resources/device.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };
const CORPUS_AAPT = { skip: needs('corpus', 'aapt') };

const config = (fields: Partial<ResourceConfig>): ResourceConfig => defaultConfig(fields);

describe('ResTable_config::match and isBetterThan', () => {
  const phone = deviceConfig({ locale: 'zh-TW', sdkVersion: 30, density: 480 });
  const matchCases: Array<[string, Partial<ResourceConfig>, boolean]> = [
    ['default matches everything', {}, true],
    ['zh-rTW matches zh-TW', { language: 'zh', country: 'TW' }, true],
    ['zh-rHK matches zh-TW (both Hant)', { language: 'zh', country: 'HK' }, true],
    ['zh-rCN does not match zh-TW (Hans)', { language: 'zh', country: 'CN' }, false],
    ['plain zh is Hans and does not match zh-TW', { language: 'zh' }, false],
    ['explicit b+zh+Hant matches zh-TW', { language: 'zh', localeScript: 'Hant' }, true],
    ['en does not match zh', { language: 'en' }, false],
    ['v31 does not match API 30', { sdkVersion: 31 }, false],
    ['v21 matches API 30', { sdkVersion: 21 }, true],
    ['any density matches (Android scales)', { density: 120 }, true],
    ['land does not match a portrait phone', { orientation: 2 }, false],
    ['sw720dp does not match a 411dp phone', { smallestScreenWidthDp: 720 }, false],
    ['night does not match day', { uiMode: 0x20 }, false],
    ['xlarge does not match a normal screen', { screenLayout: 0x04 }, false],
    ['small matches a normal screen', { screenLayout: 0x01 }, true],
  ];
  for (const [name, fields, expected] of matchCases)
    test(name, () => assert.equal(configMatches(config(fields), phone), expected));

  const betterCases: Array<[string, Partial<ResourceConfig>, Partial<ResourceConfig>, ResourceConfig]> = [
    [
      'exact region beats language-only',
      { language: 'zh', country: 'TW' },
      { language: 'zh', localeScript: 'Hant' },
      phone,
    ],
    ['a locale beats the default', { language: 'zh', country: 'HK' }, {}, phone],
    ['xxhdpi beats xhdpi on a 480 dpi phone', { density: 480 }, { density: 320 }, phone],
    ['xxxhdpi (scaling down) beats mdpi on a 480 dpi phone', { density: 640 }, { density: 160 }, phone],
    ['anydpi beats any bucket', { density: 0xfffe }, { density: 480 }, phone],
    ['higher matching version wins', { sdkVersion: 26 }, { sdkVersion: 21 }, phone],
    ['language-less beats en-GB for en-US', {}, { language: 'en', country: 'GB' }, deviceConfig({ locale: 'en-US' })],
    ['en-GB beats language-less for en-AU', { language: 'en', country: 'GB' }, {}, deviceConfig({ locale: 'en-AU' })],
    [
      'en-GB beats en-US for en-AU (both under en-001)',
      { language: 'en', country: 'GB' },
      { language: 'en', country: 'US' },
      deviceConfig({ locale: 'en-AU' }),
    ],
    [
      'es-419 beats es-ES for es-MX',
      { language: 'es', country: '419' },
      { language: 'es', country: 'ES' },
      deviceConfig({ locale: 'es-MX' }),
    ],
    [
      'zh-rHK beats zh-rTW for zh-MO',
      { language: 'zh', country: 'HK' },
      { language: 'zh', country: 'TW' },
      deviceConfig({ locale: 'zh-MO' }),
    ],
    [
      'zh-rTW beats zh-rHK for a region-less zh-Hant (representative)',
      { language: 'zh', country: 'TW' },
      { language: 'zh', country: 'HK' },
      deviceConfig({ locale: 'zh-Hant' }),
    ],
  ];
  for (const [name, better, worse, request] of betterCases) {
    test(name, () => {
      assert.equal(isBetterThan(config(better), config(worse), request), true);
      assert.equal(isBetterThan(config(worse), config(better), request), false);
    });
  }

  test('locale parsing accepts qualifiers and BCP 47', () => {
    assert.deepEqual(parseLocale('zh-rCN'), { language: 'zh', country: 'CN', localeScript: '', localeVariant: '' });
    assert.deepEqual(parseLocale('b+sr+Latn+RS'), {
      language: 'sr',
      country: 'RS',
      localeScript: 'Latn',
      localeVariant: '',
    });
    assert.deepEqual(parseLocale('es-419'), { language: 'es', country: '419', localeScript: '', localeVariant: '' });
    assert.equal(parseLocale('not a locale!'), undefined);
  });
});

function loadTable(name: string) {
  const bytes = extractEntry(join(corpusRoot, name), 'resources.arsc');
  assert.ok(bytes !== undefined, `${name} has no resources.arsc`);
  return readResourceTable(bytes).value;
}

describe('locale fallback on AppManager base + config.zh split', CORPUS, () => {
  const base = 'appmanager-splits/AppManager_v2.5.22/base.apk';
  const split = 'appmanager-splits/AppManager_v2.5.22/config.zh.apk';
  const resources = new Resources([loadTable(base), loadTable(split)]);
  const id = (name: string): number => {
    const found = resources.idOf(name);
    assert.ok(found !== undefined, name);
    return found;
  };
  // Values read from `aapt dump --values resources` of each file.
  const cases: Array<[string, string, string | undefined]> = [
    ['string/abc_action_bar_home_description', '', 'Navigate home'],
    ['string/abc_action_bar_home_description', 'zh-CN', '转到首页'],
    ['string/abc_action_bar_home_description', 'zh-TW', '瀏覽首頁'],
    ['string/abc_action_bar_home_description', 'zh-HK', '瀏覽主頁'],
    // CLDR: zh-Hant-MO's parent is zh-Hant-HK.
    ['string/abc_action_bar_home_description', 'zh-MO', '瀏覽主頁'],
    ['string/abc_action_bar_home_description', 'zh', '转到首页'],
    ['string/abc_action_bar_home_description', 'zh-SG', '转到首页'],
    ['string/_lang_tag', 'zh-CN', 'zh-CN'],
    ['string/_lang_tag', 'zh', 'zh-CN'],
    // Only zh-rCN exists: a Traditional Chinese device falls back to the default, not to Simplified.
    ['string/_lang_tag', 'zh-TW', 'en'],
    ['string/_lang_tag', 'fr-FR', 'en'],
  ];
  for (const [name, locale, expected] of cases) {
    test(`${name} for ${locale === '' ? 'no locale' : locale}`, () => {
      const resolution = resources.resolve(id(name), deviceConfig({ locale }));
      assert.equal(resolution.text, expected);
      // The chain names the table that supplied the value: the split for Chinese.
      const tableIndex = resolution.chain.at(-1)?.tableIndex;
      assert.equal(tableIndex, expected !== undefined && /[\u4e00-\u9fff]|zh-CN/.test(expected) ? 1 : 0);
    });
  }
  test('string arrays and plurals come from the split for zh-CN', () => {
    assert.deepEqual(
      resources.resolveStringArray(id('array/TAB_TITLES'), deviceConfig({ locale: 'zh-CN' }))?.slice(0, 2),
      ['应用信息', '活动'],
    );
    assert.equal(
      resources.resolvePlurals(id('plurals/alert_failed_to_backup'), deviceConfig({ locale: 'zh-CN' }))?.get('other'),
      '无法备份%1$d个应用',
    );
    assert.equal(
      resources.resolvePlurals(id('plurals/alert_failed_to_backup'), deviceConfig({ locale: 'en' }))?.get('one'),
      'Could not back up %1$d app',
    );
  });
});

/** The configuration aapt's `dump badging` resolves labels with (Command.cpp: mdpi portrait, sdk 10000). */
function aaptBadgingConfig(locale: string): ResourceConfig {
  const parts = parseLocale(locale === '--_--' ? '' : locale);
  assert.ok(parts !== undefined, locale);
  return defaultConfig({
    ...parts,
    orientation: 1,
    density: 160,
    sdkVersion: 10000,
    screenWidthDp: 320,
    screenHeightDp: 480,
    smallestScreenWidthDp: 320,
    screenLayout: 0x02,
  });
}

describe('application label per locale against aapt dump badging', () => {
  test('every corpus APK whose label is a resource reference', CORPUS_AAPT, (t) => {
    let apps = 0;
    let locales = 0;
    const failures: string[] = [];
    for (const file of corpusApks()) {
      const arsc = extractEntry(file.path, 'resources.arsc');
      if (arsc === undefined || arsc.length === 0) continue;
      const tree = runTool('aapt', ['dump', 'xmltree', file.path, 'AndroidManifest.xml']).stdout;
      const label = /E: application[^\n]*\n(?:\s+A: [^\n]*\n)*?\s+A: android:label\(0x01010001\)=@0x([0-9a-f]{8})/.exec(
        tree,
      )?.[1];
      if (label === undefined) continue;
      const badging = runTool('aapt', ['dump', 'badging', file.path]).stdout;
      const localeLine = /^locales: (.*)$/m.exec(badging)?.[1];
      if (localeLine === undefined) continue;
      const printed = new Map<string, string>();
      for (const match of badging.matchAll(/^application-label(?:-([^:]+))?:'(.*)'$/gm))
        printed.set(match[1] ?? '--_--', match[2] ?? '');
      const resources = new Resources([readResourceTable(arsc).value]);
      apps++;
      for (const locale of [...localeLine.matchAll(/'([^']*)'/g)].map((m) => m[1]!)) {
        locales++;
        const ours = normalizeForOutput(
          resources.resolveString(Number.parseInt(label, 16), aaptBadgingConfig(locale)) ?? '',
        );
        const expected = printed.get(locale) ?? '';
        if (ours !== expected) failures.push(`${file.name} ${locale}: aapt '${expected}' ours '${ours}'`);
      }
    }
    t.diagnostic(`badging labels: ${apps} apps, ${locales} locales compared`);
    console.log(`badging labels: ${apps} apps, ${locales} locales compared with aapt dump badging`);
    assert.deepEqual(failures, []);
    assert.ok(apps >= 30, `only ${apps} apps compared`);
  });
});
