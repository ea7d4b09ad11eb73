/**
 * The page shell shared by every viewer page: the header with the search box, the
 * viewer's stylesheet and script (same-origin files), and helpers for links whose
 * query values come from apps (always URL-encoded, then HTML-escaped by `html`).
 */
import { html, type Trusted } from '../report/html/escape.js';
import { HTML_TYPE, type ViewerResponse } from './http.js';

export interface PageOptions {
  readonly title: string;
  /** Extra markup for <head> (the report's <style>): built by this program only. */
  readonly head?: Trusted;
  /** Same-origin scripts to load after the viewer's own, e.g. the report's script. */
  readonly scripts?: readonly string[];
  /** The search box's current text. */
  readonly query?: string;
  /** Wrap the body in <main> (default); false when the body brings its own <main> (the HTML report). */
  readonly main?: boolean;
}

export function page(body: Trusted, options: PageOptions, status = 200): ViewerResponse {
  const scripts = ['/assets/viewer.js', ...(options.scripts ?? [])];
  const markup = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} · apkwitness</title>
<link rel="stylesheet" href="/assets/viewer.css">
${options.head}
</head>
<body>
<header class="viewer">
<a class="home" href="/">apkwitness case library</a>
<form method="get" action="/search" role="search">
<input type="search" name="q" value="${options.query ?? ''}" placeholder="Search strings, hosts, findings…" aria-label="Search the library">
<button type="submit">Search</button>
</form>
</header>
${options.main === false ? html`<div class="viewer-content">${body}</div>` : html`<main>${body}</main>`}
${scripts.map((source) => html`<script src="${source}" defer></script>\n`)}
</body>
</html>
`;
  return { status, contentType: HTML_TYPE, body: markup.markup };
}

/** `/path?name=value&…`, values percent-encoded (then escaped as an attribute by `html`). */
export function link(path: string, parameters: Readonly<Record<string, string | number | undefined>> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters))
    if (value !== undefined && value !== '') query.set(name, String(value));
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A path segment from app data (a package name), percent-encoded. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
