import { validateDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { createMatcher } from '../../lambda/core/matcher';

function config(candidates: Record<string, string[]>): DebateConfig {
  const result = validateDebateConfig({
    id: 'test-debate',
    title: 'Test',
    start: '2016-01-01T00:00:00Z',
    end: '2016-01-01T02:00:00Z',
    candidates: Object.fromEntries(
      Object.entries(candidates).map(([id, terms]) => [id, { name: id, terms }]),
    ),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe('createMatcher', () => {
  const m = createMatcher(
    config({
      paul: ['Rand', 'Rand Paul', '@RandPaul'],
      trump: ['Trump', 'Donald Trump', '@realDonaldTrump', '#Trump2016'],
      bush: ['Jeb Bush', '@JebBush'],
      perez: ['Pérez'],
      omalley: ["O'Malley"],
    }),
  );

  test('GIVEN words that contain a term WHEN matched THEN word boundaries hold ("rand" is not in "grand")', () => {
    expect(m.matchText('What a grand stand, Trumpcare and Randy')).toEqual([]);
  });

  test('GIVEN different casing WHEN matched THEN matching is case-insensitive', () => {
    expect(m.matchText('RAND was better than tRuMp')).toEqual(['paul', 'trump']);
  });

  test('GIVEN several candidates in one tweet WHEN matched THEN all are returned once, in config order', () => {
    expect(m.matchText('Trump vs Rand vs trump again, @RandPaul')).toEqual(['paul', 'trump']);
  });

  test('GIVEN possessives WHEN matched THEN "Trump\'s" and "Jeb Bush’s" count', () => {
    expect(m.matchText("Trump's wall")).toEqual(['trump']);
    expect(m.matchText('Jeb Bush’s answer')).toEqual(['bush']);
  });

  test('GIVEN handles and hashtags WHEN matched THEN exact @handle and #hashtag terms count, case-insensitively', () => {
    expect(m.matchText('@REALDONALDTRUMP says hi')).toEqual(['trump']);
    expect(m.matchText('#trump2016 all the way')).toEqual(['trump']);
    expect(m.matchText('@JebBush!')).toEqual(['bush']);
  });

  test('GIVEN a plain-word term WHEN the word appears as a hashtag THEN it counts, but a different handle does not', () => {
    expect(m.matchText('#Rand rocks')).toEqual(['paul']);
    expect(m.matchText('@trumpfan and @rand_voter')).toEqual([]);
  });

  test('GIVEN handles listed as plain terms (as the 2015 project did) WHEN posts mention them THEN the word, #hashtag and @mention all count', () => {
    const original = createMatcher(
      config({ bush: ['jebbush'], cruz: ['tedcruz'], fiorina: ['carlyfiorina'] }),
    );
    expect(original.matchText('@JebBush with the answer of the night')).toEqual(['bush']);
    expect(original.matchText('RT @tedcruz: thank you all')).toEqual(['cruz']);
    expect(original.matchText('#CarlyFiorina and jebbush')).toEqual(['bush', 'fiorina']);
    expect(original.matchText('@jebbushfan @tedcruz2016')).toEqual([]);
  });

  test('GIVEN @handle and #tag terms WHEN the same name appears in another form THEN only the written form counts', () => {
    const strict = createMatcher(config({ a: ['@alpha'], b: ['#beta'] }));
    expect(strict.matchText('@alpha #beta')).toEqual(['a', 'b']);
    expect(strict.matchText('alpha beta #alpha @beta')).toEqual([]);
  });

  test('GIVEN a plain word of one candidate and the explicit @handle of another WHEN the mention appears THEN the explicit term wins, in either config order', () => {
    for (const order of [
      { first: ['trump'], second: ['@trump'] },
      { second: ['@trump'], first: ['trump'] },
    ]) {
      const m2 = createMatcher(config(order));
      expect(m2.matchText('@trump')).toEqual(['second']);
      expect(m2.matchText('trump')).toEqual(['first']);
    }
  });

  test('GIVEN a multi-word term WHEN only part of it appears THEN it does not match', () => {
    expect(m.matchText('Jeb spoke, then Bush')).toEqual([]);
    expect(m.matchText('JEB BUSH spoke')).toEqual(['bush']);
  });

  test('GIVEN accented names in composed or decomposed form WHEN matched THEN both match', () => {
    expect(m.matchText('Pérez won')).toEqual(['perez']);
    expect(m.matchText('Pe\u0301rez won')).toEqual(['perez']);
    expect(m.matchText('Perez won')).toEqual([]);
  });

  test('GIVEN a name with an apostrophe WHEN matched THEN it and its possessive match', () => {
    expect(m.matchText("O'Malley's plan and O’Malley")).toEqual(['omalley']);
  });
});
