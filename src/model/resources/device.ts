/**
 * Device configurations to resolve resources against, and locale qualifiers
 * (`zh-rCN`, `b+sr+Latn`, `zh-TW`) turned into the locale fields of a config.
 */
import { defaultConfig, type ResourceConfig } from '../../formats/arsc/config.js';
import * as C from '../../formats/arsc/config-constants.js';

export interface LocaleParts {
  readonly language: string;
  readonly country: string;
  readonly localeScript: string;
  readonly localeVariant: string;
}

/**
 * Parses a locale written as an aapt qualifier (`zh-rCN`, `b+sr+Latn+RS`) or a
 * BCP 47 tag (`zh-TW`, `sr-Latn`). Returns undefined for anything else.
 */
export function parseLocale(text: string): LocaleParts | undefined {
  if (text === '') return { language: '', country: '', localeScript: '', localeVariant: '' };
  const parts = text.startsWith('b+') ? text.slice(2).split('+') : text.split(/[-_]/);
  const language = parts.shift()?.toLowerCase() ?? '';
  if (!/^[a-z]{2,3}$/.test(language)) return undefined;
  let country = '';
  let localeScript = '';
  let localeVariant = '';
  for (const part of parts) {
    const region = part.startsWith('r') && /^r([A-Za-z]{2}|[0-9]{3})$/.test(part) ? part.slice(1) : part;
    if (/^[A-Za-z]{4}$/.test(part)) localeScript = part[0]!.toUpperCase() + part.slice(1).toLowerCase();
    else if (/^([A-Za-z]{2}|[0-9]{3})$/.test(region)) country = region.toUpperCase();
    else if (/^[A-Za-z0-9]{5,8}$/.test(part)) localeVariant = part.toLowerCase();
    else return undefined;
  }
  return { language, country, localeScript, localeVariant };
}

export interface DeviceOptions {
  /** Locale as a qualifier or BCP 47 tag; '' for none. */
  readonly locale?: string;
  readonly sdkVersion?: number;
  readonly density?: number;
  readonly orientation?: number;
  readonly nightMode?: boolean;
  readonly smallestScreenWidthDp?: number;
  readonly screenWidthDp?: number;
  readonly screenHeightDp?: number;
}

/** A current phone: API 35, xxhdpi, 411×891 dp portrait, normal long screen, LTR, finger touch. */
const TYPICAL_PHONE: Required<DeviceOptions> = {
  locale: 'en-US',
  sdkVersion: 35,
  density: C.DENSITY_XXHIGH,
  orientation: C.ORIENTATION_PORT,
  nightMode: false,
  smallestScreenWidthDp: 411,
  screenWidthDp: 411,
  screenHeightDp: 891,
};

/** Builds the request config Android would hold for such a device. */
export function deviceConfig(options: DeviceOptions = {}): ResourceConfig {
  const settings = { ...TYPICAL_PHONE, ...options };
  const locale = parseLocale(settings.locale) ?? parseLocale('')!;
  return defaultConfig({
    language: locale.language,
    country: locale.country,
    localeScript: locale.localeScript,
    localeVariant: locale.localeVariant,
    sdkVersion: settings.sdkVersion,
    density: settings.density,
    orientation: settings.orientation,
    touchscreen: C.TOUCHSCREEN_FINGER,
    keyboard: C.KEYBOARD_NOKEYS,
    navigation: C.NAVIGATION_NONAV,
    inputFlags: C.KEYSHIDDEN_SOFT | C.NAVHIDDEN_YES,
    screenLayout: C.SCREENSIZE_NORMAL | C.SCREENLONG_YES | C.LAYOUTDIR_LTR,
    uiMode: C.UI_MODE_TYPE_NORMAL | (settings.nightMode ? C.UI_MODE_NIGHT_YES : C.UI_MODE_NIGHT_NO),
    smallestScreenWidthDp: settings.smallestScreenWidthDp,
    screenWidthDp: settings.screenWidthDp,
    screenHeightDp: settings.screenHeightDp,
    screenLayout2: C.SCREENROUND_NO,
    colorMode: C.WIDE_COLOR_GAMUT_NO | C.HDR_NO,
  });
}
