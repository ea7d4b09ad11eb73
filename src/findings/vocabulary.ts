/**
 * The data-category vocabulary. Tools downstream match on these names: extend with care,
 * never rename. Documented in docs/vocabulary.md.
 */
export const DATA_CATEGORIES = [
  'device-id',
  'phone-number',
  'contacts',
  'sms',
  'call-log',
  'calendar',
  'location',
  'cell-info',
  'wifi',
  'bluetooth',
  'installed-apps',
  'accounts',
  'files',
  'photos',
  'camera',
  'microphone',
  'screen',
  'clipboard',
  'notifications',
  'biometrics',
  'identity-document',
  'ethnicity',
  'religion',
  'political',
  // The flagging vocabulary: labels an app puts on people (docs/vocabulary.md, "Flagging vocabulary").
  'suspicion',
  'watchlist',
  'extremism',
  'health',
  'travel',
  'relationships',
  'vehicle',
  'utility-usage',
  'finance',
  'network-tools',
] as const;

export type DataCategory = (typeof DATA_CATEGORIES)[number];

export function isDataCategory(text: string): text is DataCategory {
  return (DATA_CATEGORIES as readonly string[]).includes(text);
}
