/** Forms from layouts: input fields, their texts in every locale, and the screens that show them. */
export { extractForms, fieldsOf, defaultText, MAX_ELEMENTS_PER_LAYOUT, MAX_DEPTH } from './extract.js';
export { combinedResources, type CombinedResources } from './split-resources.js';
export { findScreens, LAYOUT_SINKS } from './screens.js';
export { decodeInputType, fieldKind, isTextInputLayout, simpleName } from './widgets.js';
export { resolveText, resolveChoices, attributeName } from './texts.js';
export type * from './types.js';
