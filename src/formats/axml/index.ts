/** Android binary XML (AXML): reader, model and aapt-compatible printer. */
export { readBinaryXml } from './parser.js';
export { formatAsAaptXmlTree, type AaptFormatOptions } from './aapt-format.js';
export type {
  XmlAttribute,
  XmlDocument,
  XmlElement,
  XmlEndElement,
  XmlEvent,
  XmlNamespace,
  XmlText,
  XmlTypedValue,
} from './types.js';
