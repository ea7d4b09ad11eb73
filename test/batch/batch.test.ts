/**
 * Batch: every faulty input (unreadable file, worker crash, hang, heap exhaustion)
 * becomes an error entry and the batch goes on; the same bytes twice are scanned once;
 * a second run skips everything; `search` reads what `batch` wrote.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBatch } from '../../src/batch/run-batch.js';
import { TEST_FAULT_VARIABLE } from '../../src/batch/protocol.js';
import { discoverInputs } from '../../src/batch/discover.js';
import { openLibrary } from '../../src/store/index.js';
import { main } from '../../src/cli/main.js';
import { demoPath, hostileStringsPath, temporaryFolder } from '../store/support.js';
import { corpusRoot, needs, repositoryRoot } from '../support/corpus.js';

const hostileIdentifiersPath = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-identifiers.apk');

/** A folder of real fixtures and one file per kind of failure, each named by its trick. */
function faultFolder(): string {
  const folder = join(temporaryFolder('apkwitness-batch-'), 'cases');
  mkdirSync(join(folder, 'nested', 'deeper'), { recursive: true });
  copyFileSync(demoPath, join(folder, 'field-survey.apk'));
  copyFileSync(demoPath, join(folder, 'nested', 'same-bytes-other-name.APK'));
  copyFileSync(hostileStringsPath, join(folder, 'nested', 'hostile-strings.xapk'));
  copyFileSync(hostileIdentifiersPath, join(folder, 'nested', 'deeper', 'hostile-identifiers.apk'));
  writeFileSync(join(folder, 'not-a-zip.apk'), 'PK but not a zip archive');
  // The fault hook acts on the name; distinct bytes so that each is its own input.
  for (const fault of ['crash', 'hang', 'oom']) writeFileSync(join(folder, `${fault}.apk`), `test fault ${fault}`);
  writeFileSync(join(folder, 'notes.txt'), 'not an input');
  return folder;
}

const FAULT_ENV = { [TEST_FAULT_VARIABLE]: 'crash=crash.apk,hang=hang.apk,oom=oom.apk' };
const TIMEOUT_MILLISECONDS = 10_000;
/** Enough for a real scan (the lexicons load), small enough that the oom fault ends fast. */
const MEMORY_MEGABYTES = 512;

test('discovery: input extensions in any case, nested folders, other files ignored', () => {
  const folder = faultFolder();
  const names = discoverInputs([folder])
    .inputs.map((input) => input.path.slice(folder.length + 1))
    .sort();
  assert.deepEqual(names, [
    'crash.apk',
    'field-survey.apk',
    'hang.apk',
    'nested/deeper/hostile-identifiers.apk',
    'nested/hostile-strings.xapk',
    'nested/same-bytes-other-name.APK',
    'not-a-zip.apk',
    'oom.apk',
  ]);
  const missing = discoverInputs([join(folder, 'no-such-folder')]);
  assert.deepEqual(missing.inputs, []);
  assert.equal(missing.problems.length, 1);
});

test('batch: crash, hang, out-of-memory and unreadable files become error entries; the rest is analysed; a rerun skips all', async () => {
  const folder = faultFolder();
  const libraryPath = join(folder, '..', 'library.sqlite');
  const options = {
    libraryPath,
    roots: [folder],
    jobs: 2,
    timeoutMilliseconds: TIMEOUT_MILLISECONDS,
    memoryMegabytes: MEMORY_MEGABYTES,
    workerEnv: FAULT_ENV,
  };
  const first = await runBatch(options);
  assert.equal(first.found, 8);
  assert.equal(first.analysed, 3, 'demo, hostile strings, hostile identifiers');
  assert.equal(first.skipped, 1, 'the second name of the demo bytes');
  const kinds = Object.fromEntries(first.errors.map((error) => [error.path.slice(folder.length + 1), error.kind]));
  assert.deepEqual(kinds, { 'crash.apk': 'crash', 'hang.apk': 'timeout', 'oom.apk': 'oom', 'not-a-zip.apk': 'format' });
  assert.match(first.errors.find((error) => error.kind === 'crash')!.message, /SIGSEGV/);
  assert.match(first.errors.find((error) => error.kind === 'format')!.message, /not a ZIP/);

  const library = openLibrary(libraryPath, { readonly: true });
  assert.deepEqual(
    library
      .listApps()
      .map((app) => app.packageName)
      .sort().length,
    3,
  );
  assert.deepEqual(
    library
      .errors()
      .map((error) => error.kind)
      .sort(),
    ['crash', 'format', 'oom', 'timeout'],
  );
  assert.ok(
    library
      .search('宗教')
      .hits.some((hit) => hit.fileName === 'field-survey.apk' || hit.fileName === 'same-bytes-other-name.APK'),
  );
  // The app's own string resources are indexed too (not only what findings cite).
  assert.ok(library.search('Field Survey').hits.length > 0);
  library.close();

  const second = await runBatch(options);
  assert.deepEqual([second.analysed, second.skipped, second.errors.length], [0, 8, 0]);

  // --retry-errors tries the failed files again (and they fail again, the same way).
  const retried = await runBatch({ ...options, retryErrors: true });
  assert.deepEqual(
    [retried.analysed, retried.skipped, retried.errors.map((error) => error.kind).sort()],
    [0, 4, ['crash', 'format', 'oom', 'timeout']],
  );
});

test('cli: batch --json summary and search in text and JSON', async () => {
  const folder = temporaryFolder('apkwitness-batch-cli-');
  copyFileSync(demoPath, join(folder, 'field-survey.apk'));
  copyFileSync(hostileStringsPath, join(folder, 'hostile-strings.apk'));
  const libraryPath = join(folder, 'library.sqlite');
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  };
  const batch = await run(['batch', folder, '--library', libraryPath, '--jobs', '1', '--json']);
  assert.equal(batch.code, 0, batch.stderr);
  const summary = JSON.parse(batch.stdout) as Record<string, unknown>;
  assert.deepEqual(
    { found: summary.found, analysed: summary.analysed, skipped: summary.skipped },
    {
      found: 2,
      analysed: 2,
      skipped: 0,
    },
  );

  const text = await run(['search', '身份证号', '--library', libraryPath]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /org\.apkwitness\.demo\.fieldsurvey 1\.2\.0 \(3\)/);
  assert.match(text.stdout, /身份证号/);
  const json = JSON.parse(
    (await run(['search', '宗教', '--library', libraryPath, '--json', '--category', 'religion'])).stdout,
  ) as { hits: Array<{ text: string }> };
  assert.ok(json.hits.length > 0 && json.hits.every((hit) => hit.text.includes('宗教')));
  // Trick: the hostile app's strings carry terminal escapes (ANSI colour, OSC title); the text output shows them inert.
  const hostile = await run(['search', 'RED', '--library', libraryPath]);
  assert.match(hostile.stdout, /\\x1b\[31mRED/);
  assert.doesNotMatch(hostile.stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  const none = await run([
    'search',
    '宗教',
    '--library',
    libraryPath,
    '--category',
    'vehicle',
    '--endpoint',
    'nowhere.example',
  ]);
  assert.match(none.stdout, /no hit/);
  // Filters alone (no text): the apps that pass them.
  const byCategory = await run(['search', '--category', 'religion', '--library', libraryPath]);
  assert.equal(byCategory.code, 0, byCategory.stderr);
  assert.match(byCategory.stdout, /org\.apkwitness\.demo\.fieldsurvey/);
  assert.match(byCategory.stdout, /^1 apps$/m);

  const cases: Array<{ name: string; args: string[]; stderr: RegExp }> = [
    {
      name: 'missing library',
      args: ['search', 'x', '--library', join(folder, 'none.sqlite')],
      stderr: /no such library/,
    },
    {
      name: 'limit not a number',
      args: ['search', 'x', '--library', libraryPath, '--limit', 'lots'],
      stderr: /--limit/,
    },
    {
      name: 'signer prefix too short',
      args: ['search', 'x', '--library', libraryPath, '--signer', 'ab'],
      stderr: /8 hex digits/,
    },
    { name: 'no query', args: ['search', '--library', libraryPath], stderr: /needs some text or a filter/ },
    { name: 'jobs zero', args: ['batch', folder, '--library', libraryPath, '--jobs', '0'], stderr: /--jobs/ },
    { name: 'no folder', args: ['batch', '--library', libraryPath], stderr: /at least one folder/ },
    {
      name: 'library in a missing folder',
      args: ['batch', folder, '--library', join(folder, 'missing', 'x.sqlite')],
      stderr: /directory does not exist/,
    },
    {
      name: 'library file that is not SQLite (batch)',
      args: ['batch', folder, '--library', demoPath],
      stderr: /not a database/,
    },
    {
      name: 'library file that is not SQLite (search)',
      args: ['search', 'x', '--library', demoPath],
      stderr: /not a database/,
    },
  ];
  for (const item of cases) {
    const result = await run(item.args);
    assert.equal(result.code, 2, item.name);
    assert.match(result.stderr, item.stderr, item.name);
    assert.equal(result.stderr.trim().split('\n').length, 1, `${item.name}: one line`);
  }
});

const SPLITS = join(corpusRoot, 'appmanager-splits', 'AppManager_v2.5.22');
test(
  'batch: a folder of one base and its splits is one app; a split without its base is scanned alone, with a note',
  { skip: needs('corpus') },
  async () => {
    const root = temporaryFolder('apkwitness-batch-');
    const app = join(root, 'app');
    const mixed = join(root, 'mixed');
    mkdirSync(app);
    mkdirSync(mixed);
    for (const name of readdirSync(SPLITS)) symlinkSync(join(SPLITS, name), join(app, name));
    symlinkSync(join(SPLITS, 'config.zh.apk'), join(mixed, 'config.zh.apk'));
    copyFileSync(demoPath, join(mixed, 'field-survey.apk'));
    const { inputs, problems, notes } = discoverInputs([root]);
    const grouped = inputs.find((input) => input.path === app);
    assert.equal(grouped?.files?.length, readdirSync(SPLITS).length);
    assert.deepEqual(
      inputs.filter((input) => input.path.startsWith(mixed)).map((input) => input.path),
      [join(mixed, 'config.zh.apk'), join(mixed, 'field-survey.apk')],
    );
    assert.deepEqual(problems, []);
    assert.equal(notes.length, 1);
    assert.match(
      notes[0] ?? '',
      /config\.zh\.apk: split "config\.zh" of io\.github\.muntashirakon\.AppManager scanned on its own/,
    );
    const libraryPath = join(root, 'library.sqlite');
    const summary = await runBatch({
      libraryPath,
      roots: [app],
      jobs: 1,
      timeoutMilliseconds: 120_000,
      memoryMegabytes: 1024,
    });
    assert.equal(summary.analysed, 1);
    const library = openLibrary(libraryPath, { readonly: true });
    try {
      assert.equal(library.db.prepare('SELECT count(*) FROM apks').pluck().get(), readdirSync(SPLITS).length);
    } finally {
      library.close();
    }
  },
);

test(
  'discovery: a split whose manifest the peek cannot decide is read whole, and the folder is still one app',
  { skip: needs('corpus') },
  () => {
    const app = join(temporaryFolder('apkwitness-batch-'), 'app');
    mkdirSync(app);
    for (const name of readdirSync(SPLITS)) symlinkSync(join(SPLITS, name), join(app, name));
    // 40 bytes between the central directory and the end record (zip.garbage-before-eocd, as
    // apksig/v2-only-garbage-between-cd-and-eocd.apk): the peek leaves it, the whole read reads it.
    const split = readFileSync(join(SPLITS, 'config.zh.apk'));
    const end = split.length - 22;
    assert.equal(split.readUInt32LE(end), 0x06054b50, 'config.zh.apk ends with an end record and no comment');
    const altered = join(app, 'config.zh.apk');
    rmSync(altered);
    writeFileSync(altered, Buffer.concat([split.subarray(0, end), Buffer.alloc(40), split.subarray(end)]));
    const { inputs, problems, notes } = discoverInputs([app]);
    assert.deepEqual(problems, []);
    assert.deepEqual(notes, []);
    assert.equal(inputs.length, 1);
    assert.equal(inputs[0]?.files?.length, readdirSync(SPLITS).length);
  },
);
