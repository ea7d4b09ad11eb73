/** An enumeration the app carries, gathered from one place (resources, code, assets), before classification. */
import type { Evidence } from '../../findings/types.js';

export interface LabelItem {
  readonly text: string;
  /** Locale for resources (`''` default), `Lcom/a/B;->m()V@0x12` for code, `assets/x.json@1234` for assets. */
  readonly where: string;
  readonly evidence: Evidence;
}

/** Where an enumeration comes from; also the name of its finding code (`labels.<kind>`). */
export type EnumerationKind = 'string-array' | 'strings' | 'code-cluster' | 'asset' | 'asset-name';

export interface Enumeration {
  readonly kind: EnumerationKind;
  /** `array/religion_choices`, `string resources`, `Lcom/a/B;->m()V`, `assets/x.json`. */
  readonly name: string;
  readonly items: readonly LabelItem[];
}
