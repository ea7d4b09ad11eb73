/** Findings of the forms rule: one per form, one per field that asks for a data category. */
import type { Confidence, Finding } from '../../findings/types.js';
import type { AppModel } from '../../model/app-model.js';
import { defaultText, type Form, type FormField } from '../../model/forms/index.js';
import { arg, defineCodes, emitter, type ArgsOf } from '../../findings/contract.js';
import { GLOSS_SOURCE_ARG, GLOSSED_TEXT, LOCALE_LIST, MATCHED_TERM, type GlossedText } from '../../findings/args.js';
import { claimText, GLOSS_SOURCE, quoteText, type Glosser } from '../../text/index.js';
import { classifyField, type FieldCategory } from '../shared/field-categories.js';
import { fieldEvidence, screenEvidence, type TableApks } from './evidence.js';

export const RULE_ID = 'forms';
/** Characters of one app string in a claim (the full string is in the args). */
const CLAIM_TEXT_LENGTH = 80;
/** Summary entries per form finding's `fields` argument. */
const MAX_FIELDS_IN_SUMMARY = 200;

const FIELD_KIND = arg.enum(
  'text',
  'choice',
  'checkbox',
  'radio',
  'radio-group',
  'switch',
  'toggle',
  'date',
  'time',
  'rating',
  'slider',
  'number-picker',
);

function shownBy(args: { readonly screen?: string }): string {
  return args.screen !== undefined ? ` (shown by ${claimText(args.screen)})` : '';
}

export const CODES = defineCodes({
  form: {
    topic: 'form',
    summary: 'a layout with at least one input field, with every field summarised',
    args: {
      /** The layout resource's name (`survey_form`), or the file name. */
      layout: arg.string,
      /** The layout's entry: `res/layout/survey_form.xml`. */
      entry: arg.string,
      fieldCount: arg.integer,
      /** Data categories its fields ask for, sorted. */
      categories: arg.list(arg.string),
      /** One summary per field (at most 200): what a reader sees first and what it asks for. */
      fields: arg.list(
        arg.record({
          field: arg.string,
          kind: FIELD_KIND,
          /** The label, else the hint, else the text, in the default locale. */
          shows: arg.optional(GLOSSED_TEXT),
          categories: arg.list(arg.string),
        }),
      ),
      /** The classes (and outer layouts) showing it: `org.a.SurveyActivity via activity_main`. */
      screen: arg.optional(arg.string),
      glossSource: GLOSS_SOURCE_ARG,
    },
    message: (args) =>
      `Layout ${claimText(args.layout)}${shownBy(args)} is a form with ${args.fieldCount} input field(s)${args.categories.length > 0 ? ` asking for ${args.categories.join(', ')}` : ''}`,
    views: {
      identity: ['layout'],
      headline: ['fields'],
      form: { layout: 'layout', fields: 'fields', entry: 'entry', screen: 'screen' },
    },
  },
  'field-asks-for': {
    topic: 'form',
    summary: 'an input field asks for the data category (its texts in any locale, or its input type, name it)',
    args: {
      layout: arg.string,
      entry: arg.string,
      category: arg.string,
      screen: arg.optional(arg.string),
      /** The field's id name, else `Element@line`. */
      field: arg.string,
      /** The element as written: `EditText`, `com.google.android.material.textfield.TextInputEditText`. */
      widget: arg.string,
      kind: FIELD_KIND,
      /** android:inputType flag names: `textPersonName`, `phone`… */
      inputType: arg.optional(arg.list(arg.string)),
      /**
       * Every text of the field in every locale: `role` is `label` (a text shown next to it) or the
       * attribute holding it (`hint`, `text`, `contentDescription`, `met_floatingLabelText`…).
       */
      texts: arg.list(
        arg.record({ role: arg.string, locale: arg.string, text: arg.text, gloss: arg.optional(arg.gloss) }),
      ),
      /** android:entries items in every locale. */
      choices: arg.optional(arg.list(LOCALE_LIST)),
      choicesResource: arg.optional(arg.string),
      /** What a reader sees first (as in the form's `fields`). */
      shows: arg.optional(GLOSSED_TEXT),
      glossSource: GLOSS_SOURCE_ARG,
      /** The lexicon terms that named the category, with where they matched: `label[zh-rCN]`. */
      matchedTerms: arg.list(MATCHED_TERM),
      /** The input type names the category (android:inputType="phone"). */
      fromInputType: arg.optional(arg.boolean),
    },
    message: (args) =>
      `The form ${claimText(args.layout)}${shownBy(args)} asks for ${args.category}: ${args.kind} field ${claimText(args.field)} ${args.shows !== undefined ? quoteText(args.shows, CLAIM_TEXT_LENGTH) : ''}`.trim(),
    views: {
      identity: ['field', 'layout'],
      headline: ['texts', 'choices'],
      formField: {
        layout: 'layout',
        field: 'field',
        texts: 'texts',
        choices: 'choices',
        widget: 'widget',
        inputType: 'inputType',
      },
    },
  },
});
const emit = emitter(RULE_ID, CODES);

type FieldArgs = ArgsOf<(typeof CODES)['field-asks-for']['args']>;

function fieldName(field: FormField): string {
  return field.id?.name ?? `${field.element}@${field.line}`;
}

/** The text a reader sees first: label, else hint, else text; in the default locale, glossed. */
function shownText(field: FormField, glosser: Glosser): GlossedText | undefined {
  const text =
    defaultText(field.label?.text) ??
    defaultText(field.texts.find((item) => item.attribute === 'hint')) ??
    defaultText(field.texts[0]);
  return text === undefined ? undefined : glosser.glossedText(text);
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

/** The field's texts in every locale (the label first), its choices, and whether anything was glossed. */
function fieldTexts(
  field: FormField,
  glosser: Glosser,
): {
  texts: FieldArgs['texts'];
  choices?: FieldArgs['choices'];
  glossed: boolean;
} {
  const texts: Array<FieldArgs['texts'][number]> = [];
  for (const value of field.label?.text.values ?? [])
    texts.push({ role: 'label', locale: value.locale, ...glosser.glossedText(value.text) });
  for (const text of field.texts) {
    if (field.label?.source === 'own-text' && text === field.label.text) continue;
    for (const value of text.values)
      texts.push({ role: text.attribute, locale: value.locale, ...glosser.glossedText(value.text) });
  }
  const choices = field.choices?.locales.map((locale) => ({
    locale: locale.locale,
    items: locale.items.map((item) => glosser.glossedText(item)),
  }));
  const glossed =
    texts.some((text) => text.gloss !== undefined) ||
    (choices ?? []).some((locale) => locale.items.some((item) => item.gloss !== undefined));
  return choices === undefined ? { texts, glossed } : { texts, choices, glossed };
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

/** The findings of one form, its texts glossed by the scan's `glosser` (RuleContext.text). */
export function formFindings(app: AppModel, form: Form, glosser: Glosser, tables: TableApks = []): Finding[] {
  const findings: Finding[] = [];
  const screen = screenName(form);
  const formCategories = new Set<string>();
  const summary: Array<ArgsOf<(typeof CODES)['form']['args']>['fields'][number]> = [];
  for (const field of form.fields) {
    const categories = classifyField(field);
    for (const category of categories) formCategories.add(category.category);
    const shows = shownText(field, glosser);
    if (summary.length < MAX_FIELDS_IN_SUMMARY) {
      summary.push({
        field: fieldName(field),
        kind: field.kind,
        ...(shows !== undefined ? { shows } : {}),
        categories: categories.map((item) => item.category),
      });
    }
    if (categories.length === 0) continue;
    const { texts, choices, glossed } = fieldTexts(field, glosser);
    for (const category of categories) {
      const args: FieldArgs = {
        layout: form.layoutName,
        entry: form.entry,
        category: category.category,
        ...(screen !== undefined ? { screen } : {}),
        field: fieldName(field),
        widget: field.element,
        kind: field.kind,
        ...(field.inputType !== undefined ? { inputType: field.inputType.names } : {}),
        texts,
        ...(choices !== undefined ? { choices } : {}),
        ...(field.choices?.resourceName !== undefined ? { choicesResource: field.choices.resourceName } : {}),
        ...(shows !== undefined ? { shows } : {}),
        ...(glossed ? { glossSource: GLOSS_SOURCE } : {}),
        matchedTerms: category.sources.flatMap((source) =>
          source.terms.map((term) => ({
            term: term.entry.term,
            language: term.entry.language,
            english: term.entry.english,
            where: source.where,
          })),
        ),
        ...(category.fromInputType ? { fromInputType: true } : {}),
      };
      findings.push(
        emit('field-asks-for', {
          category: category.category,
          args,
          confidence: confidence(category),
          evidence: [...fieldEvidence(app, form, field, tables), ...screenEvidence(app, form)],
        }),
      );
    }
  }
  findings.unshift(
    emit('form', {
      args: {
        layout: form.layoutName,
        entry: form.entry,
        fieldCount: form.fields.length,
        categories: [...formCategories].sort(),
        fields: summary,
        ...(screen !== undefined ? { screen } : {}),
        ...(summary.some((item) => item.shows?.gloss !== undefined) ? { glossSource: GLOSS_SOURCE } : {}),
      },
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
    }),
  );
  return findings;
}
