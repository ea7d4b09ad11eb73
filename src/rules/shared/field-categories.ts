/**
 * What a field asks for: the lexicon categories named by its label, hint,
 * texts and choices in every locale, plus what its input type says
 * (android:inputType="phone" is a phone number whatever the label).
 */
import type { DataCategory } from '../../findings/vocabulary.js';
import type { FormField } from '../../model/forms/index.js';
import { categoriesOf, type CategoryEvidence } from '../../text/index.js';

/**
 * Input types that name a category by themselves (android.text.InputType): a password field
 * holds a credential whatever its label says
 * (https://developer.android.com/reference/android/text/InputType#TYPE_TEXT_VARIATION_PASSWORD).
 */
const INPUT_TYPE_CATEGORIES: Readonly<Record<string, DataCategory>> = {
  phone: 'phone-number',
  textPostalAddress: 'location',
  textPassword: 'credentials',
  textWebPassword: 'credentials',
  textVisiblePassword: 'credentials',
  numberPassword: 'credentials',
};

interface FieldText {
  readonly text: string;
  /** `label[zh-rCN]`, `hint[]`, `choices[ru]`… */
  readonly where: string;
}

/** Every text of a field with where it sits, each distinct (text, where) once. */
function fieldTexts(field: FormField): FieldText[] {
  const out: FieldText[] = [];
  for (const value of field.label?.text.values ?? []) addText(out, 'label', value.locale, value.text);
  for (const text of field.texts) {
    if (field.label?.source === 'own-text' && text === field.label.text) continue;
    for (const value of text.values) addText(out, text.attribute, value.locale, value.text);
  }
  for (const locale of field.choices?.locales ?? [])
    for (const item of locale.items) addText(out, 'choices', locale.locale, item);
  for (const option of field.options ?? [])
    for (const value of option.values) addText(out, 'options', value.locale, value.text);
  return out;
}

/** A module function, not a closure per field (under tsx a named closure costs a defineProperty per call). */
function addText(out: FieldText[], where: string, locale: string, text: string): void {
  if (text.trim().length > 0) out.push({ text, where: `${where}[${locale}]` });
}

export interface FieldCategory extends CategoryEvidence {
  /** True when the input type names the category. */
  readonly fromInputType: boolean;
}

export function classifyField(field: FormField): FieldCategory[] {
  const found: FieldCategory[] = categoriesOf(fieldTexts(field)).map((item) => ({ ...item, fromInputType: false }));
  for (const name of field.inputType?.names ?? []) {
    const category = INPUT_TYPE_CATEGORIES[name];
    if (category === undefined) continue;
    const existing = found.findIndex((item) => item.category === category);
    if (existing >= 0) found[existing] = { ...found[existing]!, fromInputType: true };
    else found.push({ category, sources: [], fromInputType: true });
  }
  return found;
}
