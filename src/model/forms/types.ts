/**
 * Forms found in layouts: every input field with the texts a person filling it
 * in would see, in every locale the app has. Offsets are evidence (binary XML
 * entry offsets, resources.arsc entry offsets, dex instruction offsets).
 */

/** What kind of input a widget takes. */
export type FieldKind =
  | 'text'
  | 'choice'
  | 'checkbox'
  | 'radio'
  | 'radio-group'
  | 'switch'
  | 'toggle'
  | 'date'
  | 'time'
  | 'rating'
  | 'slider'
  | 'number-picker';

/** One text of a field in one locale ('' = default configuration). */
export interface LocalizedValue {
  readonly locale: string;
  readonly text: string;
  /** The string resource the text came from (last step of the reference chain); absent for literal texts. */
  readonly resourceId?: number;
  readonly resourceName?: string;
  /** Absolute offset of the chosen ResTable_entry in resources.arsc. */
  readonly entryOffset?: number;
  /** Which resource table holds it, in the order given to extractForms (0 = the first: the app's own unless splits come first). */
  readonly tableIndex?: number;
}

/** An attribute text (hint, text, label…) resolved in every locale. */
export interface LocalizedText {
  /** Attribute as written: `hint`, `text`, `met_floatingLabelText`… */
  readonly attribute: string;
  /** Absolute offset of the ResXMLTree_attribute record. */
  readonly attributeOffset: number;
  /** The literal string when the layout holds the text itself (hard-coded hints). */
  readonly literal?: string;
  /** The referenced resource when the attribute is `@string/…`. */
  readonly resourceId?: number;
  readonly resourceName?: string;
  readonly values: readonly LocalizedValue[];
}

/** A choice list (`android:entries="@array/…"`) in every locale. */
export interface ChoiceList {
  readonly attribute: string;
  readonly attributeOffset: number;
  readonly resourceId: number;
  readonly resourceName?: string;
  /** Locale → items, with the arsc entry offset of the array chosen for that locale. */
  readonly locales: ReadonlyArray<{
    readonly locale: string;
    readonly items: readonly string[];
    readonly entryOffset?: number;
    readonly tableIndex?: number;
  }>;
}

/** Decoded android:inputType (android.text.InputType). */
export interface InputType {
  readonly value: number;
  /** Flag names as layouts write them: `number`, `phone`, `textPassword`, `textCapWords`… */
  readonly names: readonly string[];
}

/** Where a text shown next to a field came from. */
export interface FieldLabel {
  readonly text: LocalizedText;
  /**
   * `label-for` (a view whose android:labelFor names the field), `text-input-layout` (the wrapper's hint),
   * `previous-sibling` (a TextView right before it), `own-text` (CheckBox text).
   */
  readonly source: 'label-for' | 'previous-sibling' | 'text-input-layout' | 'own-text';
  readonly element: string;
  readonly line: number;
  readonly offset: number;
}

export interface FormField {
  readonly kind: FieldKind;
  /** Element name as written (`EditText`, `com.google.android.material.textfield.TextInputEditText`). */
  readonly element: string;
  readonly line: number;
  /** Absolute offset of the start-element chunk in the layout entry. */
  readonly offset: number;
  readonly id?: { readonly resourceId: number; readonly name?: string };
  readonly label?: FieldLabel;
  /** hint, text, contentDescription, prompt and library label attributes. */
  readonly texts: readonly LocalizedText[];
  readonly inputType?: InputType;
  readonly choices?: ChoiceList;
  /** Radio buttons of a RadioGroup: their texts are the group's choices. */
  readonly options?: readonly LocalizedText[];
}

/** A place in code that shows the layout (setContentView / LayoutInflater.inflate with its id). */
export interface ScreenBinding {
  /** Java-style class name of the method's class. */
  readonly className: string;
  readonly method: string;
  readonly dex: string;
  readonly codeOffset: number;
  readonly fileOffset: number;
  readonly target: string;
  /** Set when the layout is shown through `<include layout="@layout/…">` in this (outer) layout. */
  readonly viaLayout?: string;
}

export interface Form {
  /** Layout entry, e.g. `res/layout/survey_form.xml`. */
  readonly entry: string;
  /** Layout resource name(s) pointing at the entry (`survey_form`), or the file name. */
  readonly layoutName: string;
  readonly layoutIds: readonly number[];
  readonly fields: readonly FormField[];
  readonly screens: readonly ScreenBinding[];
}
