/**
 * Descriptor spellings (DEX spec "TypeDescriptor semantics") and their Java
 * forms as dexdump prints them; the corpus-wide check of the same function is
 * in the dexlist comparison of dexdump-oracle.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  descriptorPackage,
  descriptorSimpleName,
  descriptorToJavaName,
  isValidTypeDescriptor,
} from '../../src/formats/dex/index.js';

describe('descriptorToJavaName', () => {
  const rows: Array<[string, string]> = [
    ['I', 'int'],
    ['V', 'void'],
    ['J', 'long'],
    ['[B', 'byte[]'],
    ['[[Ljava/lang/String;', 'java.lang.String[][]'],
    ['Lcom/a/B$C;', 'com.a.B$C'],
    ['LNoPackage;', 'NoPackage'],
    ['', ''],
    ['Q', 'Q'],
    ['Lunterminated', 'Lunterminated'],
    ['[', '['],
  ];
  for (const [descriptor, java] of rows)
    test(`${JSON.stringify(descriptor)} is ${JSON.stringify(java)}`, () =>
      assert.equal(descriptorToJavaName(descriptor), java));
});

describe('package and simple name (dexdump -l xml spelling)', () => {
  const rows: Array<[string, string, string]> = [
    ['Lio/github/skylot/android/smallapp/R$layout;', 'io.github.skylot.android.smallapp', 'R$layout'],
    ['LNoPackage;', '', 'NoPackage'],
    ['La;', '', 'a'],
  ];
  for (const [descriptor, packageName, simpleName] of rows) {
    test(descriptor, () => {
      assert.equal(descriptorPackage(descriptor), packageName);
      assert.equal(descriptorSimpleName(descriptor), simpleName);
    });
  }
});

describe('isValidTypeDescriptor', () => {
  const rows: Array<[string, boolean]> = [
    ['I', true],
    ['V', true],
    ['[V', false],
    ['[I', true],
    ['Ljava/lang/Object;', true],
    ['Ljava.lang.Object;', false],
    ['L;', false],
    ['X', false],
    ['['.repeat(255) + 'I', true],
    ['['.repeat(256) + 'I', false],
  ];
  for (const [descriptor, valid] of rows)
    test(`${descriptor.slice(0, 20)} is ${valid ? 'valid' : 'invalid'}`, () =>
      assert.equal(isValidTypeDescriptor(descriptor), valid));
});
