/**
 * The case library (docs/library.md): `openLibrary(path)` → Library.
 */
export { openLibrary, Library, type OpenOptions } from './library.js';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, LibraryVersionError, type Migration } from './schema.js';
export { reportStrings, MAX_STRING_LENGTH, MAX_STRINGS_PER_SCAN, type SearchableString } from './report-strings.js';
export { UNSIGNED, MIN_SIGNER_PREFIX, escapeLike, InvalidFilterError } from './filters.js';
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, snippetAround } from './search.js';
export { findingEndpoints, prepareScan, type PreparedScan } from './prepare.js';
export type * from './types.js';
export { sqliteCaseLibrary, openLibraryForReading, type LibraryLocation } from './case-library.js';
