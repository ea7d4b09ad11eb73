/**
 * Rule `labels` on the demo app (religion_choices in both locales; the
 * query-string keys MainActivity builds; travel_abroad's 是/否 names nothing),
 * on asset lists, on the hostile fixture (nothing invented) and on
 * AppManager's config.zh.apk (Chinese strings glossed; evidence values
 * compared with aapt dump --values resources, and code offsets with dexdump).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AppModel, AssetInfo } from '../../model/app-model.js';
import type { Finding, ResourceEvidence } from '../../findings/types.js';
import { corpusRoot, repositoryRoot, runTool, needs } from '../../../test/support/corpus.js';
import { appModelFromFile, textStrings } from '../../../test/text/app-model-fixture.js';
import { Glosser, isHan } from '../../text/index.js';
import { rule } from './index.js';
import { handBuiltModel } from '../../../test/findings/models.js';
import { rule as formsRule } from '../forms/index.js';
import { argText, runRule, testRule } from '../../../test/findings/rule-tester.js';
import { renderClaim } from '../../report/claim.js';
import { labelsOf } from '../../scan/catalogue.js';
import { readFileSync } from 'node:fs';
import { findEntry, readEntry, readZip } from '../../formats/zip/index.js';
import { readResourceTable } from '../../formats/arsc/table.js';
import { FormatError } from '../../formats/diagnostics.js';
import { Resources } from '../../model/resources/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const DEXDUMP = { skip: needs('dexdump') };
const CORPUS_AAPT = { skip: needs('corpus', 'aapt') };

const DEMO = join(repositoryRoot, 'fixtures/demo/field-survey.apk');
const demo = appModelFromFile(DEMO);
const demoFindings = runRule(rule, demo);
const CONFIG_ZH = 'appmanager-splits/AppManager_v2.5.22/config.zh.apk';

describe('labels on the demo app', () => {
  test('religion_choices → religion, every locale, glossed', () => {
    const findings = demoFindings.filter(
      (finding) => finding.code === 'labels.string-array' && finding.args.source === 'array/religion_choices',
    );
    assert.deepEqual(
      findings.map((finding) => finding.category),
      ['religion'],
    );
    const finding = findings[0]!;
    assert.equal(finding.confidence, 'high');
    const byLocale = finding.args.byLocale as ReadonlyArray<{
      locale: string;
      items: ReadonlyArray<{ text: string; gloss?: string }>;
    }>;
    const items = (locale: string) => byLocale.find((list) => list.locale === locale)?.items ?? [];
    assert.deepEqual(
      items('').map((item) => item.text),
      ['None', 'Islam', 'Buddhism', 'Christianity', 'Other'],
    );
    assert.deepEqual(
      items('zh-rCN').map((item) => item.text),
      ['无', '伊斯兰教', '佛教', '基督教', '其他'],
    );
    assert.deepEqual(
      items('zh-rCN')
        .slice(1, 4)
        .map((item) => item.gloss),
      ['Islam', 'Buddhism', 'Christianity'],
    );
    const locales = new Set(finding.evidence.map((item) => (item as ResourceEvidence).locale));
    assert.deepEqual([...locales].sort(), ['', 'zh-rCN']);
    assert.equal(labelsOf(finding)?.items.find((item) => item.text === '伊斯兰教')?.gloss, 'Islam');
    assert.equal(
      renderClaim(finding),
      'String array array/religion_choices names religion: "Islam", "Buddhism", "Christianity", "伊斯兰教" (Islam) and 2 more (2 locale(s))',
    );
  });

  test('travel_abroad (Yes/No, 是/否) names no category: no label finding', () => {
    assert.deepEqual(
      demoFindings.filter((finding) => finding.args.source === 'array/travel_abroad'),
      [],
    );
  });

  test(
    'MainActivity.collectReport builds a cluster of labelled keys (imei, imsi, sms, location…), offsets as dexdump shows',
    DEXDUMP,
    () => {
      const cluster = demoFindings.filter((finding) => finding.code === 'labels.code-cluster');
      assert.ok(cluster.length > 0);
      assert.ok(
        cluster.every((finding) =>
          argText(finding.args.source).startsWith('Lorg/apkwitness/demo/fieldsurvey/MainActivity;->'),
        ),
      );
      const categories = new Set(cluster.map((finding) => finding.category));
      for (const expected of ['device-id', 'sms', 'location']) assert.ok(categories.has(expected as never), expected);
      const dump = runTool('dexdump', ['-d', DEMO]);
      assert.equal(dump.status, 0, dump.stderr);
      let compared = 0;
      for (const evidence of cluster.flatMap((finding) => finding.evidence)) {
        assert.equal(evidence.kind, 'code');
        const line = dump.stdout
          .split('\n')
          .find((text) => text.startsWith(`${evidence.fileOffset.toString(16).padStart(6, '0')}:`));
        assert.ok(line?.includes(`|${evidence.codeOffset.toString(16).padStart(4, '0')}: const-string`), line);
        assert.ok(line?.includes(JSON.stringify(evidence.target)), `${line} loads ${evidence.target}`);
        compared++;
      }
      console.log(`labels: ${compared} code locations compared with dexdump`);
    },
  );
});

function asset(entry: string, text: string): AssetInfo {
  const bytes = new TextEncoder().encode(text);
  return {
    entry,
    size: bytes.length,
    type: entry.endsWith('.json') ? 'json' : 'csv',
    details: {},
    strings: textStrings(bytes),
  };
}

describe('labels in assets and negatives', () => {
  test('a JSON asset listing religious behaviours → religion, with byte ranges', () => {
    const text = '{\n  "items": [\n    "做礼拜",\n    "戴面纱",\n    "去清真寺",\n    "天气"\n  ]\n}\n';
    const app: AppModel = {
      ...demo,
      resources: undefined,
      code: undefined,
      assets: [asset('assets/watch.json', text)],
    };
    const findings = runRule(rule, app);
    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.category]),
      [['labels.asset', 'religion']],
    );
    const bytes = new TextEncoder().encode(text);
    for (const evidence of findings[0]!.evidence) {
      assert.equal(evidence.kind, 'bytes');
      assert.match(new TextDecoder().decode(bytes.subarray(evidence.start, evidence.end)), /做礼拜|戴面纱|清真寺/);
    }
  });

  test('an asset of unrelated text names nothing', () => {
    const app: AppModel = {
      ...demo,
      resources: undefined,
      code: undefined,
      assets: [asset('assets/readme.csv', 'name,value\ncolour,blue\n天气,晴\nСохранить,OK\n')],
    };
    assert.deepEqual(runRule(rule, app), []);
  });

  test('the hostile fixture: no label invented', () => {
    const findings = runRule(rule, appModelFromFile(join(repositoryRoot, 'fixtures/hostile/hostile-strings.apk')));
    assert.deepEqual(
      findings.map((finding) => finding.category),
      [],
    );
  });
});

describe('labels on AppManager config.zh.apk (corpus)', CORPUS_AAPT, () => {
  const app = appModelFromFile(join(corpusRoot, CONFIG_ZH));
  const started = performance.now();
  const findings: Finding[] = runRule(rule, app);
  const elapsed = performance.now() - started;

  test('Chinese strings get glosses', () => {
    const chinese: string[] = [];
    for (const id of app.resources!.ids()) {
      for (const candidate of app.resources!.valuesOf(id)) {
        if (candidate.typeName !== 'string' || candidate.entry.value?.dataType !== 0x03) continue;
        const text = candidate.strings?.get(candidate.entry.value.data) ?? '';
        if (Array.from(text).some(isHan)) chinese.push(text);
      }
    }
    const glosser = new Glosser();
    const glossed = chinese.filter((text) => glosser.englishGloss(text) !== undefined).length;
    console.log(
      `labels: ${glossed} of ${chinese.length} Chinese strings of ${CONFIG_ZH} glossed; rule ran in ${Math.round(elapsed)} ms`,
    );
    assert.ok(chinese.length > 500);
    assert.ok(glossed / chinese.length > 0.99, `${glossed}/${chinese.length}`);
    const items = findings.flatMap((finding) => labelsOf(finding)?.items ?? []);
    const chineseItems = items.filter((item) => Array.from(item.text).some(isHan));
    assert.ok(chineseItems.length > 0, 'some finding quotes a Chinese string');
    assert.ok(chineseItems.every((item) => item.gloss !== undefined && item.gloss.length > 0));
    // Only weak terms name anything in this split: 已安装 "installed" in four strings (an app manager), reported with low confidence.
    assert.deepEqual(
      findings.map((finding) => [finding.category, finding.confidence, finding.args.weakTermsOnly]),
      [['installed-apps', 'low', true]],
    );
  });

  test('every cited resource value is the one aapt dump --values resources prints', () => {
    const dump = runTool('aapt', ['dump', '--values', 'resources', join(corpusRoot, CONFIG_ZH)]);
    assert.equal(dump.status, 0, dump.stderr);
    const values = new Map<string, string[]>();
    const lines = dump.stdout.split('\n');
    for (let index = 0; index + 1 < lines.length; index++) {
      const head = /^\s+resource (0x[0-9a-f]{8}) [^:]+:(\S+): t=0x03/.exec(lines[index]!);
      const value = /^\s+\(string(?:8|16)\) "(.*)"$/.exec(lines[index + 1]!);
      if (head && value)
        values.set(`${head[1]} ${head[2]}`, [...(values.get(`${head[1]} ${head[2]}`) ?? []), value[1]!]);
    }
    let compared = 0;
    for (const evidence of findings.flatMap((finding) => finding.evidence)) {
      assert.equal(evidence.kind, 'resource');
      if (/["\\\n]/.test(evidence.value ?? '')) continue;
      const key = `0x${evidence.resourceId.toString(16).padStart(8, '0')} ${evidence.name}`;
      assert.ok(values.get(key)?.includes(evidence.value ?? ''), `${key} = ${evidence.value}`);
      compared++;
    }
    console.log(`labels: ${compared} resource values compared with aapt`);
    assert.ok(compared > 0);
  });
});

describe('labels and forms on corrupted resource tables', () => {
  test('one-byte corruptions of the demo resources.arsc never throw anything but FormatError', () => {
    const archive = readZip(new Uint8Array(readFileSync(DEMO))).value;
    const table = readEntry(archive, findEntry(archive, 'resources.arsc')!).value!;
    let scanned = 0;
    for (let position = 0; position < table.length; position++) {
      const corrupted = table.slice();
      corrupted[position] = corrupted[position]! ^ 0xff;
      let resources: Resources;
      try {
        resources = new Resources([readResourceTable(corrupted).value]);
      } catch (error) {
        if (error instanceof FormatError) continue;
        throw error;
      }
      const app: AppModel = { ...demo, resources };
      runRule(rule, app);
      runRule(formsRule, app);
      scanned++;
    }
    console.log(
      `labels: ${scanned} of ${table.length} one-byte corruptions of resources.arsc scanned with labels and forms`,
    );
    assert.ok(scanned > table.length / 2);
  });
});

const file = (entry: string) => ({ entry, size: 10, type: 'unknown', details: {}, strings: [] });

testRule(rule, {
  valid: [
    {
      name: 'the hostile fixture',
      model: () => appModelFromFile(join(repositoryRoot, 'fixtures/hostile/hostile-strings.apk')),
    },
  ],
  invalid: [
    {
      name: 'the demo: religion_choices, and the labelled keys MainActivity.collectReport builds',
      model: () => demo,
      includes: [
        {
          code: 'labels.string-array',
          category: 'religion',
          args: { source: 'array/religion_choices', weakTermsOnly: false },
        },
        { code: 'labels.code-cluster', category: 'device-id' },
      ],
      excludes: [{ args: { source: 'array/travel_abroad' } }],
    },
    {
      name: 'the names of asset files are labels (a file named after terrorism), library resources are not',
      model: () =>
        handBuiltModel({
          assets: [
            file('assets/terrorism_list.bin'),
            file('assets/涉恐人员.dat'),
            file('org/lib/terrorism.properties'),
          ],
        }),
      findings: [
        {
          code: 'labels.asset-name',
          category: 'extremism',
          args: { source: 'asset file names' },
          claim: /^The names of the files shipped in assets names extremism: "terrorism list"/,
        },
      ],
      check: (findings) =>
        assert.deepEqual(
          labelsOf(findings[0]!)?.items.map((item) => item.text),
          ['terrorism list', '涉恐人员'],
        ),
    },
  ],
});
