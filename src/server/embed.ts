/**
 * Embedding a page that one of our own renderers made as a whole document (the diff's
 * `renderDiffHtml`) inside a viewer page: its <style> text and its <body> content.
 *
 * This only ever reads markup this program generated. App strings in it went through
 * escapeHtml, so none of them can contain a literal `<`, and the first `<style>`, the
 * first `<body>` and the last `</body>` are necessarily the renderer's own tags.
 */
import { trusted, type Trusted } from '../report/html/escape.js';

export interface EmbeddedDocument {
  readonly css: string;
  readonly body: Trusted;
}

export function embedDocument(document: string): EmbeddedDocument {
  const styleStart = document.indexOf('<style>');
  const styleEnd = styleStart < 0 ? -1 : document.indexOf('</style>', styleStart);
  const css = styleStart >= 0 && styleEnd > styleStart ? document.slice(styleStart + '<style>'.length, styleEnd) : '';
  const bodyOpen = /<body[^>]*>/.exec(document);
  const bodyEnd = document.lastIndexOf('</body>');
  const body = bodyOpen && bodyEnd > bodyOpen.index ? document.slice(bodyOpen.index + bodyOpen[0].length, bodyEnd) : '';
  return { css, body: trusted(body) };
}
