/**
 * Forms and their fields, compared. The forms rule (src/rules/forms/findings.ts)
 * writes one `forms.form` finding per layout, whose `fields` argument lists every
 * field as JSON ({ field, kind, shows, categories }), and one
 * `forms.field-asks-for` finding per (field, data category) whose arguments hold
 * the field's texts in every locale: `label[zh-rCN]`, `label[zh-rCN].gloss`,
 * `hint[]`, `choices[ru]`… Fields are matched by layout + field id (or the rule's
 * `Element@line` name for fields without an id, which moves with the layout).
 */
import type { Finding } from '../findings/types.js';
import { compareText, sortedBy } from './keys.js';
import type { FieldChange, FieldText, FieldView, FormsDiff, FormView } from './types.js';

/** `label[zh-rCN]`, `hint[]`, `choices[ru]`, `text[]`: a text argument; `.gloss` follows it. */
const TEXT_ARGUMENT = /^([a-zA-Z]+\[[^\]]*\])$/;
const GLOSS_SUFFIX = '.gloss';

interface SummaryField {
  readonly field?: unknown;
  readonly kind?: unknown;
  readonly shows?: unknown;
  readonly categories?: unknown;
}

/** The `fields` argument, read defensively: it is JSON written by another version of the rule, or by hand. */
function summaryFields(finding: Finding): SummaryField[] {
  const fields = finding.args.fields;
  if (typeof fields !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(fields);
    return Array.isArray(parsed)
      ? parsed.filter((item): item is SummaryField => typeof item === 'object' && item !== null)
      : [];
  } catch {
    return [];
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function fieldTexts(finding: Finding | undefined): FieldText[] {
  if (!finding) return [];
  const texts: FieldText[] = [];
  for (const [name, value] of Object.entries(finding.args)) {
    if (!TEXT_ARGUMENT.test(name) || typeof value !== 'string') continue;
    const gloss = finding.args[`${name}${GLOSS_SUFFIX}`];
    texts.push(typeof gloss === 'string' ? { name, text: value, gloss } : { name, text: value });
  }
  return sortedBy(texts, (item) => item.name);
}

function formsOf(findings: readonly Finding[]): Map<string, FormView> {
  const forms = new Map<string, FormView>();
  // The first detail finding of each (layout, field): every category's finding lists the same texts.
  const details = new Map<string, Finding>();
  for (const finding of findings) {
    if (finding.code !== 'forms.field-asks-for') continue;
    const key = JSON.stringify([finding.args.layout, finding.args.field]);
    if (!details.has(key)) details.set(key, finding);
  }
  for (const finding of findings) {
    if (finding.code !== 'forms.form') continue;
    const layout = String(finding.args.layout ?? '');
    const fields: FieldView[] = summaryFields(finding).map((item) => {
      const field = text(item.field) ?? '';
      const detail = details.get(JSON.stringify([finding.args.layout, field]));
      const categories = Array.isArray(item.categories)
        ? item.categories.filter((category): category is string => typeof category === 'string')
        : [];
      return {
        field,
        ...(text(item.kind) !== undefined ? { kind: text(item.kind) } : {}),
        ...(text(detail?.args.widget) !== undefined ? { widget: text(detail?.args.widget) } : {}),
        ...(text(detail?.args.inputType) !== undefined ? { inputType: text(detail?.args.inputType) } : {}),
        ...(text(item.shows) !== undefined ? { shows: text(item.shows) } : {}),
        categories: [...categories].sort(compareText),
        texts: fieldTexts(detail),
      };
    });
    forms.set(layout, {
      layout,
      ...(text(finding.args.entry) !== undefined ? { entry: text(finding.args.entry) } : {}),
      ...(text(finding.args.screen) !== undefined ? { screen: text(finding.args.screen) } : {}),
      fields,
    });
  }
  return forms;
}

function textsDiffer(before: FieldView, after: FieldView): boolean {
  if (before.shows !== after.shows) return true;
  const describe = (view: FieldView): string => JSON.stringify(view.texts.map((item) => [item.name, item.text]));
  // The forms rule lists texts only for fields with a data category: compare them only when both sides have them.
  return before.texts.length > 0 && after.texts.length > 0 && describe(before) !== describe(after);
}

function otherwiseDiffer(before: FieldView, after: FieldView): boolean {
  return (
    before.kind !== after.kind ||
    before.widget !== after.widget ||
    before.inputType !== after.inputType ||
    before.categories.join(',') !== after.categories.join(',')
  );
}

function fieldChanges(layout: string, before: FormView, after: FormView): FieldChange[] {
  const changes: FieldChange[] = [];
  const oldFields = new Map(before.fields.map((field) => [field.field, field]));
  const newFields = new Map(after.fields.map((field) => [field.field, field]));
  for (const field of before.fields)
    if (!newFields.has(field.field)) changes.push({ layout, field: field.field, change: 'removed', old: field });
  for (const field of after.fields) {
    const previous = oldFields.get(field.field);
    if (!previous) changes.push({ layout, field: field.field, change: 'added', new: field });
    else if (textsDiffer(previous, field))
      changes.push({ layout, field: field.field, change: 'relabelled', old: previous, new: field });
    else if (otherwiseDiffer(previous, field))
      changes.push({ layout, field: field.field, change: 'changed', old: previous, new: field });
  }
  return changes;
}

export function diffForms(oldFindings: readonly Finding[], newFindings: readonly Finding[]): FormsDiff {
  const before = formsOf(oldFindings);
  const after = formsOf(newFindings);
  const fields: FieldChange[] = [];
  for (const [layout, form] of after) {
    const previous = before.get(layout);
    if (previous) fields.push(...fieldChanges(layout, previous, form));
  }
  return {
    added: sortedBy(
      [...after.values()].filter((form) => !before.has(form.layout)),
      (form) => form.layout,
    ),
    removed: sortedBy(
      [...before.values()].filter((form) => !after.has(form.layout)),
      (form) => form.layout,
    ),
    // Layout order, then field order as the layout lists them (removed fields first).
    fields: [...fields].sort((a, b) => compareText(a.layout, b.layout)),
  };
}
