import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { CatalogueFunction } from './catalogue-function.ts';

const period = Duration.minutes(5);

export interface OperationalAlarmsProps {
  readonly functions: readonly CatalogueFunction[];
  /** Every dead-letter queue, by a readable name. */
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  readonly api: HttpApi;
}

/**
 * Alarms on anything that needs a person: a message in any dead-letter queue, any function error or
 * throttle, any 5xx from the API. All notify one encrypted SNS topic; subscriptions (email, chat,
 * paging) are added per environment outside this app.
 */
export class OperationalAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    // A customer-managed key: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    const key = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'Encrypts the alarm topic' });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true, displayName: 'CMS client contact alarms' });
    this.action = new SnsAction(this.topic);

    for (const [name, queue] of props.deadLetterQueues) {
      this.add(`${name}Dlq`, queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), `${name}: messages in the dead-letter queue need investigation and replay`);
    }
    for (const f of props.functions) {
      const { name } = f.definition;
      this.add(`${name}Errors`, f.fn.metricErrors({ period, statistic: 'Sum' }), `${name}: the function failed`);
      this.add(`${name}Throttles`, f.fn.metricThrottles({ period, statistic: 'Sum' }), `${name}: invocations were throttled`);
    }
    this.add('Api5xx', props.api.metricServerError({ period, statistic: 'Sum' }), 'HTTP API: 5xx responses');
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
