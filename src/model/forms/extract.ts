/**
 * Forms from layouts: every input field of every layout (res/layout*, or any
 * XML a `layout` resource points at: AndResGuard-style apps rename res/ paths),
 * with its id, texts, input type, choices and label, and the screens showing it.
 * Pipeline: find layout entries → walk elements (bounded) → resolve texts per
 * locale → attach labels from siblings → attach screens from code.
 */
import type { XmlElement } from '../../formats/axml/index.js';
import { TYPE_STRING } from '../../formats/res/value.js';
import type { AppModel } from '../app-model.js';
import type { Resources } from '../resources/index.js';
import { findScreens } from './screens.js';
import { attributeName, isReference, LayoutTexts, resolveChoices } from './texts.js';
import type { FieldLabel, Form, FormField, LocalizedText, ScreenBinding } from './types.js';
import { decodeInputType, fieldKind, isLabelView, isTextInputLayout } from './widgets.js';

/** Elements visited per layout at most (the parser already bounds the tree; this bounds the work per app). */
const MAX_ELEMENTS_PER_LAYOUT = 20_000;
/** Nesting followed at most (a hostile layout can nest deeper than any real screen). */
const MAX_DEPTH = 256;
const LAYOUT_PREFIX = 'res/layout';
/** Framework attributes that hold text a person reads next to a field. */
const TEXT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'hint',
  'text',
  'contentDescription',
  'prompt',
  'textOn',
  'textOff',
  'title',
]);
/** Library attributes holding labels: met_floatingLabelText (MaterialEditText), ms_hint/ms_floatingLabelText (MaterialSpinner)… */
const LIBRARY_TEXT_ATTRIBUTE = /(label|hint|title|prompt)/i;

/**
 * Layout ids kept per layout file. In the corpus every layout file is the value of one layout
 * id (its configs share it); 65,535 ids naming one file (a 4.5 KB crafted APK) made the forms
 * step hold and resolve every one of them per form. The first ids are kept.
 */
export const MAX_LAYOUT_IDS_PER_FILE = 16;

/** Layout entry path → layout resource ids whose value is that path (any config). */
function layoutEntries(resources: Resources | undefined): Map<string, number[]> {
  const byPath = new Map<string, number[]>();
  if (resources === undefined) return byPath;
  for (const id of resources.ids()) {
    for (const candidate of resources.valuesOf(id)) {
      if (candidate.typeName !== 'layout' || candidate.entry.value?.dataType !== TYPE_STRING) continue;
      const path = candidate.strings?.get(candidate.entry.value.data);
      if (path === undefined) continue;
      const list = byPath.get(path);
      // Every value of one id comes in one run of this loop, so a repeat can only be the last id pushed
      // (a list.includes here was quadratic in the ids sharing one path).
      if (list === undefined) byPath.set(path, [id]);
      else if (list[list.length - 1] !== id && list.length < MAX_LAYOUT_IDS_PER_FILE) list.push(id);
    }
  }
  return byPath;
}

/**
 * Layout files named by more than MAX_LAYOUT_IDS_PER_FILE layout ids, with how many: the
 * forms step keeps the first ids only, and the model says so (`model.layout-ids-limit`).
 */
export function layoutIdOverflow(resources: Resources | undefined): Array<{ path: string; ids: number }> {
  const counts = new Map<string, { last: number; ids: number }>();
  if (resources === undefined) return [];
  for (const id of resources.ids()) {
    for (const candidate of resources.valuesOf(id)) {
      if (candidate.typeName !== 'layout' || candidate.entry.value?.dataType !== TYPE_STRING) continue;
      const path = candidate.strings?.get(candidate.entry.value.data);
      if (path === undefined) continue;
      const count = counts.get(path);
      if (count === undefined) counts.set(path, { last: id, ids: 1 });
      else if (count.last !== id) {
        count.last = id;
        count.ids++;
      }
    }
  }
  return [...counts]
    .filter(([, count]) => count.ids > MAX_LAYOUT_IDS_PER_FILE)
    .map(([path, count]) => ({ path, ids: count.ids }));
}

function texts(element: XmlElement, layout: LayoutTexts, framework: boolean): LocalizedText[] {
  const out: LocalizedText[] = [];
  for (const attribute of element.attributes) {
    const name = attributeName(attribute, layout.resources);
    const wanted =
      attribute.androidName !== undefined ? TEXT_ATTRIBUTES.has(name) : !framework && LIBRARY_TEXT_ATTRIBUTE.test(name);
    if (!wanted) continue;
    const text = layout.text(attribute, name);
    if (text !== undefined) out.push(text);
  }
  return out;
}

function firstText(element: XmlElement, layout: LayoutTexts, names: readonly string[]): LocalizedText | undefined {
  const all = texts(element, layout, false);
  for (const name of names) {
    const found = all.find((text) => text.attribute === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

function label(text: LocalizedText, source: FieldLabel['source'], element: XmlElement): FieldLabel {
  return { text, source, element: element.name, line: element.lineNumber, offset: element.offset };
}

function buildField(
  element: XmlElement,
  parent: XmlElement | undefined,
  previous: XmlElement | undefined,
  layout: LayoutTexts,
  labelsFor: ReadonlyMap<number, XmlElement>,
): FormField | undefined {
  const { resources } = layout;
  const kind = fieldKind(element.name);
  if (kind === undefined) return undefined;
  let id: FormField['id'];
  let inputType: FormField['inputType'];
  let choices: FormField['choices'];
  for (const attribute of element.attributes) {
    const name = attributeName(attribute, resources);
    if (name === 'id' && isReference(attribute)) {
      const resourceId = attribute.typedValue.data >>> 0;
      const full = resources?.nameOf(resourceId);
      id = { resourceId, ...(full ? { name: full.slice(full.indexOf(':') + 1) } : {}) };
    } else if (name === 'inputType' && attribute.androidName !== undefined) {
      inputType = decodeInputType(attribute.typedValue.data);
    } else if (name === 'entries') {
      choices = resolveChoices(attribute, name, resources);
    }
  }
  const ownTexts = texts(element, layout, false);
  let fieldLabel: FieldLabel | undefined;
  const labelView = id === undefined ? undefined : labelsFor.get(id.resourceId);
  if (labelView !== undefined) {
    const text = firstText(labelView, layout, ['text', 'hint', 'contentDescription']);
    if (text !== undefined) fieldLabel = label(text, 'label-for', labelView);
  }
  if (fieldLabel === undefined && parent !== undefined && isTextInputLayout(parent.name)) {
    const hint = firstText(parent, layout, ['hint']);
    if (hint !== undefined) fieldLabel = label(hint, 'text-input-layout', parent);
  }
  if (fieldLabel === undefined && previous !== undefined && isLabelView(previous.name)) {
    const text = firstText(previous, layout, ['text', 'hint', 'contentDescription']);
    if (text !== undefined) fieldLabel = label(text, 'previous-sibling', previous);
  }
  if (fieldLabel === undefined && (kind === 'checkbox' || kind === 'switch' || kind === 'radio' || kind === 'toggle')) {
    const own = ownTexts.find((text) => text.attribute === 'text');
    if (own !== undefined) fieldLabel = label(own, 'own-text', element);
  }
  let options: LocalizedText[] | undefined;
  if (kind === 'radio-group') {
    options = element.children
      .filter((child): child is XmlElement => child.kind === 'element' && fieldKind(child.name) === 'radio')
      .flatMap((child) => texts(child, layout, false).filter((text) => text.attribute === 'text'));
  }
  return {
    kind,
    element: element.name,
    line: element.lineNumber,
    offset: element.offset,
    ...(id ? { id } : {}),
    ...(fieldLabel ? { label: fieldLabel } : {}),
    texts: ownTexts,
    ...(inputType ? { inputType } : {}),
    ...(choices ? { choices } : {}),
    ...(options ? { options } : {}),
  };
}

/** Views naming the field they label with android:labelFor="@id/…" (the accessibility link), by that id. */
function labelsForIds(root: XmlElement): Map<number, XmlElement> {
  const labels = new Map<number, XmlElement>();
  const stack = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_ELEMENTS_PER_LAYOUT) {
    const element = stack.pop()!;
    for (const attribute of element.attributes) {
      if (
        attribute.androidName === 'labelFor' &&
        isReference(attribute) &&
        !labels.has(attribute.typedValue.data >>> 0)
      ) {
        labels.set(attribute.typedValue.data >>> 0, element);
      }
    }
    for (const child of element.children) if (child.kind === 'element') stack.push(child);
  }
  return labels;
}

/** The fields of one layout tree, in document order (iterative walk, bounded); `layout` resolves its texts (give one per extraction to share its memo). */
function fieldsOf(
  root: XmlElement,
  resources: Resources | undefined,
  layout: LayoutTexts = new LayoutTexts(resources),
): FormField[] {
  const labelsFor = labelsForIds(root);
  const fields: FormField[] = [];
  const stack: Array<{
    element: XmlElement;
    parent: XmlElement | undefined;
    previous: XmlElement | undefined;
    depth: number;
  }> = [{ element: root, parent: undefined, previous: undefined, depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_ELEMENTS_PER_LAYOUT) {
    const { element, parent, previous, depth } = stack.pop()!;
    visited++;
    const field = buildField(element, parent, previous, layout, labelsFor);
    if (field !== undefined) fields.push(field);
    if (depth >= MAX_DEPTH) continue;
    const children = element.children.filter((child): child is XmlElement => child.kind === 'element');
    for (let index = children.length - 1; index >= 0; index--) {
      stack.push({ element: children[index]!, parent: element, previous: children[index - 1], depth: depth + 1 });
    }
  }
  return fields;
}

/** Layouts nested through `<include layout="@layout/x">` followed at most when looking for the screen. */
const MAX_INCLUDE_DEPTH = 8;
const INCLUDE_ELEMENT = 'include';
const INCLUDE_ATTRIBUTE = 'layout';

/** Included layout id → ids of the layouts that include it (`<include layout="@layout/x"/>`, a plain, un-namespaced attribute). */
function includeGraph(app: AppModel, byPath: Map<string, number[]>): Map<number, Set<number>> {
  const includedBy = new Map<number, Set<number>>();
  for (const file of app.xmlResources) {
    const outerIds = byPath.get(file.entry) ?? [];
    if (outerIds.length === 0) continue;
    const stack = [file.document.root, ...file.document.extraRoots].filter(
      (root): root is XmlElement => root !== undefined,
    );
    let visited = 0;
    while (stack.length > 0 && visited++ < MAX_ELEMENTS_PER_LAYOUT) {
      const element = stack.pop()!;
      if (element.name === INCLUDE_ELEMENT) {
        for (const attribute of element.attributes) {
          if (attribute.androidName !== undefined || attribute.name !== INCLUDE_ATTRIBUTE || !isReference(attribute))
            continue;
          const target = attribute.typedValue.data >>> 0;
          const set = includedBy.get(target) ?? new Set<number>();
          for (const id of outerIds) set.add(id);
          includedBy.set(target, set);
        }
      }
      for (const child of element.children) if (child.kind === 'element') stack.push(child);
    }
  }
  return includedBy;
}

/** The screens of a layout: its own, then those of the layouts including it (breadth-first, bounded, cycle-safe). */
function screensOf(
  layoutIds: readonly number[],
  screens: Map<number, ScreenBinding[]>,
  includedBy: Map<number, Set<number>>,
  resources: Resources | undefined,
): ScreenBinding[] {
  const out: ScreenBinding[] = layoutIds.flatMap((id) => screens.get(id) ?? []);
  const seen = new Set(layoutIds);
  let frontier = [...layoutIds];
  for (let depth = 0; depth < MAX_INCLUDE_DEPTH && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const outer of includedBy.get(id) ?? []) {
        if (seen.has(outer)) continue;
        seen.add(outer);
        next.push(outer);
        const name = resources?.nameOf(outer);
        const viaLayout = name === undefined ? `0x${outer.toString(16)}` : name.slice(name.lastIndexOf('/') + 1);
        out.push(...(screens.get(outer) ?? []).map((screen) => ({ ...screen, viaLayout })));
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Every form (layout with at least one input field) of the app. `resources`
 * defaults to the APK's own table; give the tables of the base and its splits
 * (combinedResources) so texts that only a language split carries are resolved.
 */
export function extractForms(app: AppModel, resources: Resources | undefined = app.resources): Form[] {
  const byPath = layoutEntries(resources);
  const screens = findScreens(app.code, resources);
  const includedBy = includeGraph(app, byPath);
  const layout = new LayoutTexts(resources);
  const forms: Form[] = [];
  for (const file of app.xmlResources) {
    const layoutIds = byPath.get(file.entry) ?? [];
    if (!file.entry.startsWith(LAYOUT_PREFIX) && layoutIds.length === 0) continue;
    const roots = [file.document.root, ...file.document.extraRoots].filter(
      (root): root is XmlElement => root !== undefined,
    );
    const fields = roots.flatMap((root) => fieldsOf(root, resources, layout));
    if (fields.length === 0) continue;
    const names = layoutIds.map((id) => resources?.nameOf(id)).filter((name): name is string => name !== undefined);
    const fileName = file.entry.slice(file.entry.lastIndexOf('/') + 1).replace(/\.xml$/, '');
    forms.push({
      entry: file.entry,
      layoutName: names[0]?.slice(names[0].lastIndexOf('/') + 1) ?? fileName,
      layoutIds,
      fields,
      screens: screensOf(layoutIds, screens, includedBy, resources),
    });
  }
  return forms;
}

/** The default-locale text, else the first one. */
export function defaultText(text: LocalizedText | undefined): string | undefined {
  return text?.values.find((value) => value.locale === '')?.text ?? text?.values[0]?.text;
}
