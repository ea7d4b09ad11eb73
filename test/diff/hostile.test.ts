/**
 * Hostile strings in the diff: hostile-strings.apk (fixtures/hostile) carries
 * script tags, event-handler attributes, ANSI escapes and bidi overrides in its
 * labels, strings and names. Diffed against the demo in both directions, no app
 * string may become markup in HTML or Markdown, or a control sequence in text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffReports } from '../../src/diff/index.js';
import { renderDiff } from '../../src/cli/diff.js';
import { escapeMarkdown } from '../../src/report/diff-markdown.js';
import { DEMO_V1, HOSTILE, reportOf } from './reports.js';

const DIRECTIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['demo → hostile', DEMO_V1, HOSTILE],
  ['hostile → demo', HOSTILE, DEMO_V1],
];

/** An attribute whose name starts with `on` inside a tag: `<img src=x onerror=…>`. */
const EVENT_ATTRIBUTE = /<[^>]*\son[a-z]+\s*=/i;

for (const [name, oldPath, newPath] of DIRECTIONS) {
  test(`hostile strings, ${name}: the HTML has no script, no event attribute, no markup from the app`, () => {
    const diff = diffReports(reportOf(oldPath), reportOf(newPath));
    const page = renderDiff(diff, 'html');
    // The fixture really is hostile: its strings reach the page, escaped.
    assert.match(page, /&lt;script/i, 'the hostile <script> strings appear as text');
    assert.equal((page.match(/<script/gi) ?? []).length, 0, 'our page has no script at all');
    assert.doesNotMatch(page, EVENT_ATTRIBUTE);
    assert.doesNotMatch(page, /<(img|iframe|svg|a|object|embed|link|meta http-equiv="refresh")\b/i);
    assert.doesNotMatch(page, /[\u202a-\u202e\u2066-\u2069]/, 'bidi controls are made visible');
    assert.doesNotMatch(page, /\u001b/);
  });

  test(`hostile strings, ${name}: Markdown has no raw HTML or link syntax from the app; text has no control sequences`, () => {
    const diff = diffReports(reportOf(oldPath), reportOf(newPath));
    const markdown = renderDiff(diff, 'md');
    assert.doesNotMatch(markdown, /<[a-z!/]/i, 'no raw HTML tag');
    assert.doesNotMatch(markdown, /(?<!\\)\]\(/, 'no unescaped link');
    assert.doesNotMatch(markdown, /(?<!\\)https?:\/\//, 'no autolinked URL');
    const text = renderDiff(diff, 'text');
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
}

const MARKDOWN_TRICKS: ReadonlyArray<readonly [string, string, string]> = [
  ['raw HTML', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
  ['a link', '[click](https://evil.example)', '\\[click\\](https\\://evil.example)'],
  ['an image', '![x](https://evil.example/p.png)', '\\!\\[x\\](https\\://evil.example/p.png)'],
  ['a bare URL (GFM autolink)', 'https://evil.example', 'https\\://evil.example'],
  ['a bare www name (GFM autolink)', 'www.evil.example', 'www\\.evil.example'],
  ['an e-mail address (GFM autolink)', 'me@evil.example', 'me\\@evil.example'],
  ['a table cell break', 'a | b', 'a \\| b'],
  ['emphasis and code', '*a* _b_ `c`', '\\*a\\* \\_b\\_ \\`c\\`'],
  ['a nested list marker at the start', '+ item', '\\+ item'],
  ['an ordered list marker at the start', '1. item', '1\\. item'],
  ['a heading marker at the start', '# title', '\\# title'],
  ['an ANSI escape (made visible by safeText, its backslash kept literal)', '\u001b[31mred', '\\\\x1b\\[31mred'],
  ['a newline (forging a line)', 'a\n- forged', 'a\\\\u000a- forged'],
];

for (const [trick, input, expected] of MARKDOWN_TRICKS) {
  test(`Markdown escaping: ${trick}`, () => assert.equal(escapeMarkdown(input), expected));
}
