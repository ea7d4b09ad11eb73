/** Findings of the forms rule: one per form, one per field that asks for a data category. */
import type { Confidence, Finding } from '../../findings/types.js';
import type { AppModel } from '../../model/app-model.js';
import { defaultText, type Form, type FormField } from '../../model/forms/index.js';
import { claimText, englishGloss, GLOSS_SOURCE, GLOSS_SOURCE_ARGUMENT, putText } from '../../text/index.js';
import { classifyField, type FieldCategory } from './classify.js';
import { fieldEvidence, screenEvidence, type TableApks } from './evidence.js';

export const RULE_ID = 'forms';
/** Characters of one app string in a claim (the full string is in the args). */
const CLAIM_TEXT_LENGTH = 80;
/** Summary entries per form finding's `fields` argument. */
const MAX_FIELDS_IN_SUMMARY = 200;

type Args = Record<string, string | number | boolean>;

function fieldName(field: FormField): string {
  return field.id?.name ?? `${field.element}@${field.line}`;
}

function clip(text: string): string {
  return claimText(text.length > CLAIM_TEXT_LENGTH ? `${text.slice(0, CLAIM_TEXT_LENGTH)}…` : text);
}

/** The text a reader sees first: label, else hint, else text; in the default locale, glossed. */
function shownText(field: FormField): string | undefined {
  const text =
    defaultText(field.label?.text) ??
    defaultText(field.texts.find((item) => item.attribute === 'hint')) ??
    defaultText(field.texts[0]);
  if (text === undefined) return undefined;
  const english = englishGloss(text);
  return english === undefined ? `"${clip(text)}"` : `"${clip(text)}" (${clip(english)})`;
}

function screenName(form: Form): string | undefined {
  const names = [
    ...new Set(
      form.screens.map((screen) =>
        screen.viaLayout === undefined ? screen.className : `${screen.className} via ${screen.viaLayout}`,
      ),
    ),
  ];
  return names.length === 0 ? undefined : names.join(', ');
}

/** Flat arguments describing a field's texts in every locale, with glosses. */
function fieldArgs(field: FormField, args: Args): boolean {
  let glossed = false;
  args.field = fieldName(field);
  args.widget = field.element;
  args.kind = field.kind;
  if (field.inputType !== undefined) args.inputType = field.inputType.names.join('|');
  for (const value of field.label?.text.values ?? [])
    glossed = putText(args, `label[${value.locale}]`, value.text) || glossed;
  for (const text of field.texts) {
    if (field.label?.source === 'own-text' && text === field.label.text) continue;
    for (const value of text.values)
      glossed = putText(args, `${text.attribute}[${value.locale}]`, value.text) || glossed;
  }
  for (const locale of field.choices?.locales ?? []) {
    args[`choices[${locale.locale}]`] = locale.items.join(' / ');
    const glosses = locale.items.map((item) => englishGloss(item));
    if (glosses.some((item) => item !== undefined)) {
      glossed = true;
      args[`choices[${locale.locale}].gloss`] = glosses.map((item, index) => item ?? locale.items[index]).join(' / ');
    }
  }
  if (field.choices?.resourceName !== undefined) args.choicesResource = field.choices.resourceName;
  return glossed;
}

function strongIn(category: FieldCategory, prefix: string): boolean {
  return category.sources.some(
    (source) => source.where.startsWith(prefix) && source.terms.some((term) => !term.entry.weak),
  );
}

function confidence(category: FieldCategory): Confidence {
  if (category.fromInputType) return 'high';
  if (strongIn(category, 'label') || strongIn(category, 'hint') || strongIn(category, 'text')) return 'high';
  return 'medium';
}

export function formFindings(app: AppModel, form: Form, tables: TableApks = []): Finding[] {
  const findings: Finding[] = [];
  const screen = screenName(form);
  const formCategories = new Set<string>();
  const summary: Array<Record<string, unknown>> = [];
  for (const field of form.fields) {
    const categories = classifyField(field);
    for (const category of categories) formCategories.add(category.category);
    if (summary.length < MAX_FIELDS_IN_SUMMARY) {
      summary.push({
        field: fieldName(field),
        kind: field.kind,
        shows: shownText(field),
        categories: categories.map((item) => item.category),
      });
    }
    for (const category of categories) {
      const args: Args = { layout: form.layoutName, entry: form.entry, category: category.category };
      if (screen !== undefined) args.screen = screen;
      const glossed = fieldArgs(field, args);
      if (glossed) args[GLOSS_SOURCE_ARGUMENT] = GLOSS_SOURCE;
      args.matchedTerms = category.sources
        .flatMap((source) =>
          source.terms.map(
            (term) => `${term.entry.term} (${term.entry.language}: ${term.entry.english}) in ${source.where}`,
          ),
        )
        .join('; ');
      if (category.fromInputType) args.fromInputType = true;
      findings.push({
        ruleId: RULE_ID,
        code: 'forms.field-asks-for',
        topic: 'form',
        category: category.category,
        claim:
          `The form ${claimText(form.layoutName)}${screen ? ` (shown by ${claimText(screen)})` : ''} asks for ${category.category}: ${field.kind} field ${claimText(fieldName(field))} ${shownText(field) ?? ''}`.trim(),
        args,
        confidence: confidence(category),
        evidence: [...fieldEvidence(app, form, field, tables), ...screenEvidence(app, form)],
      });
    }
  }
  const args: Args = {
    layout: form.layoutName,
    entry: form.entry,
    fieldCount: form.fields.length,
    categories: [...formCategories].sort().join(', '),
    fields: JSON.stringify(summary),
  };
  if (screen !== undefined) args.screen = screen;
  if (summary.some((item) => typeof item.shows === 'string' && item.shows.includes('" (')))
    args[GLOSS_SOURCE_ARGUMENT] = GLOSS_SOURCE;
  findings.unshift({
    ruleId: RULE_ID,
    code: 'forms.form',
    topic: 'form',
    claim: `Layout ${claimText(form.layoutName)}${screen ? ` (shown by ${claimText(screen)})` : ''} is a form with ${form.fields.length} input field(s)${formCategories.size > 0 ? ` asking for ${[...formCategories].sort().join(', ')}` : ''}`,
    args,
    confidence: 'high',
    evidence: [
      ...form.fields.map((field) => ({
        kind: 'xml' as const,
        apkSha256: app.apk.sha256,
        entry: form.entry,
        element: field.element,
        line: field.line,
        offset: field.offset,
      })),
      ...screenEvidence(app, form),
    ],
  });
  return findings;
}
