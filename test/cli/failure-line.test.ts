import { debugReport, failureLine } from '../../lib/cli/failure-line';

describe('failureLine', () => {
  test('GIVEN fetch failed on an unknown host WHEN described THEN the host is named with the fix', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND api.x.invalid'), {
      code: 'ENOTFOUND',
      hostname: 'api.x.invalid',
    });
    expect(failureLine(new TypeError('fetch failed', { cause }))).toBe(
      'cannot resolve the host name api.x.invalid: check the URL and the network connection',
    );
  });

  test('GIVEN an AWS service error about credentials WHEN described THEN its code, message and the fix', () => {
    const err = Object.assign(new Error('The security token included in the request is invalid.'), {
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(failureLine(err)).toBe(
      'AWS answered UnrecognizedClientException: The security token included in the request is invalid.: ' +
        'check your AWS credentials (aws sts get-caller-identity shows whose they are)',
    );
  });

  test('GIVEN an unexpected multi-line error holding a key WHEN described THEN one line, masked, pointing at --debug', () => {
    const line = failureLine(new Error('boom with AKIAIOSFODNN7EXAMPLE\nsecond line'));
    expect(line).toBe('boom with [redacted] (unexpected: run again with --debug for the details)');
  });

  test('GIVEN an error with a cause WHEN reported for --debug THEN both stacks, masked', () => {
    const report = debugReport(new Error('outer', { cause: new Error('inner Bearer abcdef123456') }));
    expect(report).toMatch(/^Error: outer\n\s+at /);
    expect(report).toMatch(/caused by: Error: inner Bearer \[redacted\]\n\s+at /);
  });
});
