import { readFileSync, rmSync } from 'node:fs';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { AuthStack } from '../../../lib/auth-stack.ts';
import { buildApp, type CmsStacks } from '../../../lib/cms-app.ts';
import { DataStack } from '../../../lib/data-stack.ts';
import { applyNag, nagPacks } from '../../../lib/nag.ts';
import { fromRoot } from '../../../lib/paths.ts';
import { readSettings } from '../../../lib/settings.ts';

/** An App with the same context (feature flags) as `cdk synth` reads from cdk.json. */
export function newApp(): App {
  const { context } = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ context });
}

/** Removes the temporary cloud assembly (bundled assets included) a test app wrote. */
export const disposeApp = (app: App): void => rmSync(app.outdir, { recursive: true, force: true });

/** The whole app, as `cdk synth` builds it: bundles every function with esbuild (slow, ~30 s). */
export function synthWholeApp(): CmsStacks & { app: App } {
  const app = newApp();
  const stacks = buildApp(app);
  app.synth(); // runs the cdk-nag plugins too: throws with their report if anything is unacknowledged
  return { app, ...stacks };
}

/** Only the stateful stacks: no functions, so no bundling. */
export function synthStateful(): { app: App; data: DataStack; auth: AuthStack } {
  const app = newApp();
  const data = new DataStack(app, 'Data');
  const auth = new AuthStack(app, 'Auth', { settings: readSettings(app.node) });
  applyNag(app);
  app.synth();
  return { app, data, auth };
}

export interface NagFinding {
  readonly rule: string;
  readonly severity: string | undefined;
  readonly paths: readonly string[];
}

/** Every unacknowledged cdk-nag error or warning under the scope (AwsSolutions and Serverless). */
export const nagFindings = (scope: IConstruct): NagFinding[] =>
  nagPacks().flatMap((pack) =>
    pack.validateScope(scope).violations.map((v) => ({ rule: v.ruleName, severity: v.severity, paths: v.violatingResources.map((r) => r.constructPath ?? '?') })),
  );

export const templateOf = (stack: Stack): Template => Template.fromStack(stack);

/** The logical id a construct's CloudFormation resource gets in its stack. */
export const logicalId = (construct: IConstruct): string => {
  const child = construct.node.defaultChild;
  if (!child) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(child as CfnElement);
};

export type CfnResource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string };

/** Statements of every IAM policy attached to a role. */
export function statementsOf(template: Template, roleLogicalId: string): { Action: string | string[]; Resource: unknown; Effect: string }[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<string, CfnResource>;
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties?.Roles ?? []).includes(`"${roleLogicalId}"`))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: never[] }).Statement);
}

export const actionsOf = (statements: readonly { Action: string | string[] }[]): Set<string> =>
  new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
