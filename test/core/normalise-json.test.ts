import { normaliseJson, normaliseJsonLine } from '../../lambda/core/normalise/json';
import { MAX_SAMPLE_CHARS, type NormaliseResult } from '../../lambda/core/tweet';
import { fixtureJson, fixtureLine } from '../fixtures/normalise/load';

function rejectionOf(result: NormaliseResult) {
  if (result.ok) throw new Error(`expected a rejection, got tweet ${result.tweet.id}`);
  return result.rejection;
}

describe('normaliseJsonLine / normaliseJson', () => {
  it.each([
    ['x-v2/plain.json', 'x-v2', '1833312345678901234'],
    ['x-v2/retweet.json', 'x-v2', '1833312345678909999'],
    ['x-v1/plain.json', 'x-v1', '629467348516311041'],
    ['x-v1/retweet-extended.json', 'x-v1', '629481138632364032'],
  ])('GIVEN the line %s WHEN normalised THEN it is detected as %s by shape', (file, format, id) => {
    // WHEN
    const result = normaliseJsonLine(fixtureLine(file));
    // THEN
    expect(result.ok && result.tweet.format).toBe(format);
    expect(result.ok && result.tweet.id).toBe(id);
  });

  it('GIVEN a parsed value WHEN normalised THEN the result is the same as for its line', () => {
    const line = fixtureLine('x-v2/geo.json');
    expect(normaliseJson(fixtureJson('x-v2/geo.json'))).toEqual(normaliseJsonLine(line));
  });

  it('GIVEN a line with a trailing CR LF WHEN normalised THEN it is accepted', () => {
    expect(normaliseJsonLine(`${fixtureLine('x-v1/plain.json')}\r\n`).ok).toBe(true);
  });

  it('rejects a line when it is not valid JSON, with the line as the sample', () => {
    // GIVEN a line cut in the middle
    const line = fixtureLine('x-v2/plain.json').slice(0, 80);
    // WHEN
    const rejection = rejectionOf(normaliseJsonLine(line));
    // THEN
    expect(rejection.format).toBe('unknown');
    expect(rejection.reason).toMatch(/^malformed JSON: /);
    expect(rejection.sample).toBe(line);
  });

  it('rejects a line when it is empty or a keep-alive', () => {
    expect(rejectionOf(normaliseJsonLine('')).reason).toBe('empty line');
    expect(rejectionOf(normaliseJsonLine('\r\n')).reason).toBe('empty line');
  });

  it.each([
    ['[1,2]', 'not a JSON object (got an array)'],
    ['"text"', 'not a JSON object (got "text")'],
    ['null', 'not a JSON object (got null)'],
    ['42', 'not a JSON object (got 42)'],
  ])('rejects a line when it is the non-object JSON %s', (line, reason) => {
    const rejection = rejectionOf(normaliseJsonLine(line));
    expect(rejection.reason).toBe(reason);
    expect(rejection.format).toBe('unknown');
  });

  it('rejects a line when the object is neither a v2 payload nor a v1.1 status', () => {
    const rejection = rejectionOf(normaliseJsonLine('{"id":"1","text":"hello"}'));
    expect(rejection.reason).toMatch(/^unrecognised JSON object/);
  });

  it('rejects a line when it is a v2 error payload or a v1.1 control message, naming the format', () => {
    expect(rejectionOf(normaliseJsonLine(fixtureLine('x-v2/error.json'))).format).toBe('x-v2');
    expect(rejectionOf(normaliseJsonLine(fixtureLine('x-v1/delete.json'))).format).toBe('x-v1');
    expect(rejectionOf(normaliseJsonLine(fixtureLine('x-v1/limit.json'))).reason).toMatch(/"limit"/);
  });

  it('rejects a line when the text has a lone surrogate escaped in the JSON', () => {
    // GIVEN JSON.parse turns "\ud800" into a lone surrogate
    const line = fixtureLine('x-v2/plain.json').replace('Great answer', 'Great \\ud800 answer');
    // WHEN
    const rejection = rejectionOf(normaliseJsonLine(line));
    // THEN
    expect(rejection.reason).toBe('data.text contains a lone UTF-16 surrogate');
  });

  it('GIVEN a huge rejected line WHEN normalised THEN the sample is capped', () => {
    const line = `{"data":{"id":"x${'9'.repeat(10_000)}"}}`;
    const rejection = rejectionOf(normaliseJsonLine(line));
    expect(rejection.sample.length).toBe(MAX_SAMPLE_CHARS);
  });
});
