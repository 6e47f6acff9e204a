import { collapseRepeats, tokenize, type TokenKind } from '../../lambda/core/tokenizer';

const kinds = (text: string): [TokenKind, string][] => tokenize(text).map((t) => [t.kind, t.text]);

describe('tokenize', () => {
  test('GIVEN a retweet with a mention, hashtag and URL WHEN tokenized THEN each stays whole', () => {
    expect(kinds('RT @realDonaldTrump: great #GOPDebate https://t.co/AbC123.')).toEqual([
      ['word', 'RT'],
      ['mention', '@realDonaldTrump'],
      ['punct', ':'],
      ['word', 'great'],
      ['hashtag', '#GOPDebate'],
      ['url', 'https://t.co/AbC123'],
      ['punct', '.'],
    ]);
  });

  test('GIVEN emoticons in both directions WHEN tokenized THEN they are emoticon tokens', () => {
    const found = tokenize(':) :-( ;D <3 </3 (: ^_^ -_- :P').filter((t) => t.kind === 'emoticon');
    expect(found.map((t) => t.text)).toEqual([':)', ':-(', ';D', '<3', '</3', '(:', '^_^', '-_-', ':P']);
  });

  test('GIVEN a time, a URL and an address WHEN tokenized THEN no emoticon is invented inside them', () => {
    expect(tokenize('at 10:30 see http://x.co/a:D or a:b').filter((t) => t.kind === 'emoticon')).toEqual([]);
  });

  test('GIVEN emoji with ZWJ, skin tone, flag and keycap WHEN tokenized THEN each sequence is one token', () => {
    const emoji = tokenize('family 👩‍👩‍👧‍👦 thumbs 👍🏽 flag 🇺🇸 keycap 1️⃣ heart ❤️ laugh 😂😂')
      .filter((t) => t.kind === 'emoji')
      .map((t) => t.text);
    expect(emoji).toEqual(['👩‍👩‍👧‍👦', '👍🏽', '🇺🇸', '1️⃣', '❤️', '😂', '😂']);
  });

  test('GIVEN contractions and possessives WHEN tokenized THEN they stay one word with a straight apostrophe', () => {
    const words = tokenize("Don’t say Trump's plan isn't O'Malley's").map((t) => t.norm);
    expect(words).toEqual(["don't", 'say', "trump's", 'plan', "isn't", "o'malley's"]);
  });

  test('GIVEN elongated words WHEN tokenized THEN letter runs are cut to two and the token is marked', () => {
    const [so, good, ok] = tokenize('Soooooo goooood ok');
    expect([so.norm, so.elongated, good.norm, good.elongated, ok.elongated]).toEqual([
      'soo',
      true,
      'good',
      true,
      false,
    ]);
    expect([collapseRepeats(so.text), collapseRepeats('haaappy')]).toEqual(['so', 'happy']);
  });

  test('GIVEN non-Latin scripts and accents WHEN tokenized THEN letters of every script form words', () => {
    expect(tokenize('José Müller Сергей 東京 l’été').map((t) => [t.kind, t.norm])).toEqual([
      ['word', 'josé'],
      ['word', 'müller'],
      ['word', 'сергей'],
      ['word', '東京'],
      ['word', "l'été"],
    ]);
  });

  test('GIVEN numbers, hashtags of digits only and emails WHEN tokenized THEN none becomes a hashtag or mention', () => {
    const t = tokenize('#2016 costs $10.5% a@b.com');
    expect(t.some((x) => x.kind === 'hashtag' || x.kind === 'mention')).toBe(false);
    expect(t.filter((x) => x.kind === 'number').map((x) => x.text)).toEqual(['2016', '10.5%']);
  });

  test('GIVEN punctuation runs WHEN tokenized THEN !!! and ??? are single tokens', () => {
    expect(kinds('What?!?! no!!! ok…')).toEqual([
      ['word', 'What'],
      ['punct', '?!?!'],
      ['word', 'no'],
      ['punct', '!!!'],
      ['word', 'ok'],
      ['punct', '…'],
    ]);
  });

  test('GIVEN empty, whitespace and lone-surrogate text WHEN tokenized THEN it never throws', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t ')).toEqual([]);
    expect(() => tokenize('bad \ud800 surrogate \udfff')).not.toThrow();
  });
});
