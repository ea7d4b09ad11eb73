import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COLUMNS, Progress, formatDuration, progressLine, terminalColumns } from './progress.js';

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

test('terminalColumns: a width the stream does not give (a pseudo-terminal without a size says 0) falls back to 80', () => {
  const cases: ReadonlyArray<readonly [string, number | undefined, number]> = [
    ['no columns property', undefined, DEFAULT_COLUMNS],
    ['pseudo-terminal without a size: 0', 0, DEFAULT_COLUMNS],
    ['negative width', -5, DEFAULT_COLUMNS],
    ['not a number', Number.NaN, DEFAULT_COLUMNS],
    ['fractional width', 80.5, DEFAULT_COLUMNS],
    ['a real width', 120, 120],
    ['a narrow real width', 30, 30],
  ];
  for (const [name, columns, expected] of cases) assert.equal(terminalColumns(columns), expected, name);
});

test('Progress keeps the item label on a terminal whose width is 0 or missing, within 80 columns', () => {
  for (const columns of [undefined, 0]) {
    let written = '';
    let now = 0;
    const stream = {
      write: (text: string) => (written += text),
      isTTY: true,
      ...(columns !== undefined ? { columns } : {}),
    };
    const progress = new Progress(stream, 3, true, () => now);
    now = 1500;
    progress.start('folder/app-release.apk');
    const line = written.split('\u001b[2K').at(-1) ?? '';
    assert.match(line, / folder\/app-release\.apk$/, `label shown with columns ${String(columns)}`);
    assert.ok(line.length <= DEFAULT_COLUMNS, `line fits 80 columns with columns ${String(columns)}`);
  }
});
