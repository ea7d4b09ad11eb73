/**
 * What "escaped everywhere" means for a viewer page, checked on the markup text: every
 * <script> element is one of ours (a same-origin src, or a JSON data block), no element
 * carries an event-handler attribute, and no link or form points off the viewer or at
 * a javascript: URL.
 */

/** Start tags in the markup: `<name attributes…>`. Escaped app text (`&lt;img …`) is not a tag. */
function startTags(markup: string): string[] {
  return markup.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

/** Problems found; empty when the page is clean. */
export function markupProblems(markup: string): string[] {
  const problems: string[] = [];
  for (const tag of startTags(markup)) {
    const name = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(tag)?.[1]?.toLowerCase();
    if (
      name === 'script' &&
      !/^<script src="\/[^"]*" defer>$/.test(tag) &&
      !/^<script type="application\/json"[^>]*>$/.test(tag)
    ) {
      problems.push(`foreign script tag: ${tag}`);
    }
    // An attribute named on… anywhere in a real tag (after whitespace, quote or slash, which HTML treats as separators).
    if (/[\s"'/]on[a-z]+\s*=/i.test(tag)) problems.push(`event-handler attribute: ${tag}`);
    for (const match of tag.matchAll(/\s(href|src|action|formaction)\s*=\s*"([^"]*)"/gi)) {
      const target = match[2] as string;
      if (!/^(\/|#|\?)/.test(target) || target.startsWith('//'))
        problems.push(`${match[1]} leaving the viewer: ${tag}`);
    }
    if (/^<(iframe|object|embed|base|meta http-equiv="refresh")/i.test(tag))
      problems.push(`unexpected element: ${tag}`);
  }
  return problems;
}
