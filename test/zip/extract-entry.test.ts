/**
 * Content oracle: the bytes our reader extracts (test/support/entries.ts
 * extractEntry) equal what Info-ZIP's `unzip -p` extracts, for the entries the
 * other format layers read from every corpus APK.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusApks, referenceTool, needs } from '../support/corpus.js';
import { extractEntry, extractEntryWithUnzip } from '../support/entries.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const UNZIP = { skip: needs('unzip') };

const ENTRIES = ['AndroidManifest.xml', 'classes.dex', 'resources.arsc'] as const;
/**
 * unzip warns and exits non-zero on these (so extractEntryWithUnzip gives
 * undefined): 7 bytes of garbage before the end record, and a directory one
 * byte too long, whose third name unzip reads as "classes.deP" (into the end
 * record) while we stop at the end record.
 */
const UNZIP_FAILS = new Set(['apksig/v2-only-truncated-cd.apk', 'apksig/v2-only-garbage-between-cd-and-eocd.apk']);

describe('extractEntry against unzip -p', () => {
  test('manifest, dex and resource table of every corpus APK', UNZIP, (t) => {
    referenceTool('unzip');
    let compared = 0;
    let absentInBoth = 0;
    for (const file of corpusApks()) {
      for (const name of ENTRIES) {
        const ours = extractEntry(file.path, name);
        if (UNZIP_FAILS.has(file.name)) continue;
        const theirs = extractEntryWithUnzip(file.path, name);
        if (ours === undefined || theirs === undefined) {
          assert.equal(
            ours === undefined,
            theirs === undefined || theirs.length === 0,
            `${file.name} ${name}: present for only one reader`,
          );
          absentInBoth++;
          continue;
        }
        assert.ok(Buffer.from(ours).equals(Buffer.from(theirs)), `${file.name} ${name}: bytes differ`);
        compared++;
      }
    }
    const summary = `${compared} entries byte-compared with unzip -p (${absentInBoth} absent in both)`;
    console.log(summary);
    t.diagnostic(summary);
    assert.ok(compared > 200);
  });
});
