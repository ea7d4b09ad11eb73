/**
 * The files a batch could not analyse (crash, timeout, out of memory, unreadable
 * format), with the error it recorded: a hostile file is evidence too. File names and
 * messages come from the files: escaped like every app string.
 */
import { html } from '../../report/html/escape.js';
import type { CaseLibrary } from '../../store/index.js';
import type { ViewerResponse } from '../http.js';
import { page, plural } from '../layout.js';

export async function errorsPage(library: CaseLibrary): Promise<ViewerResponse> {
  const errors = await library.errors();
  const body = html`<h1>Files not analysed</h1>
<p class="muted">${plural(errors.length, 'file')} · <a href="/api/errors">JSON</a></p>
<table id="errors">
<thead><tr><th>File</th><th>Error</th><th>apkwitness</th><th>When</th></tr></thead>
<tbody>
${errors.map((error) => html`<tr><td><code>${error.path}</code><br><code class="muted">${error.inputSha256}</code></td><td><span class="tag">${error.kind}</span> ${error.message}</td><td>${error.toolVersion}</td><td>${error.at}</td></tr>\n`)}
</tbody>
</table>`;
  return page(body, { title: 'Files not analysed' });
}
