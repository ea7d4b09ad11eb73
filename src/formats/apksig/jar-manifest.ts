/**
 * JAR manifest and signature-file syntax (JAR File Specification, "Manifest
 * Specification" and "Signed JAR File"): sections of "Name: value" headers separated by
 * blank lines; a line starting with one space continues the previous value; lines end
 * with CRLF, LF or CR. The .SF digests cover each MANIFEST.MF section's exact bytes,
 * blank line included, so every section keeps its raw bytes and offset.
 */
import { isAscii } from 'node:buffer';

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
const NAME_HEADER = 'name';
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

/**
 * One pass over a manifest or signature file. The structure (line ends, colons, the space
 * of a continuation line) is ASCII, so it is found in a latin1 string of the file, whose
 * character positions are byte offsets. Text comes from that string when the whole file
 * is ASCII (a substring is what decoding would give), else from the bytes as UTF-8.
 * Line ends and colons are found with the native indexOf, remembering the next CR, LF and
 * colon, so the whole file is scanned once (a hostile manifest of colon-less lines stays
 * linear). This replaced a Line object per line, a decoded copy of every header and a spread
 * copy of every named section: MANIFEST.MF and .SF of npm/appium-uiautomator2-server (3,838
 * sections each, 443 KB) went from 41-64 ms to 6-9 ms (best of 15, warm).
 */
class ManifestReader {
  private nextCr = -1;
  private nextLf = -1;
  private nextColon = -1;
  /** End of the current line's content and start of the next line (set by readLine). */
  lineEnd = 0;
  lineNext = 0;
  readonly problems: string[] = [];
  private readonly text: string;
  private readonly ascii: boolean;

  constructor(private readonly bytes: Uint8Array) {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.text = view.toString('latin1');
    this.ascii = isAscii(view);
  }

  private find(character: string, cached: number, from: number): number {
    if (cached >= from || cached === this.text.length) return cached;
    const found = this.text.indexOf(character, from);
    return found < 0 ? this.text.length : found;
  }

  readLine(start: number): void {
    this.nextCr = this.find('\r', this.nextCr, start);
    this.nextLf = this.find('\n', this.nextLf, start);
    const end = Math.min(this.nextCr, this.nextLf);
    let next = end;
    if (this.bytes[next] === CR) next++;
    if (this.bytes[next] === LF) next++;
    this.lineEnd = end;
    this.lineNext = next;
  }

  /** The first colon in [start, end), or -1. */
  colon(start: number, end: number): number {
    this.nextColon = this.find(':', this.nextColon, start);
    return this.nextColon < end ? this.nextColon : -1;
  }

  decode(start: number, end: number): string {
    return this.ascii ? this.text.slice(start, end) : decodeText(this.bytes.subarray(start, end));
  }

  /** A value continued on later lines: `pieces` are [start, end) pairs, decoded as one. */
  decodePieces(pieces: readonly number[]): string {
    if (this.ascii) {
      let value = '';
      for (let index = 0; index < pieces.length; index += 2) value += this.text.slice(pieces[index], pieces[index + 1]);
      return value;
    }
    // Joined before decoding: a 72-byte line may split a UTF-8 character.
    const parts: Uint8Array[] = [];
    for (let index = 0; index < pieces.length; index += 2)
      parts.push(this.bytes.subarray(pieces[index], pieces[index + 1]));
    return decodeText(Buffer.concat(parts));
  }

  /** The value of a header whose pieces (start, end pairs: the line, then continuation lines) are read. */
  private value(pieces: readonly number[]): string {
    return pieces.length === 2 ? this.decode(pieces[0] as number, pieces[1] as number) : this.decodePieces(pieces);
  }

  /** The section starting at `start`: its headers, up to a blank line or the end. */
  section(start: number): { section: ManifestSection; next: number } {
    const bytes = this.bytes;
    const headers: Array<readonly [string, string]> = [];
    // The header being read, added when the next one starts or the section ends.
    let headerName: string | undefined;
    let pieces: number[] = [];
    let position = start;
    while (position < bytes.length) {
      this.readLine(position);
      const lineStart = position;
      const end = this.lineEnd;
      position = this.lineNext;
      if (end === lineStart) break;
      if (bytes[lineStart] === SPACE) {
        if (headerName === undefined)
          this.problems.push(`continuation line at offset ${lineStart} has nothing to continue`);
        else pieces.push(lineStart + 1, end);
        continue;
      }
      // Searched within the line only: a hostile manifest of colon-less lines must stay linear.
      const colon = this.colon(lineStart, end);
      if (colon < 0) {
        this.problems.push(`line at offset ${lineStart} is not "Name: value"`);
        continue;
      }
      if (headerName !== undefined) headers.push([headerName, this.value(pieces)]);
      headerName = this.decode(lineStart, colon);
      pieces = [bytes[colon + 1] === SPACE ? colon + 2 : colon + 1, end];
    }
    if (headerName !== undefined) headers.push([headerName, this.value(pieces)]);
    return {
      section: { name: nameOf(headers), offset: start, bytes: bytes.subarray(start, position), headers },
      next: position,
    };
  }
}

/** The first "Name" header's value (names are case-insensitive). */
function nameOf(headers: ReadonlyArray<readonly [string, string]>): string | undefined {
  for (const [key, value] of headers)
    if (key.length === NAME_HEADER.length && key.toLowerCase() === NAME_HEADER) return value;
  return undefined;
}

/**
 * The sections after the main one, and the main one. A function of its own (as is
 * indexByName) so that V8 optimises each loop with feedback from its own runs: as one
 * function, on-stack replacement of the first loop compiled the rest before it had ever
 * run, and parseJarManifest was deoptimised 14 times a corpus scan (10 of them "insufficient
 * type feedback"); now its three parts are, 4 times in all.
 */
function readSections(
  reader: ManifestReader,
  length: number,
): { main: ManifestSection | undefined; sections: ManifestSection[] } {
  const sections: ManifestSection[] = [];
  let main: ManifestSection | undefined;
  let position = 0;
  while (position < length) {
    const { section, next } = reader.section(position);
    position = next;
    if (main === undefined) {
      // The main section has no name, even if it carries a Name header.
      main =
        section.name === undefined
          ? section
          : { name: undefined, offset: section.offset, bytes: section.bytes, headers: section.headers };
      continue;
    }
    if (section.headers.length === 0) continue; // extra blank lines between sections
    if (section.name === undefined) reader.problems.push(`section at offset ${section.offset} has no Name header`);
    sections.push(section);
  }
  return { main, sections };
}

function indexByName(sections: readonly ManifestSection[], problems: string[]): Map<string, ManifestSection> {
  const byName = new Map<string, ManifestSection>();
  for (const section of sections) {
    if (section.name === undefined) continue;
    if (byName.has(section.name)) problems.push(`duplicate section for "${section.name}"`);
    else byName.set(section.name, section);
  }
  return byName;
}

export function parseJarManifest(bytes: Uint8Array): JarManifest {
  const reader = new ManifestReader(bytes);
  const { main, sections } = readSections(reader, bytes.length);
  const byName = indexByName(sections, reader.problems);
  return {
    main: main ?? { name: undefined, offset: 0, bytes: bytes.subarray(0, 0), headers: [] },
    sections,
    byName,
    problems: reader.problems,
  };
}
