/**
 * Converting model facts into Evidence objects (src/findings/types.ts), so every
 * rule cites code, XML, resources and bytes the same way.
 */
import type { AppModel } from '../model/app-model.js';
import type { CodeReference } from '../model/code-index/index.js';
import type { XmlEvidence as ManifestPlace } from '../model/manifest/types.js';
import type { BytesEvidence, CodeEvidence, XmlEvidence } from './types.js';

const MANIFEST_ENTRY = 'AndroidManifest.xml';
/** Call sites cited per finding: enough to check, not a dump (the count is in the args). */
const MAX_EVIDENCE_PER_FINDING = 10;

/** `Lcom/a/B$C;` → `com.a.B$C`; arrays and primitives are kept as written. */
export function javaClassName(descriptor: string): string {
  return descriptor.startsWith('L') && descriptor.endsWith(';')
    ? descriptor.slice(1, -1).replace(/\//g, '.')
    : descriptor;
}

/** Splits `Lcom/a/B;->m(I)V` into its class descriptor and `m(I)V`. */
export function splitMember(signature: string): { classDescriptor: string; member: string } {
  const arrow = signature.indexOf('->');
  return arrow < 0
    ? { classDescriptor: signature, member: '' }
    : { classDescriptor: signature.slice(0, arrow), member: signature.slice(arrow + 2) };
}

function codeEvidence(app: AppModel, reference: CodeReference): CodeEvidence {
  const { classDescriptor, member } = splitMember(reference.caller);
  return {
    kind: 'code',
    apkSha256: app.apk.sha256,
    entry: reference.dex,
    className: javaClassName(classDescriptor),
    method: member,
    codeOffset: reference.codeUnitOffset,
    fileOffset: reference.absoluteOffset,
    target: reference.target,
  };
}

/** At most `limit` references, one per calling method first (distinct places are better evidence than repeats). */
export function codeEvidenceList(
  app: AppModel,
  references: readonly CodeReference[],
  limit = MAX_EVIDENCE_PER_FINDING,
): CodeEvidence[] {
  const seen = new Set<string>();
  const chosen: CodeReference[] = [];
  for (const reference of references) {
    if (chosen.length >= limit) break;
    if (!seen.has(reference.caller)) {
      seen.add(reference.caller);
      chosen.push(reference);
    }
  }
  for (const reference of references) {
    if (chosen.length >= limit) break;
    if (!chosen.includes(reference)) chosen.push(reference);
  }
  return chosen.map((reference) => codeEvidence(app, reference));
}

export function manifestEvidence(
  app: AppModel,
  element: string,
  place: ManifestPlace,
  attribute?: string,
): XmlEvidence {
  // No `attribute: undefined` key: evidence round-trips through JSON unchanged (SARIF properties).
  return attribute === undefined
    ? { kind: 'xml', apkSha256: app.apk.sha256, entry: MANIFEST_ENTRY, element, line: place.line, offset: place.offset }
    : {
        kind: 'xml',
        apkSha256: app.apk.sha256,
        entry: MANIFEST_ENTRY,
        element,
        attribute,
        line: place.line,
        offset: place.offset,
      };
}

export function bytesEvidence(
  app: AppModel,
  entry: string,
  start: number,
  end: number,
  description?: string,
): BytesEvidence {
  return { kind: 'bytes', apkSha256: app.apk.sha256, entry, start, end, description };
}

/** The class descriptor a call site sits in (`Lcom/a/B;`). */
export function callerClass(reference: CodeReference): string {
  return splitMember(reference.caller).classDescriptor;
}
