import { FormatVote, formatFromName, VOTE_LINES } from '../../lambda/io/post-format';

/** The vote over `text`, fed in chunks of `size` bytes (so lines and the BOM straddle chunks). */
function voteOf(text: string | Buffer, size = 3): ReturnType<FormatVote['verdict']> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const vote = new FormatVote();
  for (let i = 0; i < bytes.length && !vote.decided; i += size) vote.push(bytes.subarray(i, i + size));
  return vote.verdict();
}

const JSON_LINE = '{"data":{"id":"1","text":"hi"}}';

describe('formatFromName', () => {
  test.each([
    ['posts.jsonl', 'jsonl'],
    ['posts.JSONL.GZ', 'jsonl'],
    ['dir.csv/posts.ndjson', 'jsonl'],
    ['archive.json.gz', 'jsonl'],
    ['s3://bucket/debates/gop.jsonl.gz', 'jsonl'],
    ['export.csv', 'csv'],
    ['C:\\data\\export.csv.gz', 'csv'],
    ['export.tsv', 'csv'],
  ])('GIVEN %p THEN %p', (name, format) => {
    expect(formatFromName(name)).toBe(format);
  });

  test.each(['-', 'posts', 'posts.txt', 'posts.gz', '.jsonl', 's3://bucket/jsonl', 'csv.d/posts'])(
    'GIVEN %p (no telling extension) THEN undefined',
    (name) => {
      expect(formatFromName(name)).toBeUndefined();
    },
  );
});

describe('FormatVote', () => {
  test('GIVEN JSON Lines whose first line is not JSON WHEN voted THEN JSON Lines', () => {
    expect(voteOf(`this is a title, not a post\n${JSON_LINE}\n${JSON_LINE}\n`)).toBe('jsonl');
  });

  test('GIVEN a CSV export WHEN voted THEN CSV', () => {
    expect(voteOf('id,created_at,text\n1,2015-09-16T00:00:00Z,hi\n2,2015-09-16T00:00:01Z,ho\n')).toBe('csv');
  });

  test('GIVEN a CSV export with a quoted cell on a line of its own starting with { THEN still CSV', () => {
    expect(voteOf('id,created_at,text\n1,2015-09-16T00:00:00Z,"a\n{b}"\n2,2015-09-16T00:00:01Z,c\n')).toBe(
      'csv',
    );
  });

  test('GIVEN one bad line and one post (a tie) THEN JSON Lines, where the bad line is one rejection', () => {
    expect(voteOf(`oops\n${JSON_LINE}\n`)).toBe('jsonl');
  });

  test('GIVEN blank lines, indentation, CRLF and a byte-order mark THEN only the first character of non-empty lines counts', () => {
    const text = `\uFEFF  \r\n\n\t${JSON_LINE}\r\n   \r\nnot json\r\n  ${JSON_LINE}\r\n`;
    expect(voteOf(text, 1)).toBe('jsonl');
    expect(voteOf('\uFEFFid,text\r\n1,a\r\n')).toBe('csv');
  });

  test('GIVEN a last line without a newline THEN it votes too', () => {
    expect(voteOf(`not json\n${JSON_LINE}\nnot json\n${JSON_LINE}\n${JSON_LINE}`)).toBe('jsonl');
    expect(voteOf(`${JSON_LINE}\nnot json\nnot json`)).toBe('csv');
  });

  test(`GIVEN more than ${VOTE_LINES} lines THEN only the first ${VOTE_LINES} vote and it is decided early`, () => {
    const vote = new FormatVote();
    const head = Array.from({ length: VOTE_LINES }, () => JSON_LINE).join('\n') + '\n';
    vote.push(Buffer.from(head + 'x\n'.repeat(100)));
    expect([vote.decided, vote.lines, vote.verdict()]).toEqual([true, VOTE_LINES, 'jsonl']);
  });

  test('GIVEN nothing, or only blank lines THEN JSON Lines (nothing to read either way)', () => {
    expect(voteOf('')).toBe('jsonl');
    expect(voteOf('\n \r\n\t\n')).toBe('jsonl');
  });

  test('GIVEN a line of multi-byte characters THEN it votes as not JSON without being decoded', () => {
    expect(voteOf(`€€€\n€\n${JSON_LINE}\n`)).toBe('csv');
  });
});
