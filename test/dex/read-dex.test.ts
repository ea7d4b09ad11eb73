/**
 * readDex on the witness.dex fixture (test/dex/fixtures/src/*.smali): each
 * table row names a fact visible in the smali source, so a wrong offset,
 * index or decoding shows up as a named failure.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readDex, AccessFlag, MapItemType, type ClassDef, type DexFile } from '../../src/formats/dex/index.js';
import { witnessDex } from './support/fixture.js';

const { value: dex, diagnostics } = readDex(witnessDex());

function classNamed(file: DexFile, descriptor: string): ClassDef {
  const found = file.classDefs.find((classDef) => file.typeName(classDef.classIndex) === descriptor);
  assert.ok(found, `class ${descriptor} not found`);
  return found;
}

const WITNESS = 'Lorg/example/witness/Witness;';

describe('witness.dex structure', () => {
  test('a clean file has no diagnostics and verifies its checksum and signature', () => {
    assert.deepEqual(diagnostics, []);
    assert.equal(dex.integrity?.checksumMatches, true);
    assert.equal(dex.integrity.signatureMatches, true);
    assert.equal(dex.version, 38);
    assert.equal(dex.header.headerSize, 0x70);
    assert.equal(dex.header.fileSize, dex.bytes.length);
  });

  test('the map list describes every id section exactly as the header does', () => {
    const byType = new Map(dex.mapList.map((item) => [item.type, item]));
    const rows: Array<[number, { size: number; offset: number }]> = [
      [MapItemType.stringIdItem, dex.header.stringIds],
      [MapItemType.typeIdItem, dex.header.typeIds],
      [MapItemType.protoIdItem, dex.header.protoIds],
      [MapItemType.fieldIdItem, dex.header.fieldIds],
      [MapItemType.methodIdItem, dex.header.methodIds],
      [MapItemType.classDefItem, dex.header.classDefs],
    ];
    for (const [type, section] of rows) {
      assert.equal(byType.get(type)?.size, section.size, `size of map type 0x${type.toString(16)}`);
      assert.equal(byType.get(type)?.offset, section.offset, `offset of map type 0x${type.toString(16)}`);
    }
    assert.equal(byType.get(MapItemType.mapList)?.offset, dex.header.mapOffset);
    assert.ok(byType.has(MapItemType.codeItem));
    assert.ok(byType.has(MapItemType.encodedArrayItem), 'static values are an encoded_array_item');
  });

  const strings = Array.from({ length: dex.stringCount }, (_, index) => dex.string(index));
  for (const expected of [
    'https://collect.example.org/v1/upload',
    'h\u00e9llo \u4e2d\u6587 \ud83d\ude00 nul:\u0000:end',
    'Witness.java',
    '[[I',
    'ZIJ',
  ]) {
    test(`string table holds ${JSON.stringify(expected)}`, () => assert.ok(strings.includes(expected)));
  }

  const typeRows: Array<[string, string]> = [
    ['[[I', 'int[][]'],
    ['Lorg/example/witness/Witness$Marker;', 'org.example.witness.Witness$Marker'],
    ['Ljava/lang/String;', 'java.lang.String'],
    ['Z', 'boolean'],
    ['V', 'void'],
  ];
  for (const [descriptor, java] of typeRows) {
    test(`type ${descriptor} is spelled ${java} in Java style`, () => {
      const index = Array.from({ length: dex.typeCount }, (_, position) => position).find(
        (position) => dex.typeName(position) === descriptor,
      );
      assert.notEqual(index, undefined);
      assert.equal(dex.javaTypeName(index as number), java);
    });
  }

  test('class Witness: flags, superclass, interfaces, source file', () => {
    const witness = classNamed(dex, WITNESS);
    assert.equal(witness.accessFlags, AccessFlag.public | AccessFlag.final);
    assert.equal(dex.typeName(witness.superclassIndex as number), 'Ljava/lang/Object;');
    assert.deepEqual(
      witness.interfaceIndexes.map((type) => dex.typeName(type)),
      ['Ljava/lang/Runnable;', 'Lorg/example/witness/Reporter;'],
    );
    assert.equal(dex.string(witness.sourceFileIndex as number), 'Witness.java');
    assert.equal(witness.offset, dex.header.classDefs.offset + witness.index * 32);
  });

  test('class Witness: members in class_data order with their signatures', () => {
    const data = classNamed(dex, WITNESS).classData;
    assert.ok(data);
    const fields = (list: typeof data.staticFields): string[] =>
      list.map((field) => dex.fieldSignature(field.fieldIndex));
    const methods = (list: typeof data.directMethods): string[] =>
      list.map((method) => dex.methodSignature(method.methodIndex));
    assert.deepEqual(fields(data.staticFields), [
      `${WITNESS}->ENDPOINT:Ljava/lang/String;`,
      `${WITNESS}->RETRIES:I`,
      `${WITNESS}->counter:J`,
    ]);
    assert.deepEqual(fields(data.instanceFields), [`${WITNESS}->name:Ljava/lang/String;`, `${WITNESS}->seen:[[I`]);
    assert.deepEqual(methods(data.directMethods), [
      `${WITNESS}-><init>(Ljava/lang/String;)V`,
      `${WITNESS}->nativeHook(IJ)Z`,
      `${WITNESS}->unicode()Ljava/lang/String;`,
    ]);
    assert.deepEqual(methods(data.virtualMethods), [`${WITNESS}->report(Ljava/lang/String;)V`, `${WITNESS}->run()V`]);
    assert.equal(
      dex.methodJavaSignature(data.directMethods[1]!.methodIndex),
      'org.example.witness.Witness.nativeHook(int, long): boolean',
    );
    assert.equal(data.directMethods[1]!.accessFlags, AccessFlag.static | AccessFlag.native);
    assert.equal(data.directMethods[1]!.code, undefined, 'a native method has no code_item');
    assert.equal(data.directMethods[0]!.accessFlags, AccessFlag.public | AccessFlag.constructor);
  });

  test('static values: the hard-coded endpoint and the retry count', () => {
    const values = dex.readStaticValues(classNamed(dex, WITNESS));
    assert.deepEqual(values.diagnostics, []);
    const [endpoint, retries] = values.value;
    assert.equal(endpoint?.kind, 'string');
    assert.equal(dex.string(endpoint.index), 'https://collect.example.org/v1/upload');
    assert.deepEqual(retries?.kind === 'int' ? retries.value : undefined, 3);
  });

  test('code item: instructionsOffset is absolute and points at const-string of the unicode string', () => {
    const unicode = classNamed(dex, WITNESS).classData!.directMethods[2]!;
    const code = unicode.code!;
    assert.equal(code.offset, unicode.codeOffset);
    assert.equal(code.instructionsOffset, code.offset + 16);
    assert.equal(code.instructionsSize, 3, 'const-string (2 units) + return-object (1 unit)');
    assert.equal(code.registersSize, 1);
    const instructions = dex.instructionBytes(code);
    const CONST_STRING = 0x1a;
    assert.equal(instructions[0], CONST_STRING);
    const stringIndex = instructions[2]! | (instructions[3]! << 8);
    assert.equal(dex.string(stringIndex), 'h\u00e9llo \u4e2d\u6587 \ud83d\ude00 nul:\u0000:end');
  });

  test('try/catch: one try block with an IOException handler and a catch-all', () => {
    const run = classNamed(dex, WITNESS).classData!.virtualMethods[1]!;
    assert.equal(run.code?.triesSize, 1);
    const tries = dex.readTryBlocks(run.code);
    assert.deepEqual(tries.diagnostics, []);
    assert.equal(tries.value.length, 1);
    const block = tries.value[0]!;
    assert.equal(block.startAddress, 0);
    assert.deepEqual(
      block.handlers.map((handler) => dex.typeName(handler.typeIndex)),
      ['Ljava/io/IOException;'],
    );
    assert.notEqual(block.catchAllAddress, undefined);
    assert.ok(block.handlers[0]!.address < run.code.instructionsSize);
  });

  test('annotations: member classes, a JavaScript-exposed method and a parameter annotation', () => {
    const witness = classNamed(dex, WITNESS);
    const annotations = dex.readAnnotations(witness);
    assert.deepEqual(annotations.diagnostics, []);
    const directory = annotations.value!;
    assert.equal(directory.offset, witness.annotationsOffset);
    const [memberClasses] = directory.classAnnotations;
    assert.equal(dex.typeName(memberClasses!.typeIndex), 'Ldalvik/annotation/MemberClasses;');
    assert.equal(memberClasses!.visibility, 2, 'VISIBILITY_SYSTEM');
    const element = memberClasses!.elements[0]!;
    assert.equal(dex.string(element.nameIndex), 'value');
    assert.equal(element.value.kind, 'array');
    if (element.value.values[0]?.kind === 'type') {
      assert.equal(dex.typeName(element.value.values[0].index), 'Lorg/example/witness/Witness$Marker;');
    } else assert.fail('MemberClasses value should be an array of types');
    assert.deepEqual(
      directory.methods.map((method) => [
        dex.methodSignature(method.methodIndex),
        method.annotations.map((item) => [dex.typeName(item.typeIndex), item.visibility]),
      ]),
      [[`${WITNESS}->report(Ljava/lang/String;)V`, [['Landroid/webkit/JavascriptInterface;', 1]]]],
    );
    assert.deepEqual(
      directory.parameters.map((method) =>
        method.parameters.map((parameter) => parameter.map((item) => dex.typeName(item.typeIndex))),
      ),
      [[['Landroidx/annotation/NonNull;']]],
    );
    assert.equal(dex.readAnnotations(classNamed(dex, 'Lorg/example/witness/Reporter;')).value, undefined);
  });

  test('debug info: line numbers of run() and the parameter name of report()', () => {
    const data = classNamed(dex, WITNESS).classData!;
    const run = dex.readDebugInfo(data.virtualMethods[1]!.code!);
    assert.deepEqual(run.diagnostics, []);
    // sget-object is 2 code units, so line 43 starts at address 2.
    assert.deepEqual(run.value?.positions, [
      { address: 0, line: 42 },
      { address: 2, line: 43 },
    ]);
    const report = dex.readDebugInfo(data.virtualMethods[0]!.code!).value!;
    assert.deepEqual(
      report.parameterNames.map((name) => (name === undefined ? undefined : dex.string(name))),
      ['message'],
    );
    assert.equal(dex.readDebugInfo(data.directMethods[2]!.code!).value, undefined, 'unicode() has no debug info');
  });

  test('interface method has no code; the member-less inner class has no class data', () => {
    const reporter = classNamed(dex, 'Lorg/example/witness/Reporter;');
    assert.equal(reporter.accessFlags & AccessFlag.interface, AccessFlag.interface);
    assert.equal(reporter.classData?.virtualMethods[0]?.codeOffset, undefined);
    const marker = classNamed(dex, 'Lorg/example/witness/Witness$Marker;');
    assert.equal(marker.classData, undefined);
    assert.equal(marker.sourceFileIndex, undefined);
    assert.equal(dex.classDefForType(marker.classIndex), marker);
  });

  test('a base offset moves every model offset and nothing else', () => {
    const BASE = 4096;
    const moved = readDex(witnessDex(), BASE).value;
    assert.equal(moved.header.offset, BASE);
    assert.equal(moved.header.stringIds.offset, dex.header.stringIds.offset + BASE);
    for (let index = 0; index < dex.classDefs.length; index++) {
      const before = dex.classDefs[index]!;
      const after = moved.classDefs[index]!;
      assert.equal(after.offset, before.offset + BASE);
      const codes = (classDef: ClassDef): number[] =>
        [...(classDef.classData?.directMethods ?? []), ...(classDef.classData?.virtualMethods ?? [])].map(
          (method) => method.code?.instructionsOffset ?? -1,
        );
      assert.deepEqual(
        codes(after),
        codes(before).map((offset) => (offset < 0 ? offset : offset + BASE)),
      );
    }
    assert.deepEqual(
      Array.from({ length: moved.stringCount }, (_, index) => moved.string(index)),
      strings,
    );
  });
});
