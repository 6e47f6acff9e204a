import { validateDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { createScorer } from '../../lambda/core/sentiment';
import { AuthorPool } from '../../lambda/core/synthetic/authors';
import { buildVoices, Composer, type Subject, type Tone } from '../../lambda/core/synthetic/compose';
import { extractEntities, matchRuleTags } from '../../lambda/core/synthetic/entities';
import {
  EMOJI,
  GENERAL_EN,
  NEGATIVE_EN,
  NEUTRAL_EN,
  POSITIVE_EN,
  TOPICS,
} from '../../lambda/core/synthetic/phrases';
import { Random } from '../../lambda/core/synthetic/prng';

function debate(): DebateConfig {
  const result = validateDebateConfig({
    id: 'text-debate',
    title: 'Text debate',
    start: '2015-09-17T00:00:00Z',
    end: '2015-09-17T03:00:00Z',
    hashtags: ['GOPDebate'],
    candidates: {
      trump: { name: 'Donald Trump', terms: ['Trump', "Trump's", '@realDonaldTrump', '#Trump2016'] },
      paul: { name: 'Rand Paul', terms: ['Rand Paul', 'Rand', '@RandPaul'] },
      carly: { name: 'Carly Fiorina', terms: ['Carly', 'Fiorina'] },
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const config = debate();
const vader = createScorer('vader');
const afinn = createScorer('afinn');
const POLARITY: Record<Tone, number> = { pos: 1, neg: -1, neu: 0 };

/** Texts whose polarity under either lexicon is not the expected one. */
function misjudged(texts: readonly string[], tone: Tone): string[] {
  return texts.filter(
    (t) => vader.score(t).polarity !== POLARITY[tone] || afinn.score(t).polarity !== POLARITY[tone],
  );
}

describe('synthetic phrase banks', () => {
  test('GIVEN the positive phrases WHEN scored by VADER and AFINN THEN both call every one positive', () => {
    expect(misjudged(POSITIVE_EN, 'pos')).toEqual([]);
  });

  test('GIVEN the negative phrases WHEN scored by VADER and AFINN THEN both call every one negative', () => {
    expect(misjudged(NEGATIVE_EN, 'neg')).toEqual([]);
  });

  test('GIVEN every neutral verb phrase with every topic WHEN scored THEN both lexicons call them neutral', () => {
    // GIVEN
    const texts = NEUTRAL_EN.flatMap((verb) => TOPICS.map((topic) => `${verb} ${topic}`));
    // WHEN / THEN
    expect(texts.length).toBeGreaterThan(100);
    expect(misjudged(texts, 'neu')).toEqual([]);
  });

  test('GIVEN the posts about the event as a whole WHEN scored THEN each bank has the polarity of its name', () => {
    for (const tone of ['pos', 'neg', 'neu'] as const) expect(misjudged(GENERAL_EN[tone], tone)).toEqual([]);
  });

  test('GIVEN the emoji banks WHEN added to a phrase THEN they never pull it towards the other side', () => {
    // GIVEN / WHEN
    const pos = EMOJI.pos.map((e) => `great answer ${e}`);
    const neg = EMOJI.neg.map((e) => `terrible ${e}`);
    const neu = EMOJI.neu.map((e) => `now on taxes ${e}`);
    // THEN
    expect([...misjudged(pos, 'pos'), ...misjudged(neg, 'neg'), ...misjudged(neu, 'neu')]).toEqual([]);
  });

  test('GIVEN the emoji banks WHEN inspected THEN they include skin tones and ZWJ sequences', () => {
    const all = [...EMOJI.pos, ...EMOJI.neg, ...EMOJI.neu].join('');
    expect(all).toMatch(/[\u{1F3FB}-\u{1F3FF}]/u);
    expect(all).toContain('\u200D');
  });
});

describe('Composer', () => {
  const composer = new Composer(config);
  const voices = buildVoices(config);
  const pool = new AuthorPool(7, 5000, [1, 2, 3]);

  function compose(tone: Tone, count: number): string[] {
    const rng = new Random(`compose-${tone}`);
    const texts: string[] = [];
    for (let i = 0; texts.length < count; i++) {
      const author = pool.profile(i);
      if (author.lang !== 'en') continue;
      const one: Subject[] = [{ voice: voices[i % voices.length], tone }];
      const subjects =
        i % 6 === 0 ? [] : i % 5 === 0 ? [...one, { voice: voices[(i + 1) % voices.length], tone }] : one;
      const post = composer.compose(rng, { author, subjects, generalTone: tone });
      if (post.lang === 'en') texts.push(post.text);
    }
    return texts;
  }

  test.each(['pos', 'neg', 'neu'] as const)(
    'GIVEN posts composed with tone %s WHEN scored by VADER and AFINN THEN both lexicons agree with the tone',
    (tone) => {
      // GIVEN
      const texts = compose(tone, 2000);
      // WHEN
      const wrong = misjudged(texts, tone);
      // THEN
      expect(wrong).toEqual([]);
    },
  );

  test('GIVEN a post about one candidate WHEN composed THEN it names them with one of their config terms', () => {
    // GIVEN
    const rng = new Random('terms');
    const voice = voices[1];
    for (let i = 0; i < 300; i++) {
      // WHEN
      const { text } = composer.compose(rng, {
        author: pool.profile(i),
        subjects: [{ voice, tone: 'pos' }],
        generalTone: 'neu',
      });
      // THEN
      expect(matchRuleTags(config, text, [])).toContain('paul');
    }
  });

  test('GIVEN a reply WHEN composed THEN the text opens with the handle it answers', () => {
    // GIVEN
    const rng = new Random('reply');
    // WHEN
    const { text } = composer.compose(rng, {
      author: pool.profile(3),
      subjects: [{ voice: voices[0], tone: 'neg' }],
      generalTone: 'neu',
      replyTo: 'someone_else',
    });
    // THEN
    expect(text.startsWith('@someone_else ')).toBe(true);
  });
});

describe('extractEntities', () => {
  test('GIVEN emoji (a surrogate pair, a ZWJ sequence) before entities WHEN extracted THEN offsets count code points', () => {
    // GIVEN "🎉" is one code point (two UTF-16 units); the facepalm sequence is four code points.
    const text = '🎉 #GOPDebate \u{1F926}\u200D\u2642\uFE0F @Jeb_Bush https://t.co/AbCdEf1234';
    // WHEN
    const e = extractEntities(text);
    // THEN
    expect(e.hashtags).toEqual([{ start: 2, end: 12, value: 'GOPDebate' }]);
    expect(e.mentions).toEqual([{ start: 18, end: 27, value: 'Jeb_Bush' }]);
    expect(e.urls).toEqual([{ start: 28, end: 51, value: 'https://t.co/AbCdEf1234' }]);
    expect([...text].slice(2, 12).join('')).toBe('#GOPDebate');
  });

  test('GIVEN look-alikes WHEN extracted THEN e-mail addresses, digit-only tags and mid-word signs are not entities', () => {
    // GIVEN / WHEN
    const e = extractEntities('mail me at a@b.com about #2016 or x#tag, #ok_1 and @toolonghandle_1234567');
    // THEN
    expect(e.hashtags.map((h) => h.value)).toEqual(['ok_1']);
    expect(e.mentions).toEqual([]);
  });
});

describe('matchRuleTags', () => {
  test('GIVEN a name inside a possessive or a hashtag WHEN matched THEN the candidate is found', () => {
    expect(matchRuleTags(config, "Trump's answer", [])).toEqual(['trump']);
    expect(matchRuleTags(config, 'go #Trump now', ['trump'])).toEqual(['trump']);
  });

  test('GIVEN a name only inside a longer word or another handle WHEN matched THEN no candidate is found', () => {
    expect(matchRuleTags(config, 'the trumpet and a grand rally', [])).toEqual([]);
    expect(matchRuleTags(config, 'ask @Rand or @CarlySmith', ['x'])).toEqual([]);
  });

  test('GIVEN two candidates (one by a two-word term, differently cased) and the debate hashtag WHEN matched THEN tags follow config order, then debate', () => {
    // GIVEN / WHEN
    const tags = matchRuleTags(config, 'CARLY beat rand paul tonight #gopdebate', ['gopdebate']);
    // THEN
    expect(tags).toEqual(['paul', 'carly', 'debate']);
  });

  test('GIVEN only the debate hashtag WHEN matched THEN the only tag is debate', () => {
    expect(matchRuleTags(config, 'who is ahead? #GOPDebate', ['gopdebate'])).toEqual(['debate']);
  });
});
