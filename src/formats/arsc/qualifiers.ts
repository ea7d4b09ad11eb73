/**
 * The qualifier string of a configuration, spelled as aapt prints it
 * (ResourceTypes.cpp ResTable_config::toString and appendDirLocale): `zh-rCN`,
 * `b+sr+Latn`, `land-hdpi-v4`; '' for the default configuration.
 */
import type { ResourceConfig } from './config.js';
import * as C from './config-constants.js';

type Names = ReadonlyMap<number, string>;

const LAYOUT_DIRECTION: Names = new Map([
  [C.LAYOUTDIR_LTR, 'ldltr'],
  [C.LAYOUTDIR_RTL, 'ldrtl'],
]);
const SCREEN_SIZE: Names = new Map([
  [C.SCREENSIZE_SMALL, 'small'],
  [C.SCREENSIZE_NORMAL, 'normal'],
  [C.SCREENSIZE_LARGE, 'large'],
  [C.SCREENSIZE_XLARGE, 'xlarge'],
]);
const SCREEN_LONG: Names = new Map([
  [C.SCREENLONG_NO, 'notlong'],
  [C.SCREENLONG_YES, 'long'],
]);
const SCREEN_ROUND: Names = new Map([
  [C.SCREENROUND_NO, 'notround'],
  [C.SCREENROUND_YES, 'round'],
]);
const WIDE_COLOR: Names = new Map([
  [C.WIDE_COLOR_GAMUT_NO, 'nowidecg'],
  [C.WIDE_COLOR_GAMUT_YES, 'widecg'],
]);
const HDR: Names = new Map([
  [C.HDR_NO, 'lowdr'],
  [C.HDR_YES, 'highdr'],
]);
const ORIENTATION: Names = new Map([
  [C.ORIENTATION_PORT, 'port'],
  [C.ORIENTATION_LAND, 'land'],
  [C.ORIENTATION_SQUARE, 'square'],
]);
const UI_MODE_TYPE: Names = new Map([
  [C.UI_MODE_TYPE_DESK, 'desk'],
  [C.UI_MODE_TYPE_CAR, 'car'],
  [C.UI_MODE_TYPE_TELEVISION, 'television'],
  [C.UI_MODE_TYPE_APPLIANCE, 'appliance'],
  [C.UI_MODE_TYPE_WATCH, 'watch'],
  [C.UI_MODE_TYPE_VR_HEADSET, 'vrheadset'],
]);
const UI_MODE_NIGHT: Names = new Map([
  [C.UI_MODE_NIGHT_NO, 'notnight'],
  [C.UI_MODE_NIGHT_YES, 'night'],
]);
const DENSITY: Names = new Map([
  [C.DENSITY_LOW, 'ldpi'],
  [C.DENSITY_MEDIUM, 'mdpi'],
  [C.DENSITY_TV, 'tvdpi'],
  [C.DENSITY_HIGH, 'hdpi'],
  [C.DENSITY_XHIGH, 'xhdpi'],
  [C.DENSITY_XXHIGH, 'xxhdpi'],
  [C.DENSITY_XXXHIGH, 'xxxhdpi'],
  [C.DENSITY_NONE, 'nodpi'],
  [C.DENSITY_ANY, 'anydpi'],
]);
const TOUCHSCREEN: Names = new Map([
  [C.TOUCHSCREEN_NOTOUCH, 'notouch'],
  [C.TOUCHSCREEN_FINGER, 'finger'],
  [C.TOUCHSCREEN_STYLUS, 'stylus'],
]);
const KEYS_HIDDEN: Names = new Map([
  [C.KEYSHIDDEN_NO, 'keysexposed'],
  [C.KEYSHIDDEN_YES, 'keyshidden'],
  [C.KEYSHIDDEN_SOFT, 'keyssoft'],
]);
const KEYBOARD: Names = new Map([
  [C.KEYBOARD_NOKEYS, 'nokeys'],
  [C.KEYBOARD_QWERTY, 'qwerty'],
  [C.KEYBOARD_12KEY, '12key'],
]);
const NAV_HIDDEN: Names = new Map([
  [C.NAVHIDDEN_NO, 'navexposed'],
  [C.NAVHIDDEN_YES, 'navhidden'],
]);
const NAVIGATION: Names = new Map([
  [C.NAVIGATION_NONAV, 'nonav'],
  [C.NAVIGATION_DPAD, 'dpad'],
  [C.NAVIGATION_TRACKBALL, 'trackball'],
  [C.NAVIGATION_WHEEL, 'wheel'],
]);
const GRAMMATICAL_GENDER: Names = new Map([
  [C.GRAMMATICAL_GENDER_NEUTER, 'neuter'],
  [C.GRAMMATICAL_GENDER_FEMININE, 'feminine'],
  [C.GRAMMATICAL_GENDER_MASCULINE, 'masculine'],
]);

/** aapt prints an unknown value of a named field as `field=<decimal>`. */
function named(names: Names, value: number, fallbackField: string): string {
  return names.get(value) ?? `${fallbackField}=${value}`;
}

/** ResourceTypes.cpp appendDirLocale: legacy `zh-rCN` or the BCP 47 form `b+sr+Latn+RS`. */
export function localePart(config: ResourceConfig): string | undefined {
  if (config.language === '') return undefined;
  const scriptWasProvided = config.localeScript !== '' && !config.localeScriptWasComputed;
  if (!scriptWasProvided && config.localeVariant === '' && config.localeNumberingSystem === '') {
    return config.country === '' ? config.language : `${config.language}-r${config.country}`;
  }
  let tag = `b+${config.language}`;
  if (scriptWasProvided) tag += `+${config.localeScript}`;
  if (config.country !== '') tag += `+${config.country}`;
  if (config.localeVariant !== '') tag += `+${config.localeVariant}`;
  if (config.localeNumberingSystem !== '') tag += `+u+nu+${config.localeNumberingSystem}`;
  return tag;
}

export function qualifierString(config: ResourceConfig): string {
  const parts: string[] = [];
  if (config.mcc !== 0) parts.push(`mcc${config.mcc}`);
  if (config.mnc !== 0) parts.push(`mnc${config.mnc}`);
  const locale = localePart(config);
  if (locale !== undefined) parts.push(locale);
  const gender = config.grammaticalInflection & C.GRAMMATICAL_INFLECTION_GENDER_MASK;
  if (gender !== 0) parts.push(named(GRAMMATICAL_GENDER, gender, 'grammaticalGender'));
  const layoutDirection = config.screenLayout & C.MASK_LAYOUTDIR;
  if (layoutDirection !== 0) parts.push(named(LAYOUT_DIRECTION, layoutDirection, 'layoutDir'));
  if (config.smallestScreenWidthDp !== 0) parts.push(`sw${config.smallestScreenWidthDp}dp`);
  if (config.screenWidthDp !== 0) parts.push(`w${config.screenWidthDp}dp`);
  if (config.screenHeightDp !== 0) parts.push(`h${config.screenHeightDp}dp`);
  const screenSize = config.screenLayout & C.MASK_SCREENSIZE;
  if (screenSize !== 0) parts.push(named(SCREEN_SIZE, screenSize, 'screenLayoutSize'));
  const screenLong = config.screenLayout & C.MASK_SCREENLONG;
  if (screenLong !== 0) parts.push(named(SCREEN_LONG, screenLong, 'screenLayoutLong'));
  const screenRound = config.screenLayout2 & C.MASK_SCREENROUND;
  if (screenRound !== 0) parts.push(named(SCREEN_ROUND, screenRound, 'screenRound'));
  const wideColor = config.colorMode & C.MASK_WIDE_COLOR_GAMUT;
  if (wideColor !== 0) parts.push(named(WIDE_COLOR, wideColor, 'wideColorGamut'));
  const hdr = config.colorMode & C.MASK_HDR;
  if (hdr !== 0) parts.push(named(HDR, hdr, 'hdr'));
  if (config.orientation !== C.ORIENTATION_ANY) parts.push(named(ORIENTATION, config.orientation, 'orientation'));
  const uiModeType = config.uiMode & C.MASK_UI_MODE_TYPE;
  // aapt prints an unknown UI mode type from the wrong field (screenLayout & MASK_UI_MODE_TYPE); kept for equality.
  if (uiModeType !== 0)
    parts.push(UI_MODE_TYPE.get(uiModeType) ?? `uiModeType=${config.screenLayout & C.MASK_UI_MODE_TYPE}`);
  const uiModeNight = config.uiMode & C.MASK_UI_MODE_NIGHT;
  if (uiModeNight !== 0) parts.push(named(UI_MODE_NIGHT, uiModeNight, 'uiModeNight'));
  if (config.density !== C.DENSITY_DEFAULT) parts.push(DENSITY.get(config.density) ?? `${config.density}dpi`);
  if (config.touchscreen !== C.TOUCHSCREEN_ANY) parts.push(named(TOUCHSCREEN, config.touchscreen, 'touchscreen'));
  const keysHidden = config.inputFlags & C.MASK_KEYSHIDDEN;
  if (keysHidden !== 0) parts.push(named(KEYS_HIDDEN, keysHidden, 'keysHidden'));
  if (config.keyboard !== C.KEYBOARD_ANY) parts.push(named(KEYBOARD, config.keyboard, 'keyboard'));
  const navHidden = config.inputFlags & C.MASK_NAVHIDDEN;
  if (navHidden !== 0) parts.push(named(NAV_HIDDEN, navHidden, 'inputFlagsNavHidden'));
  if (config.navigation !== C.NAVIGATION_ANY) parts.push(named(NAVIGATION, config.navigation, 'navigation'));
  if (config.screenWidth !== 0 || config.screenHeight !== 0) parts.push(`${config.screenWidth}x${config.screenHeight}`);
  if (config.sdkVersion !== 0 || config.minorVersion !== 0) {
    parts.push(config.minorVersion !== 0 ? `v${config.sdkVersion}.${config.minorVersion}` : `v${config.sdkVersion}`);
  }
  return parts.join('-');
}
