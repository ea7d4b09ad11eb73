/** Forms from layouts: input fields, their texts in every locale, and the screens that show them. */
export { extractForms, defaultText, layoutIdOverflow, MAX_LAYOUT_IDS_PER_FILE } from './extract.js';
export { combinedResources } from './split-resources.js';
export { decodeInputType, fieldKind } from './widgets.js';
export type * from './types.js';
