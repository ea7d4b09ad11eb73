/**
 * JAR manifest and signature-file syntax (JAR File Specification, "Manifest
 * Specification" and "Signed JAR File"): sections of "Name: value" headers separated by
 * blank lines; a line starting with one space continues the previous value; lines end
 * with CRLF, LF or CR. The .SF digests cover each MANIFEST.MF section's exact bytes,
 * blank line included, so every section keeps its raw bytes and offset.
 */

export interface ManifestSection {
  /** Value of the "Name" header (undefined for the main section). */
  readonly name?: string;
  /** Offset of the section's first byte within the manifest file. */
  readonly offset: number;
  /** The section's bytes, including the blank line that ends it. */
  readonly bytes: Uint8Array;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

export interface JarManifest {
  readonly main: ManifestSection;
  readonly sections: readonly ManifestSection[];
  /** Named sections by name (the first of duplicates; duplicates are listed in `problems`). */
  readonly byName: ReadonlyMap<string, ManifestSection>;
  readonly problems: readonly string[];
}

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const COLON = 0x3a;
const decoder = new TextDecoder('utf-8');
/** Longest run decoded through String.fromCharCode's argument list at once. */
const ASCII_CHUNK = 4096;

/**
 * Header names and values are nearly always ASCII and short; TextDecoder's per-call cost
 * dominated parsing the 3,838-section MANIFEST.MF of a large app, so ASCII is decoded directly.
 */
function decodeText(bytes: Uint8Array): string {
  if (bytes.length > ASCII_CHUNK) return decoder.decode(bytes);
  for (let index = 0; index < bytes.length; index++) if ((bytes[index] as number) >= 0x80) return decoder.decode(bytes);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** Header lookup is case-insensitive (JAR spec: "header names are case-insensitive"). */
export function header(section: ManifestSection, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return section.headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

interface Line {
  readonly start: number;
  /** End of content (before the line terminator). */
  readonly end: number;
  /** Start of the next line. */
  readonly next: number;
}

/**
 * Finds line ends with the native indexOf, remembering the next CR and LF so that the
 * whole file is scanned once (a manifest of a large app has tens of thousands of lines).
 */
class LineScanner {
  private nextCr = -1;
  private nextLf = -1;
  constructor(private readonly bytes: Uint8Array) {}

  private find(byte: number, cached: number, from: number): number {
    if (cached >= from || cached === this.bytes.length) return cached;
    const found = this.bytes.indexOf(byte, from);
    return found < 0 ? this.bytes.length : found;
  }

  line(start: number): Line {
    this.nextCr = this.find(CR, this.nextCr, start);
    this.nextLf = this.find(LF, this.nextLf, start);
    const end = Math.min(this.nextCr, this.nextLf);
    let next = end;
    if (this.bytes[next] === CR) next++;
    if (this.bytes[next] === LF) next++;
    return { start, end, next };
  }
}

export function parseJarManifest(bytes: Uint8Array): JarManifest {
  const problems: string[] = [];
  const sections: ManifestSection[] = [];
  let main: ManifestSection | undefined;
  const scanner = new LineScanner(bytes);
  let position = 0;
  while (position < bytes.length) {
    const start = position;
    const headers: Array<[string, Uint8Array[]]> = [];
    // Read header lines until a blank line or the end of the file.
    while (position < bytes.length) {
      const line = scanner.line(position);
      position = line.next;
      if (line.end === line.start) break;
      if (bytes[line.start] === SPACE) {
        const last = headers.at(-1);
        if (last === undefined) problems.push(`continuation line at offset ${line.start} has nothing to continue`);
        else last[1].push(bytes.subarray(line.start + 1, line.end));
        continue;
      }
      // Searched within the line only: a hostile manifest of colon-less lines must stay linear.
      const found = bytes.subarray(line.start, line.end).indexOf(COLON);
      const colon = found < 0 ? line.end : line.start + found;
      if (colon >= line.end) {
        problems.push(`line at offset ${line.start} is not "Name: value"`);
        continue;
      }
      const name = decodeText(bytes.subarray(line.start, colon));
      const valueStart = bytes[colon + 1] === SPACE ? colon + 2 : colon + 1;
      headers.push([name, [bytes.subarray(valueStart, line.end)]]);
    }
    const decoded = headers.map(([name, parts]) => [name, decodeText(parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts))] as const);
    const section: ManifestSection = { offset: start, bytes: bytes.subarray(start, position), headers: decoded };
    if (main === undefined) {
      main = section;
      continue;
    }
    if (decoded.length === 0) continue; // extra blank lines between sections
    const name = decoded.find(([key]) => key.toLowerCase() === 'name')?.[1];
    if (name === undefined) problems.push(`section at offset ${start} has no Name header`);
    sections.push(name === undefined ? section : { ...section, name });
  }
  const byName = new Map<string, ManifestSection>();
  for (const section of sections) {
    if (section.name === undefined) continue;
    if (byName.has(section.name)) problems.push(`duplicate section for "${section.name}"`);
    else byName.set(section.name, section);
  }
  return { main: main ?? { offset: 0, bytes: bytes.subarray(0, 0), headers: [] }, sections, byName, problems };
}
