import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import {
  DEFAULT_REFRESH_BEFORE_MS,
  mskIamTokenProvider,
  type SignedToken,
  type TokenSigner,
} from '../../lambda/adapters/msk-iam-auth';

// Fixed example credentials: the signer signs locally, with no call to AWS.
const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});

/** The real signer, counting its signings and stamping each token with its number. */
function countingSigner(): { sign: TokenSigner; signed: SignedToken[] } {
  const signed: SignedToken[] = [];
  const sign: TokenSigner = async (region) => {
    const t = await generateAuthTokenFromCredentialsProvider({ region, awsCredentialsProvider: credentials });
    signed.push(t);
    return { token: `${t.token}#${signed.length}`, expiryTime: t.expiryTime };
  };
  return { sign, signed };
}

describe('mskIamTokenProvider', () => {
  test('GIVEN the real signer WHEN a token is asked for THEN it is a presigned kafka-cluster:Connect URL valid 15 minutes', async () => {
    // GIVEN
    const provide = mskIamTokenProvider({ region: 'eu-west-1', credentials });
    // WHEN
    const { value } = await provide();
    // THEN the token is the base64url of the presigned URL
    const url = new URL(Buffer.from(value, 'base64url').toString('utf8'));
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  test('GIVEN a token WHEN asked again before the refresh margin THEN the same token, signed once', async () => {
    // GIVEN
    const { sign, signed } = countingSigner();
    let clock = Date.now();
    const provide = mskIamTokenProvider({ region: 'us-east-1', sign, now: () => clock });
    const first = await provide();
    // WHEN asked again just before the margin starts
    clock = signed[0]!.expiryTime - DEFAULT_REFRESH_BEFORE_MS - 1;
    const again = await provide();
    // THEN
    expect(again).toEqual(first);
    expect(signed).toHaveLength(1);
  });

  test('GIVEN a token WHEN asked inside the refresh margin THEN a new token is signed before the old one expires', async () => {
    // GIVEN
    const { sign, signed } = countingSigner();
    let clock = Date.now();
    const provide = mskIamTokenProvider({
      region: 'us-east-1',
      sign,
      now: () => clock,
      refreshBeforeMs: 60_000,
    });
    const first = await provide();
    // WHEN the first token has exactly the margin left (still valid)
    clock = signed[0]!.expiryTime - 60_000;
    const second = await provide();
    // THEN
    expect(clock).toBeLessThan(signed[0]!.expiryTime);
    expect(signed).toHaveLength(2);
    expect(second.value).not.toBe(first.value);
    expect(second.value.endsWith('#2')).toBe(true);
  });

  test('GIVEN concurrent connections WHEN they ask at once THEN one signing serves them all', async () => {
    const { sign, signed } = countingSigner();
    const provide = mskIamTokenProvider({ region: 'us-east-1', sign });
    const tokens = await Promise.all([provide(), provide(), provide()]);
    expect(signed).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.value)).size).toBe(1);
  });

  test('GIVEN a failed signing WHEN asked again THEN it signs again rather than keeping the failure', async () => {
    // GIVEN a signer that fails once (credentials not yet available), then works
    const { sign: real, signed } = countingSigner();
    let calls = 0;
    const sign: TokenSigner = (region) =>
      ++calls === 1
        ? Promise.reject(new Error('Could not load credentials from any providers'))
        : real(region);
    const provide = mskIamTokenProvider({ region: 'us-east-1', sign });
    // WHEN / THEN
    await expect(provide()).rejects.toThrow('Could not load credentials');
    await expect(provide()).resolves.toEqual({ value: expect.stringMatching(/#1$/) });
    expect(signed).toHaveLength(1);
  });

  test('fails if the region is empty or the margin leaves no token life', () => {
    expect(() => mskIamTokenProvider({ region: '' })).toThrow(/needs the cluster region/);
    expect(() => mskIamTokenProvider({ region: 'us-east-1', refreshBeforeMs: 15 * 60_000 })).toThrow(
      /refreshBeforeMs must be from 0 to 899999 ms/,
    );
  });
});
