import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { queryApiEnvironment, QUERY_API_SERVICE } from '../../lambda/handlers/env/query-api-env';
import { ARCHIVE_RAW_PREFIX } from './archive-bucket';
import { HandlerFunction } from './handler-function';
import { acknowledgeFindings, arnNamesOf, S3_GRANT_READ_ACTIONS } from './nag-acknowledgements';

/** Properties of a {@link QueryApi}. */
export interface QueryApiProps {
  readonly table: dynamodb.ITable;
  /** Read by `/compare` (raw posts). */
  readonly archiveBucket: s3.IBucket;
  /**
   * A browser origin allowed to call the API from another origin (CORS), `https://host`.
   *
   * @default - none: the dashboard calls the API on its own origin, through its CloudFront
   */
  readonly allowedOrigin?: string;
  /**
   * Steady-state requests per second reaching the API. Behind the dashboard's CloudFront, which
   * keeps each answer at least a second, a dashboard view costs about 3 requests a second however
   * many people watch it, so the default protects the origin (and the bill from a script going
   * around the cache) rather than capping viewers.
   *
   * @default 50
   */
  readonly rateLimit?: number;
  /**
   * Requests allowed in a burst above the rate.
   *
   * @default 100
   */
  readonly burstLimit?: number;
}

/**
 * The query API: the query-api handler behind an API Gateway HTTP API (one `$default` route,
 * payload 2.0), throttled, access-logged; browsers reach it through the dashboard's CloudFront.
 * Read-only: the function may read the aggregates and the raw archive, nothing else.
 */
export class QueryApi extends Construct {
  public readonly function: HandlerFunction['function'];
  public readonly httpApi: apigw.HttpApi;
  /** The API's base URL, ending in `/`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const { rateLimit = 50, burstLimit = 100 } = props;
    for (const [name, value] of [
      ['rateLimit', rateLimit],
      ['burstLimit', burstLimit],
    ] as const)
      if (!Number.isInteger(value) || value < 1)
        throw new Error(`QueryApi ${this.node.path}: ${name} must be a whole number ≥ 1, got ${value}`);

    this.function = new HandlerFunction(this, 'Function', {
      handler: 'query-api',
      serviceName: QUERY_API_SERVICE,
      description: 'trendoff query API',
      memorySize: 512,
      // API Gateway gives up at 30 s; /compare reads archive objects.
      timeout: Duration.seconds(29),
      environment: queryApiEnvironment({
        tableName: props.table.tableName,
        archiveBucket: props.archiveBucket.bucketName,
      }),
    }).function;
    props.table.grantReadData(this.function);
    props.archiveBucket.grantRead(this.function, `${ARCHIVE_RAW_PREFIX}*`);
    acknowledgeFindings(
      this.function.role ?? this.function,
      'AwsSolutions-IAM5',
      [
        ...S3_GRANT_READ_ACTIONS.map((a) => `Action::${a}`),
        ...arnNamesOf(props.archiveBucket, this).map((arn) => `Resource::${arn}/${ARCHIVE_RAW_PREFIX}*`),
      ],
      'grantRead() of raw/ posts in the archive, which /compare reads; object keys are known only at query time.',
    );

    this.httpApi = new apigw.HttpApi(this, 'Resource', {
      description: 'trendoff query API (read-only JSON for the dashboard)',
      defaultIntegration: new HttpLambdaIntegration('Query', this.function),
      createDefaultStage: false,
      ...(props.allowedOrigin !== undefined
        ? {
            corsPreflight: {
              allowOrigins: [props.allowedOrigin],
              allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.OPTIONS],
              allowHeaders: ['content-type', 'if-none-match'],
              exposeHeaders: ['etag'],
              maxAge: Duration.days(1),
            },
          }
        : {}),
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit, burstLimit },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    this.url = stage.url;

    for (const route of this.httpApi.node.findAll().filter((c) => c instanceof apigw.HttpRoute))
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public read-only aggregates for a public dashboard page (no user accounts); throttled at the stage.',
      });
  }
}
