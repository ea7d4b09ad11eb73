import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress, formatDuration, progressLine } from './progress.js';

test('formatDuration', () => {
  assert.deepEqual([0, 1499, 61_000, 3_725_000].map(formatDuration), ['0s', '1s', '1m01s', '1h02m']);
});

test('progressLine: bar, count, ETA from the rate so far, item cut to the terminal width, control characters escaped', () => {
  const line = progressLine(5, 10, 10_000, 'a/b/\u001b[31mevil.apk', 80);
  assert.match(line, /^█{12}░{12} 5\/10 10s ETA 10s /);
  assert.ok(line.length <= 80);
  assert.doesNotMatch(line, /\u001b/);
  assert.doesNotMatch(progressLine(10, 10, 1000, 'x', 80), /ETA/);
});

test('Progress is silent when not a terminal, and during the first second on a terminal', () => {
  let written = '';
  const pipe = new Progress({ write: (text: string) => (written += text), isTTY: false }, 3);
  pipe.start('a');
  pipe.tick();
  pipe.finish();
  assert.equal(written, '');
  const terminal = new Progress({ write: (text: string) => (written += text), isTTY: true }, 3);
  terminal.tick('a');
  assert.equal(written, '', 'nothing before one second');
  terminal.log('error: a');
  assert.equal(written, 'error: a\n');
});
