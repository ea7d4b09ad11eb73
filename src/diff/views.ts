/**
 * Views of the findings that readers ask about first: permissions, data
 * categories, labels of people and behaviours, endpoints, SDKs and assets. Each is
 * read from the arguments a code declares for it (src/findings/contract.ts `views`,
 * src/scan/catalogue.ts), so the diff needs nothing but the two reports and never
 * matches a code.
 */
import type { Finding } from '../findings/types.js';
import { assetOf, endpointOf, labelsOf, permissionOf, sdkOf } from '../scan/catalogue.js';
import { compareText, sortedBy } from './keys.js';
import type {
  AssetEntry,
  AssetsDiff,
  Endpoint,
  EndpointsDiff,
  LabelGroup,
  LabelItem,
  LabelsDiff,
  PermissionEntry,
  PermissionsDiff,
  SdkEntry,
  SdksDiff,
} from './types.js';

const QUOTED_CODE_OFFSET = /@0x[0-9a-f]+/g;

/** Entries of one side by key; `same` decides whether two entries with one key differ. */
function compareMaps<T>(
  before: Map<string, T>,
  after: Map<string, T>,
  same: (a: T, b: T) => boolean,
): { added: T[]; removed: T[]; changed: Array<[string, T, T]> } {
  const keys = (map: Map<string, T>): string[] => [...map.keys()].sort(compareText);
  return {
    added: keys(after)
      .filter((key) => !before.has(key))
      .map((key) => after.get(key) as T),
    removed: keys(before)
      .filter((key) => !after.has(key))
      .map((key) => before.get(key) as T),
    changed: keys(after)
      .filter((key) => before.has(key) && !same(before.get(key) as T, after.get(key) as T))
      .map((key) => [key, before.get(key) as T, after.get(key) as T]),
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function permissionsOf(findings: readonly Finding[]): Map<string, PermissionEntry> {
  const permissions = new Map<string, { protectionLevel?: string; categories: Set<string> }>();
  for (const finding of findings) {
    const view = permissionOf(finding);
    if (view === undefined) continue;
    const permission = view.name;
    const entry = permissions.get(permission) ?? {
      protectionLevel: view.protectionLevel,
      categories: new Set<string>(),
    };
    if (finding.category !== undefined) entry.categories.add(finding.category);
    permissions.set(permission, entry);
  }
  return new Map(
    [...permissions].map(([permission, entry]) => [
      permission,
      {
        permission,
        ...(entry.protectionLevel !== undefined ? { protectionLevel: entry.protectionLevel } : {}),
        categories: [...entry.categories].sort(compareText),
      },
    ]),
  );
}

export function diffPermissions(oldFindings: readonly Finding[], newFindings: readonly Finding[]): PermissionsDiff {
  const result = compareMaps(permissionsOf(oldFindings), permissionsOf(newFindings), sameJson);
  return {
    added: result.added,
    removed: result.removed,
    changed: result.changed.map(([permission, old, updated]) => ({ permission, old, new: updated })),
  };
}

function categoriesOf(findings: readonly Finding[]): Set<string> {
  return new Set(findings.flatMap((finding) => (finding.category === undefined ? [] : [finding.category])));
}

export function diffCategories(
  oldFindings: readonly Finding[],
  newFindings: readonly Finding[],
): { appeared: string[]; disappeared: string[] } {
  const before = categoriesOf(oldFindings);
  const after = categoriesOf(newFindings);
  return {
    appeared: [...after].filter((category) => !before.has(category)).sort(compareText),
    disappeared: [...before].filter((category) => !after.has(category)).sort(compareText),
  };
}

function labelGroups(findings: readonly Finding[]): Map<string, LabelGroup> {
  const groups = new Map<string, LabelGroup>();
  for (const finding of findings) {
    const view = labelsOf(finding);
    if (view === undefined) continue;
    const group = {
      code: finding.code,
      source: view.source,
      category: finding.category ?? '',
      items: view.items.map((item): LabelItem => {
        const where = item.where.replace(QUOTED_CODE_OFFSET, '');
        return item.gloss === undefined ? { text: item.text, where } : { text: item.text, where, gloss: item.gloss };
      }),
    };
    groups.set(JSON.stringify([group.category, group.code, group.source]), group);
  }
  return groups;
}

const itemKey = (item: LabelItem): string => JSON.stringify([item.where, item.text]);

export function diffLabels(oldFindings: readonly Finding[], newFindings: readonly Finding[]): LabelsDiff {
  const result = compareMaps(labelGroups(oldFindings), labelGroups(newFindings), (a, b) =>
    sameJson(a.items.map(itemKey).sort(), b.items.map(itemKey).sort()),
  );
  return {
    added: result.added,
    removed: result.removed,
    changed: result.changed.map(([, before, after]) => {
      const oldKeys = new Set(before.items.map(itemKey));
      const newKeys = new Set(after.items.map(itemKey));
      return {
        code: after.code,
        source: after.source,
        category: after.category,
        itemsAdded: after.items.filter((item) => !oldKeys.has(itemKey(item))),
        itemsRemoved: before.items.filter((item) => !newKeys.has(itemKey(item))),
      };
    }),
  };
}

function endpointsOf(findings: readonly Finding[]): Map<string, Endpoint> {
  const endpoints = new Map<string, Endpoint>();
  for (const finding of findings) {
    const view = endpointOf(finding);
    if (view === undefined) continue;
    const { url, host, port, encrypted } = view;
    if (url === undefined && host === undefined) continue;
    const endpoint: Endpoint = {
      code: finding.code,
      ...(url !== undefined ? { url } : {}),
      ...(host !== undefined ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(typeof encrypted === 'boolean' ? { encrypted } : {}),
    };
    const key = JSON.stringify([url ?? '', host ?? '', port ?? 0, finding.code]);
    if (!endpoints.has(key)) endpoints.set(key, endpoint);
  }
  return endpoints;
}

export function diffEndpoints(oldFindings: readonly Finding[], newFindings: readonly Finding[]): EndpointsDiff {
  const before = endpointsOf(oldFindings);
  const after = endpointsOf(newFindings);
  const result = compareMaps(before, after, sameJson);
  const hosts = (map: Map<string, Endpoint>): Set<string> =>
    new Set([...map.values()].flatMap((endpoint) => (endpoint.host === undefined ? [] : [endpoint.host])));
  const oldHosts = hosts(before);
  const newHosts = hosts(after);
  return {
    added: result.added,
    removed: result.removed,
    hosts: {
      added: [...newHosts].filter((host) => !oldHosts.has(host)).sort(compareText),
      removed: [...oldHosts].filter((host) => !newHosts.has(host)).sort(compareText),
    },
  };
}

function sdksOf(findings: readonly Finding[]): Map<string, SdkEntry> {
  const sdks = new Map<string, SdkEntry>();
  for (const finding of findings) {
    const view = sdkOf(finding);
    if (view === undefined || sdks.has(view.name)) continue;
    sdks.set(view.name, {
      sdk: view.name,
      code: finding.code,
      ...(view.kind !== undefined ? { kind: view.kind } : {}),
      collects: view.collects,
    });
  }
  return sdks;
}

export function diffSdks(oldFindings: readonly Finding[], newFindings: readonly Finding[]): SdksDiff {
  const result = compareMaps(sdksOf(oldFindings), sdksOf(newFindings), sameJson);
  return {
    added: result.added,
    removed: result.removed,
    changed: result.changed.map(([sdk, old, updated]) => ({ sdk, old, new: updated })),
  };
}

/** Findings about a shipped file: every finding whose code declares an asset view (assets, packer payloads). */
function assetsOf(findings: readonly Finding[]): Map<string, AssetEntry> {
  const assets = new Map<string, AssetEntry>();
  for (const finding of findings) {
    const view = assetOf(finding);
    if (view === undefined) continue;
    const key = JSON.stringify([view.entry, finding.code]);
    if (!assets.has(key))
      assets.set(key, {
        entry: view.entry,
        code: finding.code,
        ...(view.type !== undefined ? { type: view.type } : {}),
        ...(view.size !== undefined ? { size: view.size } : {}),
        ...(view.sha256 !== undefined ? { sha256: view.sha256 } : {}),
      });
  }
  return assets;
}

export function diffAssets(oldFindings: readonly Finding[], newFindings: readonly Finding[]): AssetsDiff {
  const result = compareMaps(assetsOf(oldFindings), assetsOf(newFindings), sameJson);
  return {
    added: result.added,
    removed: result.removed,
    changed: sortedBy(
      result.changed.map(([, old, updated]) => ({ entry: updated.entry, old, new: updated })),
      (item) => item.entry,
    ),
  };
}
