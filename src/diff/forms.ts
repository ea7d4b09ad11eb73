/**
 * Forms and their fields, compared. The forms rule (src/rules/forms/findings.ts)
 * writes one finding per layout whose code declares a form view (its `fields` list:
 * { field, kind, shows, categories }), and one finding per (field, data category) whose
 * code declares a form-field view (the field's texts and choices in every locale),
 * read through src/scan/catalogue.ts. Fields are matched by layout + field id (or the
 * rule's `Element@line` name for fields without an id, which moves with the layout).
 */
import type { Finding } from '../findings/types.js';
import { formFieldOf, formOf, type FormFieldView } from '../scan/catalogue.js';
import { quoteText } from '../text/annotate.js';
import { compareText, sortedBy } from './keys.js';
import type { FieldChange, FieldText, FieldView, FormsDiff, FormView } from './types.js';

/** Characters of a field's shown text in `shows` (as the forms rule quotes it in claims). */
const SHOWN_TEXT_LENGTH = 80;

function fieldTexts(detail: FormFieldView | undefined): FieldText[] {
  if (!detail) return [];
  const texts = [...detail.texts, ...detail.choices].map((item): FieldText =>
    item.gloss === undefined
      ? { name: item.where, text: item.text }
      : { name: item.where, text: item.text, gloss: item.gloss },
  );
  return sortedBy(texts, (item) => item.name);
}

function formsOf(findings: readonly Finding[]): Map<string, FormView> {
  const forms = new Map<string, FormView>();
  // The first detail finding of each (layout, field): every category's finding lists the same texts.
  const details = new Map<string, FormFieldView>();
  for (const finding of findings) {
    const detail = formFieldOf(finding);
    if (detail === undefined) continue;
    const key = JSON.stringify([detail.layout, detail.field]);
    if (!details.has(key)) details.set(key, detail);
  }
  for (const finding of findings) {
    const form = formOf(finding);
    if (form === undefined) continue;
    const fields: FieldView[] = form.fields.map((item) => {
      const detail = details.get(JSON.stringify([form.layout, item.field]));
      return {
        field: item.field,
        ...(item.kind !== undefined ? { kind: item.kind } : {}),
        ...(detail?.widget !== undefined ? { widget: detail.widget } : {}),
        ...(detail?.inputType !== undefined ? { inputType: detail.inputType.join('|') } : {}),
        ...(item.shows !== undefined ? { shows: quoteText(item.shows, SHOWN_TEXT_LENGTH) } : {}),
        categories: [...item.categories].sort(compareText),
        texts: fieldTexts(detail),
      };
    });
    forms.set(form.layout, {
      layout: form.layout,
      ...(form.entry !== undefined ? { entry: form.entry } : {}),
      ...(form.screen !== undefined ? { screen: form.screen } : {}),
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
