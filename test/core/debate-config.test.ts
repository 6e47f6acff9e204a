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

  test('GIVEN moments WHEN validated THEN they become epoch ms, in time order, labels trimmed', () => {
    const r = validateDebateConfig({
      ...valid,
      moments: [
        { at: '2015-09-16T21:30:00-04:00', label: 'Immigration ' },
        { at: '2015-09-16T20:05:00-04:00', label: 'Opening statements' },
      ],
    });
    expect(r.ok ? r.config.moments : r.problems).toEqual([
      { at: Date.UTC(2015, 8, 17, 0, 5), label: 'Opening statements' },
      { at: Date.UTC(2015, 8, 17, 1, 30), label: 'Immigration' },
    ]);
    const none = validateDebateConfig(valid);
    expect(none.ok ? none.config.moments : none.problems).toEqual([]);
  });

  test('fails if moments are wrong, naming each problem with its path', () => {
    const r = validateDebateConfig({
      ...valid,
      moments: [
        { at: '2015-09-16T21:00', label: 'no zone' },
        { at: '2015-09-17T09:00:00-04:00', label: 'after the end' },
        { at: '2015-09-16T21:00:00-04:00', label: '  ' },
        { at: '2015-09-16T21:00:00-04:00', label: 'x'.repeat(61) },
        { at: '2015-09-16T21:00:00-04:00', label: 'ok', note: 'extra' },
        'Opening',
      ],
    });
    expect(r.ok ? '' : formatProblems(r.problems)).toBe(
      [
        '$.moments[0].at: "2015-09-16T21:00" is not an ISO 8601 time with a zone (Z or ±hh:mm)',
        '$.moments[1].at: 2015-09-17T13:00:00.000Z is outside the debate (2015-09-17T00:00:00.000Z to 2015-09-17T03:00:00.000Z)',
        '$.moments[2].label: required non-empty string, got "  "',
        '$.moments[3].label: longer than 60 characters: keep it short, it is drawn on a chart',
        '$.moments[4].note: unknown field (known: at, label)',
        '$.moments[5]: expected an object with at and label, got "Opening"',
      ].join('\n'),
    );
    const notList = validateDebateConfig({ ...valid, moments: { at: 'x' } });
    expect(notList.ok ? '' : formatProblems(notList.problems)).toBe(
      '$.moments: expected an array of {"at", "label"}, got an object',
    );
  });
});
