import { Duration } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  LogGroupLogDestination,
  type HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TokenIssuer } from './auth-stack.ts';
import type { CatalogueFunction } from './catalogue-function.ts';
import type { Settings } from './settings.ts';

/** JSON access log lines: one object per request, searchable in Logs Insights. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    requestTime: AccessLogField.contextRequestTime(),
    routeKey: AccessLogField.contextRouteKey(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationStatus: AccessLogField.contextIntegrationStatus(),
    integrationError: AccessLogField.contextIntegrationErrorMessage(),
    authorizerError: AccessLogField.contextAuthorizerError(),
    sourceIp: AccessLogField.contextIdentitySourceIp(),
    userAgent: AccessLogField.contextIdentityUserAgent(),
    // The caller's user name, never their token or claims such as the SCIN.
    user: AccessLogField.contextAuthorizerClaims('cognito:username'),
  }),
);

export interface PublicApiProps {
  readonly tokens: TokenIssuer;
  readonly settings: Settings;
}

/**
 * The HTTP API itself: the API, its default stage (access logs, throttling) and the JWT authorizer on the
 * Cognito pool. The routes live with their functions (CatalogueRoutes), every one behind this authorizer.
 * The authorizer only proves the token; handlers check roles and records themselves.
 */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpAuthorizer;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const { settings, tokens } = props;

    this.api = new HttpApi(this, 'HttpApi', {
      description: 'CMS client contact: service requests, cases, clients, third parties and letters',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...settings.uiOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
        exposeHeaders: ['ETag', 'Location'],
        maxAge: Duration.hours(1),
      },
    });

    // Under the API, where the route-bound HttpJwtAuthorizer used to create it: same logical id.
    this.authorizer = new HttpAuthorizer(this.api, 'CognitoJwt', {
      httpApi: this.api,
      authorizerName: 'CognitoJwt',
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: tokens.issuer,
      // ID tokens' aud is the UI client; a machine's access token has no aud and the authorizer checks its client_id.
      jwtAudience: [tokens.audience, ...tokens.machineClientIds],
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: settings.logRetention });
    // Auto-deploy: routes added or changed by the function stacks go live without a deployment resource.
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: settings.throttle,
      detailedMetricsEnabled: true,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: accessLogFormat },
    });
  }
}

/** The API and its authorizer as seen from a function stack. */
export interface RouteTarget {
  readonly httpApiId: string;
  readonly authorizerId: string;
}

/** One route per catalogue HTTP function of a stack, on the shared API, behind the JWT authorizer. */
export class CatalogueRoutes extends Construct {
  readonly routes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, target: RouteTarget, functions: readonly CatalogueFunction[]) {
    super(scope, id);
    const httpApi = HttpApi.fromHttpApiAttributes(this, 'Api', { httpApiId: target.httpApiId });
    const authorizer = HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'CognitoJwt', { authorizerId: target.authorizerId, authorizerType: HttpAuthorizerType.JWT });
    for (const f of functions) {
      const { trigger, name } = f.definition;
      if (trigger.type !== 'http') continue;
      this.routes.push(
        new HttpRoute(this, name, {
          httpApi,
          routeKey: HttpRouteKey.with(trigger.path, HttpMethod[trigger.method]),
          integration: new HttpLambdaIntegration(`${name}Integration`, f.fn),
          authorizer,
        }),
      );
    }
  }
}
