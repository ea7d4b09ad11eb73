/**
 * Enumerations in resources: every string-array in every locale it has, and
 * the app's plain string resources as one list (config splits such as
 * AppManager's config.zh.apk carry only strings and plurals).
 */
import type { AppModel } from '../../model/app-model.js';
import { deviceConfig, type ValueCandidate } from '../../model/resources/index.js';
import { localePart, TYPE_STRING } from '../../model/resources/index.js';
import type { Enumeration, LabelItem } from './types.js';
import type { Evidence } from '../../findings/types.js';

/** Locales resolved per resource at most (hostile tables can declare thousands). */
const MAX_LOCALES = 200;
/** Items kept per array and locale. */
const MAX_ITEMS = 500;
/**
 * Array items resolved per app, over every array and locale: 32 times the corpus's most
 * (AppManager 2.5.22: 3,113). Entries may share one bag (each is decoded once), so 65,535 ids
 * naming one bag of 20,000 items asked for 1.3 billion items.
 */
const MAX_ARRAY_ITEMS_PER_APP = 100_000;
/** String values looked at per app (AppManager has ~2,700 in one split; large apps ~100k). */
const MAX_STRING_VALUES = 300_000;
/** Characters of a string looked at (the lexicon scans at most this much of each). */
const MAX_TEXT = 4096;

function shortName(name: string | undefined): string {
  return name === undefined ? '' : name.slice(name.indexOf(':') + 1);
}

export function stringArrays(app: AppModel): Enumeration[] {
  const resources = app.resources;
  if (resources === undefined) return [];
  const out: Enumeration[] = [];
  let budget = MAX_ARRAY_ITEMS_PER_APP;
  for (const id of resources.ids()) {
    if (budget <= 0) break;
    const values = resources.valuesOf(id);
    if (!values.some((value) => value.typeName === 'array' || value.typeName === 'string-array')) continue;
    const name = shortName(resources.nameOf(id));
    const items: LabelItem[] = [];
    for (const locale of resources.localesOf(id).slice(0, MAX_LOCALES)) {
      if (budget <= 0) break;
      const config = deviceConfig({ locale });
      const texts = resources.resolveStringArray(id, config, Math.min(MAX_ITEMS, budget));
      if (texts === undefined) continue;
      budget -= texts.length;
      for (const text of texts) {
        if (text === undefined || text.trim() === '') continue;
        items.push({
          text: text.slice(0, MAX_TEXT),
          where: locale,
          evidence: {
            kind: 'resource',
            apkSha256: app.apk.sha256,
            entry: 'resources.arsc',
            resourceId: id,
            name,
            locale,
            value: text.slice(0, MAX_TEXT),
          },
        });
      }
    }
    if (items.length > 0) out.push({ kind: 'string-array', name, items });
  }
  return out;
}

/** A string value whose evidence is built only when a finding cites it (an app has up to ~100k strings, findings cite a few). */
class StringItem implements LabelItem {
  constructor(
    readonly text: string,
    readonly where: string,
    private readonly app: AppModel,
    private readonly id: number,
    private readonly candidate: ValueCandidate,
  ) {}

  get evidence(): Evidence {
    const { candidate } = this;
    return {
      kind: 'resource',
      apkSha256: this.app.apk.sha256,
      entry: 'resources.arsc',
      resourceId: this.id,
      name: `${candidate.typeName}/${candidate.key ?? ''}`,
      locale: this.where,
      value: this.text,
    };
  }
}

/** Every plain string value (each configuration's own value, so every locale is seen once). */
export function stringResources(app: AppModel): Enumeration[] {
  const resources = app.resources;
  if (resources === undefined) return [];
  const items: LabelItem[] = [];
  for (const id of resources.ids()) {
    for (const candidate of resources.valuesOf(id)) {
      if (items.length >= MAX_STRING_VALUES) break;
      if (candidate.typeName !== 'string' || candidate.entry.value?.dataType !== TYPE_STRING) continue;
      const text = candidate.strings?.get(candidate.entry.value.data);
      if (text === undefined || text.trim() === '') continue;
      const locale = localePart(candidate.config) ?? '';
      const clipped = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
      items.push(new StringItem(clipped, locale, app, id, candidate));
    }
  }
  return items.length === 0 ? [] : [{ kind: 'strings', name: 'string resources', items }];
}
