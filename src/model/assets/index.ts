/** Asset sniffing: file types, ELF facts and printable strings of files shipped in an APK. */
export { sniffAsset } from './sniff.js';
