/** Evidence for form findings: the layout element, its attributes, the resolved strings, the code showing the screen. */
import type { Evidence } from '../../findings/types.js';
import type { AppModel } from '../../model/app-model.js';
import type { Form, FormField, LocalizedText } from '../../model/forms/index.js';

/** Resource values cited per text at most (one per locale is plenty for checking). */
const MAX_RESOURCE_EVIDENCE_PER_TEXT = 20;

/** The APK each resource table came from (base and splits); values without a table are the app's own. */
export type TableApks = readonly AppModel[];

function tableSha(app: AppModel, tables: TableApks, tableIndex: number | undefined): string {
  return (tableIndex === undefined ? undefined : tables[tableIndex]?.apk.sha256) ?? app.apk.sha256;
}

function textEvidence(
  app: AppModel,
  form: Form,
  text: LocalizedText,
  element: string,
  line: number,
  tables: TableApks = [],
): Evidence[] {
  const apkSha256 = app.apk.sha256;
  const out: Evidence[] = [
    {
      kind: 'xml',
      apkSha256,
      entry: form.entry,
      element,
      attribute: text.attribute,
      line,
      offset: text.attributeOffset,
    },
  ];
  for (const value of text.values.slice(0, MAX_RESOURCE_EVIDENCE_PER_TEXT)) {
    if (value.resourceId === undefined) continue;
    out.push({
      kind: 'resource',
      apkSha256: tableSha(app, tables, value.tableIndex),
      entry: 'resources.arsc',
      resourceId: value.resourceId,
      name: value.resourceName ?? text.resourceName ?? '',
      locale: value.locale,
      value: value.text,
    });
  }
  return out;
}

export function fieldEvidence(app: AppModel, form: Form, field: FormField, tables: TableApks = []): Evidence[] {
  const apkSha256 = app.apk.sha256;
  const out: Evidence[] = [
    { kind: 'xml', apkSha256, entry: form.entry, element: field.element, line: field.line, offset: field.offset },
  ];
  if (field.label !== undefined)
    out.push(...textEvidence(app, form, field.label.text, field.label.element, field.label.line, tables));
  for (const text of field.texts) {
    if (field.label?.source === 'own-text' && text === field.label.text) continue;
    out.push(...textEvidence(app, form, text, field.element, field.line, tables));
  }
  if (field.choices !== undefined) {
    out.push({
      kind: 'xml',
      apkSha256,
      entry: form.entry,
      element: field.element,
      attribute: field.choices.attribute,
      line: field.line,
      offset: field.choices.attributeOffset,
    });
    for (const locale of field.choices.locales.slice(0, MAX_RESOURCE_EVIDENCE_PER_TEXT)) {
      out.push({
        kind: 'resource',
        apkSha256: tableSha(app, tables, locale.tableIndex),
        entry: 'resources.arsc',
        resourceId: field.choices.resourceId,
        name: field.choices.resourceName ?? '',
        locale: locale.locale,
        value: locale.items.join(' / '),
      });
    }
  }
  for (const option of field.options ?? [])
    out.push(...textEvidence(app, form, option, field.element, field.line, tables));
  return out;
}

export function screenEvidence(app: AppModel, form: Form): Evidence[] {
  return form.screens.map((screen) => ({
    kind: 'code',
    apkSha256: app.apk.sha256,
    entry: screen.dex,
    className: screen.className,
    method: screen.method,
    codeOffset: screen.codeOffset,
    fileOffset: screen.fileOffset,
    target: screen.target,
  }));
}
