import {
  entityValues,
  hashtagsInText,
  mentionsInText,
  splitListCell,
} from '../../lambda/core/normalise/entities';

describe('entity extraction', () => {
  it('GIVEN X entity arrays WHEN read THEN values are lower-cased in order, malformed entries skipped', () => {
    const list = [
      { tag: 'DebateNight' },
      { tag: '#Dup' },
      { nope: 1 },
      'x',
      { tag: '' },
      { tag: 'DebateNight' },
    ];
    expect(entityValues(list, 'tag')).toEqual(['debatenight', 'dup', 'debatenight']);
    expect(entityValues(undefined, 'tag')).toEqual([]);
  });

  it('GIVEN text with hashtags WHEN scanned THEN tags after a word character, all-digit tags and anchors are not hashtags', () => {
    // GIVEN
    const text = '#GOPDebate: ¡#Política! C# a#b #2016 #2016Debate &#39; url.com/#frag #ÜberTag ＃Wide';
    // WHEN / THEN
    expect(hashtagsInText(text)).toEqual(['gopdebate', 'política', '2016debate', 'übertag', 'wide']);
    expect(hashtagsInText('no tags here')).toEqual([]);
  });

  it('GIVEN text with mentions WHEN scanned THEN e-mail addresses and over-long handles are not mentions', () => {
    const text =
      'RT @JaneDoe2024: cc @bob_1, mail me@example.com, medium.com/@writer @this_handle_is_too_long! (@Ann)';
    expect(mentionsInText(text)).toEqual(['janedoe2024', 'bob_1', 'ann']);
    expect(mentionsInText('nobody')).toEqual([]);
  });

  it('GIVEN list cells in several styles WHEN split THEN values are bare and lower-cased', () => {
    expect(splitListCell('GOPDebate Jobs')).toEqual(['gopdebate', 'jobs']);
    expect(splitListCell("['#A', '#B']")).toEqual(['a', 'b']);
    expect(splitListCell('@x;@y|z')).toEqual(['x', 'y', 'z']);
    expect(splitListCell('')).toEqual([]);
  });
});
