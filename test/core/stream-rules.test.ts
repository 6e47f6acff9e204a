import * as fs from 'fs';
import * as path from 'path';
import { parseDebateConfig, validateDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { createMatcher } from '../../lambda/core/matcher';
import { deriveStreamRules, ruleTerm, ruleTerms } from '../../lambda/core/stream-rules';
import { tokenize } from '../../lambda/core/tokenizer';

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
      '(Trump OR @Trump OR "Donald Trump" OR @realDonaldTrump OR #Trump2016 OR #MakeAmericaGreatAgain) lang:en',
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
    expect(trumpTerms).toEqual(config.candidates.trump.terms.flatMap(ruleTerms));
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
    expect(r.ok && r.rules).toEqual([{ value: '(alpha OR @alpha)', tag: 'a' }]);
  });

  test('GIVEN plain, @ and # terms WHEN expanded THEN a handle-like plain word adds the @ operator, nothing else does', () => {
    expect(ruleTerms('jebbush')).toEqual(['jebbush', '@jebbush']);
    expect(ruleTerms('@JebBush')).toEqual(['@JebBush']);
    expect(ruleTerms('#Jeb2016')).toEqual(['#Jeb2016']);
    expect(ruleTerms('Rand Paul')).toEqual(['"Rand Paul"']);
    expect(ruleTerms('Pérez')).toEqual(['Pérez']); // not a possible X username
    expect(ruleTerms('averyveryverylonghandle')).toEqual(['averyveryverylonghandle']); // over 15 characters
  });

  test('GIVEN every form the matcher counts for a term WHEN X applies the derived rules THEN some rule of that candidate delivers it', () => {
    const config = load('gop-2015-09-16.json');
    const r = deriveStreamRules(config);
    if (!r.ok) throw new Error(r.error);
    const matcher = createMatcher(config);
    for (const [id, candidate] of Object.entries(config.candidates)) {
      const ruleValues = r.rules.filter((x) => x.tag === id).map((x) => x.value.replace(/ lang:en$/, ''));
      for (const term of candidate.terms.filter((t) => /^[\p{L}\p{N}_]+$/u.test(t))) {
        for (const text of [`so ${term} tonight`, `so #${term} tonight`, `so @${term} tonight`]) {
          if (!matcher.matchText(text).includes(id)) continue;
          expect({ text, delivered: ruleValues.some((v) => xRuleMatches(v, text)) }).toEqual({
            text,
            delivered: true,
          });
        }
      }
    }
  });
});

/**
 * A small model of X's rule matching, enough for ORs of terms, all case-insensitive: a keyword is a
 * tokenized match (X splits on symbols, so it meets "#jeb"; the model is stricter than X and does not
 * let it meet the mention "@jeb"), `@user` a mention, `#tag` a hashtag, a quoted phrase consecutive words.
 */
function xRuleMatches(rule: string, text: string): boolean {
  const tokens = tokenize(text);
  const terms = rule.replace(/^\(|\)$/g, '').split(' OR ');
  return terms.some((term) => {
    const t = term.toLowerCase();
    if (t.startsWith('@')) return tokens.some((k) => k.kind === 'mention' && k.norm === t);
    if (t.startsWith('#')) return tokens.some((k) => k.kind === 'hashtag' && k.norm === t);
    const words = t.replace(/^"|"$/g, '').split(' ');
    const plain = tokens.filter((k) => k.kind !== 'mention').map((k) => k.norm.replace(/^#/, ''));
    return plain.some((_, i) => words.every((w, j) => plain[i + j] === w));
  });
}
