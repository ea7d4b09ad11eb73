/**
 * Android's configuration selection (ResourceTypes.cpp ResTable_config::match,
 * isBetterThan, isLocaleBetterThan): which values of a resource apply to a
 * device, and which of them wins.
 */
import type { ResourceConfig } from '../../formats/arsc/config.js';
import * as C from '../../formats/arsc/config-constants.js';
import { compareRegions, computeScript, isCloseToUsEnglish, languagesAreEquivalent } from './locale-data.js';

const hasLocale = (c: ResourceConfig): boolean => c.language !== '' || c.country !== '';
const hasScreenConfig = (c: ResourceConfig): boolean =>
  c.screenLayout !== 0 || c.uiMode !== 0 || c.smallestScreenWidthDp !== 0;
const hasScreenConfig2 = (c: ResourceConfig): boolean => c.screenLayout2 !== 0 || c.colorMode !== 0;
const hasScreenSizeDp = (c: ResourceConfig): boolean => c.screenWidthDp !== 0 || c.screenHeightDp !== 0;
const hasScreenType = (c: ResourceConfig): boolean => c.orientation !== 0 || c.touchscreen !== 0 || c.density !== 0;
const hasInput = (c: ResourceConfig): boolean => c.keyboard !== 0 || c.navigation !== 0 || c.inputFlags !== 0;
const hasScreenSize = (c: ResourceConfig): boolean => c.screenWidth !== 0 || c.screenHeight !== 0;
const hasVersion = (c: ResourceConfig): boolean => c.sdkVersion !== 0 || c.minorVersion !== 0;

/** The script a config is written in: explicit, else computed from language and region. */
function effectiveScript(config: ResourceConfig): string {
  return config.localeScript !== '' ? config.localeScript : computeScript(config.language, config.country);
}

function localeMatches(config: ResourceConfig, request: ResourceConfig): boolean {
  if (!languagesAreEquivalent(config.language, request.language)) return false;
  const requestScript = effectiveScript(request);
  const script = effectiveScript(config);
  if (requestScript === '' || script === '') {
    // Script unknown on either side: Android requires equal regions (or none on the resource).
    return config.country === '' || config.country === request.country;
  }
  return script === requestScript;
}

function fieldMismatch(mine: number, requested: number): boolean {
  return mine !== 0 && mine !== requested;
}

/** ResTable_config::match: can a value in `config` be used on a device described by `request`? */
export function configMatches(config: ResourceConfig, request: ResourceConfig): boolean {
  if (config.mcc !== 0 && config.mcc !== request.mcc) return false;
  if (config.mnc !== 0 && config.mnc !== request.mnc) return false;
  if (hasLocale(config) && !localeMatches(config, request)) return false;
  if (
    fieldMismatch(
      config.grammaticalInflection & C.GRAMMATICAL_INFLECTION_GENDER_MASK,
      request.grammaticalInflection & C.GRAMMATICAL_INFLECTION_GENDER_MASK,
    )
  )
    return false;
  if (hasScreenConfig(config)) {
    if (fieldMismatch(config.screenLayout & C.MASK_LAYOUTDIR, request.screenLayout & C.MASK_LAYOUTDIR)) return false;
    const screenSize = config.screenLayout & C.MASK_SCREENSIZE;
    if (screenSize !== 0 && screenSize > (request.screenLayout & C.MASK_SCREENSIZE)) return false;
    if (fieldMismatch(config.screenLayout & C.MASK_SCREENLONG, request.screenLayout & C.MASK_SCREENLONG)) return false;
    if (fieldMismatch(config.uiMode & C.MASK_UI_MODE_TYPE, request.uiMode & C.MASK_UI_MODE_TYPE)) return false;
    if (fieldMismatch(config.uiMode & C.MASK_UI_MODE_NIGHT, request.uiMode & C.MASK_UI_MODE_NIGHT)) return false;
    if (config.smallestScreenWidthDp !== 0 && config.smallestScreenWidthDp > request.smallestScreenWidthDp)
      return false;
  }
  if (hasScreenConfig2(config)) {
    if (fieldMismatch(config.screenLayout2 & C.MASK_SCREENROUND, request.screenLayout2 & C.MASK_SCREENROUND))
      return false;
    if (fieldMismatch(config.colorMode & C.MASK_HDR, request.colorMode & C.MASK_HDR)) return false;
    if (fieldMismatch(config.colorMode & C.MASK_WIDE_COLOR_GAMUT, request.colorMode & C.MASK_WIDE_COLOR_GAMUT))
      return false;
  }
  if (hasScreenSizeDp(config)) {
    if (config.screenWidthDp !== 0 && config.screenWidthDp > request.screenWidthDp) return false;
    if (config.screenHeightDp !== 0 && config.screenHeightDp > request.screenHeightDp) return false;
  }
  if (hasScreenType(config)) {
    if (fieldMismatch(config.orientation, request.orientation)) return false;
    // Density always matches: Android scales (see isBetterThan).
    if (fieldMismatch(config.touchscreen, request.touchscreen)) return false;
  }
  if (hasInput(config)) {
    const keysHidden = config.inputFlags & C.MASK_KEYSHIDDEN;
    const requestKeysHidden = request.inputFlags & C.MASK_KEYSHIDDEN;
    // KEYSHIDDEN_NO also matches a request for KEYSHIDDEN_SOFT (compatibility rule).
    if (
      keysHidden !== 0 &&
      keysHidden !== requestKeysHidden &&
      !(keysHidden === C.KEYSHIDDEN_NO && requestKeysHidden === C.KEYSHIDDEN_SOFT)
    )
      return false;
    if (fieldMismatch(config.inputFlags & C.MASK_NAVHIDDEN, request.inputFlags & C.MASK_NAVHIDDEN)) return false;
    if (fieldMismatch(config.keyboard, request.keyboard)) return false;
    if (fieldMismatch(config.navigation, request.navigation)) return false;
  }
  if (hasScreenSize(config)) {
    if (config.screenWidth !== 0 && config.screenWidth > request.screenWidth) return false;
    if (config.screenHeight !== 0 && config.screenHeight > request.screenHeight) return false;
  }
  if (hasVersion(config)) {
    if (config.sdkVersion !== 0 && config.sdkVersion > request.sdkVersion) return false;
    if (config.minorVersion !== 0 && config.minorVersion !== request.minorVersion) return false;
  }
  return true;
}

/** ResTable_config::isLocaleBetterThan (both configs already match the request). */
function isLocaleBetterThan(mine: ResourceConfig, other: ResourceConfig, request: ResourceConfig): boolean {
  if (!hasLocale(request)) return false;
  if (!hasLocale(mine) && !hasLocale(other) && mine.localeScript === '' && other.localeScript === '') return false;
  if (!languagesAreEquivalent(mine.language, other.language)) {
    // One has no language: the one with a language wins, except that for US-like
    // English requests a language-less resource beats a far English region.
    if (request.language === 'en') {
      if (request.country === 'US') {
        if (mine.language !== '') return mine.country === '' || mine.country === 'US';
        return !(other.country === '' || other.country === 'US');
      }
      if (isCloseToUsEnglish(request.country)) {
        if (mine.language !== '') return isCloseToUsEnglish(mine.country);
        return !isCloseToUsEnglish(other.country);
      }
    }
    return mine.language !== '';
  }
  const regions = compareRegions(
    mine.country,
    other.country,
    request.language,
    effectiveScript(request),
    request.country,
  );
  if (regions !== 0) return regions > 0;
  const mineVariant = mine.localeVariant === request.localeVariant;
  const otherVariant = other.localeVariant === request.localeVariant;
  if (mineVariant !== otherVariant) return mineVariant;
  const mineNumbering = mine.localeNumberingSystem === request.localeNumberingSystem;
  const otherNumbering = other.localeNumberingSystem === request.localeNumberingSystem;
  if (mineNumbering !== otherNumbering) return mineNumbering;
  return mine.language === request.language && other.language !== request.language;
}

/** ResTable_config::isBetterThan(o, requested) for a non-null request. */
export function isBetterThan(mine: ResourceConfig, other: ResourceConfig, request: ResourceConfig): boolean {
  if (mine.mcc !== other.mcc && request.mcc !== 0) return mine.mcc !== 0;
  if (mine.mnc !== other.mnc && request.mnc !== 0) return mine.mnc !== 0;
  if (isLocaleBetterThan(mine, other, request)) return true;
  if (isLocaleBetterThan(other, mine, request)) return false;
  const gender = (c: ResourceConfig): number => c.grammaticalInflection & C.GRAMMATICAL_INFLECTION_GENDER_MASK;
  if (gender(mine) !== gender(other) && gender(request) !== 0) return gender(mine) !== 0;
  const bits = (
    c: ResourceConfig,
    mask: number,
    field: 'screenLayout' | 'uiMode' | 'screenLayout2' | 'colorMode',
  ): number => c[field] & mask;
  if (
    bits(mine, C.MASK_LAYOUTDIR, 'screenLayout') !== bits(other, C.MASK_LAYOUTDIR, 'screenLayout') &&
    bits(request, C.MASK_LAYOUTDIR, 'screenLayout') !== 0
  ) {
    return bits(mine, C.MASK_LAYOUTDIR, 'screenLayout') > bits(other, C.MASK_LAYOUTDIR, 'screenLayout');
  }
  if (mine.smallestScreenWidthDp !== other.smallestScreenWidthDp)
    return mine.smallestScreenWidthDp > other.smallestScreenWidthDp;
  if (hasScreenSizeDp(mine) || hasScreenSizeDp(other)) {
    let mineDelta = 0;
    let otherDelta = 0;
    if (request.screenWidthDp !== 0) {
      mineDelta += request.screenWidthDp - mine.screenWidthDp;
      otherDelta += request.screenWidthDp - other.screenWidthDp;
    }
    if (request.screenHeightDp !== 0) {
      mineDelta += request.screenHeightDp - mine.screenHeightDp;
      otherDelta += request.screenHeightDp - other.screenHeightDp;
    }
    if (mineDelta !== otherDelta) return mineDelta < otherDelta;
  }
  const mineSize = bits(mine, C.MASK_SCREENSIZE, 'screenLayout');
  const otherSize = bits(other, C.MASK_SCREENSIZE, 'screenLayout');
  const requestSize = bits(request, C.MASK_SCREENSIZE, 'screenLayout');
  if (mineSize !== otherSize && requestSize !== 0) {
    // Undefined counts as "normal" when the request is at least normal.
    const fixedMine = mineSize === 0 && requestSize >= C.SCREENSIZE_NORMAL ? C.SCREENSIZE_NORMAL : mineSize;
    const fixedOther = otherSize === 0 && requestSize >= C.SCREENSIZE_NORMAL ? C.SCREENSIZE_NORMAL : otherSize;
    if (fixedMine === fixedOther) return mineSize !== 0;
    return fixedMine > fixedOther;
  }
  for (const [mask, field] of [
    [C.MASK_SCREENLONG, 'screenLayout'],
    [C.MASK_SCREENROUND, 'screenLayout2'],
    [C.MASK_WIDE_COLOR_GAMUT, 'colorMode'],
    [C.MASK_HDR, 'colorMode'],
  ] as const) {
    if (bits(mine, mask, field) !== bits(other, mask, field) && bits(request, mask, field) !== 0)
      return bits(mine, mask, field) !== 0;
  }
  if (mine.orientation !== other.orientation && request.orientation !== 0) return mine.orientation !== 0;
  for (const mask of [C.MASK_UI_MODE_TYPE, C.MASK_UI_MODE_NIGHT]) {
    if (bits(mine, mask, 'uiMode') !== bits(other, mask, 'uiMode') && bits(request, mask, 'uiMode') !== 0)
      return bits(mine, mask, 'uiMode') !== 0;
  }
  if (mine.density !== other.density) return isDensityBetter(mine.density, other.density, request.density);
  if (mine.touchscreen !== other.touchscreen && request.touchscreen !== 0) return mine.touchscreen !== 0;
  const keysHidden = mine.inputFlags & C.MASK_KEYSHIDDEN;
  const otherKeysHidden = other.inputFlags & C.MASK_KEYSHIDDEN;
  const requestKeysHidden = request.inputFlags & C.MASK_KEYSHIDDEN;
  if (keysHidden !== otherKeysHidden && requestKeysHidden !== 0) {
    if (keysHidden === 0) return false;
    if (otherKeysHidden === 0) return true;
    if (requestKeysHidden === keysHidden) return true;
    if (requestKeysHidden === otherKeysHidden) return false;
  }
  const navHidden = mine.inputFlags & C.MASK_NAVHIDDEN;
  const otherNavHidden = other.inputFlags & C.MASK_NAVHIDDEN;
  if (navHidden !== otherNavHidden && (request.inputFlags & C.MASK_NAVHIDDEN) !== 0) return navHidden !== 0;
  if (mine.keyboard !== other.keyboard && request.keyboard !== 0) return mine.keyboard !== 0;
  if (mine.navigation !== other.navigation && request.navigation !== 0) return mine.navigation !== 0;
  if (hasScreenSize(mine) || hasScreenSize(other)) {
    const delta = (c: ResourceConfig): number =>
      (request.screenWidth !== 0 ? request.screenWidth - c.screenWidth : 0) +
      (request.screenHeight !== 0 ? request.screenHeight - c.screenHeight : 0);
    if (delta(mine) !== delta(other)) return delta(mine) < delta(other);
  }
  if (mine.sdkVersion !== other.sdkVersion && request.sdkVersion !== 0) return mine.sdkVersion > other.sdkVersion;
  if (mine.minorVersion !== other.minorVersion && request.minorVersion !== 0) return mine.minorVersion !== 0;
  return false;
}

/** The density rule of isBetterThan: DENSITY_ANY first, then the closest bucket, scaling down preferred. */
function isDensityBetter(mine: number, other: number, requested: number): boolean {
  const thisDensity = mine === 0 ? C.DENSITY_MEDIUM : mine;
  const otherDensity = other === 0 ? C.DENSITY_MEDIUM : other;
  if (thisDensity === C.DENSITY_ANY) return true;
  if (otherDensity === C.DENSITY_ANY) return false;
  const request = requested === 0 || requested === C.DENSITY_ANY ? C.DENSITY_MEDIUM : requested;
  let high = thisDensity;
  let low = otherDensity;
  let mineIsBigger = true;
  if (low > high) {
    [high, low] = [low, high];
    mineIsBigger = false;
  }
  if (request >= high) return mineIsBigger;
  if (low >= request) return !mineIsBigger;
  return (2 * low - request) * high > request * request ? !mineIsBigger : mineIsBigger;
}
