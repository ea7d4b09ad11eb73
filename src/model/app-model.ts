/**
 * The model rules run on: one APK (a split's model for each split), fully parsed,
 * with no byte access left to the rules ("rules never touch bytes").
 * Built by `buildAppModel` (src/model/app-model-build.ts).
 */
import type { Manifest } from './manifest/types.js';
import type { Resources } from './resources/index.js';
import type { CodeIndex } from './code-index/index.js';
import type { ParsedDexSource } from './code/index.js';
import type { XmlDocument } from '../formats/axml/index.js';
/** Parsed binary XML, as rules read it (layouts, network security config). */
export type { XmlDocument, XmlElement } from '../formats/axml/index.js';
import type { SigningReport } from './signing/index.js';
import type { SourcedDiagnostic } from './sourced-diagnostic.js';

/** A binary XML file under res/ (layouts, xml resources), parsed. */
export interface XmlResourceFile {
  /** Entry path, e.g. `res/layout-zh/form.xml`. */
  readonly entry: string;
  readonly document: XmlDocument;
}

/** What a file under assets/ (or lib/, or elsewhere outside the standard places) is. */
export interface AssetInfo {
  readonly entry: string;
  readonly size: number;
  /** Sniffed type: 'elf', 'dex', 'zip', 'sqlite', 'json', 'csv', 'text', 'image', 'high-entropy', 'unknown', … */
  readonly type: string;
  /** Type-specific facts (ELF ABI, symbol names, JSON keys, line counts, entropy…). */
  readonly details: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /** Printable strings extracted with their byte offsets (bounded). */
  readonly strings: ReadonlyArray<{ readonly text: string; readonly offset: number }>;
  /** SHA-256 of the bytes read (absent for a file over the sniffing budget or unreadable). */
  readonly sha256?: string;
  /** The whole content of a small text file (at most SMALL_TEXT_BYTES, UTF-8). */
  readonly text?: string;
  /** CSV or TSV: the first line and the rows after it (bounded). */
  readonly table?: {
    readonly separator: ',' | '\t';
    readonly header: readonly string[];
    readonly rows: ReadonlyArray<readonly string[]>;
  };
}

export interface AppModel {
  readonly apk: { readonly path: string; readonly sha256: string; readonly size: number; readonly splitName?: string };
  readonly manifest?: Manifest;
  readonly resources?: Resources;
  /** The app's code that parsed, class path first (src/model/code); inspection.code lists every source. */
  readonly dexSources: readonly ParsedDexSource[];
  readonly code?: CodeIndex;
  /** Every binary XML under res/ (layouts first), parsed. */
  readonly xmlResources: readonly XmlResourceFile[];
  readonly assets: readonly AssetInfo[];
  readonly signing: SigningReport;
  /** Container, manifest, resources, dex and signing anomalies. */
  readonly diagnostics: readonly SourcedDiagnostic[];
}
