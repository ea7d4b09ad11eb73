/**
 * The app's own strings for the library's full-text index: every plain string
 * resource value in every configuration (labels, form hints, messages, in every
 * language the app carries). Bounded: hostile tables can declare millions.
 */
import type { AppModel } from '../model/app-model.js';
import { TYPE_STRING } from '../formats/res/value.js';
import type { SearchableString } from '../store/index.js';

/** String values taken per app (large apps have ~100k across locales). */
export const MAX_APP_STRINGS = 50_000;

export function appStrings(models: readonly AppModel[]): SearchableString[] {
  const out: SearchableString[] = [];
  const seen = new Set<string>();
  for (const model of models) {
    const resources = model.resources;
    if (resources === undefined) continue;
    for (const id of resources.ids()) {
      for (const candidate of resources.valuesOf(id)) {
        if (out.length >= MAX_APP_STRINGS) return out;
        if (candidate.typeName !== 'string' || candidate.entry.value?.dataType !== TYPE_STRING) continue;
        const text = candidate.strings?.get(candidate.entry.value.data);
        if (text === undefined || text.trim() === '' || seen.has(text)) continue;
        seen.add(text);
        out.push({ source: 'resource', text });
      }
    }
  }
  return out;
}
