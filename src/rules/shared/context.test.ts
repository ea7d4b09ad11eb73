import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScanContext } from './context.js';
import { demoModel } from '../../../test/findings/models.js';
import { extractForms } from '../../model/forms/index.js';
import { Resources } from '../../model/resources/index.js';

test('ScanContext.forms: an APK is extracted once per table set, with what extractForms gives', () => {
  const app = demoModel();
  const context = new ScanContext([app]);
  const forms = context.forms(app, app.resources);
  assert.ok(forms.length > 0);
  assert.deepEqual(forms, extractForms(app));
  // The forms rule and the flows rule ask alike: the second gets the same extraction.
  assert.equal(context.forms(app, app.resources), forms);
  // Other tables (a base with its splits) are another extraction.
  const combined = new Resources(app.resources?.tables ?? []);
  const again = context.forms(app, combined);
  assert.notEqual(again, forms);
  assert.deepEqual(again, forms);
});
