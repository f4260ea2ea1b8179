import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { incidentMetric, metricNamespace } from '../functions/emails/incidents.ts';
import type { CatalogueFunction } from './catalogue-function.ts';

const period = Duration.minutes(5);

/**
 * Alarms on anything that needs a person: a message in a dead-letter queue, any function error or
 * throttle, any 5xx from the API, any email incident. Each stack alarms on what it holds, all through one
 * topic: the Api stack's alarms create it, the function stacks' alarms are given it.
 */
export class OperationalAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic: ITopic;
  private readonly action: SnsAction;

  /** Without a topic, creates it: encrypted and TLS-only; subscriptions (email, chat, paging) are added per environment outside this app. */
  constructor(scope: Construct, id: string, topic?: ITopic) {
    super(scope, id);
    this.topic = topic ?? this.createTopic();
    this.action = new SnsAction(this.topic);
  }

  private createTopic(): Topic {
    // A customer-managed key: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    const key = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'Encrypts the alarm topic' });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    return new Topic(this, 'Topic', { masterKey: key, enforceSSL: true, displayName: 'CMS client contact alarms' });
  }

  /** A visible message in a dead-letter queue: investigate and replay. */
  deadLetterQueue(name: string, queue: IQueue): void {
    this.add(`${name}Dlq`, queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), `${name}: messages in the dead-letter queue need investigation and replay`);
  }

  /** Any error or throttle of the function; a scheduled function's failure queue too. */
  catalogueFunction(f: CatalogueFunction): void {
    const { name } = f.definition;
    this.add(`${name}Errors`, f.fn.metricErrors({ period, statistic: 'Sum' }), `${name}: the function failed`);
    this.add(`${name}Throttles`, f.fn.metricThrottles({ period, statistic: 'Sum' }), `${name}: invocations were throttled`);
    if (f.failureQueue) this.deadLetterQueue(`${name}Failures`, f.failureQueue);
  }

  /**
   * Any email incident raised: the handlers count each in CloudWatch (embedded metric format, no
   * dimensions). The incident itself, with the email and the reason, is in the API.
   */
  emailIncidents(): void {
    this.add(
      'EmailIncidents',
      new Metric({ namespace: metricNamespace, metricName: incidentMetric, period, statistic: 'Sum' }),
      'Email incident raised: an email to a client could not be sent after 3 retries over 24 hours, or its outcome is unknown. See GET /incidents for the email, its case and the reason.',
    );
  }

  /** Any 5xx answer from the API. */
  httpApi(api: IHttpApi): void {
    this.add('Api5xx', api.metricServerError({ period, statistic: 'Sum' }), 'HTTP API: 5xx responses');
  }

  private add(id: string, metric: IMetric, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
  }
}
