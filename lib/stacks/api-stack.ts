import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
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

    // The page calls the API on its own origin, under /api/ of the same distribution: no CORS.
    this.api = new QueryApi(this, 'Api', { table, archiveBucket });
    this.site = new DashboardSite(this, 'Dashboard', {
      siteDir,
      api: this.api.httpApi,
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
    });

    new CfnOutput(this, 'DashboardUrl', { description: 'The dashboard page', value: this.site.url });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The query API (base URL), cached by CloudFront',
      value: `${this.site.url}${this.site.apiUrl.slice(1)}`,
    });
    new CfnOutput(this, 'ApiOriginUrl', {
      description: 'The query API at API Gateway itself: uncached, throttled',
      value: this.api.url,
    });
  }
}
