import type { z } from 'zod';
import type { BucketId, QueueId, TableId } from './resources.ts';
import type { Role } from './roles.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route accepts and answers, used by the handler to parse and by the OpenAPI document. */
export interface RouteContract {
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The success status and body schema. */
  readonly success: { readonly status: 200 | 201 | 202; readonly body: z.ZodType; readonly description: string };
  /** Takes an Idempotency-Key header. */
  readonly idempotent?: boolean;
  /** If-Match with the resource's ETag: required for updates, optional for upserts (absent means create). */
  readonly ifMatch?: 'required' | 'optional';
  /** Other answers worth documenting (4xx). */
  readonly problems?: readonly number[];
}

export interface HttpTrigger {
  readonly type: 'http';
  readonly method: HttpMethod;
  /** API Gateway path with {param} placeholders. */
  readonly path: string;
  readonly roles: readonly Role[];
  readonly contract: RouteContract;
}

export interface QueueTrigger {
  readonly type: 'queue';
  readonly queue: QueueId;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds?: number;
}

export interface ScheduleTrigger {
  readonly type: 'schedule';
  /** EventBridge Scheduler expression, e.g. rate(5 minutes) or cron(30 17 * * ? *). */
  readonly expression: string;
  /** IANA zone the cron is evaluated in (EventBridge Scheduler honours BST/GMT). */
  readonly timezone?: string;
}

export type Trigger = HttpTrigger | QueueTrigger | ScheduleTrigger;

export type Access = 'read' | 'write' | 'readWrite';

/** One function: its code, how it is invoked, and the resources it may touch (least privilege). */
export interface FunctionDefinition {
  readonly name: string;
  readonly description: string;
  /** Path from the repository root to the module that exports `handler`. */
  readonly entry: string;
  readonly trigger: Trigger;
  readonly tables?: Partial<Record<TableId, Access>>;
  readonly queues?: Partial<Record<QueueId, 'send' | 'consume'>>;
  readonly buckets?: Partial<Record<BucketId, Access>>;
  /**
   * Email: 'compose' renders emails (the environment's sender address); 'send' also sends them through
   * SES with the configuration set (ses:SendEmail).
   */
  readonly email?: 'compose' | 'send';
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}
