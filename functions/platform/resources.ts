/**
 * The stateful resources of the system, described once. The CDK stack and the local stack both build
 * their table, queues and buckets from these definitions, and handlers find them through the
 * environment variables named here.
 */

export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  readonly id: string;
  readonly envVar: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly ttlAttribute: string;
  readonly indexes: readonly IndexDefinition[];
}

export interface QueueDefinition {
  readonly id: string;
  readonly envVar: string;
  /** Seconds a received message stays invisible; six times the consumer's timeout, as AWS advises. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message is moved to the queue's dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
}

export interface BucketDefinition {
  readonly id: string;
  readonly envVar: string;
  /** Issued documents must never change: objects are locked (WORM) for this many days. */
  readonly objectLockDays?: number;
}

export const caseworkTable: TableDefinition = {
  id: 'Casework',
  envVar: 'CASEWORK_TABLE',
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'expiresAt',
  indexes: [
    // By case: SRs, audit events and (later) correspondence of one case, newest last.
    { name: 'ByCase', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    // By contact (client SCIN, ERN or TRN): SRs and audit events concerning one recipient.
    { name: 'ByContact', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    // Sparse work queues: only items waiting for something carry these attributes.
    { name: 'ByQueue', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
};

export const workAllocationQueue: QueueDefinition = {
  id: 'WorkAllocation',
  envVar: 'WORK_ALLOCATION_QUEUE_URL',
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  retentionDays: 4,
};

export const letterRenderQueue: QueueDefinition = {
  id: 'LetterRender',
  envVar: 'LETTER_RENDER_QUEUE_URL',
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 3,
  retentionDays: 4,
};

/** Email sends: one message per send attempt, consumed by the sender (which sends each attempt once). */
export const emailSendQueue: QueueDefinition = {
  id: 'EmailSend',
  envVar: 'EMAIL_SEND_QUEUE_URL',
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
  retentionDays: 4,
};

/** SES events (Send, Delivery, Bounce, Complaint...) from the configuration set, via SNS (raw delivery). */
export const emailEventsQueue: QueueDefinition = {
  id: 'EmailEvents',
  envVar: 'EMAIL_EVENTS_QUEUE_URL',
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  retentionDays: 14,
};

/**
 * Sending email through SES: the configuration set every email goes out with (its event destination
 * feeds the EmailEvents queue) and the From address, which is set per environment.
 */
export const emailSending = {
  configurationSetEnv: 'SES_CONFIGURATION_SET',
  senderEnv: 'EMAIL_SENDER',
  configurationSetName: 'cms-client-contact',
  /** The procedure's address; locally, and by default (cms:emailSender changes it per environment). */
  defaultSender: 'internal.cmg@dwp.gsi.gov.uk',
  /** The CSA Print and Post Letters inbox, where the contingency route emails letters to be printed locally. */
  printInboxEnv: 'PRINT_INBOX',
  defaultPrintInbox: 'csa-print-and-post-letters@dwp.gsi.gov.uk',
} as const;

export const lettersBucket: BucketDefinition = {
  id: 'Letters',
  envVar: 'LETTERS_BUCKET',
  objectLockDays: 2555, // seven years: the retention period for issued correspondence
};

export const tables = [caseworkTable] as const;
export const queues = [workAllocationQueue, letterRenderQueue, emailSendQueue, emailEventsQueue] as const;
export const buckets = [lettersBucket] as const;

export type TableId = (typeof tables)[number]['id'];
export type QueueId = (typeof queues)[number]['id'];
export type BucketId = (typeof buckets)[number]['id'];

/** Dead-letter queues are named after their source queue. */
export const deadLetterQueueName = (queue: QueueDefinition): string => `${queue.id}-dlq`;

/** Environment variables every function gets besides its resources. */
export const platformEnv = {
  jwtIssuer: 'AUTH_ISSUER',
  jwtAudience: 'AUTH_AUDIENCE',
  jwksUrl: 'AUTH_JWKS_URL',
  machineClientIds: 'AUTH_MACHINE_CLIENT_IDS',
} as const;
