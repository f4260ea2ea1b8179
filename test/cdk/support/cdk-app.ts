import { readFileSync, rmSync } from 'node:fs';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { AuthStack } from '../../../lib/auth-stack.ts';
import { buildApp, type CmsStacks } from '../../../lib/cms-app.ts';
import { DataStack } from '../../../lib/data-stack.ts';
import { applyNag, nagPacks } from '../../../lib/nag.ts';
import { fromRoot } from '../../../lib/paths.ts';
import { readSettings } from '../../../lib/settings.ts';

export interface AppOptions {
  /**
   * Bundle function code with esbuild, as `cdk synth` does (about 1.5 s a function on two cores). Off,
   * CDK skips bundling (the `aws:cdk:bundling-stacks` context `cdk synth --exclusively` uses): templates
   * are the same except for asset hashes. bundles.test.ts proves every entry builds, in one esbuild run.
   */
  readonly bundle?: boolean;
  /** Extra context, as `cdk synth -c key=value` would give. */
  readonly context?: Record<string, unknown>;
}

/** An App with the same context (feature flags) as `cdk synth` reads from cdk.json. */
export function newApp(options: AppOptions = {}): App {
  const { context } = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ context: { ...context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...options.context } });
}

/** Removes the temporary cloud assembly (bundled assets included) a test app wrote. */
export const disposeApp = (app: App): void => rmSync(app.outdir, { recursive: true, force: true });

export interface SynthesisedApp extends CmsStacks {
  readonly app: App;
  readonly assembly: CloudAssembly;
  /** Every stack: Data, Auth, Api and the function stacks. */
  readonly stacks: readonly Stack[];
}

/**
 * The whole app as `cdk synth` builds it, function code not bundled (see AppOptions.bundle). Synthesis
 * runs the cdk-nag plugins too: it throws with their report if anything is unacknowledged.
 */
export function synthWholeApp(options: Omit<AppOptions, 'bundle'> & { readonly validate?: boolean } = {}): SynthesisedApp {
  const app = newApp(options);
  const built = buildApp(app);
  const assembly = app.synth({ skipValidation: options.validate === false });
  return { app, assembly, ...built, stacks: [built.data, built.auth, built.api, ...built.functionStacks] };
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

/**
 * Error and warning annotations of every stack, from an assembly already synthesised (the assertions
 * library's Annotations.fromStack re-synthesises the whole app on each call).
 */
export const annotationsOf = (assembly: CloudAssembly): { stack: string; level: string; path: string; text: string }[] =>
  assembly.stacks.flatMap((s) =>
    s.messages.filter((m) => m.level !== 'info').map((m) => ({ stack: s.stackName, level: m.level, path: m.id, text: JSON.stringify(m.entry.data) })),
  );

export const templateOf = (stack: Stack): Template => Template.fromStack(stack);

/** The logical id a construct's CloudFormation resource gets in its stack. */
export const logicalId = (construct: IConstruct): string => {
  const child = construct.node.defaultChild;
  if (!child) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(child as CfnElement);
};

export type CfnResource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string };

export interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Effect: string;
  readonly Condition?: unknown;
}

/** Statements of every IAM policy attached to a role. */
export function statementsOf(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<string, CfnResource>;
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties?.Roles ?? []).includes(`"${roleLogicalId}"`))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: never[] }).Statement);
}

export const actionsOf = (statements: readonly { Action: string | string[] }[]): Set<string> =>
  new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));

/**
 * A policy as the set of what it allows, one `action on resource` line each (`... if {condition}` for a
 * conditional statement), sorted: independent of how CDK merges statements. Every statement must Allow.
 */
export function grantsOf(statements: readonly Statement[]): string[] {
  const lines = new Set<string>();
  for (const s of statements) {
    if (s.Effect !== 'Allow') throw new Error(`Unexpected statement ${JSON.stringify(s)}`);
    const resources = Array.isArray(s.Resource) ? (s.Resource as unknown[]) : [s.Resource];
    const condition = s.Condition === undefined ? '' : ` if ${JSON.stringify(s.Condition)}`;
    for (const a of Array.isArray(s.Action) ? s.Action : [s.Action]) for (const r of resources) lines.add(`${a} on ${JSON.stringify(r)}${condition}`);
  }
  return [...lines].sort();
}
