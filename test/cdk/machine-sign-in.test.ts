import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterFunctions } from '../../functions/letters/functions.ts';
import { resourceServer } from '../../functions/platform/auth.ts';
import { platformEnv } from '../../functions/platform/resources.ts';
import { ApiStack } from '../../lib/api-stack.ts';
import { AuthStack } from '../../lib/auth-stack.ts';
import { CatalogueFunction } from '../../lib/catalogue-function.ts';
import { DataStack } from '../../lib/data-stack.ts';
import { applyNag } from '../../lib/nag.ts';
import { readSettings } from '../../lib/settings.ts';
import { exportName } from '../../lib/stack-exports.ts';
import { disposeApp, logicalId, nagFindings, newApp, type CfnResource } from './support/cdk-app.ts';

/**
 * The Fulfilment House signs in as a machine: a Cognito resource server with its scope, a confidential
 * app client with only the client-credentials grant and that scope, and the HTTP API's JWT authorizer
 * and every function accepting that client's access tokens. Data, Auth and Api stacks and one catalogue
 * function (not bundled), with cdk-nag.
 */

let app: ReturnType<typeof newApp>;
let auth: AuthStack;
let api: ApiStack;
let fn: CatalogueFunction;
let authTemplate: Template;

beforeAll(() => {
  app = newApp();
  const settings = readSettings(app.node);
  const data = new DataStack(app, 'Data');
  auth = new AuthStack(app, 'Auth', { settings });
  api = new ApiStack(app, 'Api', { data, auth, settings });
  const stack = new Stack(app, 'Fn');
  fn = new CatalogueFunction(stack, letterFunctions.reportFulfilment, { resources: data.importInto(stack), tokens: auth.issuerFor(), logRetention: settings.logRetention });
  applyNag(app);
  app.synth();
  authTemplate = Template.fromStack(auth);
}, 120_000);

afterAll(() => {
  if (app) disposeApp(app);
});

const imported = (key: string) => ({ 'Fn::ImportValue': exportName(auth, key) });
const clients = () => Object.values(authTemplate.findResources('AWS::Cognito::UserPoolClient')) as CfnResource[];
const machineClient = () => authTemplate.toJSON().Resources[logicalId(auth.fulfilmentHouseClient)] as CfnResource;

describe('Cognito', () => {
  it('a resource server for the API, with the Fulfilment House report scope', () => {
    authTemplate.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 1);
    authTemplate.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'cms-client-contact',
      UserPoolId: { Ref: logicalId(auth.userPool) },
      Scopes: [{ ScopeName: 'fulfilment-house.report', ScopeDescription: Match.anyValue() }],
    });
    expect(resourceServer).toEqual({ identifier: 'cms-client-contact', scopes: { 'fulfilment-house.report': 'fulfilment-house' } });
  });

  it('the Fulfilment House client: a secret, only client_credentials, only the report scope, no user sign-in', () => {
    const props = machineClient().Properties ?? {};
    expect(props).toMatchObject({
      UserPoolId: { Ref: logicalId(auth.userPool) },
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [{ 'Fn::Join': ['', [{ Ref: logicalId(auth.resourceServer) }, '/fulfilment-house.report']] }],
      // Refresh-token auth only: no password, SRP, custom or choice-based sign-in; client credentials issue no refresh token.
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
    });
    expect(props.CallbackURLs).toBeUndefined();
    expect(props.AccessTokenValidity).toBeLessThanOrEqual(60);
  });

  it('the UI client is unchanged: public, code grant, and it cannot ask for the machine scope', () => {
    expect(clients()).toHaveLength(2);
    const ui = authTemplate.toJSON().Resources[logicalId(auth.client)] as CfnResource;
    expect(ui.Properties).toMatchObject({ GenerateSecret: false, AllowedOAuthFlows: ['code'] });
    expect(JSON.stringify(ui.Properties?.AllowedOAuthScopes)).not.toContain('fulfilment-house');
  });

  it('exports the machine client id for the authorizer and the functions', () => {
    authTemplate.hasOutput('FulfilmentHouseClientId', { Value: { Ref: logicalId(auth.fulfilmentHouseClient) }, Export: { Name: exportName(auth, 'FulfilmentHouseClientId') } });
    expect(auth.issuerFor().machineClientIds).toHaveLength(1);
  });
});

describe('accepting its access tokens', () => {
  it('the JWT authorizer accepts the UI client (ID tokens) and the Fulfilment House client (access tokens)', () => {
    Template.fromStack(api).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: imported('IssuerUrl'), Audience: [imported('UiClientId'), imported('FulfilmentHouseClientId')] },
    });
  });

  it('functions are told which client ids are machines', () => {
    const env = (Template.fromStack(Stack.of(fn)).toJSON().Resources[logicalId(fn.fn)] as CfnResource).Properties?.Environment as { Variables: Record<string, unknown> };
    expect(env.Variables).toMatchObject({ [platformEnv.jwtAudience]: imported('UiClientId'), [platformEnv.machineClientIds]: imported('FulfilmentHouseClientId') });
  });
});

describe('cdk-nag', () => {
  it('no unacknowledged findings and no error or nag annotations in the Auth and Api stacks', () => {
    expect(nagFindings(app)).toEqual([]);
    for (const stack of [auth, api]) {
      const annotations = Annotations.fromStack(stack);
      annotations.hasNoError('*', Match.anyValue());
      annotations.hasNoWarning('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*'));
    }
  });
});
