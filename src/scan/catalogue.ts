/**
 * Every finding code of the registered rules with its declaration (src/findings/contract.ts),
 * and the readers of the declared views: what reports, the library and the diff use to find a
 * destination, an SDK, a permission, a file, a form or a list of labels in a finding's arguments
 * without knowing its code.
 */
import type { ArgFields, CodeDeclaration, CodeViews } from '../findings/contract.js';
import { checkArgs } from '../findings/contract.js';
import type { ArgValue, Finding } from '../findings/types.js';
import type { Rule } from '../rules/types.js';
import { ALL_RULES } from './registry.js';

export interface DeclaredCode {
  readonly ruleId: string;
  /** The full code: `<rule id>.<name>`. */
  readonly code: string;
  readonly spec: CodeDeclaration;
}

/** The codes of `rules`, in rule order then declaration order. */
export function declaredCodes(rules: readonly Rule[] = ALL_RULES): DeclaredCode[] {
  return rules.flatMap((rule) =>
    Object.entries(rule.meta.codes).map(([name, spec]) => ({
      ruleId: rule.meta.id,
      code: `${rule.meta.id}.${name}`,
      spec,
    })),
  );
}

/** Code → declaration, for the registered rules (a table built once from static metadata). */
const BY_CODE: ReadonlyMap<string, DeclaredCode> = new Map(declaredCodes().map((entry) => [entry.code, entry]));

/** The declaration of `finding`'s code when its rule declares it and its arguments fit; else undefined. */
export function contractOf(finding: Finding): CodeDeclaration | undefined {
  const entry = BY_CODE.get(finding.code);
  if (entry === undefined || entry.ruleId !== finding.ruleId || entry.spec.topic !== finding.topic) return undefined;
  return checkArgs(entry.spec.args, finding.args) === undefined ? entry.spec : undefined;
}

/** The declared type of each argument of `finding` (empty for an undeclared code). */
export function argumentTypes(finding: Finding): ArgFields {
  return BY_CODE.get(finding.code)?.spec.args ?? {};
}

type ViewName = Exclude<keyof CodeViews<string>, 'identity' | 'headline'>;

/** The arguments a view names, read from a finding whose code declares it (valid arguments only). */
function view(finding: Finding, name: ViewName): Record<string, ArgValue> | undefined {
  const spec = contractOf(finding);
  const declared = spec?.views?.[name] as Readonly<Record<string, string | undefined>> | undefined;
  if (declared === undefined) return undefined;
  const values: Record<string, ArgValue> = {};
  for (const [role, argument] of Object.entries(declared)) {
    const value = argument === undefined ? undefined : finding.args[argument];
    if (value !== undefined) values[role] = value;
  }
  return values;
}

const text = (value: ArgValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const number = (value: ArgValue | undefined): number | undefined => (typeof value === 'number' ? value : undefined);
const texts = (value: ArgValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export interface EndpointView {
  readonly host?: string;
  readonly url?: string;
  readonly port?: number;
  readonly encrypted?: boolean;
  readonly domains: readonly string[];
}

/** The destination a finding names (network destinations, socket hosts, cleartext domains). */
export function endpointOf(finding: Finding): EndpointView | undefined {
  const values = view(finding, 'endpoint');
  if (values === undefined) return undefined;
  const encrypted = values.encrypted;
  return {
    ...(text(values.host) !== undefined ? { host: text(values.host) } : {}),
    ...(text(values.url) !== undefined ? { url: text(values.url) } : {}),
    ...(number(values.port) !== undefined ? { port: number(values.port) } : {}),
    ...(typeof encrypted === 'boolean' ? { encrypted } : {}),
    domains: texts(values.domains),
  };
}

export interface SdkView {
  readonly name: string;
  readonly kind?: string;
  readonly collects: readonly string[];
}

export function sdkOf(finding: Finding): SdkView | undefined {
  const values = view(finding, 'sdk');
  const name = text(values?.name);
  if (values === undefined || name === undefined) return undefined;
  const kind = text(values.kind);
  return { name, ...(kind !== undefined ? { kind } : {}), collects: texts(values.collects) };
}

export interface PermissionView {
  readonly name: string;
  readonly protectionLevel?: string;
}

export function permissionOf(finding: Finding): PermissionView | undefined {
  const values = view(finding, 'permission');
  const name = text(values?.name);
  if (values === undefined || name === undefined) return undefined;
  const level = text(values.protectionLevel);
  return level === undefined ? { name } : { name, protectionLevel: level };
}

export interface AssetView {
  readonly entry: string;
  readonly type?: string;
  readonly size?: number;
  readonly sha256?: string;
}

export function assetOf(finding: Finding): AssetView | undefined {
  const values = view(finding, 'asset');
  const entry = text(values?.entry);
  if (values === undefined || entry === undefined) return undefined;
  const type = text(values.type);
  const size = number(values.size);
  const sha256 = text(values.sha256);
  return {
    entry,
    ...(type !== undefined ? { type } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(sha256 !== undefined ? { sha256 } : {}),
  };
}

/** A text with where it was found and its gloss (label items, form field texts). */
interface ViewText {
  readonly text: string;
  readonly where: string;
  readonly gloss?: string;
}

function records(value: ArgValue | undefined): Array<Readonly<Record<string, ArgValue>>> {
  return Array.isArray(value)
    ? value.filter(
        (item): item is Readonly<Record<string, ArgValue>> =>
          typeof item === 'object' && item !== null && !Array.isArray(item),
      )
    : [];
}

export interface LabelsView {
  readonly source: string;
  readonly items: readonly ViewText[];
}

export function labelsOf(finding: Finding): LabelsView | undefined {
  const values = view(finding, 'labels');
  const source = text(values?.source);
  if (values === undefined || source === undefined) return undefined;
  return {
    source,
    items: records(values.items).flatMap((item) => {
      const itemText = text(item.text);
      if (itemText === undefined) return [];
      const gloss = text(item.gloss);
      const where = text(item.where) ?? '';
      return [gloss === undefined ? { text: itemText, where } : { text: itemText, where, gloss }];
    }),
  };
}

interface FormFieldSummary {
  readonly field: string;
  readonly kind?: string;
  readonly shows?: { readonly text: string; readonly gloss?: string };
  readonly categories: readonly string[];
}

export interface FormView {
  readonly layout: string;
  readonly entry?: string;
  readonly screen?: string;
  readonly fields: readonly FormFieldSummary[];
}

export function formOf(finding: Finding): FormView | undefined {
  const values = view(finding, 'form');
  const layout = text(values?.layout);
  if (values === undefined || layout === undefined) return undefined;
  const entry = text(values.entry);
  const screen = text(values.screen);
  return {
    layout,
    ...(entry !== undefined ? { entry } : {}),
    ...(screen !== undefined ? { screen } : {}),
    fields: records(values.fields).map((item) => {
      const kind = text(item.kind);
      const shows = records([item.shows ?? []])[0];
      const shown = text(shows?.text);
      const gloss = text(shows?.gloss);
      return {
        field: text(item.field) ?? '',
        ...(kind !== undefined ? { kind } : {}),
        ...(shown !== undefined ? { shows: gloss === undefined ? { text: shown } : { text: shown, gloss } } : {}),
        categories: texts(item.categories),
      };
    }),
  };
}

export interface FormFieldView {
  readonly layout: string;
  readonly field: string;
  readonly widget?: string;
  readonly inputType?: readonly string[];
  /** `where` is `<role>[<locale>]`: `label[zh-rCN]`, `hint[]`. */
  readonly texts: readonly ViewText[];
  /** Choice lists, one per locale: `where` is `choices[<locale>]`, items joined with ` / ` (glosses likewise, an item standing for its own gloss). */
  readonly choices: readonly ViewText[];
}

export function formFieldOf(finding: Finding): FormFieldView | undefined {
  const values = view(finding, 'formField');
  const layout = text(values?.layout);
  const field = text(values?.field);
  if (values === undefined || layout === undefined || field === undefined) return undefined;
  const widget = text(values.widget);
  return {
    layout,
    field,
    ...(widget !== undefined ? { widget } : {}),
    ...(values.inputType !== undefined ? { inputType: texts(values.inputType) } : {}),
    texts: records(values.texts).flatMap((item) => {
      const itemText = text(item.text);
      if (itemText === undefined) return [];
      const where = `${text(item.role) ?? ''}[${text(item.locale) ?? ''}]`;
      const gloss = text(item.gloss);
      return [gloss === undefined ? { text: itemText, where } : { text: itemText, where, gloss }];
    }),
    choices: records(values.choices).map((list) => {
      const items = records(list.items);
      const where = `choices[${text(list.locale) ?? ''}]`;
      const joined = items.map((item) => text(item.text) ?? '').join(' / ');
      return items.some((item) => text(item.gloss) !== undefined)
        ? { text: joined, where, gloss: items.map((item) => text(item.gloss) ?? text(item.text) ?? '').join(' / ') }
        : { text: joined, where };
    }),
  };
}

/** The arguments identifying what the finding is about, in declaration order (docs/diff.md). */
export function identityOf(finding: Finding): Array<readonly [string, ArgValue]> {
  const names = contractOf(finding)?.views?.identity ?? [];
  return names.flatMap((name) => {
    const value = finding.args[name];
    return value === undefined ? [] : [[name, value] as const];
  });
}

/** The names of the arguments worth a line under the claim. */
export function headlineOf(finding: Finding): ReadonlySet<string> {
  return new Set(contractOf(finding)?.views?.headline ?? []);
}
