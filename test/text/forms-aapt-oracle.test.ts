/**
 * Forms oracle on the real corpus: for every layout with input fields in a
 * sample of corpus apps, the input widgets we find (element name and line)
 * are exactly those `aapt dump xmltree` prints for that layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '../../src/formats/diagnostics.js';
import { buildAppModel } from '../../src/model/app-model-build.js';
import { extractForms, fieldKind } from '../../src/model/forms/index.js';
import { corpusApks, readCorpus, runTool, needs } from '../support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS_AAPT = { skip: needs('corpus', 'aapt') };

/** Layouts compared at most (each is one aapt run; keeps the file well under a minute). */
const MAX_LAYOUTS = 150;

test('input widgets and their lines match aapt dump xmltree on corpus layouts', CORPUS_AAPT, () => {
  let layouts = 0;
  let fields = 0;
  const apps = new Set<string>();
  for (const file of corpusApks().filter((candidate) => candidate.name.endsWith('.apk'))) {
    if (layouts >= MAX_LAYOUTS) break;
    let forms;
    try {
      forms = extractForms(buildAppModel(readCorpus(file.name), file.path).model);
    } catch (error) {
      if (error instanceof FormatError) continue;
      throw error;
    }
    for (const form of forms) {
      if (layouts >= MAX_LAYOUTS) break;
      const dump = runTool('aapt', ['dump', 'xmltree', file.path, form.entry]);
      if (dump.status !== 0) continue; // aapt refuses some hostile files; those are covered by the robustness tests
      const expected = [...dump.stdout.matchAll(/^\s*E: (\S+) \(line=(\d+)\)$/gm)]
        .filter((match) => fieldKind(match[1]!) !== undefined)
        .map((match) => `${match[1]}@${match[2]}`);
      const ours = form.fields.map((field) => `${field.element}@${field.line}`);
      assert.deepEqual(ours, expected, `${file.name} ${form.entry}`);
      layouts++;
      fields += ours.length;
      apps.add(file.name);
    }
  }
  console.log(
    `forms oracle: ${layouts} layouts (${fields} input fields) in ${apps.size} corpus apps compared with aapt dump xmltree`,
  );
  assert.ok(layouts >= 50);
});
