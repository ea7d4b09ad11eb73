/**
 * The dictionaries a gloss reads, owned by whoever scans: CC-CEDICT is read on the first
 * gloss that needs it (~50 ms and ~5 MB, src/text/cedict.ts) and kept for the
 * owner's life. Process entry points (the CLI's scan and diff, the batch and queue scan
 * worker) make one and hand it to every scan; a scan given none makes its own.
 */
import { readDictionary, type Dictionary } from './cedict.js';

export class Dictionaries {
  private chinese: Dictionary | undefined;

  /** CC-CEDICT, read on first use. */
  cedict(): Dictionary {
    this.chinese ??= readDictionary();
    return this.chinese;
  }
}
