/**
 * Form fields: added, removed, relabelled and changed, on the demo report with its
 * forms findings rewritten the way a new version would change them, and with the
 * `fields` argument damaged (a saved report is input: arguments that do not fit their
 * code's declaration are not read as a form at all).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffReports } from '../../src/diff/index.js';
import type { ScanReport } from '../../src/scan/scan.js';
import type { Finding } from '../../src/findings/types.js';
import { DEMO_V1, reportOf } from './reports.js';

/** Input fields of the demo's survey form (fixtures/demo/res/layout/survey_form.xml). */
const DEMO_FIELD_COUNT = 7;

type Summary = Array<{ field: string; kind: string; shows?: { text: string; gloss?: string }; categories: string[] }>;
type Text = { role: string; locale: string; text: string; gloss?: string };

/** The demo report with the survey form's summary (and the religion field's texts) rewritten. */
function rewritten(
  editSummary: (fields: Summary) => unknown,
  editReligionArgs: (args: Finding['args']) => Finding['args'] = (args) => args,
): ScanReport {
  const report = reportOf(DEMO_V1);
  const findings = report.findings.map((finding) => {
    if (finding.code === 'forms.form')
      return {
        ...finding,
        args: {
          ...finding.args,
          fields: editSummary(finding.args.fields as unknown as Summary) as Finding['args'][string],
        },
      };
    if (finding.code === 'forms.field-asks-for' && finding.args.field === 'id/spinner_religion')
      return { ...finding, args: editReligionArgs(finding.args) };
    return finding;
  });
  return { ...report, findings };
}

const CASES: ReadonlyArray<readonly [string, ScanReport, ReadonlyArray<readonly [string, string]>]> = [
  [
    'a field removed',
    rewritten((fields) => fields.filter((field) => field.field !== 'id/edit_plate')),
    [['id/edit_plate', 'removed']],
  ],
  [
    'the shown label of a field changed (relabelled)',
    rewritten((fields) =>
      fields.map((field) =>
        field.field === 'id/edit_name' ? { ...field, shows: { text: 'Full legal name' } } : field,
      ),
    ),
    [['id/edit_name', 'relabelled']],
  ],
  [
    'a Chinese label changed but the shown English one did not (relabelled)',
    rewritten(
      (fields) => fields,
      (args) => ({
        ...args,
        texts: (args.texts as unknown as Text[]).map((text) =>
          text.role === 'label' && text.locale === 'zh-rCN' ? { ...text, text: '信仰', gloss: 'belief' } : text,
        ),
      }),
    ),
    [['id/spinner_religion', 'relabelled']],
  ],
  [
    'a choice list changed (relabelled)',
    rewritten(
      (fields) => fields,
      (args) => ({
        ...args,
        choices: (args.choices as unknown as Array<{ locale: string; items: unknown[] }>).map((list) =>
          list.locale === 'zh-rCN' ? { ...list, items: list.items.slice(0, 2) } : list,
        ) as unknown as Finding['args'][string],
      }),
    ),
    [['id/spinner_religion', 'relabelled']],
  ],
  [
    'the categories of a field changed, texts the same (changed)',
    rewritten((fields) =>
      fields.map((field) => (field.field === 'id/edit_name' ? { ...field, categories: ['ethnicity'] } : field)),
    ),
    [['id/edit_name', 'changed']],
  ],
  ['fields as JSON text (version 2), not a list', rewritten(() => '[{"field": "id/edit_name"}]'), []],
  ['fields of the wrong shape (an object, not a list)', rewritten(() => ({ field: 'x' })), []],
  ['fields with items that are not objects (numbers, null)', rewritten(() => [1, null, 'x']), []],
  ['fields with an item lacking its categories', rewritten(() => [{ field: 'id/edit_name', kind: 'text' }]), []],
];

for (const [trick, newReport, expected] of CASES) {
  test(`form fields: ${trick}`, () => {
    const diff = diffReports(reportOf(DEMO_V1), newReport);
    const changes = diff.forms.fields.map((change) => [change.field, change.change] as const);
    if (expected.length > 0) assert.deepEqual(changes, expected);
    // Damaged input: the finding is not read as a form, so the form reads as removed; nothing invented.
    else {
      assert.deepEqual(changes, []);
      assert.deepEqual(
        diff.forms.removed.map((form) => [form.layout, form.fields.length]),
        [['survey_form', DEMO_FIELD_COUNT]],
      );
    }
  });
}

test('form fields: a relabelled field carries both versions of its texts, with glosses', () => {
  const diff = diffReports(
    reportOf(DEMO_V1),
    rewritten(
      (fields) => fields,
      (args) => ({
        ...args,
        texts: (args.texts as unknown as Text[]).map((text) =>
          text.role === 'label' && text.locale === 'zh-rCN' ? { ...text, text: '信仰', gloss: 'belief' } : text,
        ),
      }),
    ),
  );
  const change = diff.forms.fields[0];
  assert.equal(change?.old?.texts.find((text) => text.name === 'label[zh-rCN]')?.text, '宗教信仰');
  assert.deepEqual(
    change.new?.texts.find((text) => text.name === 'label[zh-rCN]'),
    { name: 'label[zh-rCN]', text: '信仰', gloss: 'belief' },
  );
});
