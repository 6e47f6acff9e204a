/**
 * CSV exports, mapped by header: the first record names the columns, {@link createCsvNormaliser} finds
 * each field's column once, then normalises every following record against that map.
 */

import { reject, type GeoPoint, type NormaliseResult } from '../tweet';
import { buildTweet } from './build';
import { CANONICAL_CSV_COLUMNS } from './canonical-csv';
import { describeValue, isDecimalId, pointProblem, textProblem, unescapeXText } from './checks';
import { SYNTHETIC_KEY, syntheticCell } from './synthetic-mark';
import {
  CSV_COLUMN_ALIASES,
  columnKey,
  resolveCsvColumns,
  type CsvColumnIndex,
  type CsvField,
} from './csv-columns';
import { formatCsvRecord } from './csv-parser';
import { hashtagsInText, mentionsInText, splitListCell } from './entities';
import { parseFlexibleTime } from './time';

/** A header that was understood: `normalise` turns one data record into a tweet or a rejection. */
export interface CsvNormaliser {
  readonly ok: true;
  /** The header name used for each field found. */
  readonly columns: { readonly [F in CsvField]?: string };
  /** Normalises one record (its fields, as the CSV parser returns them). Never throws. */
  normalise(fields: readonly string[]): NormaliseResult;
}

/** A header that lacks a column every record needs. */
export interface CsvHeaderError {
  readonly ok: false;
  /** Names the missing fields and the column names that were tried. */
  readonly error: string;
}

function fail(reason: string, fields: readonly string[]): NormaliseResult {
  return reject('csv', reason, formatCsvRecord(fields));
}

/** Parses a coordinate cell; accepts a decimal comma ("40,7603") as European spreadsheets write it. */
function parseCoordinate(cell: string): number {
  let t = cell.trim();
  if (t.indexOf(',') !== -1 && t.indexOf('.') === -1) t = t.replace(',', '.');
  return t.length === 0 ? NaN : Number(t);
}

class HeaderMappedCsv implements CsvNormaliser {
  readonly ok = true;
  readonly columns: { readonly [F in CsvField]?: string };
  private readonly width: number;
  private readonly col: CsvColumnIndex;
  private readonly label: { readonly [F in CsvField]?: string };
  /** trendoff's own files hold plain text; exports of X data keep X's HTML escaping (`&amp;`). */
  private readonly unescape: boolean;

  constructor(header: readonly string[], col: CsvColumnIndex, canonical: boolean) {
    this.width = header.length;
    this.col = col;
    this.unescape = !canonical;
    const columns: { [F in CsvField]?: string } = {};
    const label: { [F in CsvField]?: string } = {};
    for (const field of Object.keys(col) as CsvField[]) {
      const i = col[field] as number;
      columns[field] = header[i];
      label[field] = `column ${JSON.stringify(header[i])}`;
    }
    this.columns = columns;
    this.label = label;
  }

  /** The trimmed cell of `field`, or '' when the field has no column. */
  private cell(fields: readonly string[], field: CsvField): string {
    const i = this.col[field];
    return i === undefined ? '' : (fields[i] as string).trim();
  }

  /** An optional post id (retweet_of, …): undefined when empty, a reason when not a decimal id. */
  private optionalId(fields: readonly string[], field: CsvField): string | undefined | { reason: string } {
    const v = this.cell(fields, field);
    if (v.length === 0) return undefined;
    return isDecimalId(v)
      ? v
      : { reason: `bad ${field} ${describeValue(v)} (${this.label[field]}): not a decimal id` };
  }

  private createdAt(fields: readonly string[]): number | string {
    let text: string;
    let where: string;
    if (this.col.createdAt !== undefined) {
      text = this.cell(fields, 'createdAt');
      where = this.label.createdAt as string;
    } else if (this.col.date !== undefined && this.col.timeOfDay !== undefined) {
      const date = this.cell(fields, 'date');
      const time = this.cell(fields, 'timeOfDay');
      text = date.length > 0 && time.length > 0 ? `${date} ${time}` : '';
      where = `${this.label.date} + ${this.label.timeOfDay}`;
    } else {
      const field = this.col.date !== undefined ? 'date' : 'timeOfDay';
      text = this.cell(fields, field);
      where = this.label[field] as string;
    }
    if (text.length === 0) return `missing time (${where})`;
    const t = parseFlexibleTime(text);
    return Number.isNaN(t) ? `bad time ${describeValue(text)} (${where})` : t;
  }

  private coordinates(fields: readonly string[]): GeoPoint | string | undefined {
    let lon: number;
    let lat: number;
    let where: string;
    if (this.col.lon !== undefined && this.col.lat !== undefined) {
      const lonCell = this.cell(fields, 'lon');
      const latCell = this.cell(fields, 'lat');
      if (lonCell.length === 0 && latCell.length === 0) return undefined;
      where = `${this.label.lon} + ${this.label.lat}`;
      if (lonCell.length === 0 || latCell.length === 0) return `incomplete coordinates (${where})`;
      lon = parseCoordinate(lonCell);
      lat = parseCoordinate(latCell);
    } else if (this.col.latLon !== undefined) {
      // "[40.74, -73.99]": latitude first, as in v1.1's deprecated `geo` field these sets were made from.
      const pair = this.cell(fields, 'latLon');
      if (pair.length === 0) return undefined;
      where = this.label.latLon as string;
      const inner =
        pair.charCodeAt(0) === 91 && pair.charCodeAt(pair.length - 1) === 93 ? pair.slice(1, -1) : pair;
      const comma = inner.indexOf(',');
      if (comma === -1) return `bad coordinates ${describeValue(pair)} (${where}): not "[lat, lon]"`;
      lat = parseCoordinate(inner.slice(0, comma));
      lon = parseCoordinate(inner.slice(comma + 1));
    } else {
      return undefined;
    }
    if (Number.isNaN(lon) || Number.isNaN(lat)) return `bad coordinates (${where}): not numbers`;
    // (0, 0) is an exporter's placeholder for "no location", not a post from the Gulf of Guinea.
    if (lon === 0 && lat === 0) return undefined;
    return pointProblem(lon, lat, `coordinates (${where})`) ?? { lon, lat };
  }

  normalise(fields: readonly string[]): NormaliseResult {
    if (fields.length !== this.width) {
      return fail(`record has ${fields.length} fields but the header has ${this.width}`, fields);
    }
    const id = this.cell(fields, 'id');
    if (id.length === 0) return fail(`missing id (${this.label.id})`, fields);
    if (!isDecimalId(id))
      return fail(`bad id ${describeValue(id)} (${this.label.id}): not a decimal id`, fields);

    const createdAt = this.createdAt(fields);
    if (typeof createdAt === 'string') return fail(createdAt, fields);

    let authorId = this.cell(fields, 'authorId');
    if (authorId.length > 0 && !isDecimalId(authorId)) {
      return fail(
        `bad author id ${describeValue(authorId)} (${this.label.authorId}): not a decimal id`,
        fields,
      );
    }
    let username = this.cell(fields, 'username');
    if (username.charCodeAt(0) === 64) username = username.slice(1); // '@'
    if (authorId.length === 0) authorId = username;
    if (authorId.length === 0) {
      const where = [this.label.authorId, this.label.username].filter((l) => l !== undefined).join(', ');
      return fail(`missing author (${where})`, fields);
    }

    const textIndex = this.col.text as number;
    const rawText = fields[textIndex] as string;
    const text = this.unescape ? unescapeXText(rawText) : rawText;
    const problem = textProblem(text, `text (${this.label.text})`);
    if (problem) return fail(problem, fields);

    const point = this.coordinates(fields);
    if (typeof point === 'string') return fail(point, fields);

    const retweetOf = this.optionalId(fields, 'retweetOf');
    if (typeof retweetOf === 'object') return fail(retweetOf.reason, fields);
    const quoteOf = this.optionalId(fields, 'quoteOf');
    if (typeof quoteOf === 'object') return fail(quoteOf.reason, fields);
    const replyTo = this.optionalId(fields, 'replyTo');
    if (typeof replyTo === 'object') return fail(replyTo.reason, fields);
    const synthetic = syntheticCell(this.cell(fields, 'synthetic'), this.label.synthetic ?? SYNTHETIC_KEY);
    if (typeof synthetic === 'string') return fail(synthetic, fields);

    return {
      ok: true,
      tweet: buildTweet({
        id,
        createdAt,
        authorId,
        username,
        name: this.cell(fields, 'name'),
        text,
        lang: this.cell(fields, 'lang'),
        hashtags:
          this.col.hashtags !== undefined
            ? splitListCell(this.cell(fields, 'hashtags'))
            : hashtagsInText(text),
        mentions:
          this.col.mentions !== undefined
            ? splitListCell(this.cell(fields, 'mentions'))
            : mentionsInText(text),
        coordinates: point,
        retweetOf,
        quoteOf,
        replyTo,
        synthetic,
        format: 'csv',
      }),
    };
  }
}

function triedNames(field: CsvField): string {
  return CSV_COLUMN_ALIASES[field].join(', ');
}

/**
 * Maps a CSV header (the first record) to tweet fields. Fails, naming what is missing, unless the
 * header has columns for the id, the time (a date-time, or a date and a time of day), the text and the
 * author (an author id, a handle or a name).
 */
export function createCsvNormaliser(headerFields: readonly string[]): CsvNormaliser | CsvHeaderError {
  // A BOM the reader did not strip would otherwise hide the first column's name.
  const header = headerFields.map((h, i) => (i === 0 && h.charCodeAt(0) === 0xfeff ? h.slice(1) : h));
  const col = resolveCsvColumns(header);
  const missing: string[] = [];
  if (col.id === undefined) missing.push(`id (tried ${triedNames('id')})`);
  if (col.createdAt === undefined && col.date === undefined && col.timeOfDay === undefined) {
    missing.push(`time (tried ${triedNames('createdAt')}, or date + hour/time)`);
  }
  if (col.text === undefined) missing.push(`text (tried ${triedNames('text')})`);
  if (col.authorId === undefined && col.username === undefined) {
    missing.push(`author (tried ${triedNames('authorId')}, ${triedNames('username')}, name)`);
  }
  if (missing.length > 0) {
    const shown = header
      .slice(0, 40)
      .map((h) => JSON.stringify(h))
      .join(', ');
    return {
      ok: false,
      error: `unrecognised CSV header: no column for ${missing.join('; ')}. Header: ${shown}`,
    };
  }
  const keys = new Set(header.map(columnKey));
  const canonical = CANONICAL_CSV_COLUMNS.every((c) => keys.has(c) || c === SYNTHETIC_KEY);
  return new HeaderMappedCsv(header, col, canonical);
}
