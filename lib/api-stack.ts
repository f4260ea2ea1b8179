import { Stack, type StackProps } from 'aws-cdk-lib';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { AuthStack } from './auth-stack.ts';
import { OperationalAlarms } from './alarms.ts';
import type { DataStack } from './data-stack.ts';
import { PublicApi, type RouteTarget } from './http-api.ts';
import type { Settings } from './settings.ts';
import { importFrom, publish } from './stack-exports.ts';

export interface ApiStackProps extends StackProps {
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly settings: Settings;
}

/**
 * The front door and the alarm topic: the HTTP API with its stage and JWT authorizer, the topic every
 * alarm notifies, and the alarms on the API's 5xx and on the work queues' dead-letter queues. The
 * functions and their routes are in the function stacks (functions-stack.ts), one per catalogue area.
 */
export class ApiStack extends Stack {
  readonly publicApi: PublicApi;
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // Values come through named exports (stack-exports.ts), so the order is declared here.
    this.addStackDependency(props.data, 'imports the dead-letter queues');
    this.addStackDependency(props.auth, 'imports the token issuer');

    const resources = props.data.importInto(this);
    this.publicApi = new PublicApi(this, 'Api', { tokens: props.auth.issuerFor(), settings: props.settings });

    this.alarms = new OperationalAlarms(this, 'Alarms');
    for (const [queueId, { deadLetterQueue }] of resources.queues) this.alarms.deadLetterQueue(queueId, deadLetterQueue);
    this.alarms.httpApi(this.publicApi.api);

    publish(this, 'HttpApiId', this.publicApi.api.apiId);
    publish(this, 'HttpApiUrl', this.publicApi.api.apiEndpoint);
    publish(this, 'AuthorizerId', this.publicApi.authorizer.authorizerId);
    publish(this, 'AlarmTopicArn', this.alarms.topic.topicArn);
  }

  /** The API and authorizer as seen from a function stack. */
  routeTarget(): RouteTarget {
    return { httpApiId: importFrom(this, 'HttpApiId'), authorizerId: importFrom(this, 'AuthorizerId') };
  }

  /** The alarm topic as seen from a function stack. */
  alarmTopicIn(scope: Construct): ITopic {
    return Topic.fromTopicArn(scope, 'AlarmTopic', importFrom(this, 'AlarmTopicArn'));
  }
}
