/**
 * Manifest model rules on hand-built documents: exported defaults, attribute lookup by
 * resource id (obfuscated names), class-name expansion, SDK codenames, duplicates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XmlAttribute, XmlDocument, XmlElement } from '../../formats/axml/index.js';
import { ANDROID_ATTRIBUTE_IDS } from '../../formats/android-framework/attributes.js';
import { TYPE_INT_BOOLEAN, TYPE_INT_DEC, TYPE_REFERENCE, TYPE_STRING } from '../../formats/res/value.js';
import { buildManifest, type ResourceLookup } from './build.js';
import { ANDROID_NAMESPACE } from './attributes.js';

let offset = 0x100;
function attribute(
  name: string,
  value: string | number | boolean,
  options: { plain?: boolean; fakeName?: string; reference?: boolean } = {},
): XmlAttribute {
  const resourceId = options.plain ? undefined : ANDROID_ATTRIBUTE_IDS.get(name);
  const common = {
    namespaceUri: options.plain ? undefined : ANDROID_NAMESPACE,
    name: options.fakeName ?? name,
    resourceId,
    offset: (offset += 20),
  };
  if (options.reference) return { ...common, typedValue: { dataType: TYPE_REFERENCE, data: Number(value) } };
  if (typeof value === 'string') return { ...common, rawValue: value, typedValue: { dataType: TYPE_STRING, data: 0 } };
  if (typeof value === 'boolean')
    return { ...common, typedValue: { dataType: TYPE_INT_BOOLEAN, data: value ? 0xffffffff : 0 } };
  return { ...common, typedValue: { dataType: TYPE_INT_DEC, data: value } };
}
function element(name: string, attributes: XmlAttribute[], children: XmlElement[] = []): XmlElement {
  return { kind: 'element', name, lineNumber: 1, offset: (offset += 40), attributes, children };
}
function document(root: XmlElement): XmlDocument {
  return { namespaces: [], root, extraRoots: [], resourceIds: [], events: [] };
}
const filter = (...actions: string[]) =>
  element(
    'intent-filter',
    [],
    actions.map((action) => element('action', [attribute('name', action)])),
  );

function app(targetSdk: number, components: XmlElement[], extra: XmlElement[] = []): XmlDocument {
  return document(
    element(
      'manifest',
      [attribute('package', 'org.example', { plain: true }), attribute('versionCode', 7)],
      [
        element('uses-sdk', [attribute('minSdkVersion', 10), attribute('targetSdkVersion', targetSdk)]),
        ...extra,
        element('application', [attribute('label', 0x7f010000, { reference: true })], components),
      ],
    ),
  );
}

const exportedCases: Array<[string, number, XmlElement, boolean, string]> = [
  [
    'activity with a filter and no attribute',
    30,
    element('activity', [attribute('name', '.Main')], [filter('android.intent.action.MAIN')]),
    true,
    'implied-by-intent-filter',
  ],
  ['activity without a filter', 30, element('activity', [attribute('name', '.Hidden')]), false, 'default-false'],
  [
    'explicit false beats a filter',
    30,
    element('receiver', [attribute('name', '.R'), attribute('exported', false)], [filter('x')]),
    false,
    'explicit',
  ],
  [
    'provider below targetSdk 17 is exported by default',
    16,
    element('provider', [attribute('name', '.P'), attribute('authorities', 'a;b')]),
    true,
    'provider-default-pre-17',
  ],
  [
    'provider from targetSdk 17 is private by default',
    17,
    element('provider', [attribute('name', '.P'), attribute('authorities', 'a')]),
    false,
    'default-false',
  ],
];

for (const [name, targetSdk, component, exported, reason] of exportedCases) {
  test(`exported: ${name}`, () => {
    const manifest = buildManifest(app(targetSdk, [component])).value;
    assert.equal(manifest.components[0]?.exported, exported);
    assert.equal(manifest.components[0].exportedReason, reason);
  });
}

test('class names are expanded with the package as the platform does', () => {
  const manifest = buildManifest(
    app(30, [
      element('activity', [attribute('name', '.Dot')]),
      element('service', [attribute('name', 'Bare')]),
      element('service', [attribute('name', 'com.other.Full')]),
    ]),
  ).value;
  assert.deepEqual(
    manifest.components.map((component) => component.name),
    ['org.example.Dot', 'org.example.Bare', 'com.other.Full'],
  );
});

test('attributes are read by resource id even when the name string is faked (AndroidManifestLiapp.xml trick)', () => {
  const manifest = buildManifest(
    app(30, [element('activity', [attribute('name', 'org.example.Real', { fakeName: 'nothing-to-see' })])]),
  ).value;
  assert.equal(manifest.components[0]?.name, 'org.example.Real');
});

test('an attribute named like a framework one but carrying another id is not taken for it', () => {
  const impostor: XmlAttribute = {
    ...attribute('name', 'org.example.Fake'),
    resourceId: ANDROID_ATTRIBUTE_IDS.get('label'),
  };
  const manifest = buildManifest(app(30, [element('activity', [impostor])])).value;
  assert.equal(manifest.components[0]?.name, '');
});

test('labels resolve through resources in every locale; SDK codenames are kept', () => {
  const lookup: ResourceLookup = {
    nameOf: (id) => (id === 0x7f010000 ? 'string/app_name' : undefined),
    stringsByLocale: (id): Record<string, string> => (id === 0x7f010000 ? { '': 'Survey', 'zh-rCN': '调查' } : {}),
  };
  const source = document(
    element(
      'manifest',
      [attribute('package', 'org.example', { plain: true })],
      [
        element('uses-sdk', [attribute('minSdkVersion', 'VanillaIceCream')]),
        element('application', [attribute('label', 0x7f010000, { reference: true })]),
      ],
    ),
  );
  const manifest = buildManifest(source, lookup).value;
  assert.equal(manifest.label.value, 'Survey');
  assert.equal(manifest.label.byLocale['zh-rCN'], '调查');
  assert.equal(manifest.label.reference?.name, 'string/app_name');
  assert.equal(manifest.minSdk, 35);
  assert.equal(manifest.minSdkCodename, 'VanillaIceCream');
});

test('duplicate permissions are kept and reported; protection levels come from the platform', () => {
  const permission = (name: string) => element('uses-permission', [attribute('name', name)]);
  const result = buildManifest(
    app(
      30,
      [],
      [
        permission('android.permission.READ_SMS'),
        permission('android.permission.READ_SMS'),
        permission('org.example.CUSTOM'),
      ],
    ),
  );
  assert.deepEqual(
    result.value.usesPermissions.map((entry) => entry.protectionLevel),
    ['dangerous', 'dangerous', undefined],
  );
  assert.ok(result.diagnostics.some((diagnostic) => diagnostic.code === 'manifest.duplicate-permission'));
});

test('a document without <manifest> is reported as rejected by Android', () => {
  const result = buildManifest(document(element('lalala', [])));
  assert.ok(
    result.diagnostics.some((diagnostic) => diagnostic.code === 'manifest.no-root' && diagnostic.severity === 'error'),
  );
  assert.equal(result.value.packageName, '');
});
