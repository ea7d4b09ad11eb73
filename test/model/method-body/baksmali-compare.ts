/**
 * Switch cases and array data of method bodies against baksmali, the oracle
 * that prints them (`dexdump -d` shows a payload's first code units only).
 * `baksmali d --code-offsets` writes `#@offset` before every instruction, so a
 * label's code-unit offset is that of the instruction it precedes; a switch's
 * `.packed-switch`/`.sparse-switch` table names its targets by label.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DexFile } from '../../../src/formats/dex/index.js';
import { MethodBody } from '../../../src/model/method-body/index.js';
import { referenceTool } from '../../support/corpus.js';

export interface SwitchComparison {
  switches: number;
  cases: number;
  arrays: number;
  elements: number;
  /** Methods of the smali output not found by signature in the dex (names baksmali escapes). */
  unmatched: number;
  mismatches: string[];
}

export function emptySwitchComparison(): SwitchComparison {
  return { switches: 0, cases: 0, arrays: 0, elements: 0, unmatched: 0, mismatches: [] };
}

const MAX_MISMATCHES = 50;

interface SmaliMethod {
  signature: string;
  /** Switch or fill-array-data instruction offset -> the payload's label. */
  payloadUses: Map<number, string>;
  labels: Map<string, number>;
  switches: Map<string, { keys: bigint[]; targets: string[] }>;
  arrays: Map<string, { width: number; values: bigint[] }>;
}

function number(text: string): bigint {
  const match = /^(-?)0x([0-9a-f]+)/i.exec(text.trim());
  if (!match) throw new Error(`not a smali number: ${text}`);
  const value = BigInt(`0x${match[2]}`);
  return match[1] === '-' ? -value : value;
}

/** Parses the methods of one .smali file (only what the comparison needs). */
function parseSmali(text: string): SmaliMethod[] {
  const methods: SmaliMethod[] = [];
  let className = '';
  let method: SmaliMethod | undefined;
  let offset = 0;
  let table: { label: string; kind: 'packed' | 'sparse' | 'array'; key: bigint } | undefined;
  let lastLabel: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('.class ')) className = line.slice(line.lastIndexOf(' ') + 1);
    else if (line.startsWith('.method ')) {
      method = {
        signature: `${className}->${line.slice(line.lastIndexOf(' ') + 1)}`,
        payloadUses: new Map(),
        labels: new Map(),
        switches: new Map(),
        arrays: new Map(),
      };
      methods.push(method);
      offset = 0;
    } else if (method === undefined) continue;
    else if (line === '.end method') method = undefined;
    else if (table !== undefined) {
      if (line.startsWith('.end ')) table = undefined;
      else if (table.kind === 'array') method.arrays.get(table.label)!.values.push(number(line));
      else if (table.kind === 'packed') {
        const entry = method.switches.get(table.label)!;
        entry.keys.push(table.key + BigInt(entry.keys.length));
        entry.targets.push(line.slice(1));
      } else {
        const [key, target] = line.split(' -> ');
        const entry = method.switches.get(table.label)!;
        entry.keys.push(number(key!));
        entry.targets.push(target!.slice(1));
      }
    } else if (line.startsWith('#@')) offset = parseInt(line.slice(2), 16);
    else if (line.startsWith(':')) {
      method.labels.set(line.slice(1), offset);
      lastLabel = line.slice(1);
    } else if (line.startsWith('.packed-switch ') || line === '.sparse-switch' || line.startsWith('.array-data ')) {
      const label = lastLabel ?? '';
      if (line.startsWith('.array-data ')) {
        method.arrays.set(label, { width: Number(line.slice('.array-data '.length)), values: [] });
        table = { label, kind: 'array', key: 0n };
      } else {
        method.switches.set(label, { keys: [], targets: [] });
        table =
          line === '.sparse-switch'
            ? { label, kind: 'sparse', key: 0n }
            : { label, kind: 'packed', key: number(line.slice(15)) };
      }
    } else {
      const use = /^(packed-switch|sparse-switch|fill-array-data) [vp]\d+, :(\S+)$/.exec(line);
      if (use) method.payloadUses.set(offset, use[2]!);
    }
  }
  return methods;
}

function smaliFiles(directory: string, out: string[] = []): string[] {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) smaliFiles(path, out);
    else if (name.endsWith('.smali')) out.push(path);
  }
  return out;
}

/** Disassembles `path` with baksmali and compares every switch and array payload with the bodies of `dex`. */
export function compareSwitchesWithBaksmali(dex: DexFile, label: string, path: string, totals: SwitchComparison): void {
  const mismatch = (text: string): void => {
    if (totals.mismatches.length < MAX_MISMATCHES) totals.mismatches.push(`${label}: ${text}`);
  };
  const directory = mkdtempSync(join(tmpdir(), 'apkwitness-baksmali-'));
  try {
    try {
      execFileSync(referenceTool('baksmali'), ['d', '--code-offsets', '--sequential-labels', '-o', directory, path], {
        stdio: ['ignore', 'ignore', 'ignore'],
        timeout: 600_000,
      });
    } catch {
      mismatch('baksmali failed');
      return;
    }
    const rows = new Map<string, number>();
    const members = dex.members;
    for (let row = 0; row < members.methodCount; row++) {
      if ((members.methodCodeOffsets[row] as number) === 0) continue;
      const signature = dex.methodSignature(members.methodIndexes[row] as number);
      if (!rows.has(signature)) rows.set(signature, row);
    }
    for (const file of smaliFiles(directory)) {
      for (const method of parseSmali(readFileSync(file, 'utf8'))) {
        if (method.payloadUses.size === 0) continue;
        const row = rows.get(method.signature);
        const code = row === undefined ? undefined : members.codeItem(row);
        if (row === undefined || code === undefined) {
          totals.unmatched++;
          continue;
        }
        const body = new MethodBody({
          dex,
          dexName: label,
          methodIndex: members.methodIndexes[row] as number,
          accessFlags: members.methodAccessFlags[row] as number,
          code,
        });
        compareMethod(body, method, totals, mismatch);
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function compareMethod(
  body: MethodBody,
  method: SmaliMethod,
  totals: SwitchComparison,
  mismatch: (text: string) => void,
): void {
  for (const [offset, payloadLabel] of method.payloadUses) {
    const index = body.indexAt(offset);
    const at = `${method.signature} @${offset.toString(16)}`;
    if (index < 0) {
      mismatch(`${at}: no instruction decoded there`);
      continue;
    }
    const table = method.switches.get(payloadLabel);
    if (table !== undefined) {
      totals.switches++;
      totals.cases += table.targets.length;
      const cases = body.switchCases(index);
      const theirs = table.keys.map((key, position) => `${key}>${method.labels.get(table.targets[position]!)}`);
      const ours =
        cases === undefined ? [] : Array.from(cases.keys, (key, position) => `${key}>${cases.targets[position]}`);
      if (ours.join(',') !== theirs.join(',')) mismatch(`${at}: cases ${ours.join(',')} baksmali ${theirs.join(',')}`);
      continue;
    }
    const array = method.arrays.get(payloadLabel);
    if (array === undefined) continue;
    totals.arrays++;
    totals.elements += array.values.length;
    const data = body.arrayData(index);
    const ours: bigint[] = [];
    if (data !== undefined) {
      for (let element = 0; element < data.elementCount; element++) {
        let value = 0n;
        for (let byte = data.elementWidth - 1; byte >= 0; byte--)
          value = (value << 8n) | BigInt(data.data[element * data.elementWidth + byte] ?? 0);
        ours.push(value);
      }
    }
    const bits = array.width * 8;
    const theirs = array.values.map((value) => BigInt.asUintN(bits, value));
    if (data?.elementWidth !== array.width || ours.join(',') !== theirs.join(','))
      mismatch(
        `${at}: array width ${data?.elementWidth} [${ours.slice(0, 8).join(',')}] baksmali ${array.width} [${theirs.slice(0, 8).join(',')}]`,
      );
  }
}
