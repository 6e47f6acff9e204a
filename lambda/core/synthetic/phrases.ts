/**
 * Word material for synthetic posts. English phrases are chosen so that both VADER and AFINN score
 * them with the intended sign (positive, negative) or exactly zero (neutral); a test holds them to it.
 * Nothing here names a real person: candidates' words come from the debate config.
 */

/** Phrases that VADER and AFINN both score positive. */
export const POSITIVE_EN: readonly string[] = [
  'great answer',
  'so strong tonight',
  'LOVE this',
  'best answer of the night',
  'brilliant',
  'impressive',
  'strong answer',
  'good point',
  'excellent',
  'amazing',
  'awesome',
  'love it',
  'smart and calm',
  'honest answer',
  'great comeback',
  'wins the night',
  'perfect answer',
  'so good',
  'fantastic',
  'clear winner tonight',
  'very impressive',
  'great job',
  'made a great point',
  'looking strong',
];

/** Phrases that VADER and AFINN both score negative. */
export const NEGATIVE_EN: readonly string[] = [
  'terrible',
  'what a liar',
  'boring',
  'awful answer',
  'so weak tonight',
  'pathetic',
  'worst answer of the night',
  'embarrassing',
  'that was a disaster',
  'clueless',
  'total failure',
  'stupid',
  'so fake',
  'hate this',
  'sad',
  'disgusting',
  'horrible',
  'weak answer',
  'so bad',
  'what a loser',
  'shameful',
  'ridiculous',
  'scary',
  'nonsense',
  'angry and rude',
];

/** Verb phrases that both lexicons score exactly 0, followed by a topic. */
export const NEUTRAL_EN: readonly string[] = [
  'talking about',
  'now on',
  'gets the question on',
  'answering on',
  'responds on',
  'speaking about',
  'asked about',
  'up next on',
];

/** Debate topics that both lexicons score exactly 0. */
export const TOPICS: readonly string[] = [
  'taxes',
  'immigration',
  'the economy',
  'foreign policy',
  'Iran',
  'the budget',
  'jobs',
  'education',
  'Russia',
  'the border',
  'trade',
  'student loans',
  'the military',
  'Medicare',
  'the tax plan',
  'the minimum wage',
  'Wall Street',
  'China',
  'the second amendment',
  'climate',
  'veterans',
];

/** Posts about the event as a whole (no candidate), by polarity. */
export const GENERAL_EN: Readonly<Record<'pos' | 'neg' | 'neu', readonly string[]>> = {
  pos: ['this debate is great', 'best debate so far', 'love this debate', 'great moderators tonight'],
  neg: ['this debate is a disaster', 'worst debate ever', 'so boring', 'terrible moderators tonight'],
  neu: [
    'watching the debate',
    'who is ahead?',
    'debate night',
    'here we go',
    'round two',
    'what just happened',
  ],
};

/** Short phrase banks for the occasional non-English post, keyed by BCP 47 tag. */
export const OTHER_LANGUAGES: Readonly<
  Record<string, Readonly<Record<'pos' | 'neg' | 'neu', readonly string[]>>>
> = {
  es: {
    pos: ['gran respuesta', 'muy bien', 'excelente', 'qué buen debate'],
    neg: ['qué mentiroso', 'terrible', 'un desastre', 'muy mal'],
    neu: ['hablando de economía', 'ahora sobre inmigración', 'viendo el debate'],
  },
  pt: {
    pos: ['ótima resposta', 'muito bom', 'excelente'],
    neg: ['que mentiroso', 'péssimo', 'um desastre'],
    neu: ['falando sobre economia', 'agora sobre imigração'],
  },
  fr: {
    pos: ['très bonne réponse', 'excellent', 'bravo'],
    neg: ['quel menteur', 'nul', 'catastrophique'],
    neu: ["parle de l'économie", "maintenant sur l'immigration"],
  },
  de: {
    pos: ['starke Antwort', 'sehr gut', 'hervorragend'],
    neg: ['was für ein Lügner', 'schrecklich', 'peinlich'],
    neu: ['spricht über Steuern', 'jetzt zur Wirtschaft'],
  },
};

// Emoji include skin-tone modifiers and ZWJ sequences (written as escapes, since the joiners are
// invisible) because tokenizers and length limits must cope with them.
const FACEPALM_MAN = '\u{1F926}\u200D\u2642\uFE0F';
const FACEPALM_WOMAN_MEDIUM_LIGHT = '\u{1F926}\u{1F3FC}\u200D\u2640\uFE0F';
const SHRUG_WOMAN = '\u{1F937}\u200D\u2640\uFE0F';
const SHRUG_MAN_MEDIUM_DARK = '\u{1F937}\u{1F3FE}\u200D\u2642\uFE0F';
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
const US_FLAG = '\u{1F1FA}\u{1F1F8}';

/** Emoji by the polarity they express. */
export const EMOJI: Readonly<Record<'pos' | 'neg' | 'neu', readonly string[]>> = {
  pos: ['👏', '😀', '💪', '🙌', '❤️', US_FLAG, '👍🏽', '💪🏿', '🙌🏻', '🎉', '😍', '👏🏾'],
  neg: ['😡', '🤮', '👎🏻', '🙄', '😤', '💩', FACEPALM_MAN, FACEPALM_WOMAN_MEDIUM_LIGHT, '😬', '🤡'],
  neu: ['🤔', '🍿', '👀', '🗳️', SHRUG_WOMAN, SHRUG_MAN_MEDIUM_DARK, FAMILY],
};

/** Hashtags people add to any political post. */
export const GENERIC_HASHTAGS: readonly string[] = [
  'debatenight',
  'election',
  'vote',
  'politics',
  'tcot',
  'p2',
];

/** News and video sites that links in posts point to. */
export const LINK_DOMAINS: readonly string[] = [
  'www.nytimes.com',
  'www.washingtonpost.com',
  'www.cnn.com',
  'www.foxnews.com',
  'www.politico.com',
  'www.youtube.com',
  'abcnews.go.com',
  'www.npr.org',
];

export const FIRST_NAMES: readonly string[] = [
  'mike', 'jen', 'chris', 'sarah', 'dave', 'amy', 'josh', 'kate', 'matt', 'lisa', 'tom', 'emily', 'dan',
  'rachel', 'nick', 'laura', 'joe', 'megan', 'ryan', 'nicole', 'steve', 'anna', 'kevin', 'maria', 'jose',
  'carlos', 'keisha', 'tyrone', 'wei', 'priya', 'ahmed', 'fatima', 'liam', 'olivia', 'noah', 'ava', 'bill',
  'sue', 'hank', 'peggy',
]; // prettier-ignore

export const LAST_NAMES: readonly string[] = [
  'smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez',
  'hernandez', 'lopez', 'gonzalez', 'wilson', 'anderson', 'thomas', 'taylor', 'moore', 'jackson', 'martin',
  'lee', 'perez', 'thompson', 'white', 'harris', 'clark', 'lewis', 'walker', 'hall', 'young', 'nguyen',
  'kim', 'patel', 'chen', 'obi', 'kowalski', 'oconnor', 'schmidt', 'rossi', 'silva',
]; // prettier-ignore

/** Display-name decorations, some non-ASCII, some emoji. */
export const NAME_SUFFIXES: readonly string[] = [' 🇺🇸', ' 🌊', ' ⭐⭐⭐', ' (parody)', ' 🦅', ' 🏳️‍🌈', ' ✝️'];

/** Display names with accents, used as-is. */
export const ACCENTED_NAMES: readonly string[] = [
  'José García',
  'Zoë Müller',
  'François Lefèvre',
  'Łukasz Nowak',
];

/** US places that geotagged posts come from: [lon, lat]. */
export const US_PLACES: readonly (readonly [number, number])[] = [
  [-74.006, 40.7128], [-118.2437, 34.0522], [-87.6298, 41.8781], [-95.3698, 29.7604], [-112.074, 33.4484],
  [-75.1652, 39.9526], [-98.4936, 29.4241], [-117.1611, 32.7157], [-96.797, 32.7767], [-97.7431, 30.2672],
  [-81.6557, 30.3322], [-82.9988, 39.9612], [-80.8431, 35.2271], [-86.1581, 39.7684], [-122.3321, 47.6062],
  [-104.9903, 39.7392], [-77.0369, 38.9072], [-71.0589, 42.3601], [-86.7816, 36.1627], [-83.0458, 42.3314],
  [-84.388, 33.749], [-80.1918, 25.7617], [-93.265, 44.9778], [-93.625, 41.5868], [-71.4548, 42.9956],
  [-115.1398, 36.1699], [-81.6944, 41.4993], [-87.9065, 43.0389], [-111.891, 40.7608], [-122.6784, 45.5152],
  [-94.5786, 39.0997], [-82.4572, 27.9506], [-78.6382, 35.7796], [-81.0348, 34.0007], [-149.9003, 61.2181],
  [-157.8583, 21.3069],
]; // prettier-ignore

/** Posting clients, for the v1.1 `source` field. */
export const CLIENTS: readonly (readonly [string, string])[] = [
  ['Twitter for iPhone', 'http://twitter.com/download/iphone'],
  ['Twitter for Android', 'http://twitter.com/download/android'],
  ['Twitter Web Client', 'http://twitter.com'],
  ['TweetDeck', 'https://about.twitter.com/products/tweetdeck'],
  ['Twitter for iPad', 'http://twitter.com/#!/download/ipad'],
];
