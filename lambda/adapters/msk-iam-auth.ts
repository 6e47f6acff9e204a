/**
 * SASL OAUTHBEARER tokens for Amazon MSK's IAM access control, for kafkajs's `oauthBearerProvider`.
 * A token is a SigV4-presigned `kafka-cluster:Connect` request signed with the process's AWS
 * credentials; it is valid for 15 minutes. kafkajs asks for one on every connection (and broker
 * re-authentication), so one token is kept and replaced a margin before it expires: a connection
 * never starts with a token about to lapse, and signing happens once per token, not per broker.
 */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { generateAuthToken, generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';

/** What the signer hands back: the token and when it expires (epoch ms). */
export interface SignedToken {
  readonly token: string;
  readonly expiryTime: number;
}

/** Signs a new token (the signer of aws-msk-iam-sasl-signer-js by default). */
export type TokenSigner = (region: string) => Promise<SignedToken>;

export interface MskIamAuthOptions {
  /** Region of the cluster (the token is signed for it). */
  readonly region: string;
  /**
   * A token is replaced once less than this is left of its life (it lives 15 minutes).
   *
   * @default 5 minutes
   */
  readonly refreshBeforeMs?: number;
  /**
   * Credentials to sign with.
   *
   * @default - the default provider chain (the Lambda's or the ECS task's role)
   */
  readonly credentials?: AwsCredentialIdentityProvider;
  /** For tests: the signer. @default aws-msk-iam-sasl-signer-js */
  readonly sign?: TokenSigner;
  /** For tests: the clock. @default Date.now */
  readonly now?: () => number;
}

/** kafkajs's `OauthbearerProviderResponse`. */
export interface OauthBearerToken {
  readonly value: string;
}

export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;
/** A token lives 15 minutes (the signer's expiry); a margin must leave some of that. */
const TOKEN_LIFE_MS = 15 * 60_000;

/**
 * An `oauthBearerProvider` for kafkajs: the current token while more than `refreshBeforeMs` of it
 * is left, else a new one. Concurrent callers share one signing; a failed signing is not kept, so
 * the next connection attempt signs again.
 */
export function mskIamTokenProvider(options: MskIamAuthOptions): () => Promise<OauthBearerToken> {
  const { region, refreshBeforeMs = DEFAULT_REFRESH_BEFORE_MS, now = Date.now } = options;
  if (region === '') throw new Error('MSK IAM auth needs the cluster region (AWS_REGION is empty)');
  if (!(refreshBeforeMs >= 0 && refreshBeforeMs < TOKEN_LIFE_MS))
    throw new RangeError(`refreshBeforeMs must be from 0 to ${TOKEN_LIFE_MS - 1} ms, got ${refreshBeforeMs}`);
  const credentials = options.credentials;
  const sign: TokenSigner =
    options.sign ??
    (credentials !== undefined
      ? (r) => generateAuthTokenFromCredentialsProvider({ region: r, awsCredentialsProvider: credentials })
      : (r) => generateAuthToken({ region: r }));

  let current: SignedToken | undefined;
  let signing: Promise<SignedToken> | undefined;
  return async () => {
    if (current !== undefined && now() < current.expiryTime - refreshBeforeMs)
      return { value: current.token };
    signing ??= sign(region).finally(() => {
      signing = undefined;
    });
    current = await signing;
    return { value: current.token };
  };
}
