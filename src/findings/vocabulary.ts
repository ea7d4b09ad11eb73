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
  'credentials',
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

/**
 * How much a finding matters to the people the app is used on, least first; apart from confidence
 * (how sure we are). Derived from code + args in one place (src/scan/severity.ts); what makes a
 * finding severe is in docs/vocabulary.md ("Severity"). Words distinct from confidence's
 * high/medium/low, so neither reads as the other.
 */
export const SEVERITIES = ['info', 'minor', 'moderate', 'major', 'critical'] as const;

export type Severity = (typeof SEVERITIES)[number];
