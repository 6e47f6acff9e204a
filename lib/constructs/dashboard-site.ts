import * as fs from 'fs';
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeFindings, logicalIdOf, S3_GRANT_READ_ACTIONS } from './nag-acknowledgements';

/** Properties of a {@link DashboardSite}. */
export interface DashboardSiteProps {
  /** A directory holding the built dashboard (scripts/build-web.js output, with index.html). */
  readonly siteDir: string;
  /** The query API's base URL, written into the site's `config.json` at deploy time. */
  readonly apiUrl: string;
}

/**
 * The dashboard: the built web page in a private bucket served only through CloudFront (origin
 * access control), HTTPS only, with `config.json` (the API URL) generated at deploy time. The
 * bucket holds nothing but deployed files, so the deployment removes them on destroy and the
 * bucket goes with the stack.
 */
export class DashboardSite extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>` (the API's allowed origin). */
  public readonly origin: string;
  /** The page's URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    if (!fs.existsSync(`${props.siteDir}/index.html`))
      throw new Error(`DashboardSite ${this.node.path}: no index.html in siteDir "${props.siteDir}"`);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Holds only the static page, written by the deployment; every read comes through CloudFront.',
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'trendoff dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      // North America and Europe edges: the cheapest class; viewers elsewhere still get the page.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'A public dashboard of public posts; no audience is excluded by country.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'Static files only; the API behind it is throttled at API Gateway. A WAF web ACL costs more than the night.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'Standard logs need an ACL-enabled bucket; the page is static and the API, which does the work, keeps access logs.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate allows TLSv1 viewers; a custom domain (TLSv1.2_2021) is the operator’s choice.',
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;

    const deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [
        s3deploy.Source.asset(props.siteDir),
        s3deploy.Source.jsonData('config.json', { apiUrl: props.apiUrl }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      retainOnDelete: false,
      memoryLimit: 256,
      logGroup: new logs.LogGroup(this, 'DeploymentLogs', {
        retention: logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    // The deployment's handler is a stack-level singleton made by aws-cdk-lib; its role and
    // runtime are not ours to choose. It runs only while CloudFormation deploys the page.
    const handler = Stack.of(this).node.children.find((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler === undefined)
      throw new Error(`DashboardSite ${this.node.path}: no BucketDeployment handler`);
    const reason =
      'BucketDeployment’s own handler (aws-cdk-lib): copies the page from the CDK asset bucket into this site bucket at deploy time.';
    acknowledgeFindings(
      handler,
      'AwsSolutions-IAM5',
      [
        ...['s3:Abort*', 's3:DeleteObject*', ...S3_GRANT_READ_ACTIONS].map((a) => `Action::${a}`),
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        `Resource::<${logicalIdOf(this.bucket)}.Arn>/*`,
        // CloudFront invalidations have no resource-level permissions.
        'Resource::*',
      ],
      reason,
    );
    acknowledgeFindings(
      handler,
      'AwsSolutions-IAM4',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      reason,
    );
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `${reason} Its runtime is pinned by aws-cdk-lib.`,
    });
    void deployment;
  }
}
