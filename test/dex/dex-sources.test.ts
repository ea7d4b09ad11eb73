/**
 * Dex discovery (src/model/code): the corpus compared with `unzip -Z1`
 * (every entry named *.dex must be found), the corpus files that carry
 * each trick, and synthetic archives for the tricks the corpus lacks.
 * Each anomaly gives one diagnostic; each source is parsed once.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusApks, readCorpus, runTool, needs } from '../support/corpus.js';
import { readZip } from '../../src/formats/zip/index.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { findDexSources, PREFIX_LOCATION, type DexSource } from '../../src/model/code/index.js';
import { buildZip } from '../support/zip-writer.js';
import { witnessDex } from './support/fixture.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS_UNZIP = { skip: needs('corpus', 'unzip') };
const CORPUS = { skip: needs('corpus') };

function sourcesOf(bytes: Uint8Array, maxDepth?: number): { sources: DexSource[]; codes: string[] } {
  const { value, diagnostics } = findDexSources(readZip(bytes).value, maxDepth === undefined ? {} : { maxDepth });
  return { sources: value, codes: diagnostics.map((diagnostic) => diagnostic.code) };
}

const corpus = (name: string): { sources: DexSource[]; codes: string[] } => sourcesOf(readCorpus(name));

test('every *.dex entry that unzip lists in a corpus APK is found, with its load status', CORPUS_UNZIP, (t) => {
  let archives = 0;
  let dexEntries = 0;
  for (const apk of corpusApks()) {
    const listing = runTool('unzip', ['-Z1', apk.path]);
    if (listing.status !== 0) continue; // unzip refuses some malformed zips; the ZIP layer's tests own those
    let archive;
    try {
      archive = readZip(readCorpus(apk.name)).value;
    } catch (error) {
      if (error instanceof FormatError) continue;
      throw error;
    }
    archives++;
    const expected = listing.stdout
      .split('\n')
      .filter((name) => name.endsWith('.dex'))
      .sort();
    const found = findDexSources(archive)
      .value.filter((source) => source.entryPath.length === 1)
      .map((source) => source.name)
      .sort();
    assert.deepEqual(found, expected, apk.name);
    dexEntries += expected.length;
  }
  t.diagnostic(`${archives} archives, ${dexEntries} dex entries compared with unzip -Z1`);
  console.log(`dex discovery: ${archives} archives, ${dexEntries} dex entries compared with unzip -Z1`);
  assert.ok(dexEntries >= 130);
});

describe('corpus tricks', () => {
  test(
    'fdroidserver/janus.apk: the dex glued in front of the zip follows the class path, parses, and is reported once',
    CORPUS,
    () => {
      const archive = readZip(readCorpus('fdroidserver/janus.apk'));
      const { sources, codes } = corpus('fdroidserver/janus.apk');
      assert.deepEqual(
        sources.map((source) => [source.name, source.origin, source.loadedByAndroid]),
        [
          ['classes.dex', 'multidex', true],
          [PREFIX_LOCATION, 'zip-prefix', true],
        ],
      );
      assert.equal(sources[1]?.kind, 'dex');
      // The container names it (zip.prefix-bytes: "a DEX file: the Janus trick"); discovery does not repeat it.
      assert.ok(archive.diagnostics.some((diagnostic) => diagnostic.code === 'zip.prefix-bytes'));
      assert.deepEqual(codes, []);
      const prefix = sources[1].dex!;
      const inner = sources[0]!.dex!;
      assert.ok(prefix.classDefs.length > 0);
      assert.notDeepEqual(
        Array.from({ length: prefix.stringCount }, (_, index) => prefix.string(index)),
        Array.from({ length: inner.stringCount }, (_, index) => inner.string(index)),
        'the prefix dex is different code from classes.dex',
      );
    },
  );

  test('apktool/dynamic_dex.apk: three dex outside classes*.dex are found and marked not loaded', CORPUS, () => {
    const { sources } = corpus('apktool/dynamic_dex.apk');
    assert.deepEqual(
      sources.map((source) => [source.name, source.origin, source.loadedByAndroid]),
      [
        ['classes.dex', 'multidex', true],
        ['assets/dynamic.dex', 'other-entry', false],
        ['assets.dex', 'other-entry', false],
        ['dynamic.dex', 'other-entry', false],
      ],
    );
  });

  test(
    'jadx/app-with-fake-dex.apk: the fake dex is reported, not parsed, and readDex refuses it cleanly',
    CORPUS,
    () => {
      const { sources, codes } = corpus('jadx/app-with-fake-dex.apk');
      const fake = sources.find((source) => source.name === 'assets/classes.dex');
      assert.equal(fake?.kind, 'unknown');
      assert.equal(fake.dex, undefined);
      assert.deepEqual(codes, ['code.not-a-dex']);
    },
  );

  test('npm/appium-espresso-server-androidTest.apk: 17 dex in load order, all loaded', CORPUS, () => {
    const { sources } = corpus('npm/appium-espresso-server-androidTest.apk');
    assert.deepEqual(
      sources.map((source) => source.multidexIndex),
      Array.from({ length: 17 }, (_, index) => index + 1),
    );
    assert.ok(sources.every((source) => source.loadedByAndroid && source.kind === 'dex'));
  });

  test('dex inside nested APKs and JARs is found with its path', CORPUS, () => {
    for (const [name, location] of [
      ['fdroidserver/apk.embedded_1.apk', 'org.bitbucket.tickytacky.mirrormirror_1.apk!/classes.dex'],
      ['npm/ApiDemos-debug.apk', 'assets/HelloActivity.apk!/classes.dex'],
      ['appmanager-splits/AppManager_v2.5.22/base.apk', 'assets/am.jar!/classes.dex'],
    ] as const) {
      const nested = corpus(name).sources.find((source) => source.name === location);
      assert.ok(nested, `${name}: ${location}`);
      assert.equal(nested.origin, 'nested');
      assert.equal(nested.loadedByAndroid, false);
      assert.equal(nested.entryPath.length, 2);
      assert.ok(nested.dex!.classDefs.length > 0);
    }
  });
});

test(
  'every source is parsed once, the fake one kept without a dex; readDex diagnostics name their source',
  CORPUS,
  () => {
    const archive = readZip(readCorpus('jadx/app-with-fake-dex.apk')).value;
    const { value } = findDexSources(archive);
    assert.deepEqual(
      value.map((source) => [source.name, source.dex === undefined]),
      [
        ['classes.dex', false],
        ['assets/classes.dex', true],
      ],
    );
    // Offsets relative to each dex (dexdump's); `base` maps them into the APK when stored.
    assert.equal(value[0]?.dex?.base, 0);
    const verified = findDexSources(archive, { verifyIntegrity: true }).diagnostics;
    assert.ok(
      verified.some(
        (diagnostic) => diagnostic.code === 'dex.signature-mismatch' && diagnostic.detail.startsWith('classes.dex: '),
      ),
    );
  },
);

describe('synthetic archives', () => {
  const dex = witnessDex();

  test('a gap in the multidex chain: classes3.dex is not loaded', () => {
    const { sources, codes } = sourcesOf(
      buildZip([
        { name: 'classes.dex', data: dex },
        { name: 'classes3.dex', data: dex },
      ]),
    );
    assert.deepEqual(
      sources.map((source) => [source.name, source.origin, source.loadedByAndroid]),
      [
        ['classes.dex', 'multidex', true],
        ['classes3.dex', 'multidex-unreachable', false],
      ],
    );
    assert.deepEqual(codes, ['code.multidex-gap']);
  });

  test('classes2.dex without classes.dex: nothing is loaded', () => {
    const { sources, codes } = sourcesOf(buildZip([{ name: 'classes2.dex', data: dex }]));
    assert.equal(sources[0]?.loadedByAndroid, false);
    assert.ok(codes.includes('code.no-primary-dex'));
  });

  test('names Android does not load: classes1.dex, classes02.dex, lib/classes.dex', () => {
    const { sources } = sourcesOf(
      buildZip([
        { name: 'classes.dex', data: dex },
        { name: 'classes1.dex', data: dex },
        { name: 'classes02.dex', data: dex },
        { name: 'lib/classes.dex', data: dex },
      ]),
    );
    assert.deepEqual(
      sources.filter((source) => source.loadedByAndroid).map((source) => source.name),
      ['classes.dex'],
    );
    assert.equal(sources.length, 4);
  });

  test('a dex hidden under another name is found by its magic', () => {
    const { sources, codes } = sourcesOf(
      buildZip([
        { name: 'assets/payload.bin', data: dex },
        { name: 'assets/readme.txt', data: new TextEncoder().encode('hello') },
      ]),
    );
    assert.deepEqual(
      sources.map((source) => source.name),
      ['assets/payload.bin'],
    );
    assert.deepEqual(codes, ['code.hidden-dex']);
  });

  test('stored entries keep absolute offsets into the outer file, through a nested APK', () => {
    const inner = buildZip([{ name: 'classes.dex', data: dex }]);
    const outer = buildZip([{ name: 'assets/plugin.apk', data: inner }]);
    const { sources } = sourcesOf(outer);
    const nested = sources[0]!;
    assert.equal(nested.absoluteOffsets, true);
    assert.deepEqual(Array.from(outer.subarray(nested.base, nested.base + dex.length)), Array.from(dex));
    assert.equal(nested.dex?.header.offset, 0);
    assert.equal(nested.size, dex.length);
  });

  test('archives nested deeper than the limit are noted, not opened', () => {
    let archive = buildZip([{ name: 'classes.dex', data: dex }]);
    for (let level = 0; level < 4; level++) archive = buildZip([{ name: `level${level}.zip`, data: archive }]);
    const { sources, codes } = sourcesOf(archive, 2);
    assert.equal(sources.length, 0);
    assert.ok(codes.includes('code.nesting-limit'));
    assert.equal(sourcesOf(archive, 5).sources.length, 1);
  });

  test('the total read budget stops discovery with a diagnostic, not an exception', () => {
    const archive = readZip(
      buildZip([
        { name: 'classes.dex', data: dex },
        { name: 'classes2.dex', data: dex },
      ]),
    ).value;
    const { value, diagnostics } = findDexSources(archive, { maxTotalBytes: dex.length });
    assert.equal(value[0]?.size, dex.length);
    assert.equal(value[1]?.size, 0);
    assert.equal(value[1].dex, undefined);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'code.read-budget'));
  });

  test(
    'one-byte corruptions of apktool/dynamic_dex.apk: only FormatError from the zip layer, never another exception',
    CORPUS,
    () => {
      const original = readCorpus('apktool/dynamic_dex.apk');
      for (let offset = 0; offset < original.length; offset += 7) {
        const corrupted = original.slice();
        corrupted[offset] = (corrupted[offset]! + 0x55) & 0xff;
        let archive;
        try {
          archive = readZip(corrupted).value;
        } catch (error) {
          if (error instanceof FormatError) continue;
          throw error;
        }
        for (const source of findDexSources(archive).value) assert.ok(source.name.length > 0, `offset ${offset}`);
      }
    },
  );

  test('a dex glued in front of a zip (Janus) follows the class path; as an entry it is a hidden dex', () => {
    const zip = buildZip([{ name: 'classes.dex', data: dex }]);
    const glued = Uint8Array.from([...dex, ...zip]);
    const { sources, codes } = sourcesOf(glued);
    assert.deepEqual(
      sources.map((source) => [source.name, source.origin, source.size]),
      [
        ['classes.dex', 'multidex', dex.length],
        [PREFIX_LOCATION, 'zip-prefix', dex.length],
      ],
    );
    assert.deepEqual(codes, []);
    // Inside the APK, such a file starts with a dex magic: it is found as a dex, whatever its name.
    const inside = sourcesOf(buildZip([{ name: 'assets/plugin.zip', data: glued }]));
    assert.deepEqual(
      inside.sources.map((source) => [source.name, source.origin, source.kind]),
      [['assets/plugin.zip', 'other-entry', 'dex']],
    );
    assert.deepEqual(inside.codes, ['code.hidden-dex', 'dex.file-size']);
  });
});
