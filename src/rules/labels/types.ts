/** An enumeration the app carries, gathered from one place (resources, code, assets), before classification. */
import type { Evidence } from '../../findings/types.js';

export interface LabelItem {
  readonly text: string;
  /** Locale for resources (`''` default), `Lcom/a/B;->m()V@0x12` for code, `assets/x.json@1234` for assets. */
  readonly where: string;
  readonly evidence: Evidence;
}

export interface Enumeration {
  /** `labels.string-array`, `labels.strings`, `labels.code-cluster`, `labels.asset`. */
  readonly code: string;
  /** `array/religion_choices`, `string resources`, `Lcom/a/B;->m()V`, `assets/x.json`. */
  readonly name: string;
  readonly items: readonly LabelItem[];
}
