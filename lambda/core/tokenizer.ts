/**
 * A tokenizer for tweets: keeps URLs, @mentions, #hashtags, emoticons and emoji (including ZWJ
 * sequences, skin tones, flags and keycaps) whole, keeps contractions ("don't") and possessives
 * ("Trump's") as one word, and marks elongations ("sooooo"). One pass of one sticky regex, because
 * this runs on every tweet of the stream.
 */

export type TokenKind = 'url' | 'mention' | 'hashtag' | 'emoticon' | 'emoji' | 'word' | 'number' | 'punct';

export interface Token {
  /** The token as written. */
  readonly text: string;
  readonly kind: TokenKind;
  /**
   * Lookup form: lower-case, curly apostrophes made straight, `#`/`@` kept, letter runs of 3 or more
   * cut to 2 ("soooo" → "soo", "gooood" → "good").
   */
  readonly norm: string;
  /** True when a letter was repeated 3 or more times in a row. */
  readonly elongated: boolean;
}

const URL = String.raw`(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]}'’]`;
const MENTION = String.raw`(?<![\p{L}\p{N}_@])@[A-Za-z0-9_]{1,50}`;
const HASHTAG = String.raw`(?<![\p{L}\p{N}_&#])[#＃][\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*`;
// Western emoticons (eyes, optional nose, mouth) in both directions, hearts, and a few kaomoji.
const EMOTICON = String.raw`(?<![\p{L}\p{N}])(?:[<>]?[:;=8xX][\-o*'^]?[)\](\[dDpP/\\:}{@|3*]+|[)\](\[dDpP/\\:}{@|]+[\-o*'^]?[:;=8]|<\/?3+|\^_*\^|-_+-|[oO0]_[oO0]|¯\\_\(ツ\)_\/¯)(?![\p{L}\p{N}])`;
// An emoji: a flag (two regional indicators), a keycap, or a pictograph with optional
// variation selector / skin tone, joined by ZWJ to more of the same.
const PICTO = String.raw`\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?`;
const EMOJI = String.raw`\p{Regional_Indicator}{2}|[0-9#*]\uFE0F?\u20E3|${PICTO}(?:\u200D${PICTO})*`;
const NUMBER = String.raw`[+-]?\d+(?:[.,:]\d+)*%?(?![\p{L}])`;
const WORD = String.raw`[\p{L}\p{M}\p{N}_]+(?:['’\-][\p{L}\p{M}\p{N}]+)*`;
const PUNCT = String.raw`[!?]+|\.{2,}|…|[^\s]`;

const TOKEN = new RegExp(
  [URL, MENTION, HASHTAG, EMOTICON, EMOJI, NUMBER, WORD, PUNCT].map((p) => `(${p})`).join('|'),
  'gu',
);
const KINDS: readonly TokenKind[] = [
  'url',
  'mention',
  'hashtag',
  'emoticon',
  'emoji',
  'number',
  'word',
  'punct',
];
const RUN3 = /(\p{L})\1{2,}/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    let k = 1;
    while (m[k] === undefined) k++;
    const raw = m[0];
    const kind = KINDS[k - 1];
    tokens.push(makeToken(raw, kind));
  }
  return tokens;
}

function makeToken(raw: string, kind: TokenKind): Token {
  if (kind === 'url' || kind === 'emoji' || kind === 'emoticon' || kind === 'punct' || kind === 'number') {
    return { text: raw, kind, norm: kind === 'url' || kind === 'emoticon' ? raw : raw, elongated: false };
  }
  let norm = raw.toLowerCase();
  if (norm.charCodeAt(0) === 0xff03) norm = '#' + norm.slice(1); // fullwidth ＃
  if (norm.includes('’')) norm = norm.replace(/’/g, "'");
  let elongated = false;
  if (hasRun3(norm)) {
    elongated = true;
    norm = norm.replace(RUN3, '$1$1');
  }
  return { text: raw, kind, norm, elongated };
}

/** Cheap pre-check so the regex replace only runs on the few tokens that need it. */
function hasRun3(s: string): boolean {
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i - 1) && c === s.charCodeAt(i - 2) && c > 0x40) return true;
  }
  return false;
}

/**
 * Second lookup try for an elongated word: runs of 3 or more letters become one, doubles stay
 * ("soooo" → "so", "haaappy" → "happy"), where `norm` gave "soo" and "haappy".
 */
export function collapseRepeats(word: string): string {
  return word.toLowerCase().replace(/(\p{L})\1{2,}/gu, '$1');
}
