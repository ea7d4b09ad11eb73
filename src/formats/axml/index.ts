/** Android binary XML (AXML): reader, model and aapt-compatible printer. */
export { readBinaryXml } from './parser.js';
export { formatAsAaptXmlTree } from './aapt-format.js';
export type { XmlAttribute, XmlDocument, XmlElement } from './types.js';
