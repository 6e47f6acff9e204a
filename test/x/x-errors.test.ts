import { classifyHttpFailure } from '../../lambda/x/x-errors';

describe('classifyHttpFailure', () => {
  test('GIVEN a 401 whose detail echoes the token WHEN classified THEN the message names the fix and masks the token', () => {
    const body = JSON.stringify({
      title: 'Unauthorized',
      detail:
        'Bearer AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUif is not valid\nfor key AKIAIOSFODNN7EXAMPLE',
      status: 401,
    });
    const verdict = classifyHttpFailure(401, body, '/2/tweets/search/stream');
    expect('error' in verdict).toBe(true);
    const message = 'error' in verdict ? verdict.error.message : '';
    expect(message).toContain(
      'X answered 401 Unauthorized (X says: Unauthorized: Bearer [redacted] is not valid for key [redacted])',
    );
    expect(message).toContain('TRENDOFF_X_BEARER_TOKEN');
    expect(message).not.toMatch(/MLhe|AKIA|\n/);
  });
});
