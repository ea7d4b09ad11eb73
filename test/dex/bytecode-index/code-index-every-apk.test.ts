/**
 * Every APK of the corpus (hostile, truncated, fake-dex and multidex ones
 * included) is indexed without an exception other than FormatError for a ZIP
 * that cannot be read at all, and the figures are printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '../../../src/formats/diagnostics.js';
import { buildCodeIndex } from '../../../src/model/code-index/index.js';
import { findDexSourcesInApk } from '../../../src/model/code/index.js';
import { corpusApks, readCorpus, needs } from '../../support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

test('every corpus APK indexes without exception', CORPUS, (t) => {
  const totals = { apks: 0, unreadable: 0, withDex: 0, dexFiles: 0, methods: 0, references: 0, milliseconds: 0 };
  const codes = new Map<string, number>();
  for (const apk of corpusApks().filter((file) => file.name.endsWith('.apk'))) {
    totals.apks++;
    const started = performance.now();
    let loaded;
    try {
      loaded = findDexSourcesInApk(readCorpus(apk.name));
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      totals.unreadable++;
      continue;
    }
    const built = buildCodeIndex(loaded.value);
    totals.milliseconds += performance.now() - started;
    const statistics = built.value.statistics();
    if (statistics.dexFiles > 0) totals.withDex++;
    totals.dexFiles += statistics.dexFiles;
    totals.methods += statistics.methodsWithCode;
    totals.references += statistics.references;
    for (const diagnostic of [...loaded.diagnostics, ...built.diagnostics]) {
      if (diagnostic.code.startsWith('code-index.') || diagnostic.code.startsWith('dex.bytecode.')) {
        codes.set(diagnostic.code, (codes.get(diagnostic.code) ?? 0) + 1);
      }
    }
  }
  const summary =
    `${totals.apks} APKs (${totals.unreadable} unreadable ZIPs), ${totals.withDex} with dex, ${totals.dexFiles} dex files, ` +
    `${totals.methods} methods with code, ${totals.references} references in ${(totals.milliseconds / 1000).toFixed(1)} s; ` +
    `diagnostics ${JSON.stringify(Object.fromEntries(codes))}`;
  t.diagnostic(summary);
  console.log(summary);
  assert.ok(totals.withDex > 50 && totals.references > 2_000_000, summary);
});
