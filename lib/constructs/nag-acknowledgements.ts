import { CfnElement, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/**
 * The s3 action groups that `IBucket.grantRead()` writes; cdk-nag reports each wildcard action
 * separately.
 */
export const S3_GRANT_READ_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*'] as const;

/**
 * Acknowledges named cdk-nag findings of one rule on `scope` (and below), e.g. the
 * `Action::s3:GetObject*` finding of `AwsSolutions-IAM5`: only those findings, never the rule as a
 * whole, so a new wildcard still fails synthesis.
 */
export function acknowledgeFindings(
  scope: IConstruct,
  rule: string,
  findings: readonly string[],
  reason: string,
): void {
  for (const finding of findings) Validations.of(scope).acknowledge({ id: `${rule}[${finding}]`, reason });
}

/**
 * How cdk-nag names the ARN of `resource` in the findings of a policy in `consumer`'s stack:
 * `<LogicalId.Arn>` while the tree is checked as built, and the export's name once synthesis has
 * turned a cross-stack reference into an import. Acknowledgements list both.
 */
export function arnNamesOf(resource: IConstruct, consumer: IConstruct): string[] {
  const element = resource.node.defaultChild;
  if (!(element instanceof CfnResource))
    throw new Error(`${resource.node.path} has no CloudFormation resource`);
  const owner = Stack.of(element);
  const names = [`<${owner.getLogicalId(element)}.Arn>`];
  if (owner !== Stack.of(consumer)) {
    // Same id as the automatic reference, so this reuses its output rather than adding one.
    const imported = Stack.of(consumer).resolve(owner.exportValue(element.getAtt('Arn').toString())) as {
      'Fn::ImportValue': string;
    };
    names.push(imported['Fn::ImportValue']);
  }
  return names;
}

/** The logical id cdk-nag shows for a resource of the same stack (as `<LogicalId.Arn>`). */
export function logicalIdOf(resource: IConstruct): string {
  const element = resource.node.defaultChild;
  if (!(element instanceof CfnElement))
    throw new Error(`${resource.node.path} has no CloudFormation resource`);
  return Stack.of(element).getLogicalId(element);
}

/**
 * A `LambdaInvoke` schedule target gives the scheduler's role (one per target function, at stack
 * level) `lambda:InvokeFunction` on the function and its versions (`<arn>:*`): acknowledge exactly
 * that wildcard on the roles of `fn`'s stack.
 */
export function acknowledgeSchedulerInvoke(fn: lambda.IFunction & IConstruct): void {
  const stack = Stack.of(fn);
  const arn = `Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*`;
  for (const role of stack.node.children.filter((c) => c.node.id.startsWith('SchedulerRoleForTarget'))) {
    acknowledgeFindings(
      role,
      'AwsSolutions-IAM5',
      [arn],
      'LambdaInvoke target grant: invoke this function (any version); nothing else.',
    );
  }
}
