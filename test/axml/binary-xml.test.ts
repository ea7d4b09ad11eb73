/**
 * readBinaryXml on hand-built documents: valid shapes, Android's rejections,
 * adversarial tricks named by what they do, one-byte corruptions and
 * truncations. Each built document is also given to aapt (wrapped in a stored
 * zip) so the expected printing is checked against the reference, not only
 * against what we wrote down.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readBinaryXml, formatAsAaptXmlTree } from '../../src/formats/axml/index.js';
import { MAX_ELEMENT_DEPTH } from '../../src/formats/axml/parser.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { corpusFiles, readCorpus, needs } from '../support/corpus.js';
import { TRUNCATION_MARKER } from '../../src/formats/axml/aapt-format.js';
import { aaptXmlTree, encodeLikeString8, firstDifference } from './aapt-bytes.js';
import { temporaryApk } from '../support/zip-writer.js';
import {
  cdata,
  document,
  endElement,
  endNamespace,
  resourceMap,
  startElement,
  startNamespace,
  stringPool,
  u16,
  u32,
} from './builder.js';
import { seededRandom as random } from '../support/random.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const AAPT = { skip: needs('aapt') };
const CORPUS = { skip: needs('corpus') };

const TYPE_STRING = 0x03;
const TYPE_REFERENCE = 0x01;
const TYPE_INT_DEC = 0x10;
const NONE = 0xffffffff;
// String indices of the standard pool below (attribute names first, as aapt lays them out).
const S = {
  versionCode: 0,
  label: 1,
  name: 2,
  android: 3,
  uri: 4,
  manifest: 5,
  package: 6,
  pkg: 7,
  application: 8,
  text: 9,
  comment: 10,
  blank: 11,
};
const STRINGS = [
  'versionCode',
  'label',
  'name',
  'android',
  'http://schemas.android.com/apk/res/android',
  'manifest',
  'package',
  'com.example',
  'application',
  'hello\n"world"',
  'a comment',
  '',
];
const IDS = [0x0101021b, 0x01010001, 0x01010003];

function manifest(options: { utf8?: boolean; comment?: boolean } = {}): Uint8Array {
  return document(
    stringPool(STRINGS, { utf8: options.utf8 === true }),
    resourceMap(IDS),
    startNamespace(S.android, S.uri),
    startElement(
      S.manifest,
      [
        { ns: S.uri, name: S.versionCode, type: TYPE_INT_DEC, data: 1 },
        { name: S.package, raw: S.pkg, type: TYPE_STRING, data: S.pkg },
      ],
      2,
    ),
    startElement(
      S.application,
      [{ ns: S.uri, name: S.label, type: TYPE_REFERENCE, data: 0x7f040000 }],
      3,
      NONE,
      options.comment === true ? S.comment : NONE,
    ),
    cdata(S.text, 4),
    endElement(S.application, 5),
    endElement(S.manifest, 6),
    endNamespace(S.android, S.uri),
  );
}

const MANIFEST_TREE = [
  'N: android=http://schemas.android.com/apk/res/android',
  '  E: manifest (line=2)',
  '    A: android:versionCode(0x0101021b)=(type 0x10)0x1',
  '    A: package="com.example" (Raw: "com.example")',
  '    E: application (line=3)',
  '      A: android:label(0x01010001)=@0x7f040000',
  '      C: "hello\\n\\"world\\""',
  '',
].join('\n');

interface Case {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Expected printing (checked against aapt too when `aapt` is 'identical'). */
  readonly tree?: string;
  readonly rejects?: RegExp;
  readonly codes?: readonly string[];
  readonly aapt: 'identical' | 'rejects';
}

const withBadNode = (chunk: number[]) =>
  document(stringPool(STRINGS), resourceMap(IDS), startElement(S.manifest, [], 2), chunk, endElement(S.manifest, 3));

const CASES: Case[] = [
  { name: 'UTF-16 manifest', bytes: manifest(), tree: MANIFEST_TREE, aapt: 'identical' },
  { name: 'UTF-8 manifest', bytes: manifest({ utf8: true }), tree: MANIFEST_TREE, aapt: 'identical' },
  {
    name: 'comment on an element',
    bytes: manifest({ comment: true }),
    tree: MANIFEST_TREE.replace('    E: application', '     <!-- a comment -->\n    E: application'),
    aapt: 'identical',
  },
  {
    name: 'default namespace prints <DEF>',
    bytes: document(
      stringPool(STRINGS),
      startNamespace(NONE, S.uri),
      startElement(S.manifest, []),
      endElement(S.manifest),
      endNamespace(NONE, S.uri),
    ),
    tree: 'N: <DEF>=http://schemas.android.com/apk/res/android\n  E: manifest (line=1)\n',
    aapt: 'identical',
  },
  {
    name: 'blanked attribute name with a resource id (obfuscator)',
    bytes: document(
      stringPool(['', ...STRINGS.slice(1)]),
      resourceMap([0x01010003]),
      startElement(S.manifest, [{ ns: S.uri, name: 0, raw: S.pkg, type: TYPE_STRING, data: S.pkg }]),
      endElement(S.manifest),
    ),
    tree: 'E: manifest (line=1)\n  A: http://schemas.android.com/apk/res/android:(0x01010003)="com.example" (Raw: "com.example")\n',
    codes: ['axml.attribute-name-mismatch'],
    aapt: 'identical',
  },
  {
    name: 'unknown node type mid-document is skipped',
    bytes: withBadNode([...u16(0x0105), ...u16(16), ...u32(16), ...u32(1), ...u32(NONE)]),
    tree: 'E: manifest (line=2)\n',
    codes: ['axml.unknown-node'],
    aapt: 'identical',
  },
  {
    name: 'end element without start: aapt prints BAD DEPTH',
    bytes: document(stringPool(STRINGS), startElement(S.manifest, []), endElement(S.manifest), endElement(S.manifest)),
    tree: 'E: manifest (line=1)\n***BAD DEPTH in XMLBlock: -1\n',
    codes: ['axml.unbalanced-end'],
    aapt: 'identical',
  },
  {
    name: 'first node of 8 bytes near the end of the file',
    bytes: document(stringPool(STRINGS), [...u16(0x0102), ...u16(8), ...u32(8)], u32(0)),
    rejects: /first node/,
    aapt: 'rejects',
  },
  {
    name: 'no string pool',
    bytes: document(startElement(0, []), endElement(0)),
    rejects: /no string pool/,
    aapt: 'rejects',
  },
  {
    name: 'string pool but no node',
    bytes: document(stringPool(STRINGS)),
    rejects: /no root element/,
    aapt: 'rejects',
  },
  {
    name: 'declared size past the end of the file',
    bytes: (() => {
      const bytes = manifest();
      bytes[6] = 0x40;
      return bytes;
    })(),
    rejects: /larger than the data size/,
    aapt: 'rejects',
  },
  {
    name: 'attribute array larger than the first node',
    bytes: document(
      stringPool(STRINGS),
      (() => {
        const node = startElement(S.manifest, []);
        node[28] = 5;
        return node;
      })(),
      endElement(S.manifest),
    ),
    rejects: /attributes use/,
    aapt: 'rejects',
  },
  {
    name: 'node header smaller than ResXMLTree_node after the root: BAD_DOCUMENT',
    bytes: withBadNode(resourceMap([1])),
    tree: 'E: manifest (line=2)\n',
    rejects: /BAD_DOCUMENT/,
    aapt: 'identical',
  },
  {
    name: 'end element with no room for its extension: BAD_DOCUMENT',
    bytes: withBadNode([...u16(0x0103), ...u16(16), ...u32(16), ...u32(1), ...u32(NONE)]),
    tree: 'E: manifest (line=2)\n',
    rejects: /needs 8/,
    aapt: 'identical',
  },
];

describe('readBinaryXml on hand-built documents', () => {
  for (const item of CASES) {
    test(item.name, () => {
      const { value, diagnostics } = readBinaryXml(item.bytes, 0);
      const printed = formatAsAaptXmlTree(value);
      if (item.tree !== undefined) assert.equal(printed, item.tree);
      if (item.rejects === undefined) assert.equal(value.androidRejection, undefined);
      else assert.match(value.androidRejection ?? '', item.rejects);
      for (const code of item.codes ?? [])
        assert.ok(
          diagnostics.some((d) => d.code === code),
          `expected ${code}`,
        );
    });
    test(`${item.name}: aapt ${item.aapt === 'identical' ? 'prints the same' : 'refuses it too'}`, AAPT, () => {
      const printed = formatAsAaptXmlTree(readBinaryXml(item.bytes, 0).value);
      const aapt = aaptXmlTree(temporaryApk(item.name.replace(/\W/g, '_'), 'AndroidManifest.xml', item.bytes), [
        'AndroidManifest.xml',
      ]);
      if (item.aapt === 'identical') {
        const ours = encodeLikeString8(printed);
        assert.equal(aapt.status, 0);
        assert.ok(aapt.stdout.equals(ours), firstDifference(aapt.stdout, ours));
      } else {
        assert.notEqual(aapt.status, 0, 'aapt refuses it too');
      }
    });
  }

  test('model: tree, offsets, resource ids and framework names', () => {
    const { value } = readBinaryXml(manifest(), 5000);
    const root = value.root;
    assert.equal(root?.name, 'manifest');
    assert.equal(root.lineNumber, 2);
    assert.ok(root.offset > 5000);
    assert.deepEqual(
      root.attributes.map((a) => [a.name, a.namespaceUri, a.resourceId, a.androidName, a.rawValue]),
      [
        ['versionCode', 'http://schemas.android.com/apk/res/android', 0x0101021b, 'versionCode', undefined],
        ['package', undefined, undefined, undefined, 'com.example'],
      ],
    );
    const application = root.children[0];
    assert.equal(application?.kind, 'element');
    assert.deepEqual(
      application.children.map((c) => c.kind),
      ['text'],
    );
    assert.deepEqual(
      value.namespaces.map((n) => [n.prefix, n.uri]),
      [['android', 'http://schemas.android.com/apk/res/android']],
    );
    assert.deepEqual(value.resourceIds, IDS);
  });

  test('model objects keep their key order, optional fields left out (the literals in tree.ts)', () => {
    const withComment = readBinaryXml(manifest({ comment: true })).value;
    const keys = (item: object | undefined) => Object.keys(item ?? {}).join(',');
    assert.equal(keys(withComment.root), 'kind,name,lineNumber,offset,attributes,children');
    assert.equal(keys(withComment.root?.children[0]), 'kind,name,lineNumber,comment,offset,attributes,children');
    assert.equal(keys(withComment.namespaces[0]), 'prefix,uri,lineNumber,offset');
    const namespaced = readBinaryXml(
      document(stringPool(STRINGS), startElement(S.manifest, [], 1, S.uri), endElement(S.manifest, 2, S.uri)),
    ).value;
    assert.equal(keys(namespaced.root), 'kind,name,namespaceUri,lineNumber,offset,attributes,children');
    const ends = (value: typeof namespaced) =>
      value.events.flatMap((event) => (event.kind === 'end-element' ? [keys(event.end)] : []));
    assert.deepEqual(ends(namespaced), ['namespaceUri,name,lineNumber,offset']);
    assert.deepEqual(ends(withComment), ['name,lineNumber,offset', 'name,lineNumber,offset']);
  });

  test('fewer than 8 bytes is a FormatError', () => {
    assert.throws(() => readBinaryXml(Uint8Array.from([3, 0, 8, 0])), FormatError);
  });

  test('attributeSize 0 with 65535 attributes stays bounded', () => {
    const node = startElement(S.manifest, [{ name: S.package, raw: S.pkg, type: TYPE_STRING, data: 0 }]);
    node.splice(26, 2, ...u16(0));
    node.splice(28, 2, ...u16(0xffff));
    const started = Date.now();
    const { value } = readBinaryXml(document(stringPool(STRINGS), node, endElement(S.manifest)));
    assert.ok(Date.now() - started < 5000);
    assert.ok((value.root?.attributes.length ?? 0) <= 0xffff);
  });
});

function sweep(good: Uint8Array): number {
  let runs = 0;
  const check = (bytes: Uint8Array): void => {
    try {
      formatAsAaptXmlTree(readBinaryXml(bytes).value);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
    }
    runs++;
  };
  for (let position = 0; position < good.length; position++) {
    for (const value of [0x00, 0xff, 0x80, (good[position] ?? 0) ^ 0x01]) {
      const bytes = good.slice();
      bytes[position] = value;
      check(bytes);
    }
  }
  for (let length = 0; length < good.length; length++) check(good.subarray(0, length));
  return runs;
}

describe('corruptions never throw anything but FormatError', () => {
  test('one-byte changes and truncations of a built manifest', () => {
    const good = manifest({ comment: true });
    assert.equal(sweep(good), good.length * 5);
  });
  test('one-byte changes and truncations of androguard-axml/AndroidManifest.xml', CORPUS, () => {
    const good = readCorpus('androguard-axml/AndroidManifest.xml');
    assert.equal(sweep(good), good.length * 5);
  });
});

describe('adversarial shapes', () => {
  test('deep nesting: kept to MAX_ELEMENT_DEPTH levels, the rest counted in one diagnostic', () => {
    const depth = 20_000;
    const opens = Array.from({ length: depth }, () => startElement(S.manifest, []));
    const closes = Array.from({ length: depth }, () => endElement(S.manifest));
    const { value, diagnostics } = readBinaryXml(document(stringPool(STRINGS), ...opens, ...closes));
    let deepest = 0;
    for (let element = value.root; element !== undefined; deepest++) {
      const child = element.children[0];
      element = child?.kind === 'element' ? child : undefined;
    }
    assert.equal(deepest, MAX_ELEMENT_DEPTH);
    const limit = diagnostics.filter((diagnostic) => diagnostic.code === 'axml.depth-limit');
    assert.equal(limit.length, 1);
    assert.match(limit[0]?.detail ?? '', new RegExp(`^${2 * (depth - MAX_ELEMENT_DEPTH)} nodes nested deeper than`));
    assert.ok(!diagnostics.some((diagnostic) => diagnostic.severity === 'error'), 'the document stays well formed');
  });
  test('printing a deep tree is bounded by the output budget', () => {
    const depth = MAX_ELEMENT_DEPTH;
    const attributes = Array.from({ length: 40 }, () => ({ name: S.manifest, type: 0x10, data: 1 }));
    const opens = Array.from({ length: depth }, () => startElement(S.manifest, attributes));
    const closes = Array.from({ length: depth }, () => endElement(S.manifest));
    const { value } = readBinaryXml(document(stringPool(STRINGS), ...opens, ...closes));
    const printed = formatAsAaptXmlTree(value, { maxChars: 100_000 });
    assert.ok(printed.length < 110_000);
    assert.ok(printed.endsWith(`${TRUNCATION_MARKER}\n`));
  });
});

test('seeded multi-byte mutations of every androguard AXML file never throw', CORPUS, () => {
  const MUTATIONS_PER_FILE = 150;
  const next = random(0x5eed);
  let runs = 0;
  for (const file of corpusFiles().filter((candidate) => candidate.name.startsWith('androguard-axml/'))) {
    const good = readCorpus(file.name);
    for (let round = 0; round < MUTATIONS_PER_FILE; round++) {
      const bytes = good.slice();
      const changes = 1 + Math.floor(next() * 8);
      for (let change = 0; change < changes; change++)
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      try {
        formatAsAaptXmlTree(readBinaryXml(bytes).value);
      } catch (error) {
        if (!(error instanceof FormatError))
          throw new Error(`${file.name} round ${round}: ${(error as Error).stack ?? String(error)}`, { cause: error });
      }
      runs++;
    }
  }
  assert.equal(runs, 22 * MUTATIONS_PER_FILE);
});
