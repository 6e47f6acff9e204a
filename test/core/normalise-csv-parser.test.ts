import {
  CsvParser,
  detectCsvDelimiter,
  formatCsvRecord,
  type CsvParserOptions,
} from '../../lambda/core/normalise/csv-parser';
import { MAX_SAMPLE_CHARS } from '../../lambda/core/tweet';
import { fixtureText } from '../fixtures/normalise/load';

/** Parses `chunks` in order with a fresh parser; returns records and malformed reports. */
function parse(chunks: readonly string[], options?: CsvParserOptions) {
  const parser = new CsvParser(options);
  const records: string[][] = [];
  for (const chunk of chunks) records.push(...parser.push(chunk));
  records.push(...parser.end());
  return { records, malformed: parser.takeMalformed() };
}

describe('CsvParser', () => {
  it('GIVEN quoted commas, "" escapes and a CR LF inside quotes WHEN parsed THEN fields are unquoted exactly', () => {
    // GIVEN
    const text = fixtureText('csv/quoted.csv');
    // WHEN
    const { records, malformed } = parse([text]);
    // THEN the blank line is skipped and the last line, without a line break, is kept
    expect(malformed).toEqual([]);
    expect(records).toHaveLength(3);
    expect(records[1]?.[4]).toBe('Example, Pat');
    expect(records[1]?.[5]).toBe('She said "no", then "yes", then paused.\r\nNew paragraph, same post.');
    expect(records[2]?.[5]).toBe('Commas, commas, commas');
    expect(records.every((r) => r.length === 14)).toBe(true);
  });

  it('GIVEN the same text cut at every position WHEN parsed in two chunks THEN the records never change', () => {
    // GIVEN
    const text = fixtureText('csv/quoted.csv');
    const whole = parse([text]).records;
    // WHEN / THEN
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]).records).toEqual(whole);
    }
  });

  it('GIVEN text fed one character at a time WHEN parsed THEN the records equal a one-shot parse', () => {
    const text = `\ufeff${fixtureText('csv/kaggle-gop.csv')}`;
    expect(parse([...text]).records).toEqual(parse([text]).records);
  });

  it('GIVEN LF, CR LF and lone CR line endings WHEN parsed THEN they give the same records', () => {
    const lf = 'a,b\n1,"x\ny"\n2,z\n';
    const crlf = lf.replaceAll('\n', '\r\n');
    const cr = lf.replaceAll('\n', '\r');
    expect(parse([crlf]).records).toEqual([
      ['a', 'b'],
      ['1', 'x\r\ny'],
      ['2', 'z'],
    ]);
    expect(parse([lf]).records).toEqual([
      ['a', 'b'],
      ['1', 'x\ny'],
      ['2', 'z'],
    ]);
    expect(parse([cr]).records).toEqual([
      ['a', 'b'],
      ['1', 'x\ry'],
      ['2', 'z'],
    ]);
  });

  it('GIVEN a CR LF split across chunks WHEN parsed THEN no empty record appears', () => {
    expect(parse(['a,b\r', '\n1,2\r', '\n']).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('GIVEN a leading BOM WHEN parsed THEN it is dropped from the first field only', () => {
    const { records } = parse([fixtureText('csv/bom.csv')]);
    expect(records[0]?.[0]).toBe('id');
    expect(parse(['a,\ufeffb\n']).records).toEqual([['a', '\ufeffb']]);
  });

  it('GIVEN empty fields, a trailing delimiter and an empty quoted field WHEN parsed THEN each is an empty string', () => {
    expect(parse(['a,,c,\n"",x\n']).records).toEqual([
      ['a', '', 'c', ''],
      ['', 'x'],
    ]);
  });

  it('GIVEN text after a closing quote WHEN parsed THEN it is kept literally', () => {
    expect(parse(['"ab"c,d\n']).records).toEqual([['abc', 'd']]);
  });

  it('GIVEN another delimiter WHEN parsed THEN fields split on it and commas are plain text', () => {
    const text = fixtureText('csv/followthehashtag-semicolon.csv');
    const { records } = parse([text], { delimiter: ';' });
    expect(records[0]).toHaveLength(19);
    expect(records[1]?.[9]).toBe('40,7603');
    expect(parse(['a\tb,c\n'], { delimiter: '\t' }).records).toEqual([['a', 'b,c']]);
  });

  it('fails if the delimiter is a quote, a line break or longer than one character', () => {
    expect(() => new CsvParser({ delimiter: '"' })).toThrow(/delimiter must be one character/);
    expect(() => new CsvParser({ delimiter: '\n' })).toThrow(RangeError);
    expect(() => new CsvParser({ delimiter: ';;' })).toThrow(RangeError);
  });

  it('rejects a record when its quote is still open at the end of input, and parses the lines after it again', () => {
    // GIVEN a record on line 3 whose quoted text never closes, then a good record on line 4
    const text = fixtureText('csv/unterminated.csv');
    // WHEN
    const { records, malformed } = parse([text]);
    // THEN
    expect(malformed).toHaveLength(1);
    expect(malformed[0]?.line).toBe(3);
    expect(malformed[0]?.reason).toBe('unterminated quoted field (opened on line 3)');
    expect(malformed[0]?.sample.startsWith('1833312345678900005,')).toBe(true);
    expect(records.map((r) => r[0])).toEqual(['id', '1833312345678900004', '1833312345678900006']);
  });

  it('rejects a record when a quoted field exceeds the cap, and resynchronises on the next line', () => {
    // GIVEN a stray quote on line 2 that would swallow every line after it
    const lines = ['h1,h2', '1,"broken', ...Array.from({ length: 50 }, (_, i) => `${i + 10},fine`)];
    const text = `${lines.join('\n')}\n`;
    // WHEN fed in small chunks with a 64-character cap
    const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
    const { records, malformed } = parse(chunks, { maxFieldChars: 64 });
    // THEN only the broken record is lost
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatchObject({
      line: 2,
      reason: 'quoted field longer than 64 characters (opened on line 2)',
    });
    expect(records).toHaveLength(51);
    expect(records[1]).toEqual(['10', 'fine']);
    expect(records[50]).toEqual(['59', 'fine']);
  });

  it('rejects a record when an unquoted field exceeds the cap, keeping the sample short', () => {
    // GIVEN
    const long = 'x'.repeat(10_000);
    // WHEN
    const { records, malformed } = parse([`a,b\n1,${long}\n2,ok\n`], { maxFieldChars: 4096 });
    // THEN
    expect(records).toEqual([
      ['a', 'b'],
      ['2', 'ok'],
    ]);
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatchObject({ line: 2, reason: 'field longer than 4096 characters' });
    expect(malformed[0]?.sample.length).toBeLessThanOrEqual(MAX_SAMPLE_CHARS);
  });

  it('rejects a record when it has more fields than the cap', () => {
    const { records, malformed } = parse(['a,b,c\n1,2,3,4,5\n6,7,8\n'], { maxFields: 3 });
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['6', '7', '8'],
    ]);
    expect(malformed).toEqual([{ line: 2, reason: 'more than 3 fields', sample: '1,2,3,' }]);
  });

  it('GIVEN reports were taken WHEN taken again THEN none are returned twice', () => {
    const parser = new CsvParser();
    parser.push('"open\n');
    parser.end();
    expect(parser.takeMalformed()).toHaveLength(1);
    expect(parser.takeMalformed()).toEqual([]);
  });

  it('GIVEN awkward fields WHEN formatted and parsed back THEN they round-trip', () => {
    // GIVEN
    const fields = [
      'plain',
      'with, comma',
      'with "quotes"',
      'line\nbreak',
      'cr\r\nlf',
      '',
      ' spaced ',
      '\ufeffbom',
    ];
    // WHEN
    const line = formatCsvRecord(fields);
    // THEN
    expect(parse([`${line}\n`]).records).toEqual([fields]);
    expect(formatCsvRecord(['a', 'b;c'], ';')).toBe('a;"b;c"');
  });
});

/** A small seeded generator, so the property tests below are deterministic. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const ALPHABET = ['a', 'b', ',', '"', '\n', '\r', ' ', 'é', '😀', ';'];

function randomText(next: () => number, maxLength: number): string {
  let s = '';
  const n = Math.floor(next() * (maxLength + 1));
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

function randomChunks(next: () => number, text: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length;) {
    const n = 1 + Math.floor(next() * 9);
    chunks.push(text.slice(i, i + n));
    i += n;
  }
  return chunks;
}

describe('CsvParser properties', () => {
  it('GIVEN random records WHEN formatted, joined with any line ending and parsed in random chunks THEN they round-trip', () => {
    const next = random(12345);
    for (let iteration = 0; iteration < 2000; iteration++) {
      // GIVEN
      const records = Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
        Array.from({ length: 1 + Math.floor(next() * 4) }, () => randomText(next, 5)),
      ).map((r) => (r.length === 1 && r[0] === '' ? ['x'] : r)); // a lone empty field would be a blank line
      const eol = ['\n', '\r\n', '\r'][iteration % 3] as string;
      const text = records.map((r) => formatCsvRecord(r)).join(eol) + (next() < 0.5 ? eol : '');
      // WHEN
      const parsed = parse(randomChunks(next, text));
      // THEN
      expect(parsed).toEqual({ records, malformed: [] });
    }
  });

  it('GIVEN random broken text and small caps WHEN parsed whole or in random chunks THEN records and reports are identical', () => {
    const next = random(987654);
    for (let iteration = 0; iteration < 2000; iteration++) {
      // GIVEN
      const text = randomText(next, 60);
      const options = { maxFieldChars: 1 + Math.floor(next() * 10), maxFields: 2 + Math.floor(next() * 4) };
      // WHEN
      const whole = parse([text], options);
      const chunked = parse(randomChunks(next, text), options);
      // THEN
      expect(chunked).toEqual(whole);
    }
  });
});

describe('detectCsvDelimiter', () => {
  it('GIVEN header lines WHEN detected THEN the most frequent unquoted separator wins, comma by default', () => {
    expect(detectCsvDelimiter(fixtureText('csv/followthehashtag-semicolon.csv'))).toBe(';');
    expect(detectCsvDelimiter(fixtureText('csv/followthehashtag.csv'))).toBe(',');
    expect(detectCsvDelimiter('a\tb\tc\n1,2\t3\t4')).toBe('\t');
    expect(detectCsvDelimiter('"a;b;c",d\n')).toBe(',');
    expect(detectCsvDelimiter('single')).toBe(',');
  });
});
