import * as fs from 'fs';
import * as path from 'path';
import { parseDebateConfig, validateDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { deriveStreamRules, ruleTerm } from '../../lambda/core/stream-rules';

function load(file: string): DebateConfig {
  const r = parseDebateConfig(fs.readFileSync(path.join(__dirname, '../../examples', file), 'utf8'));
  if (!r.ok) throw new Error('example invalid');
  return r.config;
}

describe('deriveStreamRules', () => {
  test('GIVEN the 2015 GOP example WHEN rules are derived THEN one rule per candidate plus the debate hashtags, tagged', () => {
    const r = deriveStreamRules(load('gop-2015-09-16.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const trump = r.rules.find((x) => x.tag === 'trump');
    expect(trump?.value).toBe(
      '(Trump OR "Donald Trump" OR @realDonaldTrump OR #Trump2016 OR #MakeAmericaGreatAgain) lang:en',
    );
    expect(r.rules.find((x) => x.tag === 'debate')?.value).toBe('(#GOPDebate OR #CNNDebate) lang:en');
    expect(new Set(r.rules.map((x) => x.tag)).size).toBe(12);
  });

  test('GIVEN a low length limit WHEN rules are derived THEN terms are split across rules that each fit', () => {
    const config = load('gop-2015-09-16.json');
    const r = deriveStreamRules(config, { maxRuleLength: 40 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const rule of r.rules) expect(rule.value.length).toBeLessThanOrEqual(40);
    const trumpTerms = r.rules
      .filter((x) => x.tag === 'trump')
      .flatMap((x) =>
        x.value
          .replace(/ lang:en$/, '')
          .replace(/^\(|\)$/g, '')
          .split(' OR '),
      );
    expect(trumpTerms).toEqual(config.candidates.trump.terms.map(ruleTerm));
  });

  test('fails if the config needs more rules than the tier allows', () => {
    const r = deriveStreamRules(load('gop-2015-09-16.json'), { maxRules: 5 });
    expect(r.ok ? '' : r.error).toBe('the config needs 12 rules, more than the 5 allowed');
  });

  test('fails if a single term cannot fit the length limit', () => {
    const r = deriveStreamRules(load('pres-2016-09-26.json'), { maxRuleLength: 12 });
    expect(r.ok ? '' : r.error).toMatch(/cannot fit a rule of 12 characters/);
  });

  test('GIVEN terms with punctuation or operator words WHEN converted THEN they are quoted, bare words are not', () => {
    expect(['trump', '@JebBush', '#GOPDebate', "O'Malley", 'Rand Paul', 'OR'].map(ruleTerm)).toEqual([
      'trump',
      '@JebBush',
      '#GOPDebate',
      '"O\'Malley"',
      '"Rand Paul"',
      '"OR"',
    ]);
  });

  test('GIVEN no languages WHEN rules are derived THEN no lang operator is added', () => {
    const base = validateDebateConfig({
      id: 'x',
      title: 'x',
      start: '2020-01-01T00:00:00Z',
      end: '2020-01-01T01:00:00Z',
      candidates: { a: { name: 'A', terms: ['alpha'] } },
    });
    if (!base.ok) throw new Error('invalid');
    const r = deriveStreamRules(base.config);
    expect(r.ok && r.rules).toEqual([{ value: 'alpha', tag: 'a' }]);
  });
});
