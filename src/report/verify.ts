/**
 * "How to verify": for each evidence item, the standard command that shows the same
 * bytes (docs/findings-schema.md, Evidence). Names from the app (entries, classes,
 * APK names) are single-quoted for a POSIX shell, so a hostile entry name such as
 * `$(rm -rf ~).dex` pasted from a report is an argument, never a command.
 */
import type { Evidence } from '../findings/types.js';
import { visibleControls } from './html/escape.js';

/** Entry name of evidence that points at the APK file itself rather than an entry in it. */
export const WHOLE_FILE_ENTRY = '(file)';
/** dexdump's left column: the instruction's byte offset in the dex, six hex digits. */
const DEXDUMP_OFFSET_DIGITS = 6;
/** dexdump's `|0006:` column: the code offset in 16-bit units, four hex digits. */
const DEXDUMP_CODE_OFFSET_DIGITS = 4;

/** Bytes shown for evidence that is one position rather than a range. */
const POINT_BYTES = 16;

/** `bytes 0x10–0x40` for a range (end excluded), `at byte 0x10` for a position: never a zero-length range. */
export function byteSpan(start: number, end: number): string {
  return end > start ? `bytes 0x${start.toString(16)}–0x${end.toString(16)}` : `at byte 0x${start.toString(16)}`;
}

/** POSIX shell single quoting; controls made visible first (they cannot be typed anyway). */
export function shellQuote(text: string): string {
  const visible = visibleControls(text).replace(/\n/g, '\\n');
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(visible) ? visible : `'${visible.replace(/'/g, `'\\''`)}'`;
}

/** `org.example.Main` → `Lorg/example/Main;` (smali spelling, for baksmali --classes). */
function smaliClass(className: string): string {
  return `L${className.replace(/\./g, '/')};`;
}

export interface VerifyStep {
  /** The command line (shell-quoted). */
  readonly command: string;
  /** What to look for in its output. */
  readonly lookFor: string;
}

/**
 * Commands that show one evidence item. `apk` is the APK's name as in the report; an
 * APK inside a bundle (`app.xapk!/base.apk`) is first extracted with unzip.
 */
export function verifySteps(evidence: Evidence, apk: string): VerifyStep[] {
  const steps: VerifyStep[] = [];
  let apkPath = apk;
  const separator = apk.indexOf('!/');
  if (separator >= 0) {
    const bundle = apk.slice(0, separator);
    const inner = apk.slice(separator + 2);
    steps.push({
      command: `unzip -o ${shellQuote(bundle)} ${shellQuote(inner)} -d bundle`,
      lookFor: `extracts ${inner} from the bundle`,
    });
    apkPath = `bundle/${inner}`;
  }
  const apkArgument = shellQuote(apkPath);
  const entry = shellQuote(evidence.entry);
  switch (evidence.kind) {
    case 'code': {
      const fileOffset = evidence.fileOffset.toString(16).padStart(DEXDUMP_OFFSET_DIGITS, '0');
      const codeOffset = evidence.codeOffset.toString(16).padStart(DEXDUMP_CODE_OFFSET_DIGITS, '0');
      steps.push({
        command: `unzip -o ${apkArgument} ${entry} -d apk && dexdump -d ${shellQuote(`apk/${evidence.entry}`)}`,
        lookFor: `the line starting '${fileOffset}:' shows '|${codeOffset}:' and ${visibleControls(evidence.target)} in ${visibleControls(evidence.className)}.${visibleControls(evidence.method)}`,
      });
      steps.push({
        command: `baksmali d --code-offsets --classes ${shellQuote(smaliClass(evidence.className))} -o smali ${shellQuote(`${apkPath}/${evidence.entry}`)}`,
        lookFor: `'#@${evidence.codeOffset.toString(16)}' in method ${visibleControls(evidence.method)} of smali/${visibleControls(evidence.className.replace(/\./g, '/'))}.smali`,
      });
      break;
    }
    case 'xml':
      steps.push({
        command: `aapt dump xmltree ${apkArgument} ${entry}`,
        lookFor: `element ${visibleControls(evidence.element)}${evidence.attribute ? ` attribute ${visibleControls(evidence.attribute)}` : ''} at (line=${evidence.line})`,
      });
      break;
    case 'resource': {
      const id = `0x${evidence.resourceId.toString(16).padStart(8, '0')}`;
      steps.push({
        command: `aapt dump --values resources ${apkArgument} | grep -A1 ${id}`,
        lookFor: `resource ${id} ${visibleControls(evidence.name)} in config ${evidence.locale === '' ? '(default)' : visibleControls(evidence.locale)}`,
      });
      break;
    }
    case 'bytes': {
      // A position (start = end: where a parser stopped, an anomaly's offset) shows the bytes from there.
      const length = evidence.end > evidence.start ? evidence.end - evidence.start : POINT_BYTES;
      const source =
        evidence.entry === WHOLE_FILE_ENTRY
          ? `xxd -s ${evidence.start} -l ${length} ${apkArgument}`
          : `unzip -p ${apkArgument} ${entry} | xxd -s ${evidence.start} -l ${length}`;
      steps.push({
        command: source,
        lookFor: evidence.description ? visibleControls(evidence.description) : byteSpan(evidence.start, evidence.end),
      });
      break;
    }
  }
  return steps;
}

/** One line naming where the evidence is, without the command (for lists and SARIF messages). */
export function evidenceSummary(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'code':
      return `${evidence.entry} ${evidence.className}.${evidence.method} |${evidence.codeOffset.toString(16).padStart(DEXDUMP_CODE_OFFSET_DIGITS, '0')} @0x${evidence.fileOffset.toString(16)} → ${evidence.target}`;
    case 'xml':
      return `${evidence.entry} line ${evidence.line} <${evidence.element}${evidence.attribute ? ` ${evidence.attribute}` : ''}> @0x${evidence.offset.toString(16)}`;
    case 'resource':
      return `${evidence.entry} 0x${evidence.resourceId.toString(16)} ${evidence.name}${evidence.locale ? ` [${evidence.locale}]` : ''}${evidence.value !== undefined ? ` = ${evidence.value}` : ''}`;
    case 'bytes':
      return `${evidence.entry} ${byteSpan(evidence.start, evidence.end)}${evidence.description ? ` (${evidence.description})` : ''}`;
  }
}

/** How to check one kind of evidence, given once per report (the items keep only where they are). */
export interface VerifyRecipe {
  readonly kind: Evidence['kind'];
  /** What the evidence items of this kind cite. */
  readonly reads: string;
  /** The commands for the first item of this kind in the report: an example to adapt for the others. */
  readonly example: readonly VerifyStep[];
  /** Where the example item is: the summary a reader matches the others against. */
  readonly exampleOf: string;
}

const RECIPE_READS: Readonly<Record<Evidence['kind'], string>> = {
  code: 'an instruction: "entry class.method |code offset @file offset → target". Extract the dex and disassemble it; the line that starts with the file offset (6 hex digits) shows the code offset and the target. baksmali gives the same place as #@<code offset>.',
  xml: 'an element of a binary XML file: "entry line N <element attribute> @offset". aapt prints the tree with (line=N) beside each element.',
  resource:
    'a resource value: "resources.arsc 0x7f… type/name [locale] = value". aapt prints every value under its configuration; grep for the id.',
  bytes:
    'a byte range ("bytes 0xstart–0xend", end excluded) or a position ("at byte 0x…") of an entry, or of the APK file itself for "(file)". Extract the entry and look at the bytes.',
};

/** One recipe per evidence kind present in `evidence`, in code, xml, resource, bytes order. */
export function verifyRecipes(evidence: Iterable<Evidence>, apkName: (sha256: string) => string): VerifyRecipe[] {
  const first = new Map<Evidence['kind'], Evidence>();
  for (const item of evidence) if (!first.has(item.kind)) first.set(item.kind, item);
  const recipes: VerifyRecipe[] = [];
  for (const kind of ['code', 'xml', 'resource', 'bytes'] as const) {
    const item = first.get(kind);
    if (item === undefined) continue;
    recipes.push({
      kind,
      reads: RECIPE_READS[kind],
      example: verifySteps(item, apkName(item.apkSha256)),
      exampleOf: `${evidenceSummary(item)} (in ${apkName(item.apkSha256)})`,
    });
  }
  return recipes;
}
