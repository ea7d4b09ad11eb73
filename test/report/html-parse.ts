/**
 * A small HTML tokenizer for the report tests: start tags with their attributes,
 * and the raw text of <script>/<style> elements. It follows the HTML tokenizer
 * closely enough for our question (which elements and attributes exist in the page),
 * and refuses to guess: a `<` that starts a tag it cannot read fails the test.
 */
export interface StartTag {
  readonly name: string;
  readonly attributes: ReadonlyArray<{ readonly name: string; readonly value: string; readonly quoted: boolean }>;
  /** Text up to the matching end tag, for script and style. */
  readonly rawText?: string;
}

const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title']);
const ATTRIBUTE = /^\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return (
      ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[body.toLowerCase()] ?? entity
    );
  });
}

export function startTags(document: string): StartTag[] {
  const tags: StartTag[] = [];
  let position = 0;
  while (position < document.length) {
    const open = document.indexOf('<', position);
    if (open < 0) break;
    const rest = document.slice(open);
    if (rest.startsWith('<!--')) {
      const end = document.indexOf('-->', open + 4);
      position = end < 0 ? document.length : end + 3;
      continue;
    }
    if (/^<![a-z]/i.test(rest) || /^<\//.test(rest)) {
      position = document.indexOf('>', open) + 1 || document.length;
      continue;
    }
    const name = /^<([a-z][a-z0-9-]*)/i.exec(rest)?.[1];
    if (!name) {
      // A bare '<' in text: browsers treat it as text, but our escaping never emits one.
      throw new Error(`unescaped '<' at ${open}: ${JSON.stringify(document.slice(open, open + 40))}`);
    }
    let cursor = open + 1 + name.length;
    const attributes: Array<{ name: string; value: string; quoted: boolean }> = [];
    for (;;) {
      const match = ATTRIBUTE.exec(document.slice(cursor));
      if (!match) break;
      attributes.push({
        name: match[1]!.toLowerCase(),
        value: decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''),
        quoted: match[2] !== undefined || match[4] === undefined,
      });
      cursor += match[0].length;
    }
    const close = /^\s*\/?>/.exec(document.slice(cursor));
    if (!close)
      throw new Error(`unreadable tag <${name} at ${open}: ${JSON.stringify(document.slice(open, open + 80))}`);
    cursor += close[0].length;
    const lower = name.toLowerCase();
    if (RAW_TEXT_ELEMENTS.has(lower)) {
      const end = document.toLowerCase().indexOf(`</${lower}`, cursor);
      const stop = end < 0 ? document.length : end;
      tags.push({ name: lower, attributes, rawText: document.slice(cursor, stop) });
      position = stop;
    } else {
      tags.push({ name: lower, attributes });
      position = cursor;
    }
  }
  return tags;
}

/** Text content of the page (tags removed, entities decoded; script and style dropped). */
export function textContent(document: string): string {
  return decodeEntities(document.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '));
}
