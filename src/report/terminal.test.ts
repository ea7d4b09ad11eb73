import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeText } from './terminal.js';

const cases: Array<[string, string, string]> = [
  ['plain text is unchanged', '身份证号码 ID', '身份证号码 ID'],
  ['CSI colour sequence is neutralised', '\u001b[31mred', '\\x1b[31mred'],
  ['OSC title sequence is neutralised', '\u001b]0;pwned\u0007x', '\\x1b]0;pwnedx'],
  ['newline is escaped so one value stays one line', 'a\nb', 'a\\u000ab'],
  ['RTL override is escaped', 'abc\u202Egpj.exe', 'abc\\u202egpj.exe'],
  ['C1 CSI is escaped', 'a\u009bb', 'a\\u009bb'],
];

for (const [name, input, expected] of cases) {
  test(`safeText: ${name}`, () => {
    assert.equal(safeText(input), expected);
    assert.doesNotMatch(safeText(input), /[\u0000-\u001f\u007f-\u009f]/);
  });
}

test('safeText: bounds very long strings', () => {
  const output = safeText('x'.repeat(10_000), 100);
  assert.ok(output.startsWith('x'.repeat(100)));
  assert.match(output, /10000 characters/);
});
