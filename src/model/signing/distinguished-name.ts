/**
 * X.501 Name decoding that keeps each attribute's original string type (RFC 5280
 * section 4.1.2.4). Surveillance-app makers often put their real company name in a
 * non-ASCII DN (Chinese in UTF8String or BMPString, accented Latin in T61String), so
 * every string type is decoded explicitly rather than through a library that might
 * re-encode or drop it.
 */
import { DerTag, decodeOid, derChildren, readDer, type DerElement } from '../../formats/apksig/der.js';

interface NameAttribute {
  readonly oid: string;
  /** Short name (CN, O, ...) or the dotted OID when unknown. */
  readonly type: string;
  readonly value: string;
  /** ASN.1 string type as found, e.g. "UTF8String", "BMPString". */
  readonly stringType: string;
}

export interface DistinguishedName {
  /** RFC 4514 order (most specific first), e.g. "CN=Android Debug, O=Android, C=US". */
  readonly text: string;
  /** Attributes in file order (least specific first). */
  readonly attributes: readonly NameAttribute[];
}

/** Short names as RFC 4514 section 3 and Java's X500Principal print them. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SURNAME',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'GIVENNAME',
  '2.5.4.43': 'INITIALS',
  '2.5.4.46': 'DNQ',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'EMAILADDRESS',
};

const STRING_TYPES: Record<number, string> = {
  [DerTag.UTF8_STRING]: 'UTF8String',
  [DerTag.PRINTABLE_STRING]: 'PrintableString',
  [DerTag.T61_STRING]: 'T61String',
  [DerTag.IA5_STRING]: 'IA5String',
  [DerTag.VISIBLE_STRING]: 'VisibleString',
  [DerTag.UNIVERSAL_STRING]: 'UniversalString',
  [DerTag.BMP_STRING]: 'BMPString',
};

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

/** Decodes a directory string by its tag; unknown tags come out as #hex (RFC 4514 2.4). */
function decodeDirectoryString(element: DerElement): { value: string; stringType: string } {
  const content = element.content;
  const stringType = STRING_TYPES[element.tag];
  switch (element.tag) {
    case DerTag.UTF8_STRING:
      return { value: utf8.decode(content), stringType: 'UTF8String' };
    case DerTag.BMP_STRING: {
      // UCS-2 big-endian (X.680 41.16); an odd trailing byte is ignored.
      let value = '';
      for (let index = 0; index + 1 < content.length; index += 2) {
        value += String.fromCharCode(((content[index] ?? 0) << 8) | (content[index + 1] ?? 0));
      }
      return { value, stringType: 'BMPString' };
    }
    case DerTag.UNIVERSAL_STRING: {
      // UCS-4 big-endian (X.680 41.16).
      let value = '';
      for (let index = 0; index + 3 < content.length; index += 4) {
        const codePoint =
          (((content[index] ?? 0) << 24) |
            ((content[index + 1] ?? 0) << 16) |
            ((content[index + 2] ?? 0) << 8) |
            (content[index + 3] ?? 0)) >>>
          0;
        value += codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd';
      }
      return { value, stringType: 'UniversalString' };
    }
    case DerTag.T61_STRING:
      // Java (and so apksigner/keytool) decodes TeletexString as ISO-8859-1; in practice
      // signers put Latin-1 bytes there. Valid UTF-8 is tried first because some tools
      // wrote UTF-8 into T61String (no corpus certificate uses T61String yet; the unit
      // tests in test/apksig/certificate.test.ts cover both readings).
      return { value: looksLikeUtf8(content) ? utf8.decode(content) : latin1.decode(content), stringType: 'T61String' };
    case DerTag.PRINTABLE_STRING:
    case DerTag.IA5_STRING:
    case DerTag.VISIBLE_STRING:
      return { value: latin1.decode(content), stringType: stringType ?? 'string' };
    default:
      return {
        value: `#${Buffer.from(element.encoded).toString('hex')}`,
        stringType: `tag 0x${element.tag.toString(16)}`,
      };
  }
}

function looksLikeUtf8(bytes: Uint8Array): boolean {
  let hasHighBit = false;
  for (const byte of bytes) if (byte >= 0x80) hasHighBit = true;
  if (!hasHighBit) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** RFC 4514 section 2.4 escaping of a value for the text form. */
function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (character) => `\\${character}`)
    .replace(/^[ #]/, (character) => `\\${character}`)
    .replace(/ $/, '\\ ');
}

/** Decodes a DER Name (SEQUENCE OF RDN SET OF AttributeTypeAndValue). Throws DerError when malformed. */
export function decodeName(encoded: Uint8Array): DistinguishedName {
  const name = readDer(encoded);
  const attributes: NameAttribute[] = [];
  const rdnTexts: string[] = [];
  for (const rdn of derChildren(name)) {
    const parts: string[] = [];
    for (const pair of derChildren(rdn)) {
      const [typeElement, valueElement] = derChildren(pair, 2);
      if (typeElement === undefined || valueElement === undefined) continue;
      const oid = decodeOid(typeElement.content);
      const type = ATTRIBUTE_NAMES[oid] ?? `OID.${oid}`;
      const { value, stringType } = decodeDirectoryString(valueElement);
      attributes.push({ oid, type, value, stringType });
      // The #hex form of an unknown string type is written unescaped (RFC 4514 2.4).
      parts.push(`${type}=${stringType.startsWith('tag ') ? value : escapeValue(value)}`);
    }
    rdnTexts.push(parts.join('+'));
  }
  return { text: rdnTexts.reverse().join(', '), attributes };
}
