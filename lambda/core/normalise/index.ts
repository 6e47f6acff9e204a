/** Normalisers: every source format (X API v2, X API v1.1, CSV exports) becomes a `Tweet` (lambda/core/tweet.ts). */

export { CANONICAL_CSV_COLUMNS, CANONICAL_CSV_HEADER, toCanonicalCsvFields } from './canonical-csv';
export { MAX_TEXT_CHARS } from './checks';
export { CSV_COLUMN_ALIASES, type CsvField } from './csv-columns';
export { createCsvNormaliser, type CsvHeaderError, type CsvNormaliser } from './csv-normaliser';
export {
  CsvParser,
  DEFAULT_MAX_FIELD_CHARS,
  DEFAULT_MAX_FIELDS,
  detectCsvDelimiter,
  formatCsvRecord,
  type CsvParserOptions,
  type MalformedCsvRecord,
} from './csv-parser';
export { normaliseJson, normaliseJsonLine } from './json';
export { isTweetRecord, normaliseTweetRecord } from './tweet-record';
export { parseFlexibleTime, parseIsoDateTime, parseXV1Time } from './time';
export { normaliseXV1, xV1ControlMessageKind } from './x-v1';
export { normaliseXV2 } from './x-v2';
