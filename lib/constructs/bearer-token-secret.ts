import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The X API bearer token of the producer. Its value is never in code, context, environment
 * variables, templates or logs: the stack creates the secret with a random placeholder, and the
 * operator puts the real token once per deployment, read from a file so it stays out of the shell
 * history:
 *
 *   aws secretsmanager put-secret-value --secret-id <BearerTokenSecretArn output> \
 *     --secret-string file://x-bearer-token.txt
 *
 * The producer reads it at run time through `grantRead()`.
 */
export class BearerTokenSecret extends Construct {
  /** The secret; grant access through `grantRead()`. */
  public readonly secret: secretsmanager.ISecret;

  // No props: the name is generated (no physical names) and the value must never be one.
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // No secretStringValue: CloudFormation generates a random placeholder, so no value is ever
    // part of the template.
    const secret = new secretsmanager.Secret(this, 'Resource', {
      description:
        'X API v2 bearer token of the trendoff producer (put with aws secretsmanager put-secret-value)',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'An X API bearer token is issued in the X developer portal; Secrets Manager has no way to rotate it.',
    });
    this.secret = secret;
  }
}
