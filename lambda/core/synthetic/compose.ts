/**
 * Writes the text of one synthetic post from what the generator decided: who it is about, with which
 * polarity, in which language, by which account. Candidates are named only through their own config
 * terms, so the matcher finds the candidates the post is about.
 */
import type { DebateConfig } from '../debate-config';
import type { TweetAuthor } from '../tweet';
import { userIdForHandle, type AuthorProfile } from './authors';
import {
  EMOJI,
  GENERAL_EN,
  GENERIC_HASHTAGS,
  NEGATIVE_EN,
  NEUTRAL_EN,
  OTHER_LANGUAGES,
  POSITIVE_EN,
  TOPICS,
} from './phrases';
import type { Random } from './prng';

/** Polarity a post is written with. */
export type Tone = 'pos' | 'neg' | 'neu';

/** A candidate's config terms, sorted by how they can be used in a sentence. */
export interface CandidateVoice {
  readonly id: string;
  readonly name: string;
  readonly names: readonly string[];
  readonly possessives: readonly string[];
  readonly handles: readonly string[];
  readonly hashtags: readonly string[];
}

/** One candidate a post is about, and how the post feels about them. */
export interface Subject {
  readonly voice: CandidateVoice;
  readonly tone: Tone;
}

export interface ComposeRequest {
  readonly author: AuthorProfile;
  /** Zero (a post about the event), one or two candidates. */
  readonly subjects: readonly Subject[];
  /** Tone of a post about the event as a whole (used when there is no subject). */
  readonly generalTone: Tone;
  /** Handle to open with when the post is a reply. */
  readonly replyTo?: string;
  /** Another account the post tags ("cc @…"). */
  readonly bystander?: TweetAuthor;
}

export interface Composed {
  readonly text: string;
  readonly lang: string;
  /** Accounts the text @mentions whose ids are known (candidates' handles, the bystander). */
  readonly mentioned: readonly TweetAuthor[];
}

/** Sorts each candidate's terms into names, possessives, @handles and #hashtags. */
export function buildVoices(config: DebateConfig): CandidateVoice[] {
  return Object.entries(config.candidates).map(([id, c]) => {
    const names: string[] = [];
    const possessives: string[] = [];
    const handles: string[] = [];
    const hashtags: string[] = [];
    for (const raw of c.terms) {
      const term = raw.trim();
      if (term.startsWith('@')) handles.push(term);
      else if (term.startsWith('#')) hashtags.push(term);
      else if (/['’]s$/i.test(term)) possessives.push(term);
      else names.push(term);
    }
    return { id, name: c.name, names, possessives, handles, hashtags };
  });
}

export class Composer {
  private readonly debateTags: readonly string[];

  constructor(config: DebateConfig) {
    this.debateTags = config.hashtags.map((h) => (h.startsWith('#') ? h.slice(1) : h));
  }

  /** Whether posts about the event alone (selected by its hashtag) are possible. */
  get hasDebateTags(): boolean {
    return this.debateTags.length > 0;
  }

  compose(rng: Random, req: ComposeRequest): Composed {
    const { author, subjects } = req;
    const lang = author.lang !== 'en' && rng.chance(0.75) ? author.lang : 'en';
    const w = new PostWriter(rng, author, lang);

    let body: string;
    let mood: Tone;
    if (subjects.length === 0) {
      mood = req.generalTone;
      body = lang === 'en' ? rng.pick(GENERAL_EN[mood]) : w.phrase(mood);
      if (w.shout && mood !== 'neu') body = body.toUpperCase();
      body += w.bang(mood);
    } else if (subjects.length === 1) {
      const { voice, tone } = subjects[0];
      mood = tone;
      body = w.about(voice, tone);
      if (lang === 'en' && rng.chance(0.1))
        body += (body.endsWith('!') ? ' ' : '. ') + w.followUp(voice, tone);
    } else {
      const [a, b] = subjects;
      mood = a.tone;
      body =
        a.tone === 'neu' && b.tone === 'neu'
          ? lang === 'en'
            ? `${w.ref(a.voice)} and ${w.ref(b.voice)} going at it on ${w.topic()}`
            : `${w.ref(a.voice)} vs ${w.ref(b.voice)}`
          : `${w.side(a)}, ${w.side(b)}${w.bang(a.tone)}`;
    }

    const head: string[] = [];
    if (req.replyTo !== undefined) head.push(`@${req.replyTo}`);
    head.push(body);
    if (rng.chance(author.emojiRate)) {
      const n = 1 + rng.int(3);
      const repeat = rng.chance(0.4);
      const first = rng.pick(EMOJI[mood]);
      let e = first;
      for (let i = 1; i < n; i++) e += repeat ? first : rng.pick(EMOJI[mood]);
      head.push(e);
    }
    const tail: string[] = [];
    if (this.debateTags.length > 0 && (subjects.length === 0 || rng.chance(0.55))) {
      const tag = rng.pick(this.debateTags);
      const roll = rng.next();
      tail.push('#' + (roll < 0.8 ? tag : roll < 0.95 ? tag.toLowerCase() : tag.toUpperCase()));
    }
    for (const s of subjects) {
      const unused = s.voice.hashtags.filter((h) => !w.used(h));
      if (unused.length > 0 && rng.chance(0.15)) tail.push(rng.pick(unused));
    }
    if (rng.chance(0.08)) tail.push('#' + rng.pick(GENERIC_HASHTAGS));
    if (tail.length > 1 && rng.chance(0.3)) tail.reverse();
    if (req.bystander?.username !== undefined) {
      tail.push(`cc @${req.bystander.username}`);
      w.mentioned.push(req.bystander);
    }
    if (rng.chance(0.08)) tail.push('https://t.co/' + tcoCode(rng));
    let text = head.join(' ');
    if (tail.length > 0) text += (rng.chance(0.05) ? '\n\n' : ' ') + tail.join(' ');
    return { text, lang, mentioned: w.mentioned };
  }
}

/** Word choices for one post, in the account's voice. */
class PostWriter {
  readonly mentioned: TweetAuthor[] = [];
  /** Whether this post shouts (upper-case phrases, "!!!"). */
  readonly shout: boolean;
  /** Terms used so far, lower-cased (a post uses one to four). */
  private readonly terms: string[] = [];

  constructor(
    private readonly rng: Random,
    private readonly author: AuthorProfile,
    private readonly lang: string,
  ) {
    this.shout = rng.chance(author.shoutRate);
  }

  /** A phrase of the given tone; accounts keep returning to a few favourites (their vocabulary). */
  phrase(tone: Tone): string {
    const words =
      this.lang === 'en'
        ? tone === 'pos'
          ? POSITIVE_EN
          : tone === 'neg'
            ? NEGATIVE_EN
            : NEUTRAL_EN
        : OTHER_LANGUAGES[this.lang][tone];
    const rng = this.rng;
    const p = rng.chance(0.6) ? words[(this.author.habit + rng.int(3)) % words.length] : rng.pick(words);
    return this.shout && tone !== 'neu' ? p.toUpperCase() : p;
  }

  bang(tone: Tone): string {
    return tone === 'neu' ? '' : this.shout ? '!!!' : this.rng.chance(0.3) ? '!' : '';
  }

  topic(): string {
    return this.rng.pick(TOPICS);
  }

  /** One of the candidate's config terms (a possessive one when asked and available). */
  ref(voice: CandidateVoice, possessive = false): string {
    const rng = this.rng;
    let term: string;
    if (possessive && voice.possessives.length > 0) term = rng.pick(voice.possessives);
    else {
      const roll = rng.next();
      if (roll < 0.6 && voice.names.length > 0) term = rng.pick(voice.names);
      else if (roll < 0.85 && voice.handles.length > 0) term = rng.pick(voice.handles);
      else if (roll < 0.95 && voice.hashtags.length > 0) term = rng.pick(voice.hashtags);
      else term = rng.pick([...voice.names, ...voice.handles, ...voice.hashtags, ...voice.possessives]);
    }
    // People do not capitalise names reliably; matching is case-insensitive.
    if (rng.chance(0.1)) term = term.toLowerCase();
    this.terms.push(term.toLowerCase());
    if (term.startsWith('@')) {
      this.mentioned.push({ id: userIdForHandle(term), username: term.slice(1), name: voice.name });
    }
    return term;
  }

  /** Whether the post already used a term (case-insensitive). */
  used(term: string): boolean {
    return this.terms.includes(term.toLowerCase());
  }

  /** The main sentence of a post about one candidate. */
  about(voice: CandidateVoice, tone: Tone): string {
    if (tone === 'neu') return this.neutral(voice);
    if (this.lang !== 'en') {
      return this.rng.chance(0.5)
        ? `${this.ref(voice)} ${this.phrase(tone)}`
        : `${this.phrase(tone)} ${this.ref(voice)}`;
    }
    let s: string;
    switch (this.rng.int(voice.possessives.length > 0 ? 5 : 4)) {
      case 0:
        s = `${capitalise(this.phrase(tone))} from ${this.ref(voice)}`;
        break;
      case 1:
        s = `${this.ref(voice)} on ${this.topic()}? ${this.phrase(tone)}`;
        break;
      case 2:
        s =
          tone === 'pos'
            ? `${capitalise(this.phrase(tone))}. ${this.ref(voice)} wins this round`
            : `${capitalise(this.phrase(tone))}. ${this.ref(voice)} has no idea about ${this.topic()}`;
        break;
      case 4:
        s = `${this.ref(voice, true)} answer on ${this.topic()}: ${this.phrase(tone)}`;
        break;
      default:
        s = `${this.ref(voice)} ${this.phrase(tone)}`;
    }
    return s + this.bang(tone);
  }

  /** A second sentence for the longer posts (which exercise the 140-character cut of v1.1). */
  followUp(voice: CandidateVoice, tone: Tone): string {
    if (tone === 'neu') return `Then ${this.phrase('neu')} ${this.topic()} and ${this.topic()}`;
    return `And on ${this.topic()}? ${this.phrase(tone)}. Honestly ${this.ref(voice)} ${this.phrase(tone)} all night on ${this.topic()}`;
  }

  /** One candidate's half of a two-candidate post. */
  side(s: Subject): string {
    return s.tone === 'neu' ? this.neutral(s.voice) : `${this.ref(s.voice)} ${this.phrase(s.tone)}`;
  }

  private neutral(voice: CandidateVoice): string {
    return this.lang === 'en'
      ? `${this.ref(voice)} ${this.phrase('neu')} ${this.topic()}`
      : `${this.ref(voice)} ${this.phrase('neu')}`;
  }
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A t.co-style 10-character link code. */
function tcoCode(rng: Random): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHANUM[rng.int(ALPHANUM.length)];
  return code;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
