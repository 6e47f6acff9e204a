/**
 * A streaming RFC 4180 CSV parser: quoted fields, `""` escapes, CR LF / LF / CR line breaks, line breaks
 * inside quotes, a leading BOM. It holds at most one record in memory, and never throws on bad input:
 * a broken record is reported through {@link CsvParser.takeMalformed} and parsing resumes on the next line.
 */

import { MAX_SAMPLE_CHARS } from '../tweet';

/** Longest field accepted by default (1 MiB): one broken quote must not swallow the rest of a file. */
export const DEFAULT_MAX_FIELD_CHARS = 1 << 20;
/** Most fields per record accepted by default. */
export const DEFAULT_MAX_FIELDS = 10_000;

export interface CsvParserOptions {
  /** Field separator, one character. @default ',' */
  readonly delimiter?: string;
  /** Longest field, in UTF-16 code units of its raw text. @default DEFAULT_MAX_FIELD_CHARS */
  readonly maxFieldChars?: number;
  /** Most fields in one record. @default DEFAULT_MAX_FIELDS */
  readonly maxFields?: number;
}

/** A record that could not be parsed, and was skipped. */
export interface MalformedCsvRecord {
  /** Physical line (1-based) on which the record starts. */
  readonly line: number;
  readonly reason: string;
  /** The start of what was read of the record (at most 2 KiB). */
  readonly sample: string;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

// Parser states.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote seen inside a quoted field: an escape if another quote follows, else the closing quote. */
const QUOTE_IN_QUOTED = 3;
const AFTER_QUOTED = 4;
/** Discarding the rest of a malformed record's line. */
const SKIP_LINE = 5;

function firstLineBreak(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return -1;
}

/**
 * Incremental CSV parser: feed text chunks of any size with {@link push}, then call {@link end}.
 * Blank lines are skipped. Text after a closing quote (`"ab"c`) is kept literally, as most readers do.
 */
export class CsvParser {
  private readonly delimiter: string;
  private readonly delim: number;
  private readonly maxFieldChars: number;
  private readonly maxFields: number;

  private state = FIELD_START;
  private fields: string[] = [];
  /** The current field: content so far, or for a quoted field its raw text (escapes still doubled). */
  private field = '';
  private fieldHasEscapes = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private skipLF = false;
  private started = false;
  private malformed: MalformedCsvRecord[] = [];

  constructor(options: CsvParserOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new RangeError(
        `CsvParser: delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`,
      );
    }
    this.delimiter = delimiter;
    this.delim = delimiter.charCodeAt(0);
    this.maxFieldChars = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
    this.maxFields = options.maxFields ?? DEFAULT_MAX_FIELDS;
  }

  /** Parses the next chunk of text and returns the records it completed. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    this.consume(chunk, out);
    return out;
  }

  /**
   * Ends the input: returns the last record when it had no final line break. A quoted field still open
   * is reported as malformed, and the lines after the one it opened on are parsed again. The parser is
   * then ready for a new input.
   */
  end(): string[][] {
    const out: string[][] = [];
    while (this.state === QUOTED) {
      const raw = this.field;
      this.fail(`unterminated quoted field (opened on line ${this.quoteLine})`);
      this.state = FIELD_START;
      const p = firstLineBreak(raw);
      if (p === -1) break;
      this.skipLF = false;
      this.line = this.quoteLine;
      this.consume(raw.slice(p), out);
    }
    switch (this.state) {
      case QUOTE_IN_QUOTED:
        this.closeQuoted();
        this.endRecord(out);
        break;
      case UNQUOTED:
      case AFTER_QUOTED:
        this.endRecord(out);
        break;
      case FIELD_START:
        if (this.fields.length > 0) this.endRecord(out); // the last line ended with a delimiter
        break;
    }
    this.state = FIELD_START;
    this.fields = [];
    this.field = '';
    this.skipLF = false;
    this.started = false;
    this.line = 1;
    return out;
  }

  /** Returns, and forgets, the records reported as malformed since the last call (call it after each push). */
  takeMalformed(): MalformedCsvRecord[] {
    const taken = this.malformed;
    this.malformed = [];
    return taken;
  }

  private consume(text: string, out: string[][]): void {
    let s = text;
    let n = s.length;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) i = 1;
    }
    while (i < n) {
      if (this.skipLF) {
        this.skipLF = false; // a CR ended the previous chunk: an LF here completes that CR LF
        if (s.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case FIELD_START: {
          const c = s.charCodeAt(i);
          if (this.fields.length === 0) this.recordLine = this.line;
          if (c === this.delim) {
            this.fields.push('');
            i++;
            if (this.fields.length >= this.maxFields) this.tooManyFields();
          } else if (c === LF || c === CR) {
            if (this.fields.length > 0) {
              this.field = '';
              this.endRecord(out);
            }
            i = this.lineBreak(s, i);
          } else if (c === QUOTE) {
            this.state = QUOTED;
            this.field = '';
            this.fieldHasEscapes = false;
            this.quoteLine = this.line;
            i++;
          } else {
            this.state = UNQUOTED;
            this.field = '';
          }
          break;
        }
        case UNQUOTED:
        case AFTER_QUOTED: {
          const remaining = this.maxFieldChars - this.field.length;
          const stop = Math.min(n, i + remaining + 1);
          let k = i;
          for (; k < stop; k++) {
            const c = s.charCodeAt(k);
            if (c === this.delim || c === LF || c === CR) break;
          }
          if (k - i > remaining) {
            this.field += s.slice(i, k); // the sample shows the same text however the input was chunked
            this.fail(`field longer than ${this.maxFieldChars} characters`);
            this.state = SKIP_LINE;
            i = k;
            break;
          }
          if (k > i) {
            this.field += s.slice(i, k);
            this.state = UNQUOTED;
          }
          i = k;
          if (k === n) break; // the field continues in the next chunk
          if (s.charCodeAt(k) === this.delim) {
            this.fields.push(this.field);
            this.field = '';
            this.state = FIELD_START;
            i++;
            if (this.fields.length >= this.maxFields) this.tooManyFields();
          } else {
            this.endRecord(out);
            i = this.lineBreak(s, k);
          }
          break;
        }
        case QUOTED: {
          const remaining = this.maxFieldChars - this.field.length;
          const stop = Math.min(n, i + remaining + 1);
          let k = i;
          for (; k < stop; k++) {
            const c = s.charCodeAt(k);
            if (c === QUOTE) break;
            if (c === LF) this.line++;
          }
          if (k < stop) {
            this.field += s.slice(i, k);
            this.state = QUOTE_IN_QUOTED;
            i = k + 1;
          } else if (k - i > remaining) {
            // Resynchronise on the line after the one the broken quote opened on: parse that text again.
            const raw = this.field + s.slice(i, k);
            this.field = raw;
            this.fail(
              `quoted field longer than ${this.maxFieldChars} characters (opened on line ${this.quoteLine})`,
            );
            const p = firstLineBreak(raw);
            if (p === -1) {
              this.state = SKIP_LINE;
              i = k;
            } else {
              this.state = FIELD_START;
              this.skipLF = false;
              this.line = this.quoteLine;
              s = raw.slice(p) + s.slice(k);
              n = s.length;
              i = 0;
            }
          } else {
            this.field += s.slice(i, k);
            i = k;
          }
          break;
        }
        case QUOTE_IN_QUOTED: {
          if (s.charCodeAt(i) === QUOTE) {
            this.field += '""';
            this.fieldHasEscapes = true;
            this.state = QUOTED;
            i++;
          } else {
            this.closeQuoted();
          }
          break;
        }
        case SKIP_LINE: {
          let k = i;
          while (k < n) {
            const c = s.charCodeAt(k);
            if (c === LF || c === CR) break;
            k++;
          }
          if (k === n) {
            i = n;
          } else {
            this.state = FIELD_START;
            i = this.lineBreak(s, k);
          }
          break;
        }
      }
    }
  }

  /** Consumes the line break at `i` (CR LF, LF or CR) and returns the index after it. */
  private lineBreak(s: string, i: number): number {
    this.line++;
    if (s.charCodeAt(i) === LF) return i + 1;
    if (i + 1 < s.length) return s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    this.skipLF = true;
    return i + 1;
  }

  private closeQuoted(): void {
    if (this.fieldHasEscapes) this.field = this.field.replaceAll('""', '"');
    this.fieldHasEscapes = false;
    this.state = AFTER_QUOTED;
  }

  private endRecord(out: string[][]): void {
    this.fields.push(this.field);
    out.push(this.fields);
    this.fields = [];
    this.field = '';
    this.state = FIELD_START;
  }

  private tooManyFields(): void {
    this.fail(`more than ${this.maxFields} fields`);
    this.state = SKIP_LINE;
  }

  /** Reports the current record as malformed and drops it. */
  private fail(reason: string): void {
    let sample = '';
    for (let i = 0; i < this.fields.length && sample.length < MAX_SAMPLE_CHARS; i++) {
      sample += (this.fields[i] as string).slice(0, MAX_SAMPLE_CHARS) + this.delimiter;
    }
    if (sample.length < MAX_SAMPLE_CHARS) {
      const inQuotes = this.state === QUOTED || this.state === QUOTE_IN_QUOTED;
      sample += (inQuotes ? '"' : '') + this.field.slice(0, MAX_SAMPLE_CHARS);
    }
    this.malformed.push({ line: this.recordLine, reason, sample: sample.slice(0, MAX_SAMPLE_CHARS) });
    this.fields = [];
    this.field = '';
    this.fieldHasEscapes = false;
  }
}

/** Guesses a file's delimiter (`,`, `;` or tab) from its first line, counting only outside quotes. */
export function detectCsvDelimiter(firstChunk: string): ',' | ';' | '\t' {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (let i = 0; i < firstChunk.length; i++) {
    const c = firstChunk.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) break;
    else if (c === 44) commas++;
    else if (c === 59) semicolons++;
    else if (c === 9) tabs++;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

/** Writes one record as RFC 4180 CSV (no line break), quoting only the fields that need it. */
export function formatCsvRecord(fields: readonly string[], delimiter = ','): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string;
    if (i > 0) line += delimiter;
    const needsQuotes =
      f.includes('"') ||
      f.includes(delimiter) ||
      f.includes('\n') ||
      f.includes('\r') ||
      f.charCodeAt(0) === 0xfeff;
    line += needsQuotes ? `"${f.replaceAll('"', '""')}"` : f;
  }
  return line;
}
