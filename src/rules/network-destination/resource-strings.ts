/** Destinations in string resources (every configuration), cited by resource id, name and locale. */
import type { AppModel } from '../../model/app-model.js';
import type { Finding, ResourceEvidence } from '../../findings/types.js';
import { localePart, TYPE_STRING } from '../../model/resources/index.js';
import { destinationsIn } from './addresses.js';
import { emit } from './codes.js';

/** Resource findings per app (framework-sized tables have thousands of strings). */
const MAX_RESOURCE_FINDINGS = 200;
const RESOURCE_EVIDENCE_LIMIT = 5;

export function resourceStringFindings(app: AppModel): Finding[] {
  const resources = app.resources;
  if (!resources) return [];
  const byUrl = new Map<string, { scheme: string; host: string; encrypted: boolean; evidence: ResourceEvidence[] }>();
  for (const id of resources.ids()) {
    for (const candidate of resources.valuesOf(id)) {
      const value = candidate.entry.value;
      if (value?.dataType !== TYPE_STRING) continue;
      const text = candidate.strings?.get(value.data);
      if (text === undefined) continue;
      for (const destination of destinationsIn(text)) {
        let entry = byUrl.get(destination.url);
        if (!entry) {
          if (byUrl.size >= MAX_RESOURCE_FINDINGS) continue;
          entry = {
            scheme: destination.scheme,
            host: destination.host,
            encrypted: destination.encrypted,
            evidence: [],
          };
          byUrl.set(destination.url, entry);
        }
        if (entry.evidence.length < RESOURCE_EVIDENCE_LIMIT) {
          entry.evidence.push({
            kind: 'resource',
            apkSha256: app.apk.sha256,
            entry: 'resources.arsc',
            resourceId: id,
            name: `${candidate.typeName}/${candidate.key ?? `0x${id.toString(16)}`}`,
            locale: localePart(candidate.config) ?? '',
            value: text,
          });
        }
      }
    }
  }
  return [...byUrl].map(([url, entry]) =>
    emit(entry.encrypted ? 'resource-url' : 'resource-cleartext-url', {
      args: { url, scheme: entry.scheme, host: entry.host, encrypted: entry.encrypted },
      confidence: 'medium',
      evidence: entry.evidence,
    }),
  );
}
