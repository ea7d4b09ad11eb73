// ESLint flat config: typescript-eslint's type-aware rules over every TypeScript file in
// the repository. Formatting is Prettier's job (eslint-config-prettier turns off every
// rule that would disagree with it). Each rule turned off or relaxed says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * No module-level state in src/ (issue 12, house style: "State lives on an owner (the reader,
 * a per-app scan context), never in module globals"): a cache or counter at module scope is
 * shared by every scan of the process, so one app's result could depend on what ran before.
 * Static tables built once at load stay, typed read-only (ReadonlyMap, ReadonlySet, readonly T[]).
 */
const OWNER =
  'keep state on an owner (a reader, the scan context, an object the entry point makes and hands down), and type a static table built at load ReadonlyMap, ReadonlySet or readonly T[] (README.md, "Layout": state)';
const MODULE_SCOPE = ['Program >', 'Program > ExportNamedDeclaration >'];
const COLLECTION = /^(Map|Set|WeakMap|WeakSet)$/.source;
const moduleState = (selector, what) =>
  MODULE_SCOPE.map((scope) => ({ selector: `${scope} ${selector}`, message: `${what} at module scope: ${OWNER}.` }));
const NO_MODULE_STATE = [
  ...moduleState("VariableDeclaration[kind!='const']", 'A `let` or `var`'),
  ...moduleState(
    `VariableDeclaration > VariableDeclarator[init.type='NewExpression'][init.callee.name=/^Weak(Map|Set)$/]`,
    'A WeakMap or WeakSet (a cache keyed by objects)',
  ),
  ...moduleState(
    `VariableDeclaration > VariableDeclarator[init.type='NewExpression'][init.callee.name=/^(Map|Set)$/]:not([id.typeAnnotation])`,
    'A Map or Set without a ReadonlyMap/ReadonlySet type',
  ),
  ...moduleState(
    `VariableDeclaration > VariableDeclarator[id.typeAnnotation.typeAnnotation.typeName.name=/${COLLECTION}/]`,
    'A variable typed as a mutable Map, Set, WeakMap or WeakSet',
  ),
  ...moduleState(
    "VariableDeclaration > VariableDeclarator[init.type='ArrayExpression'][init.elements.length=0]:not([id.typeAnnotation])",
    'An empty array without a readonly type',
  ),
  ...moduleState(
    "VariableDeclaration > VariableDeclarator[init.type='ObjectExpression'][init.properties.length=0]",
    'An empty object',
  ),
  ...moduleState(
    "VariableDeclaration > VariableDeclarator[init.type='ArrayExpression'][id.typeAnnotation.typeAnnotation.type='TSArrayType']",
    'An array typed as mutable (T[])',
  ),
  {
    selector: 'PropertyDefinition[static=true]:not([readonly=true])',
    message: `A static class field that is not readonly: ${OWNER}.`,
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: './tsconfig.test.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      // Offsets, sizes and counts go into messages as plain decimal numbers.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // With noUncheckedIndexedAccess, `table[index]!` after a bounds check is the plain idiom of
      // the parsers' index loops; a made-up default in its place would hide a real bug.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The dex tables keep enum values in typed arrays (a Uint8Array of ReferenceKind) and read
      // them back as numbers: comparing or passing those numbers as the enum is the design.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
      // `(x) => assert.ok(x)` and `() => void work()` shorthands are clear and common in tests.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `const { bytes: _bytes, ...rest } = record` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A closure made before the one assignment may read the variable (undefined until then):
      // `const` at the assignment would make that read a TDZ error.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `[...text]` splits a string into code points on purpose: SQLite's trigram tokenizer and
      // the bigram index count code points, not graphemes.
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
      // A switch over a union must name every member (a new finding kind or opcode format
      // cannot fall through silently); a default branch still covers open-ended numbers.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_MODULE_STATE] },
  },
  {
    rules: {
      // Matching control characters is the point here: they are neutralised in untrusted app
      // strings before they reach a terminal, a report or a claim.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', module: 'writable' },
    },
  },
  prettier,
);
