/**
 * Version 2 and version 3 findings made comparable (scripts/compare-reports.ts, the upgrade
 * tests): lists that v2 joined into one text are joined again as v2 joined them (splitting is
 * exact unless an item holds the separator: `Google Play Billing Library / Service` in
 * AppManager's string-array), and a field's `shows` text, which v2 cut to 80 characters, is cut.
 */
import { clipText } from '../../src/text/annotate.js';

const SHOWN_TEXT_LENGTH = 80;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** v3 `shows` as v2 kept it: cut to 80 characters and made claim-safe. */
function asV2Shows(shows: Json): Json {
  if (typeof shows !== 'object' || shows === null || Array.isArray(shows)) return shows;
  const text = typeof shows.text === 'string' ? clipText(shows.text, SHOWN_TEXT_LENGTH) : shows.text;
  const gloss = typeof shows.gloss === 'string' ? clipText(shows.gloss, SHOWN_TEXT_LENGTH) : shows.gloss;
  return gloss === undefined ? { text: text ?? '' } : { text: text ?? '', gloss };
}

/** Lists v2 joined into one text, with the separator it used (docs/findings-schema.md). */
const JOINED: Readonly<Record<string, string>> = {
  packages: ',',
  algorithms: ',',
  indicators: ',',
  commands: ' | ',
  domains: ', ',
  collects: ',',
  abis: ',',
  namedAs: ' | ',
  linkKinds: ',',
  certificates: ',',
  inputType: '|',
  keys: ', ',
  hotspotStrings: ' | ',
  actions: ', ',
  schemes: ', ',
  authorities: ', ',
  activities: ', ',
  packagesListed: ', ',
  pathsListed: ', ',
  networkTools: ', ',
  header: ' | ',
};

/** Per-locale lists (`byLocale`, `choices`) as v2 wrote them: items and glosses joined with ` / `. */
function joinedLists(lists: Json): Json {
  if (!Array.isArray(lists)) return lists;
  return lists.map((list) => {
    if (typeof list !== 'object' || list === null || Array.isArray(list) || !Array.isArray(list.items)) return list;
    const items = list.items as Array<{ [key: string]: Json }>;
    return {
      locale: list.locale ?? '',
      items: items.map((item) => item.text as string).join(' / '),
      glosses: items.map((item) => (item.gloss ?? item.text) as string).join(' / '),
    };
  });
}

/** The v3 finding with v2's joins applied (form `shows` cut as v2 cut it). */
export function comparable(finding: { [key: string]: Json }): string {
  const args = finding.args as { [key: string]: Json };
  const copy: { [key: string]: Json } = { ...args };
  for (const [name, separator] of Object.entries(JOINED)) {
    const value = copy[name];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) copy[name] = value.join(separator);
  }
  if (finding.code === 'forms.form' && Array.isArray(copy.categories))
    copy.categories = (copy.categories as string[]).join(', ');
  if (copy.byLocale !== undefined) copy.byLocale = joinedLists(copy.byLocale);
  if (copy.choices !== undefined) copy.choices = joinedLists(copy.choices);
  if (copy.shows !== undefined) copy.shows = asV2Shows(copy.shows);
  if (Array.isArray(copy.firstRows))
    copy.firstRows = copy.firstRows
      .map((row) => (Array.isArray(row) ? (row as string[]).join(' | ') : (row as string)))
      .join(' / ');
  if (Array.isArray(copy.fields))
    copy.fields = copy.fields.map((field) =>
      typeof field === 'object' && field !== null && !Array.isArray(field) && field.shows !== undefined
        ? { ...field, shows: asV2Shows(field.shows) }
        : field,
    );
  return JSON.stringify({ ...finding, args: copy });
}
