import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketDefinition } from '../functions/platform/resources.ts';
import { acknowledge } from './nag.ts';

const privateBucket = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  // S3-managed keys: server access logging cannot deliver to SSE-KMS buckets, and letters need no
  // key-level separation beyond IAM today.
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/** The bucket that receives S3 server access logs of the document buckets. */
export function accessLogBucket(scope: Construct, id: string): Bucket {
  const bucket = new Bucket(scope, id, {
    ...privateBucket,
    lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
  });
  acknowledge(bucket, 'AwsSolutions-S1', 'This is the server access log bucket; logging its own access would log the log writes, recursively.');
  return bucket;
}

/** A document bucket from its definition: private, TLS-only, versioned, WORM-locked, access-logged. */
export class DocumentBucket extends Construct {
  readonly bucket: IBucket;

  constructor(scope: Construct, readonly definition: BucketDefinition, logs: IBucket) {
    super(scope, definition.id);
    const days = definition.objectLockDays;
    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucket,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: `${definition.id}/`,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      objectLockEnabled: days !== undefined,
      // GOVERNANCE rather than COMPLIANCE: an issued letter cannot be changed or deleted by the
      // service or by anyone without s3:BypassGovernanceRetention, yet a misdirected letter (another
      // client's personal data) can still be erased under UK GDPR by a named, audited break-glass
      // role. COMPLIANCE mode would make that erasure impossible for the whole retention period.
      objectLockDefaultRetention: days === undefined ? undefined : ObjectLockRetention.governance(Duration.days(days)),
    });
  }
}
