/**
 * Recording a scan in PostgreSQL while another writer records one that shares its new
 * texts: the statement that waited for the other's texts does not see them in its look-up
 * (its snapshot is older than their commit); its insert meets them and takes their ids.
 * In a transaction (writePreparedScan) or alone (recordPreparedScan), every string of
 * every scan is recorded, each pointing at the one shared text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { buildAppModels } from '../../src/model/app-model-build.js';
import { scanModels } from '../../src/scan/scan.js';
import { dictionaries } from '../support/dictionaries.js';
import { appStrings } from '../../src/batch/app-strings.js';
import { prepareScan } from '../../src/store/index.js';
import { openPgLibrary } from '../../src/store/pg/library.js';
import { pgTarget } from '../../src/store/pg/connection.js';
import { recordPreparedScan, writePreparedScan } from '../../src/store/pg/write.js';
import { freshDatabase, postgresSkip } from '../support/postgres.js';
import { demoPath, sha256Of } from './support.js';

/** The demo app's scan, prepared for recording. */
function demoPrepared(): ReturnType<typeof prepareScan> {
  const { models } = buildAppModels(demoPath);
  const { report } = scanModels(demoPath, models, { dictionaries });
  return prepareScan(report, appStrings(models));
}

test('a text another writer committed meanwhile gets its id: no string lost', { skip: postgresSkip }, async () => {
  const library = await openPgLibrary(pgTarget(await freshDatabase()), { connections: 4 });
  try {
    const prepared = demoPrepared();
    assert.ok(prepared.strings.length > 0 && prepared.texts.length > 0);
    const record = (input: string) => ({ prepared, inputSha256: input, fileName: basename(demoPath) });
    const first = await library.pool.connect();
    const second = await library.pool.connect();
    try {
      await first.query('BEGIN');
      await writePreparedScan(first, record(sha256Of(demoPath)));
      await second.query('BEGIN');
      // Waits for the first writer's uncommitted texts (ON CONFLICT), then finds them committed.
      const waiting = writePreparedScan(second, record('e'.repeat(64)));
      const alone = recordPreparedScan(library.pool, record('f'.repeat(64)));
      for (let tries = 0; ; tries += 1) {
        const blocked = await library.pool.query<{ waiting: number }>(
          "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        );
        if (blocked.rows[0]!.waiting === 2) break;
        assert.ok(tries < 200, 'the second writer never waited for the first');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await first.query('COMMIT');
      await waiting;
      await second.query('COMMIT');
      await alone;
    } finally {
      first.release();
      second.release();
    }
    const counts = await library.pool.query<{ scan: string; strings: number; texts: number }>(
      `SELECT s.input_sha256 AS scan, count(*)::int AS strings, count(DISTINCT g.text_id)::int AS texts
       FROM scans s JOIN strings g ON g.scan_id = s.id GROUP BY s.input_sha256 ORDER BY 1`,
    );
    assert.deepEqual(
      counts.rows.map((row) => [row.strings, row.texts]),
      [
        [prepared.strings.length, prepared.texts.length],
        [prepared.strings.length, prepared.texts.length],
        [prepared.strings.length, prepared.texts.length],
      ],
    );
    const texts = await library.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM texts');
    assert.equal(texts.rows[0]!.n, prepared.texts.length);
  } finally {
    await library.close();
  }
});

test('deleting a scan deletes its strings, with or without a finding', { skip: postgresSkip }, async () => {
  const library = await openPgLibrary(pgTarget(await freshDatabase()), { connections: 1 });
  try {
    const prepared = demoPrepared();
    const withFinding = prepared.strings.filter(([finding]) => finding >= 0).length;
    assert.ok(withFinding > 0 && withFinding < prepared.strings.length, 'the demo has strings of both kinds');
    for (const input of ['a', 'b', 'c'])
      await recordPreparedScan(library.pool, {
        prepared,
        inputSha256: input.repeat(64),
        fileName: basename(demoPath),
      });
    // strings.scan_id has no foreign key (schema migration 3): a statement trigger deletes them.
    await library.pool.query('DELETE FROM scans WHERE input_sha256 = ANY($1)', [['a'.repeat(64), 'b'.repeat(64)]]);
    const left = await library.pool.query<{ strings: number; orphans: number }>(
      `SELECT count(*)::int AS strings,
         (count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM scans s WHERE s.id = g.scan_id)))::int AS orphans
       FROM strings g`,
    );
    assert.deepEqual(left.rows[0], { strings: prepared.strings.length, orphans: 0 });
  } finally {
    await library.close();
  }
});
