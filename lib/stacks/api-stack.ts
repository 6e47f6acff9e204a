import { CfnOutput, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DashboardSite } from '../constructs/dashboard-site';
import { QueryApi } from '../constructs/query-api';

/** Properties of the {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  readonly table: dynamodb.ITable;
  readonly archiveBucket: s3.IBucket;
  /** The built dashboard (scripts/build-web.js output). */
  readonly siteDir: string;
  /**
   * The dashboard's own host name and the ARN of its ACM certificate (us-east-1).
   *
   * @default - the CloudFront distribution's own name
   */
  readonly dashboardDomain?: { readonly name: string; readonly certificateArn: string };
}

/** API and web: the query API and the dashboard page that calls it. */
export class ApiStack extends Stack {
  public readonly api: QueryApi;
  public readonly site: DashboardSite;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { table, archiveBucket, siteDir, dashboardDomain, ...stackProps } = props;
    super(scope, id, { description: 'trendoff: query API and dashboard', ...stackProps });

    // The site comes first for its origin (the API's CORS rule) and learns the API's URL lazily:
    // both are resolved by CloudFormation, with no cycle between them.
    const created: { api?: QueryApi } = {};
    this.site = new DashboardSite(this, 'Dashboard', {
      siteDir,
      ...(dashboardDomain !== undefined
        ? {
            domain: {
              name: dashboardDomain.name,
              certificate: acm.Certificate.fromCertificateArn(
                this,
                'DashboardCertificate',
                dashboardDomain.certificateArn,
              ),
            },
          }
        : {}),
      apiUrl: Lazy.string({
        produce: () => {
          if (created.api === undefined) throw new Error('ApiStack: the query API was not created');
          return created.api.url;
        },
      }),
    });
    this.api = new QueryApi(this, 'Api', { table, archiveBucket, allowedOrigin: this.site.origin });
    created.api = this.api;

    new CfnOutput(this, 'DashboardUrl', { description: 'The dashboard page', value: this.site.url });
    new CfnOutput(this, 'ApiUrl', { description: 'The query API (base URL)', value: this.api.url });
  }
}
