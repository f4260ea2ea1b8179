import { Stack, Validations, type IResolvable } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The cdk-nag v3 packs this app must pass with zero unacknowledged errors and warnings. */
export const nagPacks = (): NagPack[] => [new AwsSolutionsChecks(), new ServerlessChecks()];

/** Registers the packs as CDK validation plugins: `cdk synth` prints their report and fails on errors. */
export function applyNag(app: IConstruct): void {
  Validations.of(app).addPlugins(...nagPacks());
}

/**
 * Acknowledges one cdk-nag finding on a construct (and everything under it). cdk-nag v3 matches ids
 * exactly: a rule with several findings (IAM5) needs one acknowledgement per finding,
 * `AwsSolutions-IAM5[Resource::...]`, which is what keeps these narrow.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * How cdk-nag writes an ARN in an IAM5 finding: `<LogicalId.Attr>` for an attribute of a resource in
 * the same stack, the export name for an imported value, the literal for a plain string.
 */
export function findingArn(scope: IConstruct, arn: string | IResolvable): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const node = resolved as Record<string, unknown>;
  const imported = node['Fn::ImportValue'];
  if (typeof imported === 'string') return imported;
  const getAtt = node['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt.length === 2) return `<${String(getAtt[0])}.${String(getAtt[1])}>`;
  if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  throw new Error(`Cannot tell how cdk-nag names ${JSON.stringify(resolved)}`);
}

export const iam5 = (finding: string): string => `AwsSolutions-IAM5[${finding}]`;
