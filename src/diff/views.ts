/**
 * Views of the findings that readers ask about first: permissions, data
 * categories, labels of people and behaviours, endpoints, SDKs and assets. Each is
 * read from the findings' arguments (docs/findings-schema.md), so the diff needs
 * nothing but the two reports.
 */
import type { Finding } from '../findings/types.js';
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

function stringArgument(finding: Finding, name: string): string | undefined {
  const value = finding.args[name];
  return typeof value === 'string' ? value : undefined;
}

function numberArgument(finding: Finding, name: string): number | undefined {
  const value = finding.args[name];
  return typeof value === 'number' ? value : undefined;
}

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
    if (finding.ruleId !== 'permission-data') continue;
    const permission = stringArgument(finding, 'permission');
    if (permission === undefined) continue;
    const entry = permissions.get(permission) ?? {
      protectionLevel: stringArgument(finding, 'protectionLevel'),
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

function labelItems(finding: Finding): LabelItem[] {
  const items = stringArgument(finding, 'items');
  if (items === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(items);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((entry: unknown) => {
      const item = entry as { text?: unknown; where?: unknown; gloss?: unknown } | null | undefined;
      if (typeof item?.text !== 'string') return [];
      const where = typeof item.where === 'string' ? item.where.replace(QUOTED_CODE_OFFSET, '') : '';
      return [
        typeof item.gloss === 'string' ? { text: item.text, where, gloss: item.gloss } : { text: item.text, where },
      ];
    });
  } catch {
    return [];
  }
}

function labelGroups(findings: readonly Finding[]): Map<string, LabelGroup> {
  const groups = new Map<string, LabelGroup>();
  for (const finding of findings) {
    if (finding.topic !== 'labels') continue;
    const group = {
      code: finding.code,
      source: stringArgument(finding, 'source') ?? '',
      category: finding.category ?? '',
      items: labelItems(finding),
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
    if (finding.topic !== 'destination') continue;
    const url = stringArgument(finding, 'url');
    const host = stringArgument(finding, 'host');
    if (url === undefined && host === undefined) continue;
    const port = numberArgument(finding, 'port');
    const encrypted = finding.args.encrypted;
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
    const sdk = stringArgument(finding, 'sdk');
    if (finding.topic !== 'sdk' || sdk === undefined || sdks.has(sdk)) continue;
    const kind = stringArgument(finding, 'kind');
    const collects = stringArgument(finding, 'collects');
    sdks.set(sdk, {
      sdk,
      code: finding.code,
      ...(kind !== undefined ? { kind } : {}),
      ...(collects !== undefined ? { collects } : {}),
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

/** Findings about a shipped file: the `asset` topic, and any finding naming an entry under assets/ or lib/. */
function assetsOf(findings: readonly Finding[]): Map<string, AssetEntry> {
  const assets = new Map<string, AssetEntry>();
  for (const finding of findings) {
    const entry = stringArgument(finding, 'entry');
    if (entry === undefined || !(finding.topic === 'asset' || /^(assets|lib)\//.test(entry))) continue;
    const type = stringArgument(finding, 'type');
    const size = numberArgument(finding, 'size');
    const sha256 = stringArgument(finding, 'sha256');
    const key = JSON.stringify([entry, finding.code]);
    if (!assets.has(key))
      assets.set(key, {
        entry,
        code: finding.code,
        ...(type !== undefined ? { type } : {}),
        ...(size !== undefined ? { size } : {}),
        ...(sha256 !== undefined ? { sha256 } : {}),
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
