/**
 * Findings of schema version 2 as version 3 writes them (docs/findings-schema.md, "Changes from
 * version 2"): codes renamed to `<rule id>.<name>`, lists that travelled as joined or JSON text
 * made real lists, `<key>[<locale>]` / `<key>.gloss` arguments made lists of records, and the
 * facts a v2 claim held but its arguments did not (an API's verb, a service's class names, a
 * socket host as written…) read back from that claim, which v2 rendered from them.
 *
 * Used for reports saved by an older apkwitness (`diff old.json new.apk`) and by the library's
 * migration of its stored scans (src/store/schema.ts). Splitting joined text is exact unless an
 * item contained the separator itself (a command with ` | `, a JSON key with `, `): such an item
 * comes back in pieces. The JSON's `claim` is kept as it was; reports render it again from the
 * upgraded arguments, and for every corpus report that gives the same text (scripts/compare-reports.ts).
 */
import type { ArgValue, Finding } from '../findings/types.js';

/** A finding as schema version 2 wrote it. */
export interface FindingV2 {
  readonly ruleId: string;
  readonly code: string;
  readonly topic: Finding['topic'];
  readonly category?: Finding['category'];
  readonly claim: string;
  readonly args: Readonly<Record<string, string | number | boolean>>;
  readonly confidence: Finding['confidence'];
  readonly evidence: Finding['evidence'];
}

type Args = Record<string, ArgValue>;
type ArgsV2 = FindingV2['args'];

/** Codes whose name only changed: v2 → v3. */
const RENAMED: Readonly<Record<string, string>> = {
  'permission.unlocks': 'permission-data.unlocks',
  'permission.sensitive': 'permission-data.sensitive',
  'permission.implied': 'permission-data.implied',
  'manifest.shared-user-id': 'manifest.shared-user-id',
  'manifest.exported-more-omitted': 'manifest.exported-more-omitted',
  'content-uri.string': 'content-uri.string',
  'content-uri.field': 'content-uri.field',
  'behaviour.root-library': 'root-check.library',
  'destination.resource-url': 'network-destination.resource-url',
  'destination.resource-cleartext-url': 'network-destination.resource-cleartext-url',
  'destination.cleartext-permitted-everywhere': 'network-destination.cleartext-permitted-everywhere',
  'destination.trusts-user-ca': 'network-destination.trusts-user-ca',
  'tls.trust-all-manager': 'trust-all-tls.trust-all-manager',
  'tls.webview-ignores-ssl-errors': 'trust-all-tls.webview-ignores-ssl-errors',
  'obfuscation.protector': 'packer.protector',
  'obfuscation.code-in-assets': 'packer.code-in-assets',
  'obfuscation.dynamic-code-loading': 'packer.dynamic-code-loading',
  'obfuscation.renamed-classes': 'packer.renamed-classes',
};

/** Signing-layer warnings: `signing.<x>` → `signing-tampering.<x>`, the claim becoming `detail`. */
const SIGNING_WARNINGS: ReadonlySet<string> = new Set([
  'unsigned',
  'verification-failed',
  'signer-mismatch',
  'public-test-key',
  'debug-key',
  'stripping-detected',
  'duplicate-scheme-block',
  'v1-altered-entries',
  'orphan-v1-block',
]);

/** Diagnostics whose tampering finding says Android rejects the file. */
const REJECTIONS: ReadonlySet<string> = new Set(['app.no-manifest', 'axml.android-rejects']);

/** `a,b` → ['a', 'b']; '' → []. */
function split(value: string | number | boolean | undefined, separator: string): string[] {
  return typeof value === 'string' && value !== '' ? value.split(separator) : [];
}

/** The v2 arguments in order, with `changes` applied: a replaced value keeps its place, `undefined` drops it. */
function reshape(args: ArgsV2, changes: Readonly<Record<string, ArgValue | undefined>>): Args {
  const out: Args = {};
  for (const [name, value] of Object.entries(args)) {
    if (!Object.hasOwn(changes, name)) out[name] = value;
    else if (changes[name] !== undefined) out[name] = changes[name];
  }
  return out;
}

/** `args` with `extra` inserted after the argument `after` (at the end when absent). */
function insertAfter(args: Args, after: string, extra: Args): Args {
  const out: Args = {};
  let inserted = false;
  for (const [name, value] of Object.entries(args)) {
    out[name] = value;
    if (name === after) {
      Object.assign(out, extra);
      inserted = true;
    }
  }
  return inserted ? out : { ...out, ...extra };
}

/** `values` without its undefined entries, in order. */
function defined(values: Readonly<Record<string, ArgValue | undefined>>): Args {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Args;
}

/** `"text" (gloss)` or `"text"`, as v2 quoted a shown text: the quoted text is taken greedily. */
function unquote(quoted: string): { text: string; gloss?: string } | undefined {
  const glossed = /^"(.*)" \((.*)\)$/s.exec(quoted);
  if (glossed) return { text: glossed[1]!, gloss: glossed[2]! };
  const plain = /^"(.*)"$/s.exec(quoted);
  return plain ? { text: plain[1]! } : undefined;
}

/** The lexicon terms v2 joined with `; `: `term (xx: english)[ in where]`, split where a new term starts. */
function matchedTerms(value: string | number | boolean | undefined, withWhere: boolean): ArgValue[] {
  if (typeof value !== 'string' || value === '') return [];
  return value.split(/; (?=[^;]*? \([a-z]{2,3}: )/).flatMap((part): ArgValue[] => {
    const match = withWhere
      ? /^(.*?) \(([a-z]{2,3}): (.*)\) in ([^\s]*)$/s.exec(part)
      : /^(.*?) \(([a-z]{2,3}): (.*)\)$/s.exec(part);
    if (!match) return [];
    const term: Args = { term: match[1]!, language: match[2]!, english: match[3]! };
    return [withWhere ? { ...term, where: match[4]! } : term];
  });
}

/** Items joined with ` / ` and their glosses (an unglossed item standing for itself): `[{ text, gloss? }]`. */
function glossedItems(texts: string, glosses: string | undefined): ArgValue[] {
  const items = texts.split(' / ');
  const english = glosses?.split(' / ');
  return items.map((text, index): ArgValue => {
    const gloss = english?.length === items.length ? english[index] : undefined;
    return gloss !== undefined && gloss !== text ? { text, gloss } : { text };
  });
}

/** `; named by code as "x" in com.a.B.m and 2 more place(s)` → `com.a.B.m`. */
function namedIn(claim: string): string | undefined {
  const summary = claim.lastIndexOf('; named by code as ');
  if (summary < 0) return undefined;
  return / in (\S+?)(?: and \d+ more place\(s\))?$/.exec(claim.slice(summary))?.[1];
}

function linkArgs(args: ArgsV2, claim: string): Args {
  const place = namedIn(claim);
  return defined({
    namedByCode: args.namedByCode,
    namedAs: args.namedAs === undefined ? undefined : split(args.namedAs, ' | '),
    linkKinds: args.linkKinds === undefined ? undefined : split(args.linkKinds, ','),
    namedIn: place,
  });
}

/** What `describe` wrote between `Ships <entry>: ` and `, <size> bytes`. */
function assetDetails(args: ArgsV2, claim: string): Args {
  const head = `Ships ${String(args.entry)}: `;
  const tail = claim.indexOf(`, ${String(args.size)} bytes`, head.length);
  const describe = claim.startsWith(head) && tail >= 0 ? claim.slice(head.length, tail) : '';
  switch (args.type) {
    case 'json': {
      const keys = /^JSON data \(keys (.*)\)$/s.exec(describe);
      return { keys: keys ? keys[1]!.split(', ') : [] };
    }
    case 'elf': {
      const abi = /\(([^()]*)\)$/.exec(describe)?.[1];
      return abi === undefined || abi === '?' ? {} : { abi };
    }
    case 'csv':
    case 'tsv': {
      const columns = /^[^(]*\((\d+) columns(?:: .*)?\)$/s.exec(describe)?.[1];
      return columns === undefined ? {} : { columns: Number(columns) };
    }
    case 'high-entropy': {
      const entropy = /, ([\d.]+) bits\/byte$/.exec(describe)?.[1];
      return entropy === undefined ? {} : { entropy: Number(entropy) };
    }
    default:
      return {};
  }
}

/** A small text file's content (v2 cut it with `… (N more characters)`), table and line lists as lists. */
function assetContent(args: ArgsV2): Args {
  const content =
    typeof args.content === 'string' ? args.content.replace(/… \(\d+ more characters\)$/s, '') : undefined;
  const rows = typeof args.firstRows === 'string' && args.firstRows !== '' ? args.firstRows.split(' / ') : [];
  const tools = typeof args.targets === 'string' ? args.targets.replace(/^network-tools: /, '') : undefined;
  return defined({
    content,
    contentCharacters: args.contentCharacters,
    header: args.header === undefined ? undefined : split(args.header, ' | '),
    rows: args.rows,
    firstRows: args.firstRows === undefined ? undefined : rows.map((row) => row.split(' | ')),
    packageNames: args.packageNames,
    packagesListed: args.packagesListed === undefined ? undefined : split(args.packagesListed, ', '),
    networkTools: tools === undefined ? undefined : split(tools, ', '),
    hashes: args.hashes,
    paths: args.paths,
    pathsListed: args.pathsListed === undefined ? undefined : split(args.pathsListed, ', '),
    readByHashingCode: args.readByHashingCode,
  });
}

/** A form field's `label[zh-rCN]`, `hint[]`… and `choices[ru]` arguments as `texts` and `choices`. */
function fieldTexts(args: ArgsV2): { texts: ArgValue[]; choices?: ArgValue[] } {
  const texts: ArgValue[] = [];
  const choices: ArgValue[] = [];
  for (const [name, value] of Object.entries(args)) {
    const match = /^([^[\]]+)\[([^\]]*)\]$/.exec(name);
    if (!match || typeof value !== 'string') continue;
    const gloss = args[`${name}.gloss`];
    if (match[1] === 'choices') {
      choices.push({ locale: match[2]!, items: glossedItems(value, typeof gloss === 'string' ? gloss : undefined) });
      continue;
    }
    const text: Args = { role: match[1]!, locale: match[2]!, text: value };
    texts.push(typeof gloss === 'string' ? { ...text, gloss } : text);
  }
  return choices.length > 0 ? { texts, choices } : { texts };
}

function fieldFinding(args: ArgsV2, claim: string): Args {
  const { texts, choices } = fieldTexts(args);
  const marker = ` field ${String(args.field)} `;
  const at = claim.indexOf(marker);
  return defined({
    layout: args.layout,
    entry: args.entry,
    category: args.category,
    screen: args.screen,
    field: args.field,
    widget: args.widget,
    kind: args.kind,
    inputType: args.inputType === undefined ? undefined : split(args.inputType, '|'),
    texts,
    choices,
    choicesResource: args.choicesResource,
    shows: at >= 0 ? unquote(claim.slice(at + marker.length)) : undefined,
    glossSource: args.glossSource,
    matchedTerms: matchedTerms(args.matchedTerms, true),
    fromInputType: args.fromInputType,
  });
}

function formFinding(args: ArgsV2): Args {
  let fields: ArgValue[] = [];
  try {
    const parsed: unknown = JSON.parse(String(args.fields));
    if (Array.isArray(parsed))
      fields = parsed.map((item: Record<string, unknown>) =>
        defined({
          field: typeof item.field === 'string' ? item.field : '',
          kind: typeof item.kind === 'string' ? item.kind : '',
          shows: typeof item.shows === 'string' ? unquote(item.shows) : undefined,
          categories: Array.isArray(item.categories) ? item.categories.map(String) : [],
        }),
      );
  } catch {
    // Not the JSON v2 wrote: no field summaries.
  }
  return reshape(args, { categories: split(args.categories, ', '), fields });
}

function labelFinding(args: ArgsV2, claim: string): Args {
  let items: ArgValue[] = [];
  try {
    const parsed: unknown = JSON.parse(String(args.items));
    if (Array.isArray(parsed)) items = parsed as ArgValue[];
  } catch {
    // Not the JSON v2 wrote: no items.
  }
  const more = / and (\d+) more(?: \(\d+ locale\(s\)\))?$/.exec(claim);
  const distinct = more
    ? Number(more[1]) + 4
    : new Set(items.map((item) => (item as { readonly text?: ArgValue }).text)).size;
  const byLocale: ArgValue[] = [];
  for (const [name, value] of Object.entries(args)) {
    const match = /^items\[([^\]]*)\]$/.exec(name);
    if (!match || typeof value !== 'string') continue;
    const gloss = args[`${name}.gloss`];
    byLocale.push({ locale: match[1]!, items: glossedItems(value, typeof gloss === 'string' ? gloss : undefined) });
  }
  return defined({
    source: args.source,
    category: args.category,
    count: args.count,
    distinct,
    weakTermsOnly: args.weakTermsOnly,
    items,
    matchedTerms: matchedTerms(args.matchedTerms, false),
    glossSource: args.glossSource,
    byLocale: byLocale.length > 0 ? byLocale : undefined,
  });
}

/** The v3 code and arguments of a v2 finding; the code unchanged (and arguments as they are) when unknown. */
function upgrade(finding: FindingV2): { code: string; args: Args } {
  const { code, args, claim } = finding;
  const renamed = RENAMED[code];
  if (renamed !== undefined) return { code: renamed, args: { ...args } };
  const [area = '', ...rest] = code.split('.');
  const name = rest.join('.');
  switch (code) {
    case 'api.reads': {
      // An identifier field (`L…;->ANDROID_ID:Ljava/lang/String;`) where v2 put an API's Java name.
      if (typeof args.api === 'string' && args.api.includes('->') && args.api.includes(':'))
        return {
          code: 'sensitive-api.reads-field',
          args: defined({ field: args.api, reads: args.reads, callSites: args.callSites, reference: args.reference }),
        };
      const verb = claim.slice(0, Math.max(0, claim.indexOf(` ${String(args.reads)}: calls `)));
      return { code: 'sensitive-api.reads', args: insertAfter({ ...args }, 'reads', { verb }) };
    }
    case 'api.service-subclass': {
      const reads = /^Can read (.*?): /s.exec(claim)?.[1] ?? '';
      const classNames = finding.evidence.flatMap((item) => {
        const match = item.kind === 'bytes' ? /^class_def_item of (.*) \(extends /.exec(item.description ?? '') : null;
        return match ? [match[1]!] : [];
      });
      return {
        code: 'sensitive-api.service-subclass',
        args: defined({ base: args.base, reads, classes: args.classes, classNames, reference: args.reference }),
      };
    }
    case 'api.receives-broadcast': {
      const reads = /^Receives (.*?): receiver /s.exec(claim)?.[1] ?? '';
      return { code: 'sensitive-api.receives-broadcast', args: insertAfter({ ...args }, 'action', { reads }) };
    }
    case 'sdk.called':
    case 'sdk.present':
    case 'sdk.host-named':
      return { code: `sdk-tracker.${name}`, args: reshape(args, { collects: split(args.collects, ',') }) };
    case 'api.probes-network-tools':
      return {
        code: 'sensitive-api.probes-network-tools',
        args: reshape(args, { packages: split(args.packages, ',') }),
      };
    case 'behaviour.hashes-files':
      return { code: 'file-hashing.hashes-files', args: reshape(args, { algorithms: split(args.algorithms, ',') }) };
    case 'behaviour.root-check':
      return { code: 'root-check.checks-root', args: reshape(args, { indicators: split(args.indicators, ',') }) };
    case 'behaviour.runs-command':
      return { code: 'native-exec.runs-command', args: reshape(args, { commands: split(args.commands, ' | ') }) };
    case 'destination.url':
    case 'destination.cleartext-url':
    case 'destination.ip-address':
      return {
        code: `network-destination.${name}`,
        args: reshape(args, {
          hotspotStrings: args.hotspotStrings === undefined ? undefined : split(args.hotspotStrings, ' | '),
        }),
      };
    case 'destination.url-template':
    case 'destination.cleartext-url-template': {
      const head = `to a ${String(args.unknown)}: `;
      const at = claim.indexOf(head);
      return {
        code: `network-destination.${name}`,
        args: insertAfter({ ...args }, 'unknown', { marked: at >= 0 ? claim.slice(at + head.length) : '' }),
      };
    }
    case 'manifest.debuggable':
    case 'manifest.test-only':
    case 'manifest.allow-backup':
    case 'manifest.cleartext-allowed': {
      const targetSdk = /target SDK (\d+) </.exec(claim)?.[1];
      return {
        code,
        args:
          targetSdk === undefined
            ? { ...args }
            : insertAfter({ ...args }, 'explicit', { targetSdk: Number(targetSdk) }),
      };
    }
    case 'manifest.exported-without-permission': {
      const unguardedFor = / is exported without a permission for (reading|writing): /.exec(claim)?.[1];
      return {
        code,
        args: defined({
          ...reshape(args, {
            actions: split(args.actions, ', '),
            schemes: split(args.schemes, ', '),
            authorities: split(args.authorities, ', '),
          }),
          unguardedFor,
        }),
      };
    }
    case 'manifest.exported-activities':
      return { code, args: reshape(args, { activities: split(args.activities, ', ') }) };
    case 'destination.more-omitted': {
      const limit = Number(/\(limit (\d+)\)$/.exec(claim)?.[1] ?? 0);
      return { code: 'network-destination.more-omitted', args: { ...args, limit } };
    }
    case 'destination.socket-host': {
      const named = claim.slice('Opens a raw socket in the method that names the host '.length);
      return { code: 'network-destination.socket-host', args: insertAfter({ ...args }, 'host', { named }) };
    }
    case 'destination.cleartext-permitted':
      return {
        code: 'network-destination.cleartext-permitted',
        args: reshape(args, { domains: split(args.domains, ', ') }),
      };
    case 'tls.allow-all-hostnames':
      return {
        code:
          args.method !== undefined ? 'trust-all-tls.allow-all-hostnames' : 'trust-all-tls.apache-hostname-verifier',
        args: { ...args },
      };
    case 'obfuscation.encrypted-payload': {
      const entropy = /\(entropy ([\d.]+) bits\/byte\)$/.exec(claim)?.[1];
      return {
        code: 'packer.encrypted-payload',
        args: entropy === undefined ? { ...args } : { ...args, entropy: Number(entropy) },
      };
    }
    case 'asset.native-library':
      return {
        code: 'assets.native-library',
        args: defined({
          ...reshape(args, {
            abis: split(args.abis, ','),
            namedByCode: undefined,
            namedAs: undefined,
            linkKinds: undefined,
          }),
          ...linkArgs(args, claim),
        }),
      };
    case 'signing.signer': {
      const wellKnownKey = /, a publicly known key: (.*)\)$/s.exec(claim)?.[1];
      return {
        code: 'signing-tampering.signer',
        args: wellKnownKey === undefined ? { ...args } : { ...args, wellKnownKey },
      };
    }
    case 'forms.form':
      return { code, args: formFinding(args) };
    case 'forms.field-asks-for':
      return { code, args: fieldFinding(args, claim) };
  }
  if (area === 'asset')
    return {
      code: name === 'likely-hash-list' ? 'assets.likely-hash-list' : 'assets.file',
      args: defined({
        entry: args.entry,
        type: args.type,
        size: args.size,
        ...assetDetails(args, claim),
        sha256: args.sha256,
        ...linkArgs(args, claim),
        ...assetContent(args),
      }),
    };
  if (area === 'labels') return { code, args: labelFinding(args, claim) };
  if (area === 'signing' && SIGNING_WARNINGS.has(name))
    return {
      code: `signing-tampering.${name}`,
      args: defined({
        severity: args.severity,
        detail: claim,
        certificates: args.certificates === undefined ? undefined : split(args.certificates, ','),
      }),
    };
  if (area === 'tampering' && REJECTIONS.has(name))
    return { code: 'signing-tampering.android-rejects', args: { diagnostic: name, detail: claim } };
  if (area === 'tampering') {
    const head = `The ZIP container has an anomaly (${name})${Number(args.count) > 1 ? ` ${String(args.count)} times` : ''}: `;
    return {
      code: 'signing-tampering.container-anomaly',
      args: { ...args, detail: claim.startsWith(head) ? claim.slice(head.length) : claim },
    };
  }
  return { code, args: { ...args } };
}

/** The v3 finding of a v2 finding; its claim kept (a reader of the old file sees the text it had). */
export function upgradeFindingV2(finding: FindingV2): Finding & { readonly claim: string } {
  const { code, args } = upgrade(finding);
  return {
    ruleId: finding.ruleId,
    code,
    topic: finding.topic,
    category: finding.category,
    claim: finding.claim,
    args,
    confidence: finding.confidence,
    evidence: finding.evidence,
  };
}
