import { Stack, type StackProps } from 'aws-cdk-lib';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { catalogue, type FunctionName } from '../functions/catalogue.ts';
import type { AuthStack } from './auth-stack.ts';
import { OperationalAlarms } from './alarms.ts';
import { CatalogueFunction } from './catalogue-function.ts';
import type { DataStack } from './data-stack.ts';
import { PublicApi } from './http-api.ts';
import { Schedules } from './schedules.ts';
import type { Settings } from './settings.ts';

export interface ApiStackProps extends StackProps {
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly settings: Settings;
}

/**
 * The stateless part, built from functions/catalogue.ts: every function, the HTTP API routes, the
 * queue event sources, the schedules, and the alarms.
 */
export class ApiStack extends Stack {
  readonly functions = new Map<FunctionName, CatalogueFunction>();
  readonly publicApi: PublicApi;
  readonly schedules: Schedules;
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // Values come through named exports (stack-exports.ts), so the order is declared here.
    this.addStackDependency(props.data, 'imports the table, queues and buckets');
    this.addStackDependency(props.auth, 'imports the token issuer');

    const resources = props.data.importInto(this);
    const tokens = props.auth.issuerFor();

    for (const definition of catalogue) {
      this.functions.set(definition.name, new CatalogueFunction(this, definition, { resources, tokens, logRetention: props.settings.logRetention }));
    }
    const functions = [...this.functions.values()];

    this.publicApi = new PublicApi(this, 'Api', { tokens, settings: props.settings, functions });
    this.schedules = new Schedules(this, 'Schedules', functions);

    const deadLetterQueues = new Map<string, IQueue>();
    for (const [id, { deadLetterQueue }] of resources.queues) deadLetterQueues.set(id, deadLetterQueue);
    for (const f of functions) if (f.failureQueue) deadLetterQueues.set(`${f.definition.name}Failures`, f.failureQueue);
    this.alarms = new OperationalAlarms(this, 'Alarms', { functions, deadLetterQueues, api: this.publicApi.api });
  }
}
