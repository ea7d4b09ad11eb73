/**
 * Our own renderers' output placed inside a viewer page. The diff renderer gives its
 * content in pieces (`renderDiffHtmlParts`): a stylesheet whose every rule is scoped
 * under its wrapper element (so the viewer's body, tables and colour scheme stay the
 * viewer's), and body markup in which every app string already went through escapeHtml.
 * Nothing here parses or cuts up a document.
 */
import type { ReportDiff } from '../diff/types.js';
import { renderDiffHtmlParts } from '../report/diff-html.js';
import { trusted, type Trusted } from '../report/html/escape.js';

export interface EmbeddedDocument {
  /** Plain text (escape it where it is placed). */
  readonly title: string;
  readonly css: string;
  readonly body: Trusted;
}

export function embedDiff(diff: ReportDiff): EmbeddedDocument {
  const parts = renderDiffHtmlParts(diff);
  return { title: parts.title, css: parts.css, body: trusted(parts.body) };
}
