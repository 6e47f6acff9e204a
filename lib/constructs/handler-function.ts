import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../lambda/handlers/handler-config';
import { packageRoot } from '../io/package-root';
import { acknowledgeFindings } from './nag-acknowledgements';

/** The repository root: handler entries and the lock file are found from here. */
const ROOT = packageRoot();

/** The Lambda handlers of lambda/handlers/, by file name. */
export type HandlerName =
  'producer' | 'x-producer' | 'processor' | 'query-api' | 'msk-processor' | 'kafka-archiver' | 'kafka-topics';

/** Where a function that must reach the MSK cluster runs. */
export interface FunctionVpc {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: readonly ec2.ISecurityGroup[];
}

/** ENI actions of a function in a VPC (and of an MSK event source's pollers); none takes a useful resource. */
export const VPC_ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** Grants the ENI actions on `*` and acknowledges exactly that finding on the grantee's role (or `scope`). */
export function grantVpcEni(grantee: iam.IGrantable, scope: Construct): iam.Grant {
  const principal = grantee.grantPrincipal;
  acknowledgeFindings(
    principal instanceof Construct ? principal : scope,
    'AwsSolutions-IAM5',
    ['Resource::*'],
    'ENIs in the MSK VPC (function or event source pollers): EC2 describe calls accept no resource, and Lambda creates the ENIs before their ids exist.',
  );
  return iam.Grant.addToPrincipal({ grantee, actions: [...VPC_ENI_ACTIONS], resourceArns: ['*'] });
}

/** Node.js runtime of every function: the newest Lambda offers (cdk-nag's L1 wants the latest). */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Properties of a {@link HandlerFunction}. */
export interface HandlerFunctionProps {
  /** Which handler of lambda/handlers/ this function runs (`<name>.ts`, export `handler`). */
  readonly handler: HandlerName;
  /** Powertools service name, used in logs and metric dimensions. */
  readonly serviceName: string;
  /** Shown in the console. */
  readonly description: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /**
   * Handler settings, built by the handler's own env module (lambda/handlers/env/); Powertools'
   * variables are added.
   *
   * @default - none beyond Powertools'
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * At most this many instances at once; 1 serialises the producer (X allows one connection).
   *
   * @default - unreserved
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * How long the function's logs are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Run in these subnets with these security groups (to reach the MSK cluster).
   *
   * @default - outside any VPC
   */
  readonly vpc?: FunctionVpc;
}

/**
 * One of the trendoff handlers as a Lambda function: bundled by the local esbuild (no Docker),
 * arm64 (cheaper per GB-second than x86 for the same work), its own log group with a retention
 * (destroyed with the stack) and its own role, which starts with nothing but writing to that log
 * group; callers add access through the resources' `grant*()` methods.
 */
export class HandlerFunction extends Construct {
  /** The function; grant it access through the resources' `grant*()` methods. */
  public readonly function: nodejs.NodejsFunction;
  /** Its log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const {
      memorySize = 512,
      timeout = Duration.seconds(30),
      logRetention = logs.RetentionDays.ONE_MONTH,
    } = props;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240)
      throw new Error(
        `HandlerFunction ${this.node.path}: memorySize must be 128-10240 MB, got ${memorySize}`,
      );
    const seconds = timeout.toSeconds({ integral: false });
    if (!(seconds >= 1 && seconds <= 900))
      throw new Error(
        `HandlerFunction ${this.node.path}: timeout must be 1 s to 15 min, got ${timeout.toHumanString()}`,
      );

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Not AWSLambdaBasicExecutionRole: that lets the function write to any log group.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `trendoff ${props.handler} function`,
    });
    this.logGroup.grantWrite(role);
    // Before the function: Lambda checks the role may create ENIs when it creates the function.
    const eni = props.vpc !== undefined ? grantVpcEni(role, this) : undefined;

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(ROOT, 'lambda', 'handlers', `${props.handler}.ts`),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      memorySize,
      timeout,
      role,
      logGroup: this.logGroup,
      ...(props.vpc !== undefined
        ? {
            vpc: props.vpc.vpc,
            vpcSubnets: props.vpc.subnets,
            securityGroups: [...props.vpc.securityGroups],
          }
        : {}),
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // The SDK is bundled too: the versions the tests ran, not whatever the runtime ships.
        minify: true,
        sourceMap: true,
        target: 'node22',
        forceDockerBundling: false,
      },
    });
    if (eni !== undefined) this.function.node.addDependency(eni);
  }
}
