/**
 * Which layout elements are input fields, by class name: framework widgets
 * (android.widget.*, written without package), AppCompat/Material variants
 * (androidx.appcompat.widget.AppCompatEditText, com.google.android.material…)
 * and popular form libraries matched by class-name suffix
 * (com.rengwuxian.materialedittext.MaterialEditText, fr.ganfra.materialspinner.MaterialSpinner,
 * com.jaredrummler.materialspinner.MaterialSpinner), and android:inputType decoded.
 */
import type { FieldKind, InputType } from './types.js';

/** Class-name suffixes → kind, longest first (AutoCompleteTextView before TextView-like names). */
const SUFFIX_KINDS: ReadonlyArray<readonly [string, FieldKind]> = [
  ['MultiAutoCompleteTextView', 'text'],
  ['AutoCompleteTextView', 'text'],
  ['EditText', 'text'],
  ['Spinner', 'choice'],
  ['CheckBox', 'checkbox'],
  ['RadioButton', 'radio'],
  ['RadioGroup', 'radio-group'],
  ['ToggleButton', 'toggle'],
  ['SwitchCompat', 'switch'],
  ['SwitchMaterial', 'switch'],
  ['Switch', 'switch'],
  ['DatePicker', 'date'],
  ['TimePicker', 'time'],
  ['RatingBar', 'rating'],
  ['SeekBar', 'slider'],
  ['Slider', 'slider'],
  ['NumberPicker', 'number-picker'],
  ['ChipGroup', 'radio-group'],
];

/** com.google.android.material.textfield.TextInputLayout: a wrapper whose hint is the field's floating label. */
const TEXT_INPUT_LAYOUT_SUFFIX = 'TextInputLayout';

function simpleName(element: string): string {
  return element.slice(element.lastIndexOf('.') + 1);
}

/** The kind of input `element` takes, or undefined for other views. */
export function fieldKind(element: string): FieldKind | undefined {
  const name = simpleName(element);
  for (const [suffix, kind] of SUFFIX_KINDS) if (name.endsWith(suffix)) return kind;
  return undefined;
}

export function isTextInputLayout(element: string): boolean {
  return simpleName(element).endsWith(TEXT_INPUT_LAYOUT_SUFFIX);
}

/** A TextView (or AppCompat/Material text view) that is not itself an input. */
export function isLabelView(element: string): boolean {
  return simpleName(element).endsWith('TextView') && fieldKind(element) === undefined;
}

// android.text.InputType (AOSP frameworks/base/core/java/android/text/InputType.java).
const TYPE_MASK_CLASS = 0x0000000f;
const TYPE_MASK_VARIATION = 0x00000ff0;
const TYPE_MASK_FLAGS = 0x00fff000;
const TYPE_CLASS_TEXT = 0x1;
const TYPE_CLASS_NUMBER = 0x2;
const TYPE_CLASS_PHONE = 0x3;
const TYPE_CLASS_DATETIME = 0x4;
const TEXT_VARIATIONS: Readonly<Record<number, string>> = {
  0x10: 'textUri',
  0x20: 'textEmailAddress',
  0x30: 'textEmailSubject',
  0x40: 'textShortMessage',
  0x50: 'textLongMessage',
  0x60: 'textPersonName',
  0x70: 'textPostalAddress',
  0x80: 'textPassword',
  0x90: 'textVisiblePassword',
  0xa0: 'textWebEditText',
  0xb0: 'textFilter',
  0xc0: 'textPhonetic',
  0xd0: 'textWebEmailAddress',
  0xe0: 'textWebPassword',
};
const TEXT_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [0x1000, 'textCapCharacters'],
  [0x2000, 'textCapWords'],
  [0x4000, 'textCapSentences'],
  [0x8000, 'textAutoCorrect'],
  [0x10000, 'textAutoComplete'],
  [0x20000, 'textMultiLine'],
  [0x40000, 'textImeMultiLine'],
  [0x80000, 'textNoSuggestions'],
  [0x100000, 'textEnableTextConversionSuggestions'],
];
const NUMBER_VARIATION_PASSWORD = 0x10;
const NUMBER_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [0x1000, 'numberSigned'],
  [0x2000, 'numberDecimal'],
];
const DATETIME_VARIATIONS: Readonly<Record<number, string>> = { 0x10: 'date', 0x20: 'time' };

/** Decodes an inputType integer into the names layouts use (`number|numberDecimal`). */
export function decodeInputType(value: number): InputType {
  const names: string[] = [];
  const variation = value & TYPE_MASK_VARIATION;
  const flags = value & TYPE_MASK_FLAGS;
  switch (value & TYPE_MASK_CLASS) {
    case 0:
      names.push('none');
      break;
    case TYPE_CLASS_TEXT:
      names.push(TEXT_VARIATIONS[variation] ?? 'text');
      for (const [flag, name] of TEXT_FLAGS) if ((flags & flag) !== 0) names.push(name);
      break;
    case TYPE_CLASS_NUMBER:
      names.push(variation === NUMBER_VARIATION_PASSWORD ? 'numberPassword' : 'number');
      for (const [flag, name] of NUMBER_FLAGS) if ((flags & flag) !== 0) names.push(name);
      break;
    case TYPE_CLASS_PHONE:
      names.push('phone');
      break;
    case TYPE_CLASS_DATETIME:
      names.push(DATETIME_VARIATIONS[variation] ?? 'datetime');
      break;
    default:
      names.push(`class-0x${(value & TYPE_MASK_CLASS).toString(16)}`);
  }
  return { value: value >>> 0, names };
}
