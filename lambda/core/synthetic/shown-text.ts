/**
 * A post's text together with its entities (hashtags, mentions, links with code-point offsets), and
 * the shortened forms the wire formats send, keeping only the entities that survive the cut.
 */
import {
  codePointLength,
  extractEntities,
  sliceCodePoints,
  type TextEntities,
  type TextEntity,
} from './entities';

/** A text as sent, with its entities (code-point offsets into that text). */
export interface ShownText {
  readonly text: string;
  readonly entities: TextEntities;
  /** Code points of the full text. */
  readonly fullLength: number;
}

/** The full text and its entities. */
export function shown(text: string): ShownText {
  return { text, entities: extractEntities(text), fullLength: codePointLength(text) };
}

/**
 * `prefix` + the first `keep` code points of `full.text` + `suffix`, with the entities that lie
 * wholly inside the kept part, shifted by the prefix (an entity cut in half is dropped, as X does).
 */
export function cut(full: ShownText, keep: number, prefix: string, suffix: string): ShownText {
  const shift = codePointLength(prefix);
  const within = (list: readonly TextEntity[]): TextEntity[] =>
    list
      .filter((e) => e.end <= keep)
      .map((e) => ({ start: e.start + shift, end: e.end + shift, value: e.value }));
  return {
    text: prefix + sliceCodePoints(full.text, keep) + suffix,
    entities: {
      hashtags: within(full.entities.hashtags),
      mentions: within(full.entities.mentions),
      urls: within(full.entities.urls),
    },
    fullLength: full.fullLength,
  };
}

/** A text's entities with those of a prefix (such as "RT @user: ") placed before them. */
export function afterPrefix(prefix: string, rest: ShownText): ShownText {
  const head = extractEntities(prefix);
  return {
    text: rest.text,
    entities: {
      hashtags: [...head.hashtags, ...rest.entities.hashtags],
      mentions: [...head.mentions, ...rest.entities.mentions],
      urls: [...head.urls, ...rest.entities.urls],
    },
    fullLength: rest.fullLength,
  };
}

/** Whether a text has any entity at all. */
export function hasEntities(e: TextEntities): boolean {
  return e.hashtags.length + e.mentions.length + e.urls.length > 0;
}
