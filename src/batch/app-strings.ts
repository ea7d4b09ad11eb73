/**
 * The app's own strings for the library's full-text index: every plain string
 * resource value in every configuration (labels, form hints, messages, in every
 * language the app carries). Bounded: hostile tables can declare millions.
 */
import type { AppModel } from '../model/app-model.js';
import { TYPE_STRING } from '../formats/res/value.js';
import type { SearchableString } from '../store/index.js';

/** String values taken per app (large apps have ~100k across locales). */
const MAX_APP_STRINGS = 50_000;

export function appStrings(models: readonly AppModel[]): SearchableString[] {
  const out: SearchableString[] = [];
  const seen = new Set<string>();
  for (const model of models) {
    const resources = model.resources;
    if (resources === undefined) continue;
    for (const candidates of resources.valueLists()) {
      for (const candidate of candidates) {
        if (out.length >= MAX_APP_STRINGS) return out;
        if (candidate.typeName !== 'string') continue;
        const value = candidate.entry.value;
        if (value === undefined || value.dataType !== TYPE_STRING) continue;
        const text = candidate.strings?.get(value.data);
        // The set first: most values repeat (one per configuration), and a known text was non-blank.
        if (text === undefined || seen.has(text) || text.trim() === '') continue;
        seen.add(text);
        out.push({ source: 'resource', text });
      }
    }
  }
  return out;
}
