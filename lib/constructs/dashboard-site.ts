import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Aws, CfnCondition, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { API_BASE_PATH } from '../../lambda/core/api/contract';
import { EDGE_TTL_SECONDS } from '../../lambda/core/api/caching';
import { HOST_NAME } from '../config/app-config';
import { acknowledgeFindings, logicalIdOf, S3_GRANT_READ_ACTIONS } from './nag-acknowledgements';

/**
 * Regions that host CloudFront Origin Shield (CloudFront Developer Guide, "Choosing the AWS Region
 * for Origin Shield"); check there before adding one: CloudFront refuses a region without it.
 */
export const ORIGIN_SHIELD_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'sa-east-1',
];

/** Properties of a {@link DashboardSite}. */
export interface DashboardSiteProps {
  /** A directory holding the built dashboard (scripts/build-web.js output, with index.html). */
  readonly siteDir: string;
  /**
   * The query API, served under `/api/*` of the page's own origin through the distribution's
   * cache, so N viewers of one view cost about one request to the API per second.
   *
   * @default - none: the page calls `apiUrl`
   */
  readonly api?: apigw.IHttpApi;
  /**
   * The query API's base URL, written into the site's `config.json` at deploy time.
   *
   * @default - `/api/` (same origin) when `api` is given; one of the two is required
   */
  readonly apiUrl?: string;
  /**
   * A host name of yours for the page, with its ACM certificate (in us-east-1). Only then can
   * viewers be held to TLS 1.2 (TLSv1.2_2021): on its default `*.cloudfront.net` name CloudFront
   * accepts TLSv1 whatever the distribution says. Point the name at the distribution (a CNAME, or
   * a Route 53 alias) yourself.
   *
   * @default - the distribution's `*.cloudfront.net` name
   */
  readonly domain?: DashboardDomain;
}

/** A custom host name of the dashboard and its certificate. */
export interface DashboardDomain {
  /** The host name, e.g. `debate.example.org`. */
  readonly name: string;
  /** An ACM certificate for that name, in us-east-1 (CloudFront's certificates live there). */
  readonly certificate: acm.ICertificate;
}

/**
 * The dashboard: the built web page in a private bucket served only through CloudFront (origin
 * access control), HTTPS only (TLS 1.2 and up on a custom domain), with `config.json` (the API URL)
 * generated at deploy time, and the query API under `/api/*` of the same distribution, cached as
 * its answers' `Cache-Control` says and compressed. The bucket holds nothing but deployed files,
 * so the deployment removes them on destroy and the bucket goes with the stack.
 */
export class DashboardSite extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>` (the API's allowed origin). */
  public readonly origin: string;
  /** The page's URL. */
  public readonly url: string;
  /** The API base URL the page is given in `config.json`. */
  public readonly apiUrl: string;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    if (!fs.existsSync(`${props.siteDir}/index.html`))
      throw new Error(`DashboardSite ${this.node.path}: no index.html in siteDir "${props.siteDir}"`);
    if (props.api === undefined && props.apiUrl === undefined)
      throw new Error(`DashboardSite ${this.node.path}: give the query API (api) or its URL (apiUrl)`);
    if (props.domain !== undefined && !HOST_NAME.test(props.domain.name))
      throw new Error(
        `DashboardSite ${this.node.path}: domain.name must be a host name, got "${props.domain.name}"`,
      );

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
      ...(props.domain !== undefined
        ? {
            domainNames: [props.domain.name],
            certificate: props.domain.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'A public dashboard of public posts; no audience is excluded by country.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'Static files and cached read-only API answers; the API origin is throttled at API Gateway. A WAF web ACL costs more than the night.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'Standard logs need an ACL-enabled bucket; the page is static and the API, which does the work, keeps access logs.',
    });
    if (props.domain === undefined)
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'On its default *.cloudfront.net name CloudFront accepts TLSv1 whatever the distribution says; the dashboardDomain context (with its certificate) sets TLSv1.2_2021.',
      });
    this.origin = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
    if (props.api !== undefined) this.serveApi(props.api);
    this.apiUrl = props.apiUrl ?? `${API_BASE_PATH}/`;

    const deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [
        s3deploy.Source.asset(props.siteDir),
        s3deploy.Source.jsonData('config.json', { apiUrl: this.apiUrl }),
      ],
      destinationBucket: this.bucket,
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

    this.invalidateAfter(deployment, props);
  }

  /**
   * The query API under `/api/*`: CloudFront keeps each answer as its `Cache-Control` says (at
   * least a second, so every viewer of the same second, at any edge, shares one origin request
   * through Origin Shield), keyed on the
   * whole query string (the API refuses names it does not read, so no refusal can be cached under a
   * valid request's key), compressed with brotli or gzip. The origin gets every viewer header but
   * Host, which must name the API's own host.
   */
  private serveApi(api: apigw.IHttpApi): void {
    const cachePolicy = new cloudfront.CachePolicy(this, 'ApiCachePolicy', {
      comment: 'trendoff query API: TTL from its Cache-Control, at least 1 s; keyed on the query string',
      minTtl: Duration.seconds(EDGE_TTL_SECONDS.min),
      defaultTtl: Duration.seconds(EDGE_TTL_SECONDS.default),
      maxTtl: Duration.seconds(EDGE_TTL_SECONDS.max),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // apiEndpoint is https://<id>.execute-api.<region>.<suffix>: the origin is its host.
    const host = Fn.select(2, Fn.split('/', api.apiEndpoint));
    this.distribution.addBehavior(
      `${API_BASE_PATH}/*`,
      new origins.HttpOrigin(host, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      }),
      {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
    );
    this.shieldApiOrigin();
  }

  /**
   * One more cache in front of the API, in its own region: every regional edge cache that misses
   * asks Origin Shield, so the API answers each URL about once per TTL however many viewers and
   * edges. The stacks are region-agnostic, so the choice is made at deploy time: where the region
   * hosts no Origin Shield, the API is served without it (CloudFront refuses an unknown one).
   */
  private shieldApiOrigin(): void {
    const inRegion = (regions: readonly string[]) =>
      Fn.conditionOr(...regions.map((r) => Fn.conditionEquals(Aws.REGION, r)));
    // Fn::Or takes at most 10 conditions.
    const hosted = new CfnCondition(this, 'OriginShieldInRegion', {
      expression: Fn.conditionOr(
        inRegion(ORIGIN_SHIELD_REGIONS.slice(0, 10)),
        inRegion(ORIGIN_SHIELD_REGIONS.slice(10)),
      ),
    });
    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    // The page's bucket is origin 0 (the default behaviour's), the API origin 1.
    cfn.addPropertyOverride(
      'DistributionConfig.Origins.1.OriginShield',
      Fn.conditionIf(hosted.logicalId, { Enabled: true, OriginShieldRegion: Aws.REGION }, Aws.NO_VALUE),
    );
  }

  /**
   * Invalidates every cached path once the files are copied. Not BucketDeployment's own
   * `distribution` option: that grants its handler invalidations of every distribution in the
   * account (`Resource: *`); this custom resource may invalidate this distribution only.
   */
  private invalidateAfter(deployment: s3deploy.BucketDeployment, props: DashboardSiteProps): void {
    // A new caller reference (hence a new invalidation) whenever the page or the API URL changes.
    const callerReference = `${contentHash(props.siteDir)} ${this.apiUrl}`;
    const invalidate: cr.AwsSdkCall = {
      service: 'CloudFront',
      action: 'createInvalidation',
      parameters: {
        DistributionId: this.distribution.distributionId,
        InvalidationBatch: { CallerReference: callerReference, Paths: { Quantity: 1, Items: ['/*'] } },
      },
      physicalResourceId: cr.PhysicalResourceId.of(callerReference),
    };
    const logGroup = new logs.LogGroup(this, 'InvalidationLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role rather than AWSLambdaBasicExecutionRole, which may write to any log group.
    const role = new iam.Role(this, 'InvalidationRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'trendoff dashboard: invalidates the CloudFront cache after a deployment',
    });
    logGroup.grantWrite(role);
    const invalidation = new cr.AwsCustomResource(this, 'Invalidation', {
      onCreate: invalidate,
      onUpdate: invalidate,
      role,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [this.distribution.distributionArn] }),
      installLatestAwsSdk: false,
      logGroup,
    });
    invalidation.node.addDependency(deployment);
  }
}

/** A digest of every file under `dir` (names and bytes), stable across machines. */
function contentHash(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (at: string): void => {
    for (const entry of fs
      .readdirSync(at, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) walk(file);
      else hash.update(`${path.relative(dir, file)}\0`).update(fs.readFileSync(file));
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 32);
}
