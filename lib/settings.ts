import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Per-environment settings, read from CDK context (cdk.json or `-c key=value`). Nothing here needs an
 * AWS account: stacks are environment-agnostic and synthesise offline.
 */
export interface Settings {
  /** Prefix of the stack names, so several environments can share an account. */
  readonly stackPrefix: string;
  readonly logRetention: RetentionDays;
  /** Origins of the staff UI and the client portal, for CORS. */
  readonly uiOrigins: readonly string[];
  /** OAuth redirect URLs of the two UIs. */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /** Default HTTP API throttling (requests per second and burst), applied to every route. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

const localUis = ['http://localhost:5173', 'http://localhost:5174'];

const list = (node: Node, key: string, fallback: readonly string[]): readonly string[] => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return fallback;
  const items = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) throw new Error(`Context ${key} must be a list of strings`);
  return items;
};

const num = (node: Node, key: string, fallback: number): number => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`Context ${key} must be a positive number`);
  return n;
};

export function readSettings(node: Node): Settings {
  const retention = num(node, 'cms:logRetentionDays', RetentionDays.THREE_MONTHS);
  if (!Object.values(RetentionDays).includes(retention)) throw new Error(`cms:logRetentionDays ${retention} is not a CloudWatch retention period`);
  const prefix: unknown = node.tryGetContext('cms:stackPrefix') ?? 'CmsClientContact';
  if (typeof prefix !== 'string' || !/^[A-Za-z][A-Za-z0-9-]*$/.test(prefix)) throw new Error('cms:stackPrefix must be a stack name prefix');
  return {
    stackPrefix: prefix,
    logRetention: retention as RetentionDays,
    uiOrigins: list(node, 'cms:uiOrigins', localUis),
    callbackUrls: list(node, 'cms:callbackUrls', localUis.map((o) => `${o}/auth/callback`)),
    logoutUrls: list(node, 'cms:logoutUrls', localUis.map((o) => `${o}/`)),
    throttle: { rateLimit: num(node, 'cms:apiRateLimit', 100), burstLimit: num(node, 'cms:apiBurstLimit', 200) },
  };
}
