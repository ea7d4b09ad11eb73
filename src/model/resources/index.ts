/**
 * Resource queries and Android's value selection over parsed tables:
 * `new Resources([base, ...splits])`, then nameOf / valuesOf / resolve /
 * resolveString / resolveStringArray / resolvePlurals / allLocaleValues.
 */
export {
  Resources,
  MAX_REFERENCE_DEPTH,
  PLURAL_QUANTITIES,
  type Resolution,
  type ResolutionStep,
  type ResolutionProblem,
  type ValueCandidate,
} from './resources.js';
export { deviceConfig, parseLocale, TYPICAL_PHONE, type DeviceOptions, type LocaleParts } from './device.js';
export { configMatches, isBetterThan } from './config-match.js';
