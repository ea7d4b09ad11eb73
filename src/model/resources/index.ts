/**
 * Resource queries and Android's value selection over parsed tables:
 * `new Resources([base, ...splits])`, then nameOf / valuesOf / resolve /
 * resolveString / resolveStringArray / resolvePlurals / allLocaleValues.
 */
export { Resources, type ValueCandidate } from './resources.js';
export { deviceConfig } from './device.js';
