/**
 * Escaping for HTML output. Every string that comes from an app (labels, strings,
 * class names, URLs, file names) is untrusted: it goes through these functions and
 * nothing else reaches the page. Only text and quoted attribute values are ever
 * produced from app data, never element names, unquoted attributes, URLs that could
 * be followed (`href`), script or style content.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

// C0/C1 controls (but tab and newline) and the bidi overrides and isolates that can make
// text display in another order than it is stored (Trojan Source, CVE-2021-42574):
// shown as visible \u{…} escapes so a reader sees that they are there.
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Controls and bidi overrides shown as visible `\\u{…}` escapes (also used by the Markdown and SARIF renderers). */
export function visibleControls(text: string): string {
  return text.replace(INVISIBLE, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`);
}

/** Text content or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return visibleControls(text).replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character] as string);
}

/** Tagged template: interpolated values are escaped unless wrapped with `trusted()`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Trusted {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new Trusted(out);
}

/** Markup built by this program (never from app data). */
export class Trusted {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export function trusted(markup: string): Trusted {
  return new Trusted(markup);
}

/** What a template may interpolate: markup, text and numbers (escaped), or nothing. */
type HtmlValue = Trusted | string | number | boolean | null | undefined | readonly HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value instanceof Trusted) return value.markup;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** JSON for a `<script type="application/json">` block: `<` escaped so `</script>` and `<!--` cannot occur. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
