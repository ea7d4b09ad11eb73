/**
 * False positives found by running the labels rule over the whole corpus, each
 * fixed at its cause (docs/vocabulary.md, "Reviewed on the corpus"), and the
 * real findings on named corpus apps that must stay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AssetInfo } from '../../model/app-model.js';
import type { ResourceEvidence } from '../../findings/types.js';
import { classifyEnumeration } from './findings.js';
import { Glosser } from '../../text/annotate.js';
import type { Enumeration } from './types.js';
import { rule } from './index.js';
import { corpusModel, handBuiltModel } from '../../../test/findings/models.js';
import { buildAppModels } from '../../model/app-model-build.js';
import { corpusRoot, needs } from '../../../test/support/corpus.js';
import { runRule, testRule } from '../../../test/findings/rule-tester.js';
import { join } from 'node:path';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

function strings(items: ReadonlyArray<readonly [string, string]>): Enumeration {
  return {
    kind: 'strings',
    name: 'string resources',
    items: items.map(([locale, text], index) => ({
      text,
      where: locale,
      evidence: {
        kind: 'resource',
        apkSha256: '0'.repeat(64),
        entry: 'resources.arsc',
        resourceId: 0x7f0e0000 + index,
        name: `string/s${index}`,
        locale,
        value: text,
      } satisfies ResourceEvidence,
    })),
  };
}

/** [what, strings (locale, text), expected categories] */
const RESOURCE_CASES: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>, readonly string[]]> = [
  // One sentence in many languages is one string: the weak "visa" (Swedish "show") and Russian "телефон" (a phone, not its number).
  [
    '"Visa alla" translated (SystemWebView)',
    [
      ['sv', 'Visa alla'],
      ['lv', 'Visas vietnes'],
      ['nb', 'Visa'],
    ],
    [],
  ],
  [
    '"Open on phone" translated (Wear, Play Services)',
    [
      ['bg', 'Отваряне на телефона'],
      ['uk', 'Відкрити на телефоні'],
      ['mk', 'Отвори на телефонот'],
      ['ru', 'Открыть на телефоне'],
    ],
    [],
  ],
  [
    '"visa" is Swedish for "show": many distinct Swedish strings (SystemWebView sv)',
    [
      ['sv', 'Visa alla'],
      ['sv', 'Visa info'],
      ['sv', 'Visa information'],
      ['sv', 'Filer som webbplatser har sparat visas här'],
    ],
    [],
  ],
  [
    '…but in English strings it is still a (weak) visa',
    [
      ['', 'Visa number'],
      ['', 'Visa type'],
      ['', 'Visa expiry date'],
    ],
    ['travel'],
  ],
  [
    'Serbian "imam" is "I have"',
    [['b+sr+Latn', 'Dozvoli sajtovima da proveravaju da li imam sačuvane načine plaćanja']],
    [],
  ],
  [
    'places that are not where people are',
    [
      ['', 'Install location'],
      ['', 'Email address invalid'],
      ['zh', '电子邮件地址无效'],
      ['zh', '电子邮件地址'],
    ],
    [],
  ],
  // kept: three weak strings in one locale (AppManager config.zh: 已安装 "installed"), a strong term, a phone number
  [
    'three weak strings in one locale',
    [
      ['zh-rCN', '已安装版本'],
      ['zh-rCN', '已安装应用'],
      ['zh-rCN', '%1$s 已安装'],
    ],
    ['installed-apps'],
  ],
  [
    'a phone number in Russian',
    [
      ['ru', 'Номер телефона'],
      ['ru', 'Введите номер телефона'],
      ['ru', 'Номер телефона не указан'],
    ],
    ['phone-number'],
  ],
  [
    'a home address',
    [
      ['', 'Home address'],
      ['', 'Current location'],
      ['', 'Location of the house'],
    ],
    ['location'],
  ],
];

for (const [what, items, expected] of RESOURCE_CASES) {
  test(`labels: ${what} → ${expected.join(', ') || 'nothing'}`, () => {
    assert.deepEqual(
      classifyEnumeration(strings(items), new Glosser()).map((finding) => finding.category),
      expected,
    );
  });
}

function textAsset(entry: string, text: string): AssetInfo {
  const lines = text.split('\n').filter(Boolean);
  let offset = 0;
  const out = lines.map((line) => {
    const item = { text: line, offset };
    offset += Buffer.byteLength(line) + 1;
    return item;
  });
  return { entry, size: offset, type: 'text', details: {}, strings: out };
}

const COMMENT =
  ' * Used to describe the relationship between a qualifier T and a value\n * the religion and relatives of the family member\n';

testRule(rule, {
  valid: [
    {
      name: "library Java resources and shipped source files are not the app's data",
      model: () =>
        handBuiltModel({
          assets: [
            textAsset('javax/annotation/meta/When.java', COMMENT),
            textAsset('org/apache/xerces/impl/msg/XIncludeMessages.properties', COMMENT),
            textAsset('assets/src/When.java', COMMENT),
          ],
        }),
    },
  ],
  invalid: [
    {
      name: 'the same lines under assets/ are',
      model: () => handBuiltModel({ assets: [textAsset('assets/notes.txt', COMMENT)] }),
      findings: [
        { code: 'labels.asset', category: 'relationships', args: { source: 'assets/notes.txt' } },
        {
          code: 'labels.asset',
          category: 'religion',
          claim: 'Asset assets/notes.txt names religion: " * the religion and relatives of the family member"',
        },
      ],
    },
  ],
});

test(
  'labels on named corpus apps: the planted-like findings stay, the reviewed false positives are gone',
  CORPUS,
  () => {
    const categories = (name: string): string[] => {
      const { models } = buildAppModels(join(corpusRoot, name));
      return [
        ...new Set(
          models.flatMap((model) =>
            runRule(rule, [model, ...models.filter((other) => other !== model)]).map(
              (finding) => `${finding.code} ${finding.category}`,
            ),
          ),
        ),
      ].sort();
    };
    const webView = categories('fdroidserver/SystemWebView-repack.apk');
    assert.ok(
      webView.includes('labels.strings contacts') && webView.includes('labels.strings location'),
      webView.join('; '),
    );
    assert.ok(
      !webView.includes('labels.strings travel') && !webView.includes('labels.strings religion'),
      webView.join('; '),
    );
    const dnsfilter = categories('appmanager-splits/dnsfilter.android.apk');
    assert.ok(dnsfilter.includes('labels.asset network-tools') && dnsfilter.includes('labels.strings network-tools'));
    assert.ok(categories('androguard/a2dp.Vol_137.apk').includes('labels.string-array location'));
    assert.ok(!categories('npm/io.appium.settings-debug.apk').includes('labels.strings phone-number'));
    assert.ok(
      !categories('androguard/AndroguardTest-app-debug-androidTest.apk').includes('labels.asset relationships'),
    );
    assert.deepEqual(
      categories('npm/ApiDemos-debug.apk').filter((item) => item.startsWith('labels.code-cluster')),
      [],
    );
    assert.doesNotThrow(() => corpusModel('fdroidserver/souch.smsbypass_9.apk'));
  },
);
