import { redactSecrets } from '../../lambda/core/redact';

const X_TOKEN =
  'AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F';

describe('redactSecrets', () => {
  test('GIVEN an Authorization header echoed back WHEN redacted THEN the bearer token is gone', () => {
    const out = redactSecrets(`Unauthorized: header was "Bearer ${X_TOKEN}"`);
    expect(out).toBe('Unauthorized: header was "Bearer [redacted]"');
  });

  test('GIVEN a short bearer token WHEN redacted THEN it is masked too (the word Bearer marks it)', () => {
    expect(redactSecrets('got bearer abc123')).toBe('got bearer [redacted]');
  });

  test('GIVEN a bare X token, without the word Bearer WHEN redacted THEN it is masked', () => {
    expect(redactSecrets(`token ${X_TOKEN} is invalid`)).not.toContain('MLheAAAA');
  });

  test('GIVEN AWS access key ids and a secret key WHEN redacted THEN none remains', () => {
    const out = redactSecrets(
      'keys AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    );
    expect(out).toBe('keys [redacted] and [redacted] with [redacted]');
  });

  test('GIVEN secret-named key=value and JSON pairs WHEN redacted THEN only the values are masked', () => {
    expect(redactSecrets('url?api_key=s3cr3t&x=1 password: hunter2 {"access_token": "abc"}')).toBe(
      'url?api_key=[redacted]&x=1 password: [redacted] {"access_token": "[redacted]"}',
    );
  });

  test('GIVEN a long hex secret WHEN redacted THEN it is masked', () => {
    expect(redactSecrets('sig 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe(
      'sig [redacted]',
    );
  });

  test('GIVEN an ordinary X problem detail WHEN redacted THEN it is unchanged', () => {
    const detail =
      'Unauthorized: https://api.x.com/2/tweets/search/stream/rules requires a valid App-only Bearer Token; see https://developer.x.com/en/docs/authentication';
    expect(redactSecrets(detail)).toBe(detail);
    expect(
      redactSecrets('Post 1234567890123456789 of rule 1650000000000000000 at 2015-09-16T20:00:00Z'),
    ).toBe('Post 1234567890123456789 of rule 1650000000000000000 at 2015-09-16T20:00:00Z');
  });
});
