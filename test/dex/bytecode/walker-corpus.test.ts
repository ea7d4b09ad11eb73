/**
 * The walker on real dex files from the corpus against `dexdump -d`: every
 * method dexdump disassembles, every instruction's offsets, mnemonic and
 * referenced indices. Method locations come from dexdump's own method headers,
 * so this test does not depend on our dex structure parser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusApks, referenceTool, runTool, needs } from '../../support/corpus.js';
import { extractEntryWithUnzip } from '../../support/entries.js';
import { parseDexdump } from './dexdump-listing.js';
import { compareWithDexdump } from './compare-with-dexdump.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const DEXDUMP_UNZIP = { skip: needs('dexdump', 'unzip') };

/** Keeps the test within its time share on a 2-core CI machine (about 50 MB of dex and 50 s; checked per APK). */
const MAX_DEX_BYTES_COMPARED = 40 * 1024 * 1024;
/** The comparison must have covered at least this much real code to count. */
const MIN_METHODS_COMPARED = 10_000;
const DEX_ENTRY = /^classes\d*\.dex$/;

function dexEntries(path: string): string[] {
  try {
    const listing = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return listing.split('\n').filter((name) => DEX_ENTRY.test(name));
  } catch {
    return [];
  }
}

test('walker matches dexdump -d on corpus dex files', DEXDUMP_UNZIP, (t) => {
  referenceTool('dexdump'); // fails (not skips) when the oracle is missing
  const workDirectory = mkdtempSync(join(tmpdir(), 'apkwitness-bytecode-'));
  const totals = { files: 0, methods: 0, instructions: 0, references: 0, bytes: 0, dexdumpFailed: 0 };
  const mismatches: string[] = [];
  try {
    for (const apk of corpusApks().filter((file) => file.name.endsWith('.apk'))) {
      for (const entry of dexEntries(apk.path)) {
        if (totals.bytes >= MAX_DEX_BYTES_COMPARED) break;
        const dex = extractEntryWithUnzip(apk.path, entry);
        if (dex === undefined || dex.byteLength === 0) continue;
        const dexPath = join(workDirectory, 'classes.dex');
        writeFileSync(dexPath, dex);
        const listing = runTool('dexdump', ['-d', dexPath]);
        if (listing.status !== 0) {
          totals.dexdumpFailed++;
          t.diagnostic(`dexdump failed on ${apk.name}!${entry}: ${listing.stderr.split('\n')[0]}`);
          continue;
        }
        const comparison = compareWithDexdump(dex, parseDexdump(listing.stdout));
        totals.files++;
        totals.bytes += dex.byteLength;
        totals.methods += comparison.methods;
        totals.instructions += comparison.instructions;
        totals.references += comparison.references;
        for (const text of comparison.mismatches) mismatches.push(`${apk.name}!${entry}: ${text}`);
      }
    }
  } finally {
    rmSync(workDirectory, { recursive: true, force: true });
  }
  const summary =
    `compared ${totals.files} dex files (${(totals.bytes / 1e6).toFixed(1)} MB), ${totals.methods} methods, ` +
    `${totals.instructions} instructions, ${totals.references} references; dexdump failed on ${totals.dexdumpFailed}`;
  t.diagnostic(summary);
  console.log(summary);
  assert.deepEqual(mismatches.slice(0, 20), []);
  assert.ok(totals.methods >= MIN_METHODS_COMPARED, `only ${totals.methods} methods compared`);
});
