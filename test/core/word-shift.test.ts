import { SHIFT_KINDS, wordShift, type ShiftKind } from '../../lambda/core/word-shift';
import { valenceLexicon } from '../../lambda/core/sentiment/valence';
import { intIn, mulberry32, type Rng } from '../support/prng';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** A vocabulary where every third word is unrated. */
function randomLexicon(rng: Rng): { vocabulary: string[]; valences: Map<string, number> } {
  const vocabulary = Array.from({ length: 40 }, (_, i) => `w${i}`);
  const valences = new Map<string, number>();
  for (const [i, w] of vocabulary.entries()) {
    if (i % 3 !== 0) valences.set(w, Math.round((rng() * 8 - 4) * 10) / 10);
  }
  return { vocabulary, valences };
}

/** Word occurrences, one entry per use, as a text would hold them. */
function randomText(rng: Rng, vocabulary: readonly string[], n: number): string[] {
  // A skewed pick, so some words are frequent in one text and rare in the other.
  const skew = rng() * 3;
  return Array.from({ length: n }, () => vocabulary[Math.floor(rng() ** (1 + skew) * vocabulary.length)]);
}

function countsOf(text: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of text) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** The definition, straight from the word lists: means over rated uses, one pass per word. */
function bruteForce(ref: readonly string[], comp: readonly string[], valences: ReadonlyMap<string, number>) {
  const ratedRef = ref.filter((w) => valences.has(w));
  const ratedComp = comp.filter((w) => valences.has(w));
  const mean = (ws: string[]) => ws.reduce((s, w) => s + valences.get(w)!, 0) / ws.length;
  const refMean = mean(ratedRef);
  const compMean = mean(ratedComp);
  const contributions = new Map<string, { c: number; kind: ShiftKind }>();
  for (const w of new Set([...ratedRef, ...ratedComp])) {
    const pr = ratedRef.filter((x) => x === w).length / ratedRef.length;
    const pc = ratedComp.filter((x) => x === w).length / ratedComp.length;
    const dv = valences.get(w)! - refMean;
    const c = (pc - pr) * dv;
    if (c === 0) continue;
    const kind: ShiftKind = dv > 0 ? (pc > pr ? 'pos-up' : 'pos-down') : pc > pr ? 'neg-up' : 'neg-down';
    contributions.set(w, { c, kind });
  }
  return { refMean, compMean, contributions, refTotal: ratedRef.length, compTotal: ratedComp.length };
}

describe('wordShift', () => {
  test.each(SEEDS)(
    'GIVEN two random texts (seed %i) WHEN shifted THEN means, contributions, kinds and shares equal the brute-force computation',
    (seed) => {
      // GIVEN
      const rng = mulberry32(seed);
      const { vocabulary, valences } = randomLexicon(rng);
      const ref = randomText(rng, vocabulary, intIn(rng, 20, 400));
      const comp = randomText(rng, vocabulary, intIn(rng, 20, 400));
      const brute = bruteForce(ref, comp, valences);
      // WHEN
      const s = wordShift(countsOf(ref), countsOf(comp), (w) => valences.get(w));
      // THEN
      expect(s.referenceTotal).toBe(brute.refTotal);
      expect(s.comparisonTotal).toBe(brute.compTotal);
      expect(s.referenceMean).toBeCloseTo(brute.refMean, 12);
      expect(s.comparisonMean).toBeCloseTo(brute.compMean, 12);
      expect(s.shift).toBeCloseTo(brute.compMean - brute.refMean, 12);
      expect(s.words.map((w) => w.word).sort()).toEqual([...brute.contributions.keys()].sort());
      for (const w of s.words) {
        const b = brute.contributions.get(w.word)!;
        expect(w.contribution).toBeCloseTo(b.c, 12);
        expect(w.kind).toBe(b.kind);
        expect(w.valence).toBe(valences.get(w.word));
        expect(w.share).toBeCloseTo(b.c / Math.abs(brute.compMean - brute.refMean), 9);
      }
      for (const kind of SHIFT_KINDS) {
        const sum = [...brute.contributions.values()]
          .filter((b) => b.kind === kind)
          .reduce((a, b) => a + b.c, 0);
        expect(s.kinds[kind]).toBeCloseTo(sum, 12);
      }
      // The contributions add up to the shift, and the shares to its sign.
      const total = s.words.reduce((a, w) => a + w.contribution, 0);
      expect(total).toBeCloseTo(s.shift!, 12);
      expect(s.words.reduce((a, w) => a + w.share!, 0)).toBeCloseTo(Math.sign(s.shift!), 9);
      // Largest |contribution| first, unrated words never listed.
      for (let i = 1; i < s.words.length; i++) {
        expect(Math.abs(s.words[i - 1].contribution)).toBeGreaterThanOrEqual(
          Math.abs(s.words[i].contribution),
        );
      }
      expect(s.words.every((w) => valences.has(w.word))).toBe(true);
    },
  );

  test('GIVEN a small worked example WHEN shifted THEN the figures are the hand-computed ones', () => {
    // GIVEN reference: good ×2, bad ×2 (mean 0); comparison: good ×1, bad ×3 (mean −1.5); "debate" unrated
    const valences = new Map([
      ['good', 3],
      ['bad', -3],
    ]);
    const ref = new Map([
      ['good', 2],
      ['bad', 2],
      ['debate', 7],
    ]);
    const comp = new Map([
      ['good', 1],
      ['bad', 3],
      ['debate', 1],
    ]);
    // WHEN
    const s = wordShift(ref, comp, (w) => valences.get(w));
    // THEN Δp(good) = 1/4 − 1/2 = −1/4, × (3 − 0) = −0.75; Δp(bad) = +1/4, × (−3 − 0) = −0.75
    expect(s).toEqual({
      referenceTotal: 4,
      comparisonTotal: 4,
      referenceMean: 0,
      comparisonMean: -1.5,
      shift: -1.5,
      kinds: { 'pos-up': 0, 'pos-down': -0.75, 'neg-up': -0.75, 'neg-down': 0 },
      words: [
        {
          word: 'bad',
          valence: -3,
          referenceCount: 2,
          comparisonCount: 3,
          contribution: -0.75,
          share: -0.5,
          kind: 'neg-up',
        },
        {
          word: 'good',
          valence: 3,
          referenceCount: 2,
          comparisonCount: 1,
          contribution: -0.75,
          share: -0.5,
          kind: 'pos-down',
        },
      ],
    });
  });

  test('GIVEN a reference without rated words WHEN shifted THEN there is no shift, only the comparison mean', () => {
    // WHEN
    const s = wordShift(new Map([['debate', 3]]), new Map([['good', 2]]), (w) =>
      w === 'good' ? 2 : undefined,
    );
    // THEN
    expect(s.referenceMean).toBeNull();
    expect(s.comparisonMean).toBe(2);
    expect(s.shift).toBeNull();
    expect(s.words).toEqual([]);
    expect(s.kinds).toEqual({ 'pos-up': 0, 'pos-down': 0, 'neg-up': 0, 'neg-down': 0 });
  });

  test('GIVEN the same word frequencies in both texts WHEN shifted THEN the shift is 0 and shares are null', () => {
    // GIVEN twice the counts: the same relative frequencies
    const valences = new Map([
      ['good', 2],
      ['bad', -1],
    ]);
    // WHEN
    const s = wordShift(
      new Map([
        ['good', 1],
        ['bad', 2],
      ]),
      new Map([
        ['good', 2],
        ['bad', 4],
      ]),
      (w) => valences.get(w),
    );
    // THEN
    expect(s.shift).toBe(0);
    expect(s.words).toEqual([]);
  });
});

describe('valenceLexicon', () => {
  test('GIVEN each scorer WHEN a word is looked up THEN its lexicon value comes back, unrated words undefined', () => {
    // GIVEN / WHEN / THEN VADER 3.3.2 and AFINN-165 values
    expect(valenceLexicon('vader').valence('good')).toBe(1.9);
    expect(valenceLexicon('vader').valence('debate')).toBeUndefined();
    expect(valenceLexicon('afinn').valence('good')).toBe(3);
    expect(valenceLexicon('afinn').valence('debate')).toBeUndefined();
    const labmt = valenceLexicon(
      'labmt',
      new Map([
        ['laughter', 8.5],
        ['the', 4.98],
        ['war', 1.8],
      ]),
    );
    expect(labmt.valence('laughter')).toBe(8.5);
    expect(labmt.valence('war')).toBe(1.8);
    // Inside labMT's neutral lens 4 < h < 6: left out, as the labMT scorer leaves it out.
    expect(labmt.valence('the')).toBeUndefined();
  });

  test('fails if labmt comes without its word list', () => {
    expect(() => valenceLexicon('labmt')).toThrow('the labmt lexicon needs the labMT 1.0 word list');
  });
});
