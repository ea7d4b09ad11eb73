/**
 * Builds tiny resources.arsc files by hand for the unit tables: every byte is
 * laid out here from ResourceTypes.h, independently of the reader under test.
 */

export class Bytes {
  private readonly parts: number[] = [];
  get length(): number {
    return this.parts.length;
  }
  u8(value: number): this {
    this.parts.push(value & 0xff);
    return this;
  }
  u16(value: number): this {
    return this.u8(value).u8(value >>> 8);
  }
  u32(value: number): this {
    return this.u16(value & 0xffff).u16(value >>> 16);
  }
  raw(bytes: ArrayLike<number>): this {
    for (let index = 0; index < bytes.length; index++) this.u8(bytes[index]!);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4 !== 0) this.u8(0);
    return this;
  }
  utf16Fixed(text: string, units: number): this {
    for (let index = 0; index < units; index++) this.u16(index < text.length ? text.charCodeAt(index) : 0);
    return this;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** A chunk: type, header (after the 8-byte ResChunk_header), body. */
export function chunk(type: number, header: Uint8Array, body: Uint8Array): Uint8Array {
  const size = 8 + header.length + body.length;
  return new Bytes()
    .u16(type)
    .u16(8 + header.length)
    .u32(size)
    .raw(header)
    .raw(body)
    .build();
}

/** A UTF-8 ResStringPool (UTF8_FLAG) of short strings. */
function stringPool(strings: readonly string[]): Uint8Array {
  const data = new Bytes();
  const offsets: number[] = [];
  for (const text of strings) {
    offsets.push(data.length);
    const utf8 = new TextEncoder().encode(text);
    data.u8(text.length).u8(utf8.length).raw(utf8).u8(0);
  }
  data.pad4();
  const headerAfterChunk = 20;
  const stringsStart = 8 + headerAfterChunk + offsets.length * 4;
  const header = new Bytes().u32(strings.length).u32(0).u32(0x100).u32(stringsStart).u32(0).build();
  const body = new Bytes();
  for (const offset of offsets) body.u32(offset);
  body.raw(data.build());
  return chunk(0x0001, header, body.build());
}

export interface ConfigFields {
  size?: number;
  mcc?: number;
  mnc?: number;
  language?: [number, number];
  country?: [number, number];
  orientation?: number;
  touchscreen?: number;
  density?: number;
  keyboard?: number;
  navigation?: number;
  inputFlags?: number;
  grammaticalInflection?: number;
  screenWidth?: number;
  screenHeight?: number;
  sdkVersion?: number;
  minorVersion?: number;
  screenLayout?: number;
  uiMode?: number;
  smallestScreenWidthDp?: number;
  screenWidthDp?: number;
  screenHeightDp?: number;
  script?: string;
  variant?: string;
  screenLayout2?: number;
  colorMode?: number;
  numbering?: string;
}

const ascii = (text: string | undefined, length: number): number[] =>
  Array.from({ length }, (_, index) => (text !== undefined && index < text.length ? text.charCodeAt(index) : 0));

/** A ResTable_config of `size` bytes (default 64); fields beyond the size are cut, as an old aapt would. */
export function config(fields: ConfigFields = {}): Uint8Array {
  const size = fields.size ?? 64;
  const full = new Bytes()
    .u32(size)
    .u16(fields.mcc ?? 0)
    .u16(fields.mnc ?? 0)
    .raw(fields.language ?? [0, 0])
    .raw(fields.country ?? [0, 0])
    .u8(fields.orientation ?? 0)
    .u8(fields.touchscreen ?? 0)
    .u16(fields.density ?? 0)
    .u8(fields.keyboard ?? 0)
    .u8(fields.navigation ?? 0)
    .u8(fields.inputFlags ?? 0)
    .u8(fields.grammaticalInflection ?? 0)
    .u16(fields.screenWidth ?? 0)
    .u16(fields.screenHeight ?? 0)
    .u16(fields.sdkVersion ?? 0)
    .u16(fields.minorVersion ?? 0)
    .u8(fields.screenLayout ?? 0)
    .u8(fields.uiMode ?? 0)
    .u16(fields.smallestScreenWidthDp ?? 0)
    .u16(fields.screenWidthDp ?? 0)
    .u16(fields.screenHeightDp ?? 0)
    .raw(ascii(fields.script, 4))
    .raw(ascii(fields.variant, 8))
    .u8(fields.screenLayout2 ?? 0)
    .u8(fields.colorMode ?? 0)
    .u16(0)
    .u8(0)
    .raw(ascii(fields.numbering, 8))
    .u8(0)
    .u16(0)
    .build();
  const out = new Uint8Array(size);
  out.set(full.subarray(0, Math.min(size, full.length)));
  return out;
}

export type EntrySpec =
  | { kind: 'simple'; key: number; dataType: number; data: number; flags?: number; res0?: number }
  | { kind: 'compact'; key: number; dataType: number; data: number }
  | { kind: 'bag'; key: number; parent: number; items: Array<{ name: number; dataType: number; data: number }> };

function entryBytes(spec: EntrySpec): Uint8Array {
  const out = new Bytes();
  if (spec.kind === 'compact')
    return out
      .u16(spec.key)
      .u16(0x0008 | (spec.dataType << 8))
      .u32(spec.data)
      .build();
  if (spec.kind === 'simple')
    return out
      .u16(8)
      .u16(spec.flags ?? 0)
      .u32(spec.key)
      .u16(8)
      .u8(spec.res0 ?? 0)
      .u8(spec.dataType)
      .u32(spec.data)
      .build();
  out.u16(16).u16(0x0001).u32(spec.key).u32(spec.parent).u32(spec.items.length);
  for (const item of spec.items) out.u32(item.name).u16(8).u8(0).u8(item.dataType).u32(item.data);
  return out.build();
}

export type OffsetKind = 'u32' | 'offset16' | 'sparse';

/** A ResTable_type chunk; `entries[i]` undefined means NO_ENTRY. */
export function typeChunk(
  id: number,
  configBytes: Uint8Array,
  entries: ReadonlyArray<EntrySpec | undefined>,
  kind: OffsetKind = 'u32',
): Uint8Array {
  const flags = kind === 'sparse' ? 0x01 : kind === 'offset16' ? 0x02 : 0;
  const data = new Bytes();
  const table = new Bytes();
  let present = 0;
  entries.forEach((spec, index) => {
    if (spec === undefined) {
      if (kind === 'u32') table.u32(0xffffffff);
      else if (kind === 'offset16') table.u16(0xffff);
      return;
    }
    present++;
    const offset = data.length;
    if (kind === 'u32') table.u32(offset);
    else if (kind === 'offset16') table.u16(offset / 4);
    else table.u16(index).u16(offset / 4);
    data.raw(entryBytes(spec));
  });
  table.pad4();
  const entryCount = kind === 'sparse' ? present : entries.length;
  const headerLength = 12 + configBytes.length;
  const entriesStart = 8 + headerLength + table.length;
  const header = new Bytes().u8(id).u8(flags).u16(0).u32(entryCount).u32(entriesStart).raw(configBytes).build();
  return chunk(0x0201, header, new Bytes().raw(table.build()).raw(data.build()).build());
}

export function typeSpecChunk(id: number, flags: readonly number[]): Uint8Array {
  const header = new Bytes().u8(id).u8(0).u16(0).u32(flags.length).build();
  const body = new Bytes();
  for (const flag of flags) body.u32(flag);
  return chunk(0x0202, header, body.build());
}

export function libraryChunk(libraries: ReadonlyArray<[number, string]>): Uint8Array {
  const body = new Bytes();
  for (const [id, name] of libraries) body.u32(id).utf16Fixed(name, 128);
  return chunk(0x0203, new Bytes().u32(libraries.length).build(), body.build());
}

export function packageChunk(
  id: number,
  name: string,
  types: string[],
  keys: string[],
  children: Uint8Array[],
): Uint8Array {
  const typePool = stringPool(types);
  const keyPool = stringPool(keys);
  const headerSize = 288;
  const header = new Bytes()
    .u32(id)
    .utf16Fixed(name, 128)
    .u32(headerSize)
    .u32(types.length)
    .u32(headerSize + typePool.length)
    .u32(keys.length)
    .u32(0)
    .build();
  const body = new Bytes().raw(typePool).raw(keyPool);
  for (const child of children) body.raw(child);
  return chunk(0x0200, header, body.build());
}

export function table(globalStrings: string[], packages: Uint8Array[]): Uint8Array {
  const body = new Bytes().raw(stringPool(globalStrings));
  for (const pkg of packages) body.raw(pkg);
  return chunk(0x0002, new Bytes().u32(packages.length).build(), body.build());
}

/** RES_TABLE_OVERLAYABLE_TYPE with RES_TABLE_OVERLAYABLE_POLICY_TYPE children. */
export function overlayableChunk(name: string, actor: string, policies: ReadonlyArray<[number, number[]]>): Uint8Array {
  const body = new Bytes();
  for (const [flags, ids] of policies) {
    const ids32 = new Bytes();
    for (const id of ids) ids32.u32(id);
    body.raw(chunk(0x0205, new Bytes().u32(flags).u32(ids.length).build(), ids32.build()));
  }
  return chunk(0x0204, new Bytes().utf16Fixed(name, 256).utf16Fixed(actor, 256).build(), body.build());
}

/** RES_TABLE_STAGED_ALIAS_TYPE: staged id → finalized id pairs. */
export function stagedAliasChunk(pairs: ReadonlyArray<[number, number]>): Uint8Array {
  const body = new Bytes();
  for (const [staged, finalized] of pairs) body.u32(staged).u32(finalized);
  return chunk(0x0206, new Bytes().u32(pairs.length).build(), body.build());
}
