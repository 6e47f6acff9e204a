import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createVaderScorer } from '../../lambda/core/sentiment/vader';
import { replaceEmoji } from '../../lambda/core/sentiment/vader/emoji';
import {
  pythonIsUpper,
  pythonRound,
  isPythonSpace,
  pythonSplit,
  stripPunctuation,
} from '../../lambda/core/sentiment/vader/python-text';
import { BOOSTERS, NEGATIONS, SPECIAL_CASES } from '../../lambda/core/sentiment/vader/rules';
import { LEXICON, tokenInfo, Word, type TokenInfo } from '../../lambda/core/sentiment/vader/token-info';
import { stripPunctuationIfWord, tokenize } from '../../lambda/core/sentiment/vader/tokens';
import type { VaderResult } from '../../lambda/core/sentiment/scorer';
import { Random } from '../../lambda/core/synthetic/prng';

interface ReferenceCase {
  readonly text: string;
  readonly compound: number;
  readonly pos: number;
  readonly neu: number;
  readonly neg: number;
  readonly source: string;
}

/** Expected values produced by running vaderSentiment 3.3.2 (see test/fixtures/README.md). */
const REFERENCE: readonly ReferenceCase[] = readFileSync(
  join(__dirname, '..', 'fixtures', 'vader-reference.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as ReferenceCase);

const scorer = createVaderScorer();
const score = (text: string): VaderResult => scorer.score(text);
const valenceOf = (text: string, token: string): number | undefined =>
  score(text).tokens.find((t) => t.token === token)?.value;

/** What the rules can see of a token: its text only matters when some table knows it. */
function visible(info: TokenInfo): readonly unknown[] {
  const known =
    !Number.isNaN(info.valence) ||
    info.booster !== 0 ||
    info.negation ||
    info.word !== Word.Other ||
    info.phrase;
  return [
    known ? info.token : '',
    info.upper,
    info.valence,
    info.booster,
    info.negation,
    info.word,
    info.phrase,
  ];
}

/** The tokenizer's output for `text`: "!" and "?" counts, then the tokens as {@link visible} views. */
function tokenized(text: string): readonly unknown[] {
  const list = tokenize(text);
  return [list.exclamations, list.questions, ...list.infos.slice(0, list.count).map(visible)];
}

/** The reference's path, one step at a time: emoji, Python split, trimming, per-token look-up. */
function tokenizedStepByStep(text: string): readonly unknown[] {
  const replaced = replaceEmoji(text);
  const marks = (ch: string): number => replaced.split(ch).length - 1;
  const fields = pythonSplit(replaced);
  return [
    marks('!'),
    marks('?'),
    ...fields.map((field) => visible(tokenInfo(stripPunctuationIfWord(field)))),
  ];
}

describe('vader scorer', () => {
  describe('published vaderSentiment README examples', () => {
    // [text, compound, pos, neu, neg] as printed by the reference's README / demo.
    const examples: ReadonlyArray<readonly [string, number, number, number, number]> = [
      ['VADER is smart, handsome, and funny.', 0.8316, 0.746, 0.254, 0.0],
      ['VADER is smart, handsome, and funny!', 0.8439, 0.752, 0.248, 0.0],
      ['VADER is very smart, handsome, and funny.', 0.8545, 0.701, 0.299, 0.0],
      ['VADER is VERY SMART, handsome, and FUNNY.', 0.9227, 0.754, 0.246, 0.0],
      ['VADER is VERY SMART, handsome, and FUNNY!!!', 0.9342, 0.767, 0.233, 0.0],
      ['VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!', 0.9469, 0.706, 0.294, 0.0],
      ['VADER is not smart, handsome, nor funny.', -0.7424, 0.0, 0.354, 0.646],
      ['The book was good.', 0.4404, 0.492, 0.508, 0.0],
      ["At least it isn't a horrible book.", 0.431, 0.322, 0.678, 0.0],
      ['The book was only kind of good.', 0.3832, 0.303, 0.697, 0.0],
      [
        'The plot was good, but the characters are uncompelling and the dialog is not great.',
        -0.7042,
        0.094,
        0.579,
        0.327,
      ],
      ['Today SUX!', -0.5461, 0.0, 0.221, 0.779],
      ["Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127],
      ['Make sure you :) or :D today!', 0.8633, 0.706, 0.294, 0.0],
      ['Not bad at all', 0.431, 0.487, 0.513, 0.0],
    ];

    it.each(examples)(
      'GIVEN %j WHEN scored THEN compound is %d with pos/neu/neg %d/%d/%d',
      (text, compound, pos, neu, neg) => {
        const result = score(text);
        expect([result.compound, result.pos, result.neu, result.neg]).toEqual([compound, pos, neu, neg]);
      },
    );
  });

  describe('parity with the reference implementation', () => {
    it(`GIVEN the ${REFERENCE.length} reference texts WHEN scored THEN every one matches vaderSentiment 3.3.2`, () => {
      // GIVEN a large sample: README and demo texts, hand-made edge cases, real tweets, generated mixes
      expect(REFERENCE.length).toBeGreaterThan(2000);
      // WHEN
      const divergent = REFERENCE.filter((c) => {
        const r = score(c.text);
        return (
          r.compound.toFixed(4) !== c.compound.toFixed(4) ||
          r.pos.toFixed(3) !== c.pos.toFixed(3) ||
          r.neu.toFixed(3) !== c.neu.toFixed(3) ||
          r.neg.toFixed(3) !== c.neg.toFixed(3)
        );
      });
      // THEN
      expect(divergent.map((c) => c.text.slice(0, 80))).toEqual([]);
    });

    it('GIVEN the reference sample WHEN its sources are counted THEN each kind of text is represented', () => {
      const sources = new Set(REFERENCE.map((c) => c.source));
      expect([...sources].sort()).toEqual(['edge', 'hutto-tweets', 'readme', 'synthetic', 'tricky']);
    });
  });

  describe('rules', () => {
    it('GIVEN a negation before a sentiment word WHEN scored THEN its valence is scaled by -0.74', () => {
      const plain = valenceOf('the food is good', 'good') as number;
      expect(valenceOf('the food is not good', 'good')).toBeCloseTo(plain * -0.74, 10);
      expect(valenceOf("the food isn't good", 'good')).toBeCloseTo(plain * -0.74, 10);
      expect(score('the food is not good').compound).toBeLessThan(0);
    });

    it('GIVEN "never so" or "without doubt" WHEN scored THEN they intensify or leave the word instead of negating it', () => {
      const plain = valenceOf('it has been good', 'good') as number;
      expect(valenceOf('it has never been good', 'good')).toBeCloseTo(plain * -0.74, 10);
      // "so" boosts, then upstream's precedence applies the "never so" ×1.25 twice (kept for parity)
      expect(valenceOf('it has never so good', 'good')).toBeCloseTo((plain + 0.293) * 1.25 * 1.25, 10);
      expect(valenceOf('without doubt good', 'good')).toBeCloseTo(plain, 10);
    });

    it('GIVEN boosters and dampeners WHEN scored THEN they move the valence by 0.293 away from or toward zero', () => {
      const plain = valenceOf('a good day', 'good') as number;
      expect(valenceOf('a very good day', 'good')).toBeCloseTo(plain + 0.293, 10);
      expect(valenceOf('a slightly good day', 'good')).toBeCloseTo(plain - 0.293, 10);
      const bad = valenceOf('a bad day', 'bad') as number;
      expect(valenceOf('a very bad day', 'bad')).toBeCloseTo(bad - 0.293, 10);
    });

    it('GIVEN an ALL-CAPS word WHEN only part of the text is capitals THEN it gains 0.733 emphasis, otherwise none', () => {
      const plain = valenceOf('this is good', 'good') as number;
      expect(valenceOf('this is GOOD', 'GOOD')).toBeCloseTo(plain + 0.733, 10);
      expect(valenceOf('THIS IS GOOD', 'GOOD')).toBeCloseTo(plain, 10);
    });

    it('GIVEN "but" WHEN scored THEN words before it count half and words after it one and a half', () => {
      const good = valenceOf('good', 'good') as number;
      const bad = valenceOf('bad', 'bad') as number;
      const tokens = score('good but bad').tokens;
      expect(tokens.map((t) => t.token)).toEqual(['good', 'bad']);
      expect(tokens[0]?.value).toBeCloseTo(good * 0.5, 10);
      expect(tokens[1]?.value).toBeCloseTo(bad * 1.5, 10);
    });

    it('GIVEN exclamation and question marks WHEN scored THEN up to four "!" and two or more "?" add emphasis', () => {
      const base = score('good').compound;
      const one = score('good!').compound;
      const four = score('good!!!!').compound;
      expect(one).toBeGreaterThan(base);
      expect(four).toBeGreaterThan(one);
      expect(score('good!!!!!!!!').compound).toBe(four);
      expect(score('good?').compound).toBe(base);
      expect(score('good??').compound).toBeGreaterThan(base);
    });

    it('GIVEN special-case idioms WHEN scored THEN the idiom valence replaces the word valence', () => {
      // "shit" alone is negative; "the shit" is rated 3 (needs three words before it to be checked)
      expect(score('that movie is shit').compound).toBeLessThan(0);
      expect(valenceOf('that movie is the shit', 'shit')).toBe(3);
      expect(valenceOf('what a bad ass', 'ass')).toBe(1.5);
      expect(valenceOf('that was the kiss of death', 'kiss')).toBe(-1.5);
    });

    it('GIVEN "least" WHEN scored THEN it negates except in "at least" and "very least"', () => {
      const plain = valenceOf('the movie is good', 'good') as number;
      expect(valenceOf('the least good movie', 'good')).toBeCloseTo(plain * -0.74, 10);
      expect(valenceOf('at least good', 'good')).toBeCloseTo(plain, 10);
    });

    it('GIVEN "no" WHEN it precedes a lexicon word THEN it negates that word and stops counting itself', () => {
      const problem = valenceOf('a problem', 'problem') as number;
      const tokens = score('no problem').tokens;
      expect(tokens.map((t) => t.token)).toEqual(['problem']);
      expect(tokens[0]?.value).toBeCloseTo(problem * -0.74, 10);
    });

    it('GIVEN a text ending in a bare "no" WHEN scored THEN it does not throw and "no" keeps its own negative valence', () => {
      // 3.3.2 as published raises IndexError here; the upstream fix (kept here) scores it normally.
      const result = score('Come back: no');
      expect(result.tokens.map((t) => t.token)).toEqual(['no']);
      expect(result.compound).toBeLessThan(0);
    });
  });

  describe('tokenizer', () => {
    it('GIVEN every word some table lists, in three letter cases WHEN tokenized alone THEN it gets the same info as a direct look-up', () => {
      // GIVEN the words the single-pass tokenizer must never mistake for plain words
      const words = [...LEXICON.keys(), ...BOOSTERS.keys(), ...NEGATIONS, ...SPECIAL_CASES.keys()]
        .flatMap((key) => key.split(' '))
        .filter((word) => word.length > 0);
      const cased = words.flatMap((w) => [w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)]);
      // WHEN / THEN
      const disagreeing = cased.filter(
        (word) => JSON.stringify(tokenized(word)) !== JSON.stringify(tokenizedStepByStep(word)),
      );
      expect(cased.length).toBeGreaterThan(20_000);
      expect(disagreeing).toEqual([]);
    });

    it('GIVEN random texts of listed words, punctuation, digits, emoji and Unicode spaces WHEN tokenized THEN tokens match the reference steps', () => {
      // GIVEN a seeded mix of everything the tokenizer treats specially
      const random = new Random('vader-tokenizer');
      const lexiconWords = [...LEXICON.keys()];
      const pieces = [
        ...['good', 'BAD', 'Great', 'no', 'but', 'kind', 'of', 'never', 'so', 'this', 'without', 'doubt'],
        ...["don't", "ISN'T", 'cannot', 'least', 'at', 'very', 'the', 'shit', 'bad', 'ass', 'kiss', 'death'],
        ...['#GOPDebate', '@realDonaldTrump', 'https://t.co/x1', '2016', 'x', 'ÉCOLE', 'Straße', 'café'],
        ...['😀', '❤', '\ufe0f', '\u200d', '👍🏻', '©', '\ud83d', '“', '”', '’', '🔛', '🆙', '⁉'],
      ];
      const separators = [
        ' ',
        ' ',
        ' ',
        '  ',
        '\t',
        '\n',
        '\u00a0',
        '\u3000',
        '\u2009',
        '\u001c',
        '\u0085',
        '',
      ];
      const punctuation = '!?.,:;\'"#@()-_*'.split('');
      const texts: string[] = [];
      for (let t = 0; t < 2_000; t++) {
        let text = random.chance(0.5) ? random.pick(separators) : '';
        for (let w = random.int(12); w >= 0; w--) {
          let word = random.chance(0.3) ? random.pick(lexiconWords) : random.pick(pieces);
          if (random.chance(0.2)) word = random.pick(punctuation) + word;
          if (random.chance(0.3)) word += random.pick(punctuation).repeat(1 + random.int(3));
          if (random.chance(0.1)) word = word.toUpperCase();
          text += word + random.pick(separators);
        }
        texts.push(text);
      }
      // WHEN / THEN
      const disagreeing = texts.filter(
        (text) => JSON.stringify(tokenized(text)) !== JSON.stringify(tokenizedStepByStep(text)),
      );
      expect(disagreeing).toEqual([]);
    });

    it('GIVEN a text after another WHEN the first result is read again THEN reused scratch state has not changed it', () => {
      // GIVEN
      const first = score('The food was NOT very good, but the service was great!');
      const copy = JSON.parse(JSON.stringify(first)) as VaderResult;
      // WHEN
      score('bad awful terrible, but no problem at all');
      // THEN
      expect(first).toEqual(copy);
    });
  });

  describe('emoji', () => {
    it('GIVEN a single-code-point emoji WHEN scored THEN its description is scored like words', () => {
      expect(score('😀').tokens.map((t) => t.token)).toEqual(['grinning']);
      expect(score('I love you ❤').tokens.map((t) => t.token)).toEqual(['love', 'heart']);
      // "broken heart" is only read as an idiom with three words before it: alone, "heart" outweighs "broken"
      expect(score('💔').compound).toBeGreaterThan(0);
      expect(score('I am 💔').compound).toBeLessThan(0);
    });

    it('GIVEN emoji sequences WHEN scored THEN each code point is replaced on its own, as upstream iterates code points', () => {
      // 👍🏻 is thumbs up + a skin-tone modifier, each with its own description.
      expect(score('good 👍🏻')).toEqual(score('good thumbs up light skin tone'));
      // woman + ZWJ + heart + VS16 + ZWJ + man: "heart" stays glued to VS16 and ZWJ, so it is no lexicon word.
      expect(score('👩\u200d❤\ufe0f\u200d👨').tokens).toEqual([]);
      expect(score('👩\u200d❤\ufe0f\u200d👨').neu).toBe(1);
    });

    it('GIVEN an emoji glued to a word WHEN scored THEN the next word is glued to the description, like upstream', () => {
      // "a😀b" becomes "a grinning faceb": "face" is lost, "grinning" still counts.
      expect(score('a😀b').tokens.map((t) => t.token)).toEqual(['grinning']);
    });
  });

  describe('results', () => {
    it('GIVEN a scored text WHEN read THEN score mirrors compound and polarity follows the ±0.05 thresholds', () => {
      for (const text of ['good', 'bad', 'the table', 'ok then']) {
        const r = score(text);
        expect(r.score).toBe(r.compound);
        expect(r.polarity).toBe(r.compound >= 0.05 ? 1 : r.compound <= -0.05 ? -1 : 0);
      }
      expect(scorer.name).toBe('vader');
    });

    it('GIVEN boosters, negation and caps WHEN tokens are listed THEN only contributing words appear, in text order, with final valences', () => {
      const r = score('The food was NOT very good, but the service was great!');
      expect(r.tokens.map((t) => t.token)).toEqual(['good', 'great']);
      expect(r.tokens[0]?.value).toBeLessThan(0);
      expect(r.tokens[1]?.value).toBeGreaterThan(valenceOf('great', 'great') as number);
    });

    it('GIVEN words but no lexicon word WHEN scored THEN every token is neutral', () => {
      for (const text of ['the table', '@JebBush on China #GOPDebate https://t.co/x', 'VERY kind of the']) {
        expect(score(text)).toMatchObject({ compound: 0, pos: 0, neu: 1, neg: 0, polarity: 0, tokens: [] });
      }
    });

    it('GIVEN empty or whitespace-only text WHEN scored THEN everything is zero', () => {
      for (const text of ['', ' ', '\t\n\u3000']) {
        expect(score(text)).toMatchObject({ compound: 0, pos: 0, neu: 0, neg: 0, polarity: 0, tokens: [] });
      }
    });

    it.each([
      ['lone surrogates', '\ud83d good \ude00 bad \udfff'],
      ['control characters', '\u0000\u0001\u001b[31m bad \u007f\u0085'],
      ['a 100k-character text', 'good bad but not very GOOD!! '.repeat(3500)],
      ['only punctuation', '!!!???...,,,'],
    ])('rejects nothing: GIVEN %s WHEN scored THEN a finite result in range is returned', (_label, text) => {
      const r = score(text);
      expect(Number.isFinite(r.compound)).toBe(true);
      expect(Math.abs(r.compound)).toBeLessThanOrEqual(1);
      expect(r.pos + r.neu + r.neg).toBeLessThan(1.01);
    });
  });

  describe('Python string semantics', () => {
    it('GIVEN exact decimal ties WHEN rounded THEN halves go to the even digit, as Python round() does', () => {
      expect(pythonRound(0.0625, 3)).toBe(0.062);
      expect(pythonRound(0.3125, 3)).toBe(0.312);
      expect(pythonRound(0.1875, 3)).toBe(0.188);
      expect(pythonRound(-0.0625, 3)).toBe(-0.062);
      // 0.12345 is stored slightly above the tie, so it rounds up, unlike a naive tie rule
      expect(pythonRound(0.12345, 4)).toBe(0.1235);
      expect((0.0625).toFixed(3)).toBe('0.063');
    });

    it('GIVEN every BMP code unit WHEN split THEN it separates words exactly when Python calls it whitespace', () => {
      const disagreements: number[] = [];
      for (let c = 0; c <= 0xffff; c++) {
        const fields = pythonSplit(`a${String.fromCharCode(c)}b`).length;
        if (fields !== (isPythonSpace(c) ? 2 : 1)) disagreements.push(c);
      }
      expect(disagreements).toEqual([]);
    });

    it('GIVEN Unicode whitespace WHEN split THEN every Python whitespace character separates words', () => {
      expect(pythonSplit('a\u00a0b\u2009c\u3000d\u001ce\u0085f\u200bg')).toEqual([
        'a',
        'b',
        'c',
        'd',
        'e',
        'f\u200bg',
      ]);
    });

    it('GIVEN tokens WHEN trimmed and case-tested THEN they follow strip(string.punctuation) and isupper()', () => {
      expect(stripPunctuation('"good!!"')).toBe('good');
      expect(stripPunctuation('“good”')).toBe('“good”');
      expect(pythonIsUpper('GOOD!')).toBe(true);
      expect(pythonIsUpper('123')).toBe(false);
      expect(pythonIsUpper('ÉCOLE')).toBe(true);
      expect(pythonIsUpper('Straße')).toBe(false);
    });
  });
});
