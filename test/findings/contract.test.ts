/**
 * The findings contract (src/findings/contract.ts): every code a rule declares is documented in
 * docs/findings-schema.md with its topic and argument types (the tables are generated, and must be
 * regenerated with `npm run docs:codes -- --write` when a declaration changes); codes are
 * `<rule id>.<name>` with the rule id its folder; views name declared arguments; the registered
 * rules emit only declared codes on the project's fixtures (an undeclared code is a rule failure:
 * test/findings/run.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../src/scan/registry.js';
import { declaredCodes } from '../../src/scan/catalogue.js';
import { checkArgs } from '../../src/findings/contract.js';
import { scanApp } from '../../src/scan/scan.js';
import { DOCUMENT, documentWithCodes } from '../../scripts/findings-codes.js';
import { repositoryRoot } from '../support/corpus.js';

const documentText = readFileSync(DOCUMENT, 'utf8');

test('docs/findings-schema.md lists every declared code with its topic and argument types', () => {
  assert.equal(
    documentText,
    documentWithCodes(documentText),
    'docs/findings-schema.md differs from the declarations: run npm run docs:codes -- --write',
  );
  for (const { code } of declaredCodes())
    assert.ok(documentText.includes(`| \`${code}\` |`), `${code} is not documented`);
});

test('codes are <rule id>.<name>, the rule id its folder, each declared once', () => {
  const codes = declaredCodes();
  assert.equal(new Set(codes.map((entry) => entry.code)).size, codes.length);
  for (const rule of ALL_RULES) {
    assert.ok(existsSync(join(repositoryRoot, 'src', 'rules', rule.meta.id, 'index.ts')), rule.meta.id);
    assert.ok(Object.keys(rule.meta.codes).length > 0, `${rule.meta.id} declares no code`);
  }
  for (const { ruleId, code, spec } of codes) {
    assert.match(code, new RegExp(`^${ruleId}\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$`), code);
    assert.ok(spec.summary.length > 10, `${code}: a summary for the documentation`);
    assert.equal(typeof spec.message, 'function', code);
  }
});

test('views name arguments the code declares', () => {
  for (const { code, spec } of declaredCodes()) {
    for (const [view, names] of Object.entries(spec.views ?? {})) {
      const listed: unknown[] = Array.isArray(names) ? names : Object.values(names as object);
      for (const name of listed)
        assert.ok(typeof name === 'string' && Object.hasOwn(spec.args, name), `${code} ${view}: ${String(name)}`);
    }
  }
});

test('argument checks: declared types accepted, everything else refused with the path of the problem', () => {
  const fields = {
    name: { type: 'string' },
    count: { type: 'integer' },
    items: {
      type: 'list',
      of: { type: 'record', fields: { text: { type: 'text' }, gloss: { type: 'gloss', optional: true } } },
    },
    kind: { type: 'enum', values: ['a', 'b'] },
  } as const;
  const good = { name: 'x', count: 2, items: [{ text: 't' }, { text: 'u', gloss: 'g' }], kind: 'a' };
  assert.equal(checkArgs(fields, good), undefined);
  const CASES: ReadonlyArray<readonly [unknown, string]> = [
    [null, 'args is not an object'],
    [[], 'args is not an object'],
    [{ ...good, kind: 'c' }, 'args.kind is not one of "a" | "b"'],
    [{ ...good, count: Number.NaN }, 'args.count is not an integer'],
    [{ ...good, items: [{ text: 't', extra: 1 }] }, 'args.items[0].extra is not declared'],
    [{ ...good, items: [{ gloss: 'g' }] }, 'args.items[0].text is missing'],
    [{ ...good, items: '[{"text":"t"}]' }, 'args.items is not a list'],
    [{ ...good, name: undefined }, 'args.name is missing'],
  ];
  for (const [args, problem] of CASES) assert.equal(checkArgs(fields, args), problem, JSON.stringify(args));
});

test('the registered rules emit only declared codes, with declared arguments, on the fixtures', () => {
  for (const fixture of [
    'fixtures/demo/field-survey.apk',
    'fixtures/hostile/hostile-strings.apk',
    'fixtures/signing/unsigned.apk',
  ]) {
    const { report } = scanApp(join(repositoryRoot, fixture));
    assert.deepEqual(report.ruleFailures, [], fixture);
    assert.ok(report.findings.length > 0, fixture);
  }
});
