import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { emailSending } from '../functions/platform/resources.ts';

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
  /**
   * The end-of-day print batch cut-off, HH:MM London time (`cms:printBatchCutoff`). Undefined: the time of
   * the catalogue's runPrintBatch schedule (17:30). Both the schedule and the handler follow it.
   */
  readonly printBatchCutoff: string | undefined;
  /**
   * The From address of every email to clients (`cms:emailSender`, default the procedure's
   * internal.cmg@dwp.gsi.gov.uk). Its address or its domain must be a verified SES identity in the
   * account; the senders may send as this address only.
   */
  readonly emailSender: string;
  /** The CSA Print and Post Letters inbox the contingency route emails letters to (`cms:printInbox`). */
  readonly printInbox: string;
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

/**
 * HH:MM, 24-hour. Not 01:00-01:59: on the last Sunday of March that hour does not exist in London, and
 * on the last Sunday of October it happens twice, so a cut-off then has no single meaning.
 */
export function parseCutoff(key: string, value: unknown): string {
  if (typeof value !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw new Error(`Context ${key} must be a time HH:MM (24-hour, London), not ${JSON.stringify(value)}`);
  if (value.startsWith('01:')) throw new Error(`Context ${key} ${value} falls in the hour the clocks change in London (01:00-01:59); choose another time`);
  return value;
}

/** local@domain: dot-separated atoms of the usual characters, then DNS labels and a top-level domain. */
const plainAddress = /^[A-Za-z0-9_%+'-]+(?:\.[A-Za-z0-9_%+'-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * A plain address only: no display name or angle brackets (the handlers write the From header), because
 * the senders' SES grant is on this address and its domain, and on this exact From address.
 */
export function parseEmailAddress(key: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 254 || !plainAddress.test(value)) throw new Error(`Context ${key} must be a plain email address (local@domain), not ${JSON.stringify(value)}`);
  return value;
}

export function readSettings(node: Node): Settings {
  const retention = num(node, 'cms:logRetentionDays', RetentionDays.THREE_MONTHS);
  if (!Object.values(RetentionDays).includes(retention)) throw new Error(`cms:logRetentionDays ${retention} is not a CloudWatch retention period`);
  const prefix: unknown = node.tryGetContext('cms:stackPrefix') ?? 'CmsClientContact';
  if (typeof prefix !== 'string' || !/^[A-Za-z][A-Za-z0-9-]*$/.test(prefix)) throw new Error('cms:stackPrefix must be a stack name prefix');
  const cutoff: unknown = node.tryGetContext('cms:printBatchCutoff');
  return {
    stackPrefix: prefix,
    logRetention: retention as RetentionDays,
    uiOrigins: list(node, 'cms:uiOrigins', localUis),
    callbackUrls: list(node, 'cms:callbackUrls', localUis.map((o) => `${o}/auth/callback`)),
    logoutUrls: list(node, 'cms:logoutUrls', localUis.map((o) => `${o}/`)),
    throttle: { rateLimit: num(node, 'cms:apiRateLimit', 100), burstLimit: num(node, 'cms:apiBurstLimit', 200) },
    printBatchCutoff: cutoff === undefined ? undefined : parseCutoff('cms:printBatchCutoff', cutoff),
    emailSender: parseEmailAddress('cms:emailSender', node.tryGetContext('cms:emailSender') ?? emailSending.defaultSender),
    printInbox: parseEmailAddress('cms:printInbox', node.tryGetContext('cms:printInbox') ?? emailSending.defaultPrintInbox),
  };
}
