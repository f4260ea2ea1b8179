import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { CatalogueFunction } from './catalogue-function.ts';
import { acknowledge, findingArn, iam5 } from './nag.ts';

/**
 * EventBridge Scheduler schedules for the catalogue's scheduled functions, as deployed (function-config.ts),
 * in the catalogue's time zone. Scheduler retries a failed delivery, then puts the event on the function's
 * failure queue; the same queue receives invocations that still fail after Lambda's own asynchronous retries.
 */
export class Schedules extends Construct {
  readonly schedules: Schedule[] = [];

  constructor(scope: Construct, id: string, functions: readonly CatalogueFunction[]) {
    super(scope, id);
    for (const f of functions) {
      const { name, description } = f.definition;
      const trigger = f.config.schedule;
      if (!trigger) continue;
      if (!f.failureQueue) throw new Error(`${name} is scheduled but has no failure queue`);
      // One role per schedule, trusted by Scheduler for this account only.
      const role = new Role(this, `${name}Role`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
        description: `Scheduler: invoke ${name}`,
      });
      acknowledge(role, iam5(`Resource::${findingArn(this, f.fn.functionArn)}:*`), `lambda:InvokeFunction on ${name} only; CDK's grantInvoke also covers that function's versions and aliases (ARN:*).`);
      this.schedules.push(
        new Schedule(this, name, {
          description: `${name}: ${description}`,
          schedule: ScheduleExpression.expression(trigger.expression, trigger.timezone ? TimeZone.of(trigger.timezone) : undefined),
          target: new LambdaInvoke(f.fn, {
            role,
            deadLetterQueue: f.failureQueue,
            retryAttempts: 3,
            // A run more than 10 minutes late is dropped (to the DLQ): the next run supersedes it.
            maxEventAge: Duration.minutes(10),
          }),
        }),
      );
    }
  }
}
