/**
 * Oracle: every distinct dex of the corpus parsed by readDex and by AOSP
 * dexdump (`-a -f -h`: file header, class headers with offsets, annotations,
 * every class, field and method with flags, code sizes, static values, try
 * blocks and line positions) and dexlist (insns offset and length of every
 * method with code). Any disagreement fails the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { referenceTool, needs } from '../support/corpus.js';
import {
  readDex,
  descriptorToJavaName,
  type DexFile,
  type EncodedField,
  type EncodedMethod,
} from '../../src/formats/dex/index.js';
import { asToolText, corpusDexFiles } from './support/corpus-dex.js';
import { escapeLikeDexdump, formatG, parseDexdump, parseDexlist, type Dump } from './support/dexdump-parse.js';
import type { Annotation, ClassDef, EncodedValue } from '../../src/formats/dex/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const VISIBILITY = ['VISIBILITY_BUILD', 'VISIBILITY_RUNTIME', 'VISIBILITY_SYSTEM'];

/** Our annotations in the skeleton of dexdump -a (values stripped, as the parser strips them). */
function annotationLines(dex: DexFile, classDef: ClassDef): string[] {
  const directory = dex.readAnnotations(classDef).value;
  if (directory === undefined) return [];
  const lines: string[] = [];
  const set = (annotations: readonly Annotation[]): void => {
    if (annotations.length === 0) lines.push('  empty-annotation-set');
    for (const annotation of annotations) {
      lines.push(
        `  ${VISIBILITY[annotation.visibility] ?? 'VISIBILITY_UNKNOWN'} ${asToolText(dex.typeName(annotation.typeIndex))}`,
      );
    }
  };
  if (directory.classAnnotationsOffset !== undefined) {
    lines.push('Annotations on class');
    set(directory.classAnnotations);
  }
  for (const field of directory.fields) {
    lines.push(`Annotations on field #${field.fieldIndex} '${asToolText(dex.fieldName(field.fieldIndex))}'`);
    set(field.annotations);
  }
  for (const method of directory.methods) {
    lines.push(`Annotations on method #${method.methodIndex} '${asToolText(dex.methodName(method.methodIndex))}'`);
    set(method.annotations);
  }
  for (const method of directory.parameters) {
    lines.push(
      `Annotations on method #${method.methodIndex} '${asToolText(dex.methodName(method.methodIndex))}' parameters`,
    );
    method.parameters.forEach((parameter, index) => {
      lines.push(`#${index}`);
      set(parameter);
    });
  }
  return lines;
}

/** Our static value as dexdump prints it; undefined for kinds whose printing we do not mirror. */
function printValue(dex: DexFile, value: EncodedValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case 'byte':
    case 'short':
    case 'char':
    case 'int':
      return String(value.value);
    case 'long':
      return value.value.toString();
    case 'float':
    case 'double':
      return formatG(value.value);
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'string':
      return escapeLikeDexdump(asToolText(dex.string(value.index)));
    default:
      return undefined;
  }
}

function runLatin1(tool: string, args: string[]): string {
  return execFileSync(referenceTool(tool), args, {
    encoding: 'latin1',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

const NO_INDEX_PRINTED = new Set([-1, 4294967295]);

function compareHeader(dex: DexFile, dump: Dump, problems: string[]): void {
  const header = dex.header;
  const relative = (offset: number): number => offset - dex.base;
  const expected: Record<string, number | string> = {
    checksum: header.checksum.toString(16).padStart(8, '0'),
    file_size: header.fileSize,
    header_size: header.headerSize,
    link_size: header.link.size,
    link_off: relative(header.link.offset),
    string_ids_size: header.stringIds.size,
    string_ids_off: relative(header.stringIds.offset),
    type_ids_size: header.typeIds.size,
    type_ids_off: relative(header.typeIds.offset),
    proto_ids_size: header.protoIds.size,
    proto_ids_off: relative(header.protoIds.offset),
    field_ids_size: header.fieldIds.size,
    field_ids_off: relative(header.fieldIds.offset),
    method_ids_size: header.methodIds.size,
    method_ids_off: relative(header.methodIds.offset),
    class_defs_size: header.classDefs.size,
    class_defs_off: relative(header.classDefs.offset),
    data_size: header.data.size,
    data_off: relative(header.data.offset),
  };
  for (const [key, value] of Object.entries(expected)) {
    if (dump.fileHeader[key] !== String(value))
      problems.push(`header ${key}: ours ${value}, dexdump ${dump.fileHeader[key]}`);
  }
}

function compareClasses(
  dex: DexFile,
  dump: Dump,
  problems: string[],
): {
  classes: number;
  fields: number;
  methods: number;
  values: number;
  annotations: number;
  positions: number;
  tries: number;
} {
  const counts = { classes: 0, fields: 0, methods: 0, values: 0, annotations: 0, positions: 0, tries: 0 };
  if (dump.classes.length !== dex.classDefs.length)
    problems.push(`class count: ours ${dex.classDefs.length}, dexdump ${dump.classes.length}`);
  const relative = (offset: number | undefined): number => (offset === undefined ? 0 : offset - dex.base);
  for (let index = 0; index < Math.min(dump.classes.length, dex.classDefs.length) && problems.length < 50; index++) {
    const theirs = dump.classes[index]!;
    const ours = dex.classDefs[index]!;
    counts.classes++;
    const where = `class #${index} ${dex.typeName(ours.classIndex)}`;
    const data = ours.classData;
    const headerExpected: Record<string, number> = {
      class_idx: ours.classIndex,
      access_flags: ours.accessFlags,
      interfaces_off: relative(ours.interfacesOffset),
      annotations_off: relative(ours.annotationsOffset),
      class_data_off: relative(ours.classDataOffset),
      static_fields_size: data?.staticFields.length ?? 0,
      instance_fields_size: data?.instanceFields.length ?? 0,
      direct_methods_size: data?.directMethods.length ?? 0,
      virtual_methods_size: data?.virtualMethods.length ?? 0,
    };
    for (const [key, value] of Object.entries(headerExpected)) {
      if (theirs.header[key] !== value) problems.push(`${where} ${key}: ours ${value}, dexdump ${theirs.header[key]}`);
    }
    for (const [key, value] of [
      ['superclass_idx', ours.superclassIndex],
      ['source_file_idx', ours.sourceFileIndex],
    ] as const) {
      const printed = theirs.header[key];
      const same = value === undefined ? NO_INDEX_PRINTED.has(printed ?? 0) : printed === value;
      if (!same) problems.push(`${where} ${key}: ours ${value}, dexdump ${printed}`);
    }
    const check = (what: string, mine: unknown, other: unknown): void => {
      if (mine !== other)
        problems.push(`${where} ${what}: ours ${JSON.stringify(mine)}, dexdump ${JSON.stringify(other)}`);
    };
    check('descriptor', asToolText(dex.typeName(ours.classIndex)), theirs.descriptor);
    check('access', ours.accessFlags, theirs.access);
    check(
      'superclass',
      ours.superclassIndex === undefined ? undefined : asToolText(dex.typeName(ours.superclassIndex)),
      theirs.superclass,
    );
    check(
      'interfaces',
      ours.interfaceIndexes.map((type) => asToolText(dex.typeName(type))).join(','),
      theirs.interfaces.join(','),
    );
    check(
      'source file',
      ours.sourceFileIndex === undefined ? undefined : asToolText(dex.string(ours.sourceFileIndex)),
      theirs.sourceFile,
    );
    const ourAnnotations = annotationLines(dex, ours);
    counts.annotations += ourAnnotations.filter((line) => line.startsWith('  VISIBILITY')).length;
    check('annotations', ourAnnotations.join('\n'), theirs.annotations.join('\n'));
    const staticValues = dex.readStaticValues(ours).value;
    const members: Array<{ section: string; field?: EncodedField; method?: EncodedMethod }> = [
      ...(data?.staticFields ?? []).map((field) => ({ section: 'static', field })),
      ...(data?.instanceFields ?? []).map((field) => ({ section: 'instance', field })),
      ...(data?.directMethods ?? []).map((method) => ({ section: 'direct', method })),
      ...(data?.virtualMethods ?? []).map((method) => ({ section: 'virtual', method })),
    ];
    check('member count', members.length, theirs.members.length);
    for (let position = 0; position < Math.min(members.length, theirs.members.length); position++) {
      const mine = members[position]!;
      const other = theirs.members[position]!;
      check(`member ${position} section`, mine.section, other.section);
      if (mine.field) {
        counts.fields++;
        check(`field ${position} name`, asToolText(dex.fieldName(mine.field.fieldIndex)), other.name);
        check(
          `field ${position} type`,
          asToolText(dex.typeName(dex.ids.fieldType[mine.field.fieldIndex]!)),
          other.type,
        );
        check(`field ${position} access`, mine.field.accessFlags, other.access);
        if (mine.section === 'static') {
          counts.values += staticValues[position] === undefined ? 0 : 1;
          const printed = printValue(dex, staticValues[position]);
          if (printed !== undefined || staticValues[position] === undefined)
            check(`field ${position} value`, printed, other.value);
        }
      } else if (mine.method) {
        counts.methods++;
        const method = mine.method;
        check(`method ${position} name`, asToolText(dex.methodName(method.methodIndex)), other.name);
        check(
          `method ${position} type`,
          asToolText(dex.protoDescriptor(dex.ids.methodProto[method.methodIndex]!)),
          other.type,
        );
        check(`method ${position} access`, method.accessFlags, other.access);
        const code = method.code;
        const mineCode = code
          ? `${code.registersSize}/${code.insSize}/${code.outsSize}/${code.instructionsSize}`
          : 'none';
        const otherCode = other.code
          ? `${other.code.registers}/${other.code.ins}/${other.code.outs}/${other.code.insns}`
          : 'none';
        check(`method ${position} code`, mineCode, otherCode);
        if (code) {
          const catches: string[] = [];
          const blocks = dex.readTryBlocks(code).value;
          for (const block of blocks) {
            catches.push(`${block.startAddress}-${block.startAddress + block.instructionCount}`);
            for (const handler of block.handlers)
              catches.push(`${asToolText(dex.typeName(handler.typeIndex))}->${handler.address}`);
            if (block.catchAllAddress !== undefined) catches.push(`<any>->${block.catchAllAddress}`);
          }
          counts.tries += blocks.length;
          check(`method ${position} catches`, catches.join(' '), (other.catches ?? []).join(' '));
          const positions = dex.readDebugInfo(code).value?.positions ?? [];
          counts.positions += positions.length;
          check(
            `method ${position} positions`,
            positions.map((entry) => `${entry.address}:${entry.line}`).join(' '),
            (other.positions ?? []).join(' '),
          );
        }
      }
    }
  }
  return counts;
}

function compareDexlist(dex: DexFile, text: string, problems: string[]): number {
  const theirs = parseDexlist(text);
  const ours: Array<{ offset: number; bytes: number; className: string; method: string; signature: string }> = [];
  for (const classDef of dex.classDefs) {
    for (const method of [
      ...(classDef.classData?.directMethods ?? []),
      ...(classDef.classData?.virtualMethods ?? []),
    ]) {
      if (!method.code) continue;
      ours.push({
        offset: method.code.instructionsOffset - dex.base,
        bytes: method.code.instructionsSize * 2,
        className: asToolText(descriptorToJavaName(dex.typeName(classDef.classIndex))),
        method: asToolText(dex.methodName(method.methodIndex)),
        signature: asToolText(dex.protoDescriptor(dex.ids.methodProto[method.methodIndex]!)),
      });
    }
  }
  if (ours.length !== theirs.length)
    problems.push(`dexlist: ours ${ours.length} methods with code, dexlist ${theirs.length}`);
  for (let index = 0; index < Math.min(ours.length, theirs.length) && problems.length < 50; index++) {
    const mine = JSON.stringify(ours[index]);
    const other = JSON.stringify(theirs[index]);
    if (mine !== other) problems.push(`dexlist method ${index}: ours ${mine}, dexlist ${other}`);
  }
  return ours.length;
}

test('readDex agrees with dexdump -a -f -h and dexlist on every corpus dex', CORPUS, (t) => {
  const { files, skipped } = corpusDexFiles();
  assert.ok(files.length >= 60, `expected the corpus to hold at least 60 distinct dex files, found ${files.length}`);
  const totals = {
    dex: 0,
    classes: 0,
    fields: 0,
    methods: 0,
    values: 0,
    annotations: 0,
    positions: 0,
    tries: 0,
    codeMethods: 0,
    parseMs: 0,
  };
  const failures: string[] = [];
  for (const file of files) {
    const started = performance.now();
    const { value: dex } = readDex(file.bytes, file.source.base);
    totals.parseMs += performance.now() - started;
    const problems: string[] = [];
    const dump = parseDexdump(runLatin1('dexdump', ['-a', '-f', '-h', '-i', file.path]));
    compareHeader(dex, dump, problems);
    const counts = compareClasses(dex, dump, problems);
    totals.codeMethods += compareDexlist(dex, runLatin1('dexlist', [file.path]), problems);
    totals.dex++;
    totals.classes += counts.classes;
    totals.fields += counts.fields;
    totals.methods += counts.methods;
    totals.values += counts.values;
    totals.annotations += counts.annotations;
    totals.positions += counts.positions;
    totals.tries += counts.tries;
    if (problems.length > 0) failures.push(`${file.label}:\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
  const summary =
    `compared ${totals.dex} dex files, ${totals.classes} classes, ${totals.fields} fields (${totals.values} static values), ${totals.methods} methods, ${totals.annotations} annotations, ${totals.positions} line positions, ${totals.tries} try blocks ` +
    `(${totals.codeMethods} with code, offsets checked with dexlist); readDex total ${totals.parseMs.toFixed(0)} ms; ` +
    `not dex: ${skipped.join(', ')}`;
  t.diagnostic(summary);
  console.log(summary);
  assert.deepEqual(failures, []);
});
