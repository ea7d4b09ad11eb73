/**
 * Enumerations in code: methods that load at least CLUSTER_MINIMUM distinct
 * const-strings naming lexicon categories (a hard-coded list of labels such
 * as the IJOP app's "suspicious behaviour" tables), found through the code
 * index: each loaded string is matched once, then grouped by calling method.
 */
import type { AppModel } from '../../model/app-model.js';
import { descriptorToJavaName } from '../../model/code/index.js';
import { classifyText } from '../../text/index.js';
import type { AppFacts } from '../shared/app-facts.js';
import type { Enumeration, LabelItem } from './types.js';

/** Distinct matching strings a method needs to count as a cluster (issue 5: "≥3 lexicon-matching const-strings in one method"). */
const CLUSTER_MINIMUM = 3;
/** Strings longer than this are not labels (and the lexicon would only scan their start). */
const MAX_LABEL_LENGTH = 200;
/** Uses of one string followed at most (a string loaded everywhere is not a label). */
const MAX_USES_PER_STRING = 200;
/**
 * Dotted identifiers are names, not labels: permission, class and package
 * names (android.permission.ACCESS_FINE_LOCATION in the support library's
 * TwilightManager, present in most corpus apps).
 */
const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]*(\.[\w$]+)+$/;
/** Items kept per cluster. */
const MAX_ITEMS_PER_CLUSTER = 300;

export function codeClusters(app: AppModel, facts: AppFacts): Enumeration[] {
  const code = app.code;
  if (code === undefined) return [];
  const byMethod = new Map<string, LabelItem[]>();
  // The app's strings as the other rules already listed them (one walk of the string table per app, not two).
  for (const { text, uses } of facts.codeStrings()) {
    if (
      text.length === 0 ||
      text.length > MAX_LABEL_LENGTH ||
      uses > MAX_USES_PER_STRING ||
      DOTTED_IDENTIFIER.test(text)
    )
      continue;
    if (!classifyText(text).some((match) => !match.weakOnly)) continue;
    for (const use of code.stringUses(text)) {
      const list = byMethod.get(use.caller) ?? [];
      if (list.length >= MAX_ITEMS_PER_CLUSTER || list.some((item) => item.text === text)) continue;
      const arrow = use.caller.indexOf('->');
      list.push({
        text,
        where: `${use.caller}@0x${use.codeUnitOffset.toString(16)}`,
        evidence: {
          kind: 'code',
          apkSha256: app.apk.sha256,
          entry: use.dex,
          className: descriptorToJavaName(use.caller.slice(0, arrow)),
          method: use.caller.slice(arrow + 2),
          codeOffset: use.codeUnitOffset,
          fileOffset: use.absoluteOffset,
          target: text,
        },
      });
      byMethod.set(use.caller, list);
    }
  }
  const out: Enumeration[] = [];
  for (const [method, items] of byMethod) {
    if (items.length >= CLUSTER_MINIMUM) out.push({ kind: 'code-cluster', name: method, items });
  }
  return out;
}
