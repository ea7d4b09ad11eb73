/**
 * ELF facts for native libraries and helpers shipped in an APK: ABI, and the
 * dynamic symbols (what the library exports and imports). Only the header, the
 * section headers and the dynamic symbol table are read (System V gABI, ch. 4
 * "Object Files": ELF header, Sections, Symbol Table). Android ABIs are all
 * little-endian; a big-endian file is reported, not decoded.
 */
import { ByteReader, OutOfBoundsError, clampCount } from '../../formats/binary/byte-reader.js';

/** e_ident[EI_MAG0..3] = 0x7f 'E' 'L' 'F'. */
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;
const EI_CLASS = 4;
const EI_DATA = 5;
const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
/** Offsets of e_machine, e_shoff, e_shentsize, e_shnum in the 32- and 64-bit headers. */
const E_MACHINE = 18;
const E_SHOFF_32 = 32;
const E_SHOFF_64 = 40;
const E_SHENTSIZE_32 = 46;
const E_SHENTSIZE_64 = 58;
const SHT_DYNSYM = 11;
const SHN_UNDEF = 0;
const SYMBOL_SIZE_32 = 16;
const SYMBOL_SIZE_64 = 24;
/** Bounds on what is listed (a report, not a disassembler). */
export const MAX_SYMBOLS = 400;
const MAX_SYMBOL_NAME = 256;
const MAX_SECTIONS = 4096;

/**
 * e_machine values of the Android ABIs (gABI machine list; NDK "Android ABIs"). EM_ARM
 * covers both armeabi and armeabi-v7a (the difference is in attributes, not the machine),
 * EM_MIPS both mips and mips64 (told apart by the ELF class).
 */
const MACHINE_ABI: ReadonlyMap<number, string> = new Map([
  [3, 'x86'],
  [8, 'mips'],
  [40, 'arm'],
  [62, 'x86_64'],
  [183, 'arm64-v8a'],
  [243, 'riscv64'],
]);
const EM_MIPS = 8;

export interface ElfFacts {
  readonly bits: 32 | 64;
  readonly abi: string;
  readonly exported: string[];
  readonly imported: string[];
  readonly truncated: boolean;
}

export function isElf(bytes: Uint8Array): boolean {
  return ELF_MAGIC.every((value, index) => bytes[index] === value);
}

export function readElfFacts(bytes: Uint8Array): ElfFacts | undefined {
  if (!isElf(bytes) || bytes.length < E_SHENTSIZE_64 + 6) return undefined;
  const reader = new ByteReader(bytes);
  const is64 = reader.u8At(EI_CLASS) === ELFCLASS64;
  if (!is64 && reader.u8At(EI_CLASS) !== ELFCLASS32) return undefined;
  const machine = reader.u16At(E_MACHINE);
  const abi = machine === EM_MIPS && is64 ? 'mips64' : (MACHINE_ABI.get(machine) ?? `machine ${machine}`);
  const bits: 32 | 64 = is64 ? 64 : 32;
  const facts = {
    bits,
    abi,
    exported: [] as string[],
    imported: [] as string[],
    truncated: false,
  };
  if (reader.u8At(EI_DATA) !== ELFDATA2LSB) return { ...facts, abi: `${abi} (big-endian, symbols not read)` };
  try {
    readDynamicSymbols(reader, is64, facts);
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    facts.truncated = true; // keep the symbols read so far: a cut or hostile file
  }
  return facts;
}

function readDynamicSymbols(
  reader: ByteReader,
  is64: boolean,
  facts: { exported: string[]; imported: string[]; truncated: boolean },
): void {
  const sectionOffset = is64 ? reader.u64At(E_SHOFF_64) : reader.u32At(E_SHOFF_32);
  const entrySize = reader.u16At(is64 ? E_SHENTSIZE_64 : E_SHENTSIZE_32);
  const declared = reader.u16At((is64 ? E_SHENTSIZE_64 : E_SHENTSIZE_32) + 2);
  if (entrySize === 0 || sectionOffset <= 0) return;
  const sections = Math.min(MAX_SECTIONS, clampCount(declared, reader.length - sectionOffset, entrySize));
  const section = (index: number) => {
    const at = sectionOffset + index * entrySize;
    return is64
      ? {
          type: reader.u32At(at + 4),
          offset: reader.u64At(at + 24),
          size: reader.u64At(at + 32),
          link: reader.u32At(at + 40),
        }
      : {
          type: reader.u32At(at + 4),
          offset: reader.u32At(at + 16),
          size: reader.u32At(at + 20),
          link: reader.u32At(at + 24),
        };
  };
  for (let index = 0; index < sections; index++) {
    const dynsym = section(index);
    if (dynsym.type !== SHT_DYNSYM || dynsym.link >= sections) continue;
    const strtab = section(dynsym.link);
    const symbolSize = is64 ? SYMBOL_SIZE_64 : SYMBOL_SIZE_32;
    const count = clampCount(Math.floor(dynsym.size / symbolSize), reader.length - dynsym.offset, symbolSize);
    for (let symbol = 1; symbol < count; symbol++) {
      if (facts.exported.length + facts.imported.length >= MAX_SYMBOLS) {
        facts.truncated = true;
        return;
      }
      const at = dynsym.offset + symbol * symbolSize;
      const nameIndex = reader.u32At(at);
      const sectionIndex = reader.u16At(at + (is64 ? 6 : 14));
      const name = cString(
        reader,
        strtab.offset + nameIndex,
        Math.min(MAX_SYMBOL_NAME, Math.max(0, strtab.size - nameIndex)),
      );
      if (name === '') continue;
      (sectionIndex === SHN_UNDEF ? facts.imported : facts.exported).push(name);
    }
    return;
  }
}

function cString(reader: ByteReader, start: number, maxLength: number): string {
  let text = '';
  for (let index = 0; index < maxLength && start + index < reader.length; index++) {
    const value = reader.u8At(start + index);
    if (value === 0) break;
    text += String.fromCharCode(value);
  }
  return text;
}
