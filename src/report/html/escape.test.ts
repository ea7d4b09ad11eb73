import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, html, jsonForScript, trusted } from './escape.js';

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['script tag', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['attribute breakout', '" onmouseover="x', '&quot; onmouseover=&quot;x'],
  ['single quote and backtick', "'`", '&#39;&#96;'],
  ['ampersand entity', '&lt;', '&amp;lt;'],
  ['bidi override made visible', 'a\u202eb', 'a\\u{202e}b'],
  ['ANSI escape made visible', '\u001b[31mred', '\\u{1b}[31mred'],
  ['NUL made visible', 'a\u0000b', 'a\\u{0}b'],
  ['Chinese unchanged', '身份证号', '身份证号'],
  ['newline kept', 'a\nb', 'a\nb'],
];

for (const [name, input, expected] of CASES) {
  test(`escapeHtml: ${name}`, () => assert.equal(escapeHtml(input), expected));
}

test('html template escapes values, keeps trusted markup, flattens arrays, drops undefined/false', () => {
  const rows = ['<b>', 'x'].map((value) => html`<li>${value}</li>`);
  assert.equal(
    html`<ul>${rows}</ul>${undefined}${false}${trusted('<hr>')}`.markup,
    '<ul><li>&lt;b&gt;</li><li>x</li></ul><hr>',
  );
});

test('jsonForScript cannot close its script element', () => {
  const text = jsonForScript({ value: '</script><script>alert(1)</script><!--' });
  assert.doesNotMatch(text, /<\/script|<!--/i);
  assert.deepEqual(JSON.parse(text), { value: '</script><script>alert(1)</script><!--' });
});
