/**
 * VADER's fixed rule tables and empirically derived constants, as published in vaderSentiment 3.3.2
 * (MIT, (c) C.J. Hutto). Values are the reference's; only the representation is ours.
 */

/** Added to (or, before a negative word, subtracted from) a valence by a booster word. */
export const BOOSTER_INCREMENT = 0.293;
/** Effect of a dampener ("kind of", "barely", ...). */
export const BOOSTER_DECREMENT = -0.293;
/** Emphasis of an ALL-CAPS word in text that is not all caps. */
export const CAPS_INCREMENT = 0.733;
/** Multiplier applied by a negation. */
export const NEGATION_SCALAR = -0.74;
/** Normalisation constant: compound = x / sqrt(x² + ALPHA). */
export const NORMALISE_ALPHA = 15;
/** Per "!" (at most four count). */
export const EXCLAMATION_INCREMENT = 0.292;
export const MAX_EXCLAMATIONS = 4;
/** Per "?" when there are two or three; four or more give the flat cap. */
export const QUESTION_INCREMENT = 0.18;
export const QUESTION_CAP = 0.96;

/** Words that negate a following sentiment word (any token containing "n't" does too). */
export const NEGATIONS: ReadonlySet<string> = new Set([
  'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt',
  "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
  'dont', 'hadnt', 'hasnt', 'havent', 'isnt', 'mightnt', 'mustnt', 'neither',
  "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
  'neednt', "needn't", 'never', 'none', 'nope', 'nor', 'not', 'nothing', 'nowhere',
  'oughtnt', 'shant', 'shouldnt', 'uhuh', 'wasnt', 'werent',
  "oughtn't", "shan't", "shouldn't", 'uh-uh', "wasn't", "weren't",
  'without', 'wont', 'wouldnt', "won't", "wouldn't", 'rarely', 'seldom', 'despite',
]); // prettier-ignore

const INCREASING = [
  'absolutely', 'amazingly', 'awfully', 'completely', 'considerable', 'considerably', 'decidedly',
  'deeply', 'effing', 'enormous', 'enormously', 'entirely', 'especially', 'exceptional',
  'exceptionally', 'extreme', 'extremely', 'fabulously', 'flipping', 'flippin', 'frackin',
  'fracking', 'fricking', 'frickin', 'frigging', 'friggin', 'fully', 'fuckin', 'fucking', 'fuggin',
  'fugging', 'greatly', 'hella', 'highly', 'hugely', 'incredible', 'incredibly', 'intensely',
  'major', 'majorly', 'more', 'most', 'particularly', 'purely', 'quite', 'really', 'remarkably',
  'so', 'substantially', 'thoroughly', 'total', 'totally', 'tremendous', 'tremendously', 'uber',
  'unbelievably', 'unusually', 'utter', 'utterly', 'very',
]; // prettier-ignore

const DECREASING = [
  'almost', 'barely', 'hardly', 'just enough', 'kind of', 'kinda', 'kindof', 'kind-of', 'less',
  'little', 'marginal', 'marginally', 'occasional', 'occasionally', 'partly', 'scarce', 'scarcely',
  'slight', 'slightly', 'somewhat', 'sort of', 'sorta', 'sortof', 'sort-of',
]; // prettier-ignore

/** Degree modifiers and their signed effect. Multi-word keys only ever match inside idiom checks. */
export const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ...INCREASING.map((w): [string, number] => [w, BOOSTER_INCREMENT]),
  ...DECREASING.map((w): [string, number] => [w, BOOSTER_DECREMENT]),
]);

/**
 * Phrases that replace the valence of the word they contain. Single-word keys ("badass") are kept
 * as published although phrase matching can never reach them.
 */
export const SPECIAL_CASES: ReadonlyMap<string, number> = new Map([
  ['the shit', 3],
  ['the bomb', 3],
  ['bad ass', 1.5],
  ['badass', 1.5],
  ['bus stop', 0.0],
  ['yeah right', -2],
  ['kiss of death', -1.5],
  ['to die for', 3],
  ['beating heart', 3.1],
  ['broken heart', -2.9],
]);
