/**
 * Every raw binary XML file of androguard's test suite (corpus androguard-axml/,
 * each named by its trick) decodes without exception to what Android's
 * ResXMLParser sees. Each file is also wrapped in a stored zip and printed by
 * `aapt dump xmltree` (libandroidfw of Android 10): where aapt prints, our
 * output must be identical; where it fails, the expectation says why.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusFiles, readCorpus, needs } from '../support/corpus.js';
import { readBinaryXml, formatAsAaptXmlTree, type XmlDocument, type XmlElement } from '../../src/formats/axml/index.js';
import type { Diagnostic } from '../../src/formats/diagnostics.js';
import { aaptXmlTree, encodeLikeString8, firstDifference } from './aapt-bytes.js';
import { temporaryApk } from '../support/zip-writer.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS_AAPT = { skip: needs('corpus', 'aapt') };

const ANDROID_NS = 'http://schemas.android.com/apk/res/android';

interface Expectation {
  readonly root: string;
  /** What aapt does with the file: prints it (then we must match) or fails. */
  readonly aapt: 'identical' | 'rejects' | 'crashes';
  /** Pattern of Android's reason to refuse the document; absent when Android accepts it. */
  readonly androidRejects?: RegExp;
  readonly check?: (document: XmlDocument, diagnostics: readonly Diagnostic[]) => void;
}

function allElements(document: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    out.push(element);
    for (const child of element.children) if (child.kind === 'element') visit(child);
  };
  if (document.root !== undefined) visit(document.root);
  return out;
}
const attributes = (document: XmlDocument) => allElements(document).flatMap((element) => element.attributes);
const packageOf = (document: XmlDocument) =>
  document.root?.attributes.find((attribute) => attribute.name === 'package')?.rawValue;
const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

const EXPECTATIONS: ReadonlyMap<string, Expectation> = new Map<string, Expectation>([
  [
    'AndroidManifest.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        assert.equal(packageOf(d), 'org.t0t0.androguard.TC');
        const versionCode = d.root?.attributes.find((a) => a.resourceId === 0x0101021b);
        assert.deepEqual(versionCode?.typedValue, { dataType: 0x10, data: 1 });
      },
    },
  ],
  [
    'AndroidManifest-Chinese.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        assert.ok(
          attributes(d).some((a) => /[\u4e00-\u9fff]/.test(a.rawValue ?? '')),
          'CJK attribute value decoded',
        );
      },
    },
  ],
  [
    'AndroidManifest-xmlns.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        assert.deepEqual(
          d.namespaces.map((n) => n.prefix),
          ['android', 'pluto'],
        );
      },
    },
  ],
  [
    'AndroidManifestDoubleNamespace.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        // A second prefix ("andorid") for the same URI: attributes still belong to the android namespace.
        assert.deepEqual(
          d.namespaces.map((n) => [n.prefix, n.uri]),
          [
            ['android', ANDROID_NS],
            ['andorid', ANDROID_NS],
          ],
        );
      },
    },
  ],
  [
    'AndroidManifestExtraNamespace.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        assert.equal(d.namespaces.length, 24);
        assert.ok(
          d.events.findIndex((e) => e.kind === 'start-namespace' && e !== d.events[0]) > 0,
          'namespaces declared mid-document',
        );
      },
    },
  ],
  [
    'AndroidManifestLiapp.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d, diagnostics) => {
        assert.ok(
          d.namespaces.some((n) => n.prefix === 'Liapp_Empty_00' && n.uri === ''),
          'protector namespace with empty URI',
        );
        assert.ok(codes(diagnostics).includes('axml.attribute-name-mismatch'), 'faked attribute names reported');
        assert.equal(packageOf(d), 'kc.dotoritv.android.air');
      },
    },
  ],
  [
    'AndroidManifestMaskingNamespace.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        assert.equal(d.namespaces.filter((n) => n.prefix === 'instant').length, 5);
      },
    },
  ],
  [
    'AndroidManifestNonZeroStyle.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        // stylesStart is non-zero while styleCount is 0: Android ignores it.
        assert.equal(d.strings?.styleCount, 0);
        assert.equal(d.strings.androidRejection, undefined);
      },
    },
  ],
  [
    'AndroidManifestNullbytes.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        // The model keeps the NULs that aapt's C strings cut off.
        assert.ok(attributes(d).some((a) => (a.rawValue ?? '').includes('\u0000')));
      },
    },
  ],
  [
    'AndroidManifestTextChunksXML.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        const texts = d.events.filter((e) => e.kind === 'text');
        assert.equal(texts.length, 5);
        assert.ok(texts.some((e) => e.text.text.includes('<uses-permission')));
      },
    },
  ],
  [
    'AndroidManifestUTF8Strings.xml',
    { root: 'manifest', aapt: 'identical', check: (d) => assert.equal(d.strings?.isUtf8, true) },
  ],
  [
    'AndroidManifestWithComment.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        assert.ok(allElements(d).some((e) => e.comment === 'installLocation'));
      },
    },
  ],
  [
    'AndroidManifestWrongFilesize.xml',
    {
      root: 'manifest',
      aapt: 'rejects',
      androidRejects: /total size 1111638594/,
      check: (d) => {
        assert.equal(packageOf(d), 'com.swampy.sexpos', 'content still read for evidence');
      },
    },
  ],
  [
    'AndroidManifest_InvalidCharsInAttribute.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        assert.equal(packageOf(d), 'com.chaozhuo.gameassistant');
      },
    },
  ],
  [
    'AndroidManifest_NamespaceInAttributeName.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        const versionName = d.root?.attributes.find((a) => a.resourceId === 0x0101021c);
        assert.equal(versionName?.name, '', 'name string blanked by the obfuscator');
        assert.equal(versionName.androidName, 'versionName', 'Android resolves it by id');
      },
    },
  ],
  [
    'AndroidManifest_NamespaceInAttributeName2.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (d) => {
        assert.equal(packageOf(d), 'com.car2go');
        assert.ok(
          attributes(d)
            .filter((a) => a.resourceId !== undefined)
            .every((a) => a.androidName !== undefined),
        );
      },
    },
  ],
  [
    'AndroidManifest_StringNotTerminated.xml',
    {
      root: 'manifest',
      aapt: 'crashes',
      check: (d, diagnostics) => {
        // Android 10's stringAt returns NULL for these strings (aapt then dereferences it and segfaults).
        assert.equal(d.androidRejection, undefined);
        assert.ok(codes(diagnostics).includes('res.string-unterminated'));
        assert.equal(d.strings?.get(49), undefined);
        // The hidden strings stay available as evidence: a boot receiver.
        assert.equal(d.strings?.getLenient?.(49), 'receiver');
        assert.equal(d.strings.getLenient(51), 'android.intent.action.BOOT_COMPLETED');
        assert.ok(diagnostics.some((x) => x.detail.includes('by its declared length it reads "receiver"')));
      },
    },
  ],
  [
    'AndroidManifest_WrongChunkStart.xml',
    {
      root: 'manifest',
      aapt: 'identical',
      check: (_d, diagnostics) => {
        assert.ok(codes(diagnostics).includes('axml.header-type'), 'document chunk type is not RES_XML_TYPE');
      },
    },
  ],
  ['test.xml', { root: 'LinearLayout', aapt: 'identical', check: (d) => assert.equal(d.namespaces.length, 4) }],
  ['test1.xml', { root: 'LinearLayout', aapt: 'identical' }],
  ['test2.xml', { root: 'LinearLayout', aapt: 'identical' }],
  ['test3.xml', { root: 'LinearLayout', aapt: 'identical' }],
]);

describe('androguard AXML trick files', CORPUS_AAPT, () => {
  const files = corpusFiles().filter((file) => file.name.startsWith('androguard-axml/'));
  test('every file in the folder has an expectation', () => {
    assert.deepEqual(
      files.map((file) => file.name.slice('androguard-axml/'.length)).sort(),
      [...EXPECTATIONS.keys()].sort(),
    );
  });
  let identical = 0;
  for (const file of files) {
    const name = file.name.slice('androguard-axml/'.length);
    test(name, () => {
      const expectation = EXPECTATIONS.get(name);
      assert.ok(expectation !== undefined, `no expectation for ${name}`);
      const bytes = readCorpus(file.name);
      const { value, diagnostics } = readBinaryXml(bytes);
      assert.equal(value.root?.name, expectation.root);
      if (expectation.androidRejects === undefined)
        assert.equal(value.androidRejection, undefined, 'Android accepts this file');
      else {
        assert.match(value.androidRejection ?? '', expectation.androidRejects);
        assert.ok(diagnostics.some((d) => d.code === 'axml.android-rejects' && d.severity === 'error'));
      }
      expectation.check?.(value, diagnostics);
      const aapt = aaptXmlTree(temporaryApk(name.replace(/\W/g, '_'), 'AndroidManifest.xml', bytes), [
        'AndroidManifest.xml',
      ]);
      if (expectation.aapt === 'identical') {
        const ours = encodeLikeString8(formatAsAaptXmlTree(value));
        assert.equal(aapt.status, 0, 'aapt prints this file');
        assert.ok(aapt.stdout.equals(ours), firstDifference(aapt.stdout, ours));
        identical++;
      } else {
        assert.notEqual(aapt.status, 0, `aapt ${expectation.aapt} on this file`);
      }
    });
  }
  test('count of files compared with aapt', () => {
    console.log(`${identical} of ${files.length} androguard AXML files printed identically to aapt`);
    assert.ok(identical >= 20);
  });
});
