/**
 * Resource queries and Android's value selection over parsed tables:
 * `new Resources([base, ...splits])`, then nameOf / valuesOf / resolve /
 * resolveString / resolveStringArray / resolvePlurals / allLocaleValues.
 */
export { Resources, type ValueCandidate } from './resources.js';
export { deviceConfig } from './device.js';
/** What rules need from the resource formats: the string value type and the locale part of a configuration. */
export { TYPE_STRING } from '../../formats/res/value.js';
export { localePart } from '../../formats/arsc/qualifiers.js';
