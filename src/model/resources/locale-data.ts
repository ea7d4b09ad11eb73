/**
 * A small subset of Android's LocaleData (libs/androidfw/LocaleData.cpp,
 * generated from CLDR likely-subtags): the script a language is written in,
 * which ResTable_config::match uses to decide whether `zh-rTW` can serve a
 * `zh-Hans-CN` request (it cannot) or `en-rGB` an `en-US` request (it can).
 *
 * Android ships the whole CLDR table; we keep the languages seen in real app
 * tables. For a language missing here, localeDataComputeScript returns '' and
 * match() falls back to Android's own rule for unknown scripts: the regions
 * must be equal (or the resource must have none).
 */

/** Default script per language (CLDR likely subtags). */
const DEFAULT_SCRIPT: ReadonlyMap<string, string> = new Map(
  Object.entries({
    Latn: 'af az bs ca cs cy da de en eo es et eu fi fil fr ga gl hr ht hu id in is it jv lb lt lv mg ms mt nb nl nn no pl pt rm ro sk sl so sq sv sw tl tk tr uz vi yo zu ha ig xh st tn ts ve nso ast br fy gd kl lu rw sn',
    Cyrl: 'be bg kk ky mk mn ru sr tg tt uk ba cv os ce',
    Arab: 'ar fa ps ur ug ckb sd ks',
    Hebr: 'he iw yi',
    Deva: 'hi mr ne sa kok mai',
    Beng: 'bn as',
    Grek: 'el',
    Armn: 'hy',
    Geor: 'ka',
    Jpan: 'ja',
    Kore: 'ko',
    Hans: 'zh',
    Thai: 'th',
    Ethi: 'am ti',
    Khmr: 'km',
    Laoo: 'lo',
    Mymr: 'my',
    Sinh: 'si',
    Taml: 'ta',
    Telu: 'te',
    Knda: 'kn',
    Mlym: 'ml',
    Gujr: 'gu',
    Guru: 'pa',
    Orya: 'or',
    Tibt: 'bo',
    Thaa: 'dv',
  }).flatMap(([script, languages]) => languages.split(' ').map((language) => [language, script] as [string, string])),
);

/** Regional exceptions to the default script (CLDR likely subtags, `lang-REGION` → script). */
const REGIONAL_SCRIPT: ReadonlyMap<string, string> = new Map([
  ['zh-TW', 'Hant'],
  ['zh-HK', 'Hant'],
  ['zh-MO', 'Hant'],
  ['pa-PK', 'Arab'],
  ['uz-AF', 'Arab'],
  ['az-IR', 'Arab'],
  ['mn-CN', 'Mong'],
  ['sr-ME', 'Latn'],
  ['ms-CC', 'Arab'],
  ['ha-CM', 'Arab'],
  ['ha-SD', 'Arab'],
]);

/** CLDR likely region of a language+script (LocaleData isRepresentative). */
const REPRESENTATIVE_REGION: ReadonlyMap<string, string> = new Map([
  ['zh-Hans', 'CN'],
  ['zh-Hant', 'TW'],
  ['en-Latn', 'US'],
  ['pt-Latn', 'BR'],
  ['es-Latn', 'ES'],
  ['fr-Latn', 'FR'],
  ['de-Latn', 'DE'],
  ['ar-Arab', 'EG'],
  ['sr-Cyrl', 'RS'],
  ['sr-Latn', 'RS'],
  ['ru-Cyrl', 'RU'],
  ['it-Latn', 'IT'],
]);

/** localeDataComputeScript(out, language, region): '' when unknown. */
export function computeScript(language: string, region: string): string {
  if (language === '') return '';
  return REGIONAL_SCRIPT.get(`${language}-${region}`) ?? DEFAULT_SCRIPT.get(language) ?? '';
}

/**
 * ResourceTypes.cpp langsAreEquivalent: identical, or Tagalog/Filipino
 * (`tl`/`fil`), which Android treats as one language.
 */
export function languagesAreEquivalent(left: string, right: string): boolean {
  if (left === right) return true;
  const tagalog = (code: string): boolean => code === 'tl' || code === 'fil';
  return tagalog(left) && tagalog(right);
}

/** English regions that descend from en-001 in CLDR are "far" from US English (localeDataIsCloseToUsEnglish). */
const US_ENGLISH_FAMILY: ReadonlySet<string> = new Set([
  '',
  'US',
  'AS',
  'GU',
  'MH',
  'MP',
  'PR',
  'UM',
  'VI',
  'PH',
  'LR',
]);
export function isCloseToUsEnglish(region: string): boolean {
  return US_ENGLISH_FAMILY.has(region);
}

/** CLDR parent locales that matter for region choice (LocaleDataTables.cpp parent maps), by language-script. */
const SPANISH_AMERICAS = 'AR BO BR BZ CL CO CR CU DO EC GT HN MX NI PA PE PR PY SV US UY VE';
const PORTUGUESE_WORLD = 'AO CH CV FR GQ GW LU MO MZ ST TL';
function parentRegion(language: string, script: string, region: string): string {
  if (region === '') return '';
  if (language === 'zh' && script === 'Hant' && region === 'MO') return 'HK';
  if (language === 'en' && region !== '001' && !isCloseToUsEnglish(region)) return '001';
  if (language === 'es' && region !== '419' && SPANISH_AMERICAS.split(' ').includes(region)) return '419';
  if (language === 'pt' && PORTUGUESE_WORLD.split(' ').includes(region)) return 'PT';
  return '';
}

/** The request's region, its CLDR parents, and finally '' (the language alone). */
function regionAncestors(language: string, script: string, region: string): string[] {
  const chain = [region];
  for (let current = region; current !== '' && chain.length < 8;) {
    current = parentRegion(language, script, current);
    chain.push(current);
  }
  return chain;
}

/**
 * localeDataCompareRegions (LocaleData.cpp) over the parent chains above: a
 * region on the request's ancestor chain wins (nearest first); otherwise the
 * one whose chain meets the request's sooner, then the representative region
 * of the script, then the lower region code (two letters before digits).
 * Returns > 0 when `left` is the better region, < 0 for `right`, 0 when equal.
 */
export function compareRegions(
  left: string,
  right: string,
  language: string,
  script: string,
  requestedRegion: string,
): number {
  if (left === right) return 0;
  const request = regionAncestors(language, script, requestedRegion);
  for (const ancestor of request) {
    if (ancestor === left) return 1;
    if (ancestor === right) return -1;
  }
  const distance = (region: string): number => {
    for (const ancestor of regionAncestors(language, script, region)) {
      const index = request.indexOf(ancestor);
      if (index >= 0) return index;
    }
    return request.length;
  };
  const difference = distance(right) - distance(left);
  if (difference !== 0) return difference;
  // isRepresentative: the likely region of language+script (zh-Hant → TW) beats other regions.
  const representative = REPRESENTATIVE_REGION.get(`${language}-${script}`);
  if (representative !== undefined && (left === representative) !== (right === representative))
    return left === representative ? 1 : -1;
  const key = (region: string): string => (/^[0-9]/.test(region) ? `1${region}` : `0${region}`);
  return key(left) < key(right) ? 1 : -1;
}
