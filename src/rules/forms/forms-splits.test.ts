/**
 * Forms of an app split into a base APK and language splits: labels, hints and
 * choice lists resolve across the base's and the splits' resource tables, and
 * each value is cited in the APK that holds it. Real: AppManager's base.apk and
 * config.zh.apk (Chinese strings only in the split). Synthetic: the demo app's
 * table cut into a base without zh and a zh-only split.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AppModel } from '../../model/app-model.js';
import type { ResourceTable } from '../../formats/arsc/types.js';
import { Resources } from '../../model/resources/index.js';
import { combinedResources, extractForms, type LocalizedValue } from '../../model/forms/index.js';
import { repositoryRoot, needs } from '../../../test/support/corpus.js';
import { appModelFromFile } from '../../../test/text/app-model-fixture.js';
import { corpusModel, handBuiltModel } from '../../../test/findings/models.js';
import { runRule } from '../../../test/findings/rule-tester.js';
import type { Finding } from '../../findings/types.js';
import { formFieldOf } from '../../scan/catalogue.js';
import { rule } from './index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

/** The text of a field finding at `where` (`label[zh-rCN]`, `choices[zh-rCN]`). */
function textAt(finding: Finding | undefined, where: string): string | undefined {
  const view = finding === undefined ? undefined : formFieldOf(finding);
  return [...(view?.texts ?? []), ...(view?.choices ?? [])].find((text) => text.where === where)?.text;
}

function formValues(app: AppModel, apks: readonly AppModel[]): LocalizedValue[] {
  return extractForms(app, combinedResources(apks).resources).flatMap((form) =>
    form.fields.flatMap((field) =>
      [...(field.label ? [field.label.text] : []), ...field.texts].flatMap((text) => text.values),
    ),
  );
}

test(
  'forms across splits: AppManager base.apk resolves its Chinese labels from config.zh.apk, and only with it',
  CORPUS,
  () => {
    const base = corpusModel('appmanager-splits/AppManager_v2.5.22/base.apk');
    const zh = corpusModel('appmanager-splits/AppManager_v2.5.22/config.zh.apk');
    assert.deepEqual(
      formValues(base, [base]).filter((value) => value.locale.startsWith('zh')),
      [],
    );
    const together = formValues(base, [base, zh]);
    // (dialog_disclaimer exists as res/layout and res/layout-v22: each distinct value once)
    const agree = [
      ...new Set(
        together
          .filter((value) => value.resourceName === 'string/disclaimer_agree_forever')
          .map((value) => JSON.stringify([value.locale, value.text, value.tableIndex])),
      ),
    ].map((text) => JSON.parse(text) as [string, string, number]);
    assert.deepEqual(
      agree.filter(([locale]) => locale === 'zh-rCN' || locale === 'zh-rTW'),
      [
        ['zh-rCN', '不再显示', 1],
        ['zh-rTW', '不再顯示此訊息', 1],
      ],
    );
    // the default value still comes from the base (table 0)
    assert.deepEqual(
      agree.filter(([locale]) => locale === '').map(([, , table]) => table),
      [0],
    );
    // a split of another package is not mixed in (apksOfSameApp), and the ABI split adds nothing
    const other = corpusModel('appmanager-splits/dnsfilter.android.apk');
    const abi = corpusModel('appmanager-splits/AppManager_v2.5.22/config.arm64_v8a.apk');
    const formsAlone = runRule(rule, base).length;
    assert.equal(runRule(rule, [base, other, abi]).length, formsAlone);
  },
);

/** The demo's table with only the types whose language passes `keep`. */
function cutTable(table: ResourceTable, keep: (language: string) => boolean): ResourceTable {
  return {
    ...table,
    packages: table.packages.map((pkg) => ({ ...pkg, types: pkg.types.filter((type) => keep(type.config.language)) })),
  };
}

test('forms across splits (synthetic): the demo cut into a base without zh and a zh-only split gets its zh labels back, cited in the split', () => {
  const demo = appModelFromFile(join(repositoryRoot, 'fixtures/demo/field-survey.apk'));
  const [table] = demo.resources?.tables ?? [];
  assert.ok(table);
  const base: AppModel = { ...demo, resources: new Resources([cutTable(table, (language) => language !== 'zh')]) };
  const split = handBuiltModel({
    apk: { path: 'config.zh.apk', sha256: '5'.repeat(64), size: 0, splitName: 'config.zh' },
    manifest: { packageName: demo.manifest?.packageName ?? '' },
    resources: new Resources([cutTable(table, (language) => language === 'zh')]),
  });
  const idField = (findings: readonly Finding[]) =>
    findings.find((finding) => finding.code === 'forms.field-asks-for' && finding.args.field === 'id/edit_id_number');
  assert.equal(textAt(idField(runRule(rule, base)), 'label[zh-rCN]'), undefined);
  const together = idField(runRule(rule, [base, split]));
  assert.equal(textAt(together, 'label[zh-rCN]'), '身份证号码');
  const cited = together?.evidence
    .filter((evidence) => evidence.kind === 'resource' && evidence.locale === 'zh-rCN')
    .map((evidence) => evidence.apkSha256);
  assert.ok(cited !== undefined && cited.length > 0 && cited.every((sha) => sha === split.apk.sha256));
  const religion = runRule(rule, [base, split]).find((finding) => finding.args.field === 'id/spinner_religion');
  assert.equal(textAt(religion, 'choices[zh-rCN]'), '无 / 伊斯兰教 / 佛教 / 基督教 / 其他');
  // The split alone has no layouts: nothing to claim.
  assert.deepEqual(runRule(rule, [split, base]), []);
});
