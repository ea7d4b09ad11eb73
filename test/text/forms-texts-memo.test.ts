/**
 * Layout texts resolve each string resource once per extraction (LayoutTexts owns
 * the memo): every reference attribute of the demo's and AppManager's layouts
 * (base + zh split) gives the same values as a fresh resolution, a repeated id
 * shares one array, and another extraction starts afresh.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XmlElement } from '../../src/formats/axml/index.js';
import { combinedResources } from '../../src/model/forms/index.js';
import { attributeName, isReference, LayoutTexts, resolveText, resolveValues } from '../../src/model/forms/texts.js';
import { corpusModel, demoModel } from '../findings/models.js';
import { needs } from '../support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

test('memoised layout texts equal fresh resolutions, and repeats share one array', CORPUS, () => {
  const base = corpusModel('appmanager-splits/AppManager_v2.5.22/base.apk');
  const zh = corpusModel('appmanager-splits/AppManager_v2.5.22/config.zh.apk');
  let compared = 0;
  let repeats = 0;
  for (const [app, apks] of [
    [demoModel(), [demoModel()]],
    [base, [base, zh]],
  ] as const) {
    const { resources } = combinedResources(apks);
    assert.ok(resources !== undefined);
    const layout = new LayoutTexts(resources);
    const another = new LayoutTexts(resources);
    const first = new Map<number, unknown>();
    for (const file of app.xmlResources.filter((item) => item.entry.startsWith('res/layout'))) {
      const stack = [file.document.root].filter((root): root is XmlElement => root !== undefined);
      while (stack.length > 0) {
        const element = stack.pop()!;
        for (const attribute of element.attributes) {
          if (!isReference(attribute)) continue;
          const name = attributeName(attribute, resources);
          const text = layout.text(attribute, name);
          const id = attribute.typedValue.data >>> 0;
          const fresh = resolveValues(resources, id);
          assert.deepEqual(text?.values ?? [], fresh, `${file.entry} ${name}`);
          assert.deepEqual(resolveText(attribute, name, resources), text);
          if (text === undefined) continue;
          compared++;
          if (first.has(id)) {
            repeats++;
            assert.equal(text.values, first.get(id), 'one array per id');
          } else {
            first.set(id, text.values);
            assert.notEqual(another.text(attribute, name)?.values, text.values, 'each extraction its own memo');
          }
        }
        for (const child of element.children) if (child.kind === 'element') stack.push(child);
      }
    }
  }
  assert.ok(compared > 50, `${compared} texts`);
  assert.ok(repeats > 0, 'some ids repeat');
});
