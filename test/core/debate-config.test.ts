import * as fs from 'fs';
import * as path from 'path';
import { formatProblems, parseDebateConfig, validateDebateConfig } from '../../lambda/core/debate-config';

const valid = {
  id: 'gop-2015-09-16',
  title: 'GOP debate',
  start: '2015-09-16T20:00:00-04:00',
  end: '2015-09-16T23:00:00-04:00',
  hashtags: ['GOPDebate', '#CNNDebate'],
  candidates: { trump: { name: 'Donald Trump', terms: ['trump', '@realDonaldTrump', '#Trump2016'] } },
};

describe('validateDebateConfig', () => {
  test('GIVEN the documented shape WHEN validated THEN times become epoch ms and hashtags lose their #', () => {
    const r = validateDebateConfig(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.start).toBe(Date.UTC(2015, 8, 17, 0, 0, 0));
    expect(r.config.hashtags).toEqual(['GOPDebate', 'CNNDebate']);
    expect(r.config.candidates.trump.terms).toHaveLength(3);
    expect(r.config.languages).toEqual([]);
  });

  test.each(fs.readdirSync(path.join(__dirname, '../../examples')).filter((f) => f.endsWith('.json')))(
    'GIVEN the shipped example %s WHEN parsed THEN it is valid',
    (file) => {
      const r = parseDebateConfig(fs.readFileSync(path.join(__dirname, '../../examples', file), 'utf8'));
      expect(r.ok ? [] : r.problems).toEqual([]);
    },
  );

  test('fails if several things are wrong, reporting every problem with its path', () => {
    const r = validateDebateConfig({
      id: 'Bad Id',
      start: '2015-09-16 20:00',
      end: '2015-09-16T19:00:00Z',
      hashtags: ['ok', 'not a tag', 7],
      colour: 'red',
      candidates: {
        trump: { name: '', terms: ['trump', '', 42, 'x'.repeat(200)], color: 'red' },
        other: { name: 'Other', terms: ['Trump'] },
        Bad: 'nope',
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.id',
        '$.title',
        '$.start',
        '$.hashtags[1]',
        '$.hashtags[2]',
        '$.colour',
        '$.candidates.trump.name',
        '$.candidates.trump.terms[1]',
        '$.candidates.trump.terms[2]',
        '$.candidates.trump.terms[3]',
        '$.candidates.trump.color',
        '$.candidates.other.terms[0]',
        '$.candidates.Bad',
      ]),
    );
    expect(formatProblems(r.problems)).toContain(
      '$.candidates.other.terms[0]: "Trump" is already a term of candidate "trump"',
    );
  });

  test('fails if end is not after start', () => {
    const r = validateDebateConfig({ ...valid, end: valid.start });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['$.end']);
  });

  test('fails if a time has no zone or is not a real date', () => {
    const r = validateDebateConfig({ ...valid, start: '2015-09-16T20:00:00', end: '2015-02-30T25:00:00Z' });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['$.start', '$.end']);
  });

  test('fails if there are no candidates', () => {
    const r = validateDebateConfig({ ...valid, candidates: {} });
    expect(r.ok ? '' : formatProblems(r.problems)).toBe('$.candidates: needs at least one candidate');
  });

  test('fails if the text is not JSON, naming the root', () => {
    const r = parseDebateConfig('{"id": ');
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['$']);
  });

  test('fails if the root is not an object', () => {
    const r = validateDebateConfig([1, 2]);
    expect(r.ok ? '' : formatProblems(r.problems)).toBe('$: expected an object, got an array');
  });
});
