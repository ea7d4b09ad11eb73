/**
 * Hostile app strings in every rendered report. hostile-strings.apk and
 * hostile-identifiers.apk (fixtures/hostile) plant script tags, attribute breakouts,
 * javascript: URLs, Markdown links and images, table pipes, bidi overrides and forged
 * line breaks in labels, resources, layouts, manifest names and code. The HTML page is
 * parsed: every element and attribute must be ours. The Markdown must keep every app
 * string inert.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { REPORT_SCRIPT } from '../../src/report/html/script.js';
import { REPORT_CSS } from '../../src/report/html/style.js';
import { markdownCode, markdownText, renderMarkdown } from '../../src/report/markdown.js';
import { startTags, textContent } from './html-parse.js';
import { DEMO_APK, HOSTILE_IDENTIFIERS_APK, HOSTILE_STRINGS_APK, scanned } from './fixtures.js';

/** Every element the report template uses; anything else came from the app. */
const OUR_ELEMENTS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'h1',
  'h2',
  'h3',
  'h4',
  'p',
  'nav',
  'form',
  'label',
  'input',
  'select',
  'option',
  'span',
  'main',
  'section',
  'dl',
  'dt',
  'dd',
  'div',
  'ul',
  'ol',
  'li',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'code',
  'pre',
  'details',
  'summary',
  'strong',
  'br',
  'footer',
  'script',
]);
const OUR_ATTRIBUTES = new Set([
  'lang',
  'charset',
  'name',
  'content',
  'http-equiv',
  'class',
  'id',
  'href',
  'type',
  'placeholder',
  'autocomplete',
  'value',
  'role',
  'aria-label',
  'scope',
  'data-category',
  'data-topic',
  'data-confidence',
  'data-severity',
  'data-kind',
  'data-argument',
  'data-aw-group',
]);

const APPS = [
  ['hostile-strings', HOSTILE_STRINGS_APK],
  ['hostile-identifiers', HOSTILE_IDENTIFIERS_APK],
  ['demo', DEMO_APK],
] as const;

for (const [name, path] of APPS) {
  test(`HTML of ${name}: every element and attribute is the template's; one script, ours; no on*=, no javascript:, no src`, () => {
    const page = renderHtmlReport(scanned(path));
    const tags = startTags(page);
    for (const tag of tags) {
      assert.ok(OUR_ELEMENTS.has(tag.name), `element <${tag.name}> is not the template's`);
      for (const attribute of tag.attributes) {
        assert.ok(
          OUR_ATTRIBUTES.has(attribute.name),
          `attribute ${attribute.name} on <${tag.name}> is not the template's`,
        );
        assert.ok(!attribute.name.startsWith('on'), `event handler ${attribute.name}`);
        assert.ok(attribute.quoted, `unquoted attribute ${attribute.name}`);
        assert.doesNotMatch(
          attribute.value,
          /^\s*(javascript|data|vbscript):/i,
          `${attribute.name}=${attribute.value}`,
        );
        if (attribute.name === 'href') assert.match(attribute.value, /^#[a-z0-9-]+$/, `href ${attribute.value}`);
      }
    }
    const scripts = tags.filter((tag) => tag.name === 'script');
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]?.rawText, REPORT_SCRIPT);
    assert.deepEqual(scripts[0].attributes, []);
    const styles = tags.filter((tag) => tag.name === 'style');
    assert.deepEqual(
      styles.map((style) => style.rawText),
      [REPORT_CSS],
    );
    const policy = tags.find(
      (tag) => tag.name === 'meta' && tag.attributes.some((attribute) => attribute.value === 'Content-Security-Policy'),
    );
    assert.match(
      policy?.attributes.find((attribute) => attribute.name === 'content')?.value ?? '',
      /default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/,
    );
  });
}

test('HTML of hostile-strings shows the attacks as text: the script tag, the attribute breakout and the RTL override made visible', () => {
  const text = textContent(renderHtmlReport(scanned(HOSTILE_STRINGS_APK)));
  assert.ok(text.includes('<script>alert(1)</script>'), 'the app label is shown literally');
  assert.ok(text.includes('"><img src=x onerror=alert(1)>'), 'the attribute breakout is shown literally');
  assert.ok(text.includes('invoice\\u{202e}gpj.exe'), 'the right-to-left override is shown as an escape');
  assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(text), 'no bidi control survives');
});

test('HTML of hostile-identifiers shows the path-traversal entry name literally', () => {
  const text = textContent(renderHtmlReport(scanned(HOSTILE_IDENTIFIERS_APK)));
  assert.ok(
    text.includes('entry name "assets/..\\..\\..\\Windows\\evil.txt" has a ".." segment'),
    'the hostile entry name is shown as text',
  );
});

/** Positions of `character` not escaped by a backslash and outside code spans. */
function unescaped(line: string, characters: string): string[] {
  const found: string[] = [];
  let index = 0;
  while (index < line.length) {
    const character = line[index]!;
    if (character === '\\') {
      index += 2;
      continue;
    }
    if (character === '`') {
      const run = /^`+/.exec(line.slice(index))![0];
      const close = line.indexOf(run, index + run.length);
      if (close > 0) {
        index = close + run.length;
        continue;
      }
    }
    if (characters.includes(character)) found.push(`${character}@${index}`);
    index += 1;
  }
  return found;
}

for (const [name, path] of APPS) {
  test(`Markdown of ${name}: no link, image, HTML, autolink or mention can form; tables keep their columns`, () => {
    const markdown = renderMarkdown(scanned(path));
    let columns = 0;
    for (const line of markdown.split('\n')) {
      // The template itself never writes < > [ ] ! @ or a backtick outside code spans, except its own
      // anchors and links to them (`<a id="f-3"></a>`, `[evidence](#f-3)`): any other unescaped one came from the app.
      const ours = line.replace(/<a id="f-\d+"><\/a>|\[evidence\]\(#f-\d+\)$/g, '');
      assert.deepEqual(unescaped(ours, '<>[]!@'), [], line.slice(0, 200));
      assert.doesNotMatch(line.replace(/`+[^`]*`+/g, ''), /https?:\/\/|www\./, line.slice(0, 200));
      const row = line.trimStart();
      if (!row.startsWith('|')) {
        columns = 0;
        continue;
      }
      const pipes = unescaped(row, '|').length;
      if (columns === 0) columns = pipes;
      else
        assert.equal(
          pipes,
          columns,
          `table row with ${pipes - 1} cells instead of ${columns - 1}: ${row.slice(0, 200)}`,
        );
    }
  });
}

const MARKDOWN_TRICKS: ReadonlyArray<readonly [string, string]> = [
  ['inline link', '[click me](https://evil.example)'],
  ['image', '![x](https://evil.example/p.png)'],
  ['raw HTML', '<img src=x onerror=alert(1)>'],
  ['autolink', 'see http://evil.example and www.evil.example'],
  ['angle autolink', '<https://evil.example>'],
  ['mention and issue reference', '@maintainer #1'],
  ['table breakout', 'a | b | c'],
  ['heading at line start', '# Title'],
  ['forged line break and list', 'x\n- [link](https://evil.example)'],
  ['code span breakout', '`` ` ``'],
  ['emphasis', '**bold** _it_'],
  ['entity', '&lt;script&gt;'],
  ['reference definition', '[x]: https://evil.example'],
];

for (const [trick, input] of MARKDOWN_TRICKS) {
  test(`markdownText: ${trick} stays text on one line`, () => {
    const output = markdownText(input);
    assert.ok(!output.includes('\n'));
    assert.deepEqual(unescaped(output, '<>[]()!@#|*_`&:'), []);
    // Removing the escapes gives back the original (controls shown as \u{…}).
    assert.equal(output.replace(/\\(.)/g, '$1'), input.replace(/\n/g, '\\u{a}'));
  });
}

test('markdownCode: the fence is longer than any backtick run inside', () => {
  assert.equal(markdownCode('a `b` c'), '``a `b` c``');
  assert.equal(markdownCode('`x'), '`` `x ``');
  assert.equal(markdownCode("rm '$(x)'"), "`rm '$(x)'`");
});
