/**
 * Which dex files the code index reads, from the one discovery (src/model/code):
 * the class path in loading order, then dex in assets, in nested APKs/JARs,
 * hidden under other names and glued in front of the zip, each with its provenance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from '../../../src/formats/zip/index.js';
import { buildCodeIndex } from '../../../src/model/code-index/index.js';
import {
  dexFileSource,
  findDexSources,
  multidexName,
  parsedSources,
  PREFIX_LOCATION,
  type DexSource,
} from '../../../src/model/code/index.js';
import { corpusRoot, readCorpus, runTool, needs } from '../../support/corpus.js';
import { buildZip } from '../../support/zip-writer.js';
import { witnessDex } from '../support/fixture.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };
const CORPUS_DEXDUMP = { skip: needs('corpus', 'dexdump') };

/** Class descriptors dexdump lists for a dex file (the oracle). */
function dexdumpClasses(path: string): string[] {
  const listing = runTool('dexdump', [path]);
  assert.equal(listing.status, 0, listing.stderr);
  return [...listing.stdout.matchAll(/Class descriptor\s+: '([^']+)'/g)].map((match) => match[1] as string).sort();
}

test('multidex names', () => {
  assert.deepEqual([0, 1, 2, 16].map(multidexName), ['classes.dex', 'classes2.dex', 'classes3.dex', 'classes17.dex']);
});

/** What the code index reads: the parsed sources, in discovery order. */
function loadDexSources(archive: ReturnType<typeof readZip>['value']): {
  value: DexSource[];
  diagnostics: { code: string }[];
} {
  const found = findDexSources(archive);
  return { value: parsedSources(found.value), diagnostics: found.diagnostics };
}

test('Appium espresso server: 17 dex files in order', CORPUS, () => {
  const sources = loadDexSources(readZip(readCorpus('npm/appium-espresso-server-androidTest.apk')).value).value;
  assert.deepEqual(
    sources.map((source) => source.name),
    Array.from({ length: 17 }, (_, position) => multidexName(position)),
  );
});

test('a dex outside the class path is reported, not loaded (jadx/app-with-fake-dex.apk)', CORPUS, () => {
  const loaded = loadDexSources(readZip(readCorpus('jadx/app-with-fake-dex.apk')).value);
  assert.deepEqual(
    loaded.value.map((source) => source.name),
    ['classes.dex'],
  );
  assert.deepEqual(
    loaded.diagnostics.map((diagnostic) => diagnostic.code),
    ['code.not-a-dex'],
  );
});

test(
  'Janus: the dex in front of the ZIP is reported and can be indexed on its own (fdroidserver/janus.apk)',
  CORPUS_DEXDUMP,
  () => {
    const archive = readZip(readCorpus('fdroidserver/janus.apk')).value;
    const loaded = loadDexSources(archive);
    const prefix = loaded.value.find((source) => source.origin === 'zip-prefix');
    assert.equal(prefix?.name, PREFIX_LOCATION);
    const index = buildCodeIndex([prefix]).value;
    // dexdump reads the APK itself as that dex (its header's file_size covers the whole file): the oracle.
    const listing = runTool('dexdump', [join(corpusRoot, 'fdroidserver/janus.apk')]);
    assert.equal(listing.status, 0, listing.stderr);
    const expected = [...listing.stdout.matchAll(/Class descriptor\s+: '([^']+)'/g)].map((match) => match[1]).sort();
    assert.ok(expected.length > 0);
    assert.deepEqual([...index.definedClasses()].sort(), expected);
    assert.equal(
      loadDexSources(readZip(readCorpus('androguard/TestActivity.apk')).value).value.find(
        (source) => source.origin === 'zip-prefix',
      ),
      undefined,
    );
  },
);

test('every dex an APK carries is indexed after the class path, each with where it came from', CORPUS, () => {
  const cases: Array<[string, Array<[string, string, boolean]>]> = [
    [
      'npm/ApiDemos-debug.apk',
      [
        ['classes.dex', 'multidex', true],
        ['assets/HelloActivity.apk!/classes.dex', 'nested', false],
      ],
    ],
    [
      'fdroidserver/apk.embedded_1.apk',
      [
        ['classes.dex', 'multidex', true],
        ['org.bitbucket.tickytacky.mirrormirror_1.apk!/classes.dex', 'nested', false],
      ],
    ],
    [
      'apktool/dynamic_dex.apk',
      [
        ['classes.dex', 'multidex', true],
        ['assets/dynamic.dex', 'other-entry', false],
        ['assets.dex', 'other-entry', false],
        ['dynamic.dex', 'other-entry', false],
      ],
    ],
    [
      'fdroidserver/janus.apk',
      [
        ['classes.dex', 'multidex', true],
        [PREFIX_LOCATION, 'zip-prefix', true],
      ],
    ],
  ];
  for (const [apk, expected] of cases) {
    const loaded = loadDexSources(readZip(readCorpus(apk)).value);
    assert.deepEqual(
      loaded.value.map((source) => [source.name, source.origin, source.loadedByAndroid]),
      expected,
      apk,
    );
  }
});

test(
  'the nested dex of ApiDemos (assets/HelloActivity.apk) is indexed: its classes as dexdump lists them, its calls attributed to it',
  CORPUS,
  () => {
    const directory = mkdtempSync(join(tmpdir(), 'apkwitness-nested-'));
    try {
      // The oracle extracts with unzip, independently of our ZIP and discovery code.
      const inner = join(directory, 'HelloActivity.apk');
      execFileSync('sh', [
        '-c',
        `unzip -p "$0" assets/HelloActivity.apk > "$1" && unzip -p "$1" classes.dex > "$2"`,
        join(corpusRoot, 'npm/ApiDemos-debug.apk'),
        inner,
        join(directory, 'classes.dex'),
      ]);
      const expected = dexdumpClasses(join(directory, 'classes.dex'));
      const index = buildCodeIndex(loadDexSources(readZip(readCorpus('npm/ApiDemos-debug.apk')).value).value).value;
      const nested = 'assets/HelloActivity.apk!/classes.dex';
      const found = [...index.definedClasses()]
        .filter((descriptor) => index.classInfo(descriptor)?.definition?.dex === nested)
        .sort();
      assert.deepEqual(found, expected);
      const activity = 'Lcom/example/android/helloactivity/HelloActivity;';
      const calls = index.referencesFrom(`${activity}->onCreate(Landroid/os/Bundle;)V`);
      assert.ok(calls.length > 0);
      assert.ok(calls.every((call) => call.dex === nested));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
);

test(
  'Janus: the prefix dex is read from the whole file, as dexdump reads it; its copy of the app class is shadowed and reported',
  CORPUS,
  () => {
    const loaded = loadDexSources(readZip(readCorpus('fdroidserver/janus.apk')).value);
    const prefix = loaded.value.find((source) => source.name === PREFIX_LOCATION)!;
    assert.deepEqual(prefix.entryPath, []);
    assert.equal(prefix.dex?.classDefs.length, dexdumpClasses(join(corpusRoot, 'fdroidserver/janus.apk')).length);
    const built = buildCodeIndex(loaded.value);
    assert.ok(
      built.diagnostics.some(
        (diagnostic) => diagnostic.code === 'code-index.duplicate-class' && diagnostic.detail.includes(PREFIX_LOCATION),
      ),
    );
  },
);

test('a dex hidden under another name in assets is found by its magic and indexed under that name', () => {
  const dex = witnessDex();
  const archive = readZip(
    buildZip([
      { name: 'classes.dex', data: dex },
      { name: 'assets/payload.bin', data: dex },
      { name: 'assets/notes.txt', data: new TextEncoder().encode('dex') },
    ]),
  ).value;
  const loaded = loadDexSources(archive);
  assert.deepEqual(
    loaded.value.map((source) => [source.name, source.origin]),
    [
      ['classes.dex', 'multidex'],
      ['assets/payload.bin', 'other-entry'],
    ],
  );
  assert.ok(loaded.diagnostics.some((diagnostic) => diagnostic.code === 'code.hidden-dex'));
  // The copy defines the same classes: all shadowed, one named and a count.
  const built = buildCodeIndex(loaded.value);
  assert.equal(built.diagnostics.filter((diagnostic) => diagnostic.code === 'code-index.duplicate-class').length, 1);
  // Offsets stay relative to each dex file (dexdump's), not to the APK.
  assert.equal(loaded.value[1]!.dex?.base, 0);
});

test('a dex file on its own is a source of origin "file"; a file that is no dex has no dex and one diagnostic', () => {
  const given = dexFileSource('witness.dex', witnessDex());
  assert.equal(given.value.origin, 'file');
  assert.ok(given.value.dex !== undefined);
  assert.deepEqual(given.diagnostics, []);
  const fake = dexFileSource('fake.dex', new TextEncoder().encode('not a dex at all'));
  assert.equal(fake.value.dex, undefined);
  assert.deepEqual(
    fake.diagnostics.map((diagnostic) => diagnostic.code),
    ['code.not-a-dex'],
  );
});
