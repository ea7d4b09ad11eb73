/**
 * `renderDiffHtmlParts`: the diff in pieces for a page that embeds it (the viewer). The
 * stylesheet must not restyle the embedding page: every selector is scoped under the
 * wrapper class, and the body is one wrapper element. The whole document is built from
 * the same parts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffReports } from '../../src/diff/index.js';
import { DIFF_WRAPPER_CLASS, renderDiffHtml, renderDiffHtmlParts } from '../../src/report/diff-html.js';
import { escapeHtml } from '../../src/report/html/escape.js';
import { DEMO_V1, DEMO_V2, HOSTILE, reportOf } from './reports.js';

/** Every selector of a style sheet, @-rule preludes (@media …) left out. */
function selectors(css: string): string[] {
  return [...css.matchAll(/([^{}]*)\{/g)]
    .map((match) => (match[1] as string).trim())
    .filter((prelude) => !prelude.startsWith('@'))
    .flatMap((prelude) => prelude.split(',').map((selector) => selector.trim()));
}

// [name, old, new]
const PAIRS = [
  ['demo v1 -> v2', DEMO_V1, DEMO_V2],
  ['demo -> hostile strings (app markup in every field)', DEMO_V1, HOSTILE],
  ['self-diff (no sections at all)', DEMO_V1, DEMO_V1],
] as const;

for (const [name, oldPath, newPath] of PAIRS) {
  test(`diff HTML parts: ${name}`, () => {
    const diff = diffReports(reportOf(oldPath), reportOf(newPath));
    const parts = renderDiffHtmlParts(diff);
    const found = selectors(parts.css);
    assert.ok(found.length > 10, 'the sheet was read');
    for (const selector of found)
      assert.ok(
        selector === `.${DIFF_WRAPPER_CLASS}` || selector.startsWith(`.${DIFF_WRAPPER_CLASS} `),
        `unscoped selector: ${selector}`,
      );
    assert.ok(parts.body.startsWith(`<div class="${DIFF_WRAPPER_CLASS}">`));
    assert.ok(parts.body.endsWith('</div>'));
    assert.doesNotMatch(parts.body, /<(html|head|body|style|script)[\s>]/i);
    assert.ok(parts.title.startsWith('What changed: '));
    const document = renderDiffHtml(diff);
    assert.ok(document.includes(parts.body), 'the document holds the same body');
    assert.ok(document.includes(parts.css), 'and the same sheet');
    assert.ok(document.includes(`<title>${escapeHtml(parts.title)}</title>`));
  });
}
