/**
 * Discovery plus parsing: every dex source of an archive read with readDex,
 * each diagnostic prefixed with where the dex came from. A source that is no
 * dex (jadx/app-with-fake-dex.apk's assets/classes.dex) or cannot be read is
 * kept with `dex: undefined` and a diagnostic, so a report can still list it.
 */
import { DiagnosticSink, FormatError, type ParseResult } from '../../formats/diagnostics.js';
import { readDex, type DexFile, type ReadDexOptions } from '../../formats/dex/index.js';
import type { ZipArchive } from '../../formats/zip/types.js';
import { findDexSources, type DiscoveredDex, type FindDexOptions } from './dex-sources.js';

export interface ParsedDexSource {
  readonly source: DiscoveredDex;
  readonly dex: DexFile | undefined;
}

export interface ReadSourcesOptions extends FindDexOptions, ReadDexOptions {
  /**
   * Offsets relative to each dex file (what dexdump and baksmali print, and what
   * the code index's evidence uses) instead of absolute offsets in the outer file.
   */
  readonly dexRelativeOffsets?: boolean;
}

export function readDexSources(archive: ZipArchive, options: ReadSourcesOptions = {}): ParseResult<ParsedDexSource[]> {
  const sink = new DiagnosticSink();
  const found = findDexSources(archive, options);
  for (const diagnostic of found.diagnostics)
    sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
  const parsed: ParsedDexSource[] = [];
  for (const source of found.value) {
    if (source.bytes === undefined) {
      parsed.push({ source, dex: undefined });
      continue;
    }
    try {
      const result = readDex(source.bytes, options.dexRelativeOffsets ? 0 : source.base, options);
      for (const diagnostic of result.diagnostics) {
        sink.add(diagnostic.code, diagnostic.offset, `${source.location}: ${diagnostic.detail}`, diagnostic.severity);
      }
      parsed.push({ source, dex: result.value });
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      sink.add(
        'code.dex-unreadable',
        error.offset + source.base,
        `${source.location}: ${error.message}`,
        source.kind === 'dex' ? 'error' : 'warning',
      );
      parsed.push({ source, dex: undefined });
    }
  }
  return { value: parsed, diagnostics: sink.finish() };
}
