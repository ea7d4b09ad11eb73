/**
 * Oracle: for every corpus APK with a resources.arsc, our aapt-style dump must
 * equal `aapt dump --values resources` line for line, except the files listed
 * in EXCLUDED with the reason (each reason is itself checked).
 * Then framework-res.apk, the largest table there is.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusApks, corpusRoot, frameworkResPath, runTool, needs } from '../support/corpus.js';
import { extractEntry } from '../support/entries.js';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { formatAaptValues } from '../../src/formats/arsc/aapt-format.js';
import { qualifierString } from '../../src/formats/arsc/qualifiers.js';
import { join } from 'node:path';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };
const AAPT_FRAMEWORK_RES = { skip: needs('aapt', 'framework-res') };

/** Files where aapt 10 is not a sound oracle, with the evidence that proves it. */
const EXCLUDED: ReadonlyMap<string, { reason: string; aaptSays: RegExp }> = new Map([
  ...[
    'androguard/compact-entry.apk',
    'apktool/client.apk',
    'apktool/framework.apk',
    'apktool/library.apk',
    'apktool/issue3705.apk',
  ].map(
    (name) =>
      [
        name,
        {
          reason:
            'FLAG_OFFSET16 offsets and compact entries (Android 14): aapt 10 reads them as u32 offsets and full entries (hand-checked in compact-entries.test.ts)',
          aaptSays: /INVALID (RESOURCE|TYPE CONFIG)/,
        },
      ] as const,
  ),
  [
    'apksig/v1-only-with-nul-in-entry-name.apk',
    { reason: 'aapt refuses to open a zip with a NUL in an entry name', aaptSays: /^Package Groups \(0\)/ },
  ],
  [
    'apksig/v2-only-truncated-cd.apk',
    {
      reason: 'aapt cannot open a zip whose central directory is truncated (our ZIP reader recovers it)',
      aaptSays: /^Package Groups \(0\)/,
    },
  ],
  [
    'fdroidserver/janus.apk',
    { reason: 'aapt cannot open a zip with a dex glued in front (Janus)', aaptSays: /^Package Groups \(0\)/ },
  ],
]);

function aaptDump(path: string): string {
  const result = runTool('aapt', ['dump', '--values', 'resources', path]);
  assert.notEqual(result.status, null, `aapt did not run on ${path}: ${result.stderr.slice(0, 200)}`);
  return result.stdout;
}

function firstDifference(expected: string, actual: string): string | undefined {
  const left = expected.split('\n');
  const right = actual.split('\n');
  for (let line = 0; line < Math.max(left.length, right.length); line++) {
    if (left[line] !== right[line])
      return `line ${line + 1}:\n  aapt: ${JSON.stringify(left[line])}\n  ours: ${JSON.stringify(right[line])}`;
  }
  return undefined;
}

describe('aapt dump --values resources oracle', () => {
  test(
    'every corpus APK with a resources.arsc matches aapt, excluded files are what their reason says',
    CORPUS,
    (t) => {
      let compared = 0;
      let excluded = 0;
      let withoutTable = 0;
      const failures: string[] = [];
      for (const file of corpusApks()) {
        const arsc = extractEntry(file.path, 'resources.arsc');
        if (arsc === undefined || arsc.length === 0) {
          withoutTable++;
          continue;
        }
        const ours = formatAaptValues(readResourceTable(arsc).value);
        const aapt = aaptDump(file.path);
        const exclusion = EXCLUDED.get(file.name);
        if (exclusion !== undefined) {
          assert.match(
            aapt,
            exclusion.aaptSays,
            `${file.name} is excluded because "${exclusion.reason}", but aapt no longer shows it`,
          );
          assert.notEqual(ours, aapt);
          excluded++;
          continue;
        }
        const difference = firstDifference(aapt, ours);
        if (difference !== undefined) failures.push(`${file.name} ${difference}`);
        compared++;
      }
      t.diagnostic(
        `aapt oracle: ${compared} files compared, ${excluded} excluded with reasons, ${withoutTable} without resources.arsc`,
      );
      console.log(
        `aapt oracle: ${compared} files compared line for line, ${excluded} excluded, ${withoutTable} without resources.arsc`,
      );
      assert.deepEqual(failures, []);
      assert.ok(compared >= 60, `only ${compared} files compared`);
    },
  );

  test('framework-res.apk decodes and prints exactly as aapt does', AAPT_FRAMEWORK_RES, (t) => {
    const arsc = extractEntry(frameworkResPath, 'resources.arsc');
    assert.ok(arsc !== undefined);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const result = readResourceTable(arsc);
    const parseMs = performance.now() - started;
    const heapAfter = process.memoryUsage().heapUsed;
    const table = result.value;
    const pkg = table.packages[0]!;
    assert.equal(pkg.id, 0x01);
    assert.equal(pkg.name, 'android');
    assert.deepEqual(result.diagnostics, []);
    const formatStarted = performance.now();
    const ours = formatAaptValues(table);
    const formatMs = performance.now() - formatStarted;
    const aapt = aaptDump(frameworkResPath);
    // Counts first (a readable failure), then a sample of Chinese strings, then everything.
    const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;
    for (const pattern of [
      /^ {4}type /gm,
      /^ {6}config /gm,
      /^ {8}resource /gm,
      /^ {6}spec resource /gm,
      /^ {10}#\d+ /gm,
    ]) {
      assert.equal(count(ours, pattern), count(aapt, pattern), `count of ${pattern}`);
    }
    const chinese = (text: string): string[] =>
      (text.match(/^ {10}\(string\d+\) ".*[\u4e00-\u9fff].*"$/gm) ?? []).filter((_, index) => index % 97 === 0);
    const sample = chinese(aapt);
    assert.ok(sample.length > 50, `only ${sample.length} Chinese sample lines`);
    assert.deepEqual(chinese(ours), sample);
    assert.equal(firstDifference(aapt, ours), undefined);
    const entries = table.packages.reduce((sum, p) => sum + p.types.reduce((s, type) => s + type.entries.length, 0), 0);
    const zhConfigs = pkg.types.filter((type) => qualifierString(type.config).startsWith('zh')).length;
    const message =
      `framework-res: ${arsc.length} bytes, ${pkg.types.length} type chunks, ${entries} entries, ${zhConfigs} zh type chunks, ` +
      `${table.globalStrings?.count} global strings; parse ${parseMs.toFixed(0)} ms, aapt-format ${formatMs.toFixed(0)} ms, ` +
      `heap +${((heapAfter - heapBefore) / 1e6).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
    t.diagnostic(message);
    console.log(message);
  });
});

export const corpusFileForDebugging = (name: string): string => join(corpusRoot, name);
