/**
 * Public model of an Android binary XML document (AXML: AndroidManifest.xml,
 * compiled layouts), as Android's ResXMLParser presents it. Offsets are absolute
 * and are kept on every object: they are the evidence a reader can check.
 */
import type { StringPool } from '../res/string-pool.js';

/** The typed value Android reads for an attribute (Res_value dataType and data). */
interface XmlTypedValue {
  readonly dataType: number;
  /** Unsigned 32-bit data. */
  readonly data: number;
}

export interface XmlAttribute {
  /** Namespace URI string, if the attribute has one (ns index != -1). */
  readonly namespaceUri?: string;
  /**
   * The name string from the pool. Android identifies attributes that have a
   * resource id by the id, not by this string: obfuscators blank or fake it
   * (AndroidManifestLiapp.xml, AndroidManifest_NamespaceInAttributeName*.xml).
   */
  readonly name: string;
  /** Resource id from the resource map (same index as the name string), when present and non-zero. */
  readonly resourceId?: number;
  /** The framework attribute name for `resourceId` (android:attr/…), when the id is a public one. */
  readonly androidName?: string;
  /** Raw value string (rawValue index != -1). */
  readonly rawValue?: string;
  readonly typedValue: XmlTypedValue;
  /** Absolute offset of the ResXMLTree_attribute record. */
  readonly offset: number;
}

export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
  readonly lineNumber: number;
  readonly offset: number;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly namespaceUri?: string;
  readonly lineNumber: number;
  /** Comment string attached to the start node by aapt, if any. */
  readonly comment?: string;
  /** Absolute offset of the RES_XML_START_ELEMENT_TYPE chunk. */
  readonly offset: number;
  readonly attributes: XmlAttribute[];
  readonly children: (XmlElement | XmlText)[];
}

export interface XmlNamespace {
  /** Prefix string; undefined for a default namespace (prefix index -1), printed `<DEF>` by aapt. */
  readonly prefix?: string;
  readonly uri?: string;
  readonly lineNumber: number;
  readonly comment?: string;
  readonly offset: number;
}

export interface XmlEndElement {
  readonly namespaceUri?: string;
  readonly name?: string;
  readonly lineNumber: number;
  readonly offset: number;
}

/** One event of ResXMLParser::next(), in file order (what aapt's printXMLBlock walks). */
export type XmlEvent =
  | { readonly kind: 'start-namespace'; readonly namespace: XmlNamespace }
  | { readonly kind: 'end-namespace'; readonly namespace: XmlNamespace }
  | { readonly kind: 'start-element'; readonly element: XmlElement }
  | { readonly kind: 'end-element'; readonly end: XmlEndElement }
  | { readonly kind: 'text'; readonly text: XmlText };

export interface XmlDocument {
  /** Every namespace declaration (start-namespace node), in file order. */
  readonly namespaces: XmlNamespace[];
  /** First top-level element. */
  readonly root?: XmlElement;
  /** Further top-level elements (Android walks them too; aapt prints them). */
  readonly extraRoots: XmlElement[];
  /** The string pool Android uses (the last one before the first node), if any. */
  readonly strings?: StringPool;
  /** Resource map: resource id per attribute-name string index. */
  readonly resourceIds: readonly number[];
  /** The node events Android's parser yields, in order. */
  readonly events: XmlEvent[];
  /**
   * Why Android would refuse this document (ResXMLTree::setTo error or a
   * BAD_DOCUMENT event): the app would not install (manifest) or the layout
   * would not inflate. What we could still read is kept for evidence.
   */
  readonly androidRejection?: string;
}
