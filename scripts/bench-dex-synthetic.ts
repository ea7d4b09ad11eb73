/**
 * Writes a large synthetic multidex app for the code-index benchmark: N dex
 * files (version 035) of about `targetBytes` each, built directly (smali needs
 * ~90 s per 8 MB here). Each dex holds classes `Lsyn/dNN/pPP/CCCCC;` with static
 * methods whose code mixes const-string, invoke-static (android.util.Log.d, a
 * method of the next class, every fourth class one in the next dex), sput-object,
 * arithmetic and branches, in roughly the proportions of real code.
 * Layout and ordering follow dex-format (sorted ids, map_list, adler32, SHA-1),
 * so dexdump's verifier accepts the files.
 */
import { createHash } from 'node:crypto';

const HEADER_SIZE = 0x70;
const ENDIAN_CONSTANT = 0x12345678;
const DEX_MAGIC = [0x64, 0x65, 0x78, 0x0a, 0x30, 0x33, 0x35, 0x00]; // "dex\n035\0"
const ACC_PUBLIC_STATIC = 0x9;
const ACC_PUBLIC = 0x1;
const METHODS_PER_CLASS = 20;
const ITERATIONS_PER_METHOD = 12;
const STRING_POOL_PER_DEX = 4000;
/** Code units of one iteration of the method body (see `iteration`). */
const ITERATION_UNITS = 23;
const CODE_ITEM_HEADER = 16;
const SHARED_STRING = 'https://collector.example/upload';
const TYPE = {
  header: 0x0000,
  stringId: 0x0001,
  typeId: 0x0002,
  protoId: 0x0003,
  fieldId: 0x0004,
  methodId: 0x0005,
  classDef: 0x0006,
  mapList: 0x1000,
  typeList: 0x1001,
  classData: 0x2000,
  codeItem: 0x2001,
  stringData: 0x2002,
};

function uleb(value: number, out: number[]): void {
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
}

function classDescriptor(dex: number, klass: number): string {
  return `Lsyn/d${String(dex).padStart(2, '0')}/p${String(klass % 16).padStart(2, '0')}/C${String(klass).padStart(5, '0')};`;
}

interface MethodKey {
  owner: string;
  name: string;
  proto: string;
}

export interface SyntheticDexInfo {
  bytes: Uint8Array;
  classes: number;
  methods: number;
}

/** One dex of the synthetic app: dex `dex` of `dexCount`, about `targetBytes` long. */
export function buildSyntheticDex(dex: number, dexCount: number, targetBytes: number): SyntheticDexInfo {
  const methodBytes = CODE_ITEM_HEADER + (ITERATIONS_PER_METHOD * ITERATION_UNITS + 1) * 2 + 8;
  const classCount = Math.max(1, Math.min(3000, Math.round(targetBytes / (methodBytes * METHODS_PER_CLASS))));
  const nextDex = (dex + 1) % dexCount;
  const strings = new Set<string>([
    'V',
    'I',
    'ILL',
    'VI',
    'Ljava/lang/Object;',
    'Ljava/lang/String;',
    'Landroid/util/Log;',
    'd',
    's',
    SHARED_STRING,
  ]);
  for (let index = 0; index < STRING_POOL_PER_DEX; index++) strings.add(`syn-d${dex}-s${index}`);
  for (let method = 0; method < METHODS_PER_CLASS; method++) strings.add(`m${method}`);
  const classes: string[] = [];
  for (let klass = 0; klass < classCount; klass++) classes.push(classDescriptor(dex, klass));
  const crossDexTargets = new Set<string>();
  for (let klass = 0; klass < classCount; klass += 4) crossDexTargets.add(classDescriptor(nextDex, klass));
  for (const descriptor of [...classes, ...crossDexTargets]) strings.add(descriptor);
  const stringList = [...strings].sort();
  const stringIndex = new Map(stringList.map((value, index) => [value, index]));
  const typeList = [
    'V',
    'I',
    'Ljava/lang/Object;',
    'Ljava/lang/String;',
    'Landroid/util/Log;',
    ...classes,
    ...crossDexTargets,
  ].sort();
  const typeIndex = new Map(typeList.map((value, index) => [value, index]));
  const str = (value: string): number => stringIndex.get(value) as number;
  const typ = (value: string): number => typeIndex.get(value) as number;
  // Protos sorted by return type index, then parameters: (String,String)I before (I)V since "I" < "V".
  const protos = [
    {
      shorty: 'ILL',
      returnType: 'I',
      parameters: ['Ljava/lang/String;', 'Ljava/lang/String;'],
      descriptor: '(Ljava/lang/String;Ljava/lang/String;)I',
    },
    { shorty: 'VI', returnType: 'V', parameters: ['I'], descriptor: '(I)V' },
  ].sort((a, b) => typ(a.returnType) - typ(b.returnType));
  const protoIndex = new Map(protos.map((proto, index) => [proto.descriptor, index]));
  const fields = classes.map((owner) => owner).sort((a, b) => typ(a) - typ(b));
  const fieldIndex = new Map(fields.map((owner, index) => [owner, index]));
  const methodKeys: MethodKey[] = [
    { owner: 'Landroid/util/Log;', name: 'd', proto: '(Ljava/lang/String;Ljava/lang/String;)I' },
  ];
  for (const owner of [...classes, ...crossDexTargets]) {
    for (let method = 0; method < METHODS_PER_CLASS; method++)
      methodKeys.push({ owner, name: `m${method}`, proto: '(I)V' });
  }
  methodKeys.sort(
    (a, b) =>
      typ(a.owner) - typ(b.owner) ||
      str(a.name) - str(b.name) ||
      (protoIndex.get(a.proto) as number) - (protoIndex.get(b.proto) as number),
  );
  const methodIndex = new Map(methodKeys.map((key, index) => [`${key.owner}->${key.name}${key.proto}`, index]));
  const sortedClasses = [...classes].sort((a, b) => typ(a) - typ(b));

  // Sizes and offsets of the fixed sections.
  const stringIdsOffset = HEADER_SIZE;
  const typeIdsOffset = stringIdsOffset + stringList.length * 4;
  const protoIdsOffset = typeIdsOffset + typeList.length * 4;
  const fieldIdsOffset = protoIdsOffset + protos.length * 12;
  const methodIdsOffset = fieldIdsOffset + fields.length * 8;
  const classDefsOffset = methodIdsOffset + methodKeys.length * 8;
  const dataOffset = classDefsOffset + sortedClasses.length * 32;
  const codeItemSize = CODE_ITEM_HEADER + (ITERATIONS_PER_METHOD * ITERATION_UNITS + 1) * 2;
  const alignedCodeItemSize = (codeItemSize + 3) & ~3;
  const methodCount = sortedClasses.length * METHODS_PER_CLASS;
  const codeOffset = dataOffset;
  const classDataOffset = codeOffset + methodCount * alignedCodeItemSize;

  // class_data_item per class (direct methods in method-index order).
  const classData: number[] = [];
  const classDataOffsets: number[] = [];
  let codeCursor = codeOffset;
  const codeOwners: { owner: string; klass: number; name: string }[] = [];
  for (const owner of sortedClasses) {
    classDataOffsets.push(classDataOffset + classData.length);
    const methods = Array.from({ length: METHODS_PER_CLASS }, (_, method) => `m${method}`).sort(
      (a, b) => (methodIndex.get(`${owner}->${a}(I)V`) as number) - (methodIndex.get(`${owner}->${b}(I)V`) as number),
    );
    uleb(1, classData);
    uleb(0, classData);
    uleb(METHODS_PER_CLASS, classData);
    uleb(0, classData);
    uleb(fieldIndex.get(owner) as number, classData);
    uleb(ACC_PUBLIC_STATIC, classData);
    let previous = 0;
    for (const name of methods) {
      const index = methodIndex.get(`${owner}->${name}(I)V`) as number;
      uleb(index - previous, classData);
      uleb(ACC_PUBLIC_STATIC, classData);
      uleb(codeCursor, classData);
      previous = index;
      codeOwners.push({ owner, klass: Number(owner.slice(-6, -1)), name });
      codeCursor += alignedCodeItemSize;
    }
  }
  const typeListsOffset = (classDataOffset + classData.length + 3) & ~3;
  const typeListOffsets = new Map<string, number>();
  let cursor = typeListsOffset;
  for (const proto of protos) {
    typeListOffsets.set(proto.descriptor, cursor);
    cursor += (4 + proto.parameters.length * 2 + 3) & ~3;
  }
  const stringDataOffset = cursor;
  const stringData: number[] = [];
  const stringDataOffsets: number[] = [];
  for (const value of stringList) {
    stringDataOffsets.push(stringDataOffset + stringData.length);
    uleb(value.length, stringData);
    for (let position = 0; position < value.length; position++) stringData.push(value.charCodeAt(position));
    stringData.push(0);
  }
  const mapOffset = (stringDataOffset + stringData.length + 3) & ~3;
  const mapItems: [number, number, number][] = [
    [TYPE.header, 1, 0],
    [TYPE.stringId, stringList.length, stringIdsOffset],
    [TYPE.typeId, typeList.length, typeIdsOffset],
    [TYPE.protoId, protos.length, protoIdsOffset],
    [TYPE.fieldId, fields.length, fieldIdsOffset],
    [TYPE.methodId, methodKeys.length, methodIdsOffset],
    [TYPE.classDef, sortedClasses.length, classDefsOffset],
    [TYPE.codeItem, methodCount, codeOffset],
    [TYPE.classData, sortedClasses.length, classDataOffset],
    [TYPE.typeList, protos.length, typeListsOffset],
    [TYPE.stringData, stringList.length, stringDataOffset],
    [TYPE.mapList, 1, mapOffset],
  ];
  const fileSize = mapOffset + 4 + mapItems.length * 12;
  const bytes = new Uint8Array(fileSize);
  const view = new DataView(bytes.buffer);
  const u16 = (at: number, value: number): void => view.setUint16(at, value, true);
  const u32 = (at: number, value: number): void => view.setUint32(at, value, true);

  bytes.set(DEX_MAGIC, 0);
  u32(32, fileSize);
  u32(36, HEADER_SIZE);
  u32(40, ENDIAN_CONSTANT);
  u32(52, mapOffset);
  u32(56, stringList.length);
  u32(60, stringIdsOffset);
  u32(64, typeList.length);
  u32(68, typeIdsOffset);
  u32(72, protos.length);
  u32(76, protoIdsOffset);
  u32(80, fields.length);
  u32(84, fieldIdsOffset);
  u32(88, methodKeys.length);
  u32(92, methodIdsOffset);
  u32(96, sortedClasses.length);
  u32(100, classDefsOffset);
  u32(104, fileSize - dataOffset);
  u32(108, dataOffset);
  stringDataOffsets.forEach((offset, index) => u32(stringIdsOffset + index * 4, offset));
  typeList.forEach((descriptor, index) => u32(typeIdsOffset + index * 4, str(descriptor)));
  protos.forEach((proto, index) => {
    const at = protoIdsOffset + index * 12;
    u32(at, str(proto.shorty));
    u32(at + 4, typ(proto.returnType));
    u32(at + 8, typeListOffsets.get(proto.descriptor) as number);
    const list = typeListOffsets.get(proto.descriptor) as number;
    u32(list, proto.parameters.length);
    proto.parameters.forEach((parameter, position) => u16(list + 4 + position * 2, typ(parameter)));
  });
  fields.forEach((owner, index) => {
    const at = fieldIdsOffset + index * 8;
    u16(at, typ(owner));
    u16(at + 2, typ('Ljava/lang/String;'));
    u32(at + 4, str('s'));
  });
  methodKeys.forEach((key, index) => {
    const at = methodIdsOffset + index * 8;
    u16(at, typ(key.owner));
    u16(at + 2, protoIndex.get(key.proto) as number);
    u32(at + 4, str(key.name));
  });
  sortedClasses.forEach((owner, index) => {
    const at = classDefsOffset + index * 32;
    u32(at, typ(owner));
    u32(at + 4, ACC_PUBLIC);
    u32(at + 8, typ('Ljava/lang/Object;'));
    u32(at + 12, 0);
    u32(at + 16, 0xffffffff);
    u32(at + 20, 0);
    u32(at + 24, classDataOffsets[index] as number);
    u32(at + 28, 0);
  });
  const logD = methodIndex.get('Landroid/util/Log;->d(Ljava/lang/String;Ljava/lang/String;)I') as number;
  codeOwners.forEach(({ owner, klass, name }, position) => {
    const at = codeOffset + position * alignedCodeItemSize;
    u16(at, 4);
    u16(at + 2, 1);
    u16(at + 4, 2);
    u16(at + 6, 0);
    u32(at + 8, 0);
    u32(at + 12, ITERATIONS_PER_METHOD * ITERATION_UNITS + 1);
    const method = Number(name.slice(1));
    const targetOwner =
      klass % 4 === 0 ? classDescriptor(nextDex, klass) : (classes[(klass + 1) % classCount] as string);
    const target = methodIndex.get(`${targetOwner}->m${(method + 1) % METHODS_PER_CLASS}(I)V`) as number;
    const field = fieldIndex.get(owner) as number;
    let pc = at + CODE_ITEM_HEADER;
    const unit = (value: number): void => {
      u16(pc, value);
      pc += 2;
    };
    for (let iteration = 0; iteration < ITERATIONS_PER_METHOD; iteration++) {
      const text =
        iteration === 0 && method === 0
          ? SHARED_STRING
          : `syn-d${dex}-s${(klass * 131 + method * 17 + iteration) % STRING_POOL_PER_DEX}`;
      unit(0x001a);
      unit(str(text)); // const-string v0
      unit(0x2071);
      unit(logD);
      unit(0x0000); // invoke-static {v0, v0}, Log.d
      unit(0x010a); // move-result v1
      for (let add = 0; add < 3; add++) {
        unit(0x01d8);
        unit(0x0101);
      } // add-int/lit8 v1, v1, #1
      unit(0x0138);
      unit(0x0002); // if-eqz v1, +2 (the next instruction)
      unit(0x0069);
      unit(field); // sput-object v0, field
      unit(0x1071);
      unit(target);
      unit(0x0003); // invoke-static {v3}, target
      unit(0x0213);
      unit(iteration); // const/16 v2, #iteration
      unit(0x0208);
      unit(0x0000); // move-object/from16 v2, v0
    }
    unit(0x000e); // return-void
  });
  bytes.set(classData, classDataOffset);
  bytes.set(stringData, stringDataOffset);
  u32(mapOffset, mapItems.length);
  mapItems.forEach(([type, size, offset], index) => {
    const at = mapOffset + 4 + index * 12;
    u16(at, type);
    u32(at + 4, size);
    u32(at + 8, offset);
  });
  bytes.set(createHash('sha1').update(bytes.subarray(32)).digest(), 12);
  u32(8, adler32(bytes.subarray(12)));
  return { bytes, classes: classCount, methods: methodCount };
}

function adler32(bytes: Uint8Array): number {
  const MOD = 65521;
  // 5552 is the largest block for which the sums cannot overflow 2^32 (zlib's NMAX).
  const BLOCK = 5552;
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += BLOCK) {
    const end = Math.min(bytes.length, start + BLOCK);
    for (let position = start; position < end; position++) {
      a += bytes[position] as number;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
