/** Asset sniffing: file types, ELF facts and printable strings of files shipped in an APK. */
export { sniffAsset, HIGH_ENTROPY_BITS } from './sniff.js';
export { readElfFacts, isElf, type ElfFacts } from './elf.js';
export { printableStrings, entropy, type ExtractedString } from './strings.js';
