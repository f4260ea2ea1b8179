import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FunctionName } from '../functions/catalogue.ts';
import { OperationalAlarms } from './alarms.ts';
import type { ApiStack } from './api-stack.ts';
import type { Area } from './areas.ts';
import type { AuthStack } from './auth-stack.ts';
import { CatalogueFunction } from './catalogue-function.ts';
import type { DataStack } from './data-stack.ts';
import { functionConfig } from './function-config.ts';
import { CatalogueRoutes } from './http-api.ts';
import { Schedules } from './schedules.ts';
import type { Settings } from './settings.ts';

export interface FunctionsStackProps extends StackProps {
  readonly area: Area;
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly api: ApiStack;
  readonly settings: Settings;
}

/**
 * The stateless part of one catalogue area, built from functions/catalogue.ts: its functions, their
 * routes on the shared HTTP API, the queue event sources, the schedules and the alarms (the email
 * incident alarm too, in the stack that sends email).
 */
export class FunctionsStack extends Stack {
  readonly area: Area;
  readonly functions = new Map<FunctionName, CatalogueFunction>();
  readonly routes: CatalogueRoutes;
  readonly schedules: Schedules;
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    this.area = props.area;
    // Values come through named exports (stack-exports.ts), so the order is declared here.
    this.addStackDependency(props.data, 'imports the table, queues and buckets');
    this.addStackDependency(props.auth, 'imports the token issuer');
    this.addStackDependency(props.api, 'imports the HTTP API, its authorizer and the alarm topic');

    const resources = props.data.importInto(this);
    const tokens = props.auth.issuerFor();
    for (const definition of props.area.functions) {
      const config = functionConfig(definition, props.settings);
      this.functions.set(definition.name as FunctionName, new CatalogueFunction(this, definition, { resources, tokens, logRetention: props.settings.logRetention, config }));
    }
    const functions = [...this.functions.values()];

    this.routes = new CatalogueRoutes(this, 'Routes', props.api.routeTarget(), functions);
    this.schedules = new Schedules(this, 'Schedules', functions);
    this.alarms = new OperationalAlarms(this, 'Alarms', props.api.alarmTopicIn(this));
    for (const f of functions) this.alarms.catalogueFunction(f);
    // Email incidents are raised where emails are sent (the sender and its retry sweep): the stack holding
    // the sender alarms on them.
    if (functions.some((f) => f.definition.trigger.type === 'queue' && f.definition.trigger.queue === 'EmailSend')) this.alarms.emailIncidents();
  }
}
