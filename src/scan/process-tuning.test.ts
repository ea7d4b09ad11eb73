import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI_V8_FLAGS, WORKER_V8_FLAGS } from './process-tuning.js';

test('every scanning flag is one this Node knows, on the command line (forked workers) and at run time (the launcher)', () => {
  assert.ok(WORKER_V8_FLAGS.every((flag) => CLI_V8_FLAGS.includes(flag)));
  for (const flag of CLI_V8_FLAGS) {
    const forked = spawnSync(process.execPath, [flag, '-e', ''], { encoding: 'utf8' });
    assert.equal(forked.status, 0, `${flag}: ${forked.stderr}`);
    const atRunTime = spawnSync(
      process.execPath,
      ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`],
      { encoding: 'utf8' },
    );
    // V8 prints "Error: unrecognized flag" for a flag it does not know, and carries on.
    assert.equal(atRunTime.stderr, '', `${flag}: ${atRunTime.stderr}`);
  }
});
