import { Duration } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
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
  readonly functions: readonly CatalogueFunction[];
}

/**
 * The HTTP API: one route per catalogue HTTP function, every route behind a JWT authorizer on the
 * Cognito pool. The authorizer only proves the token; handlers check roles and records themselves.
 */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const { settings, tokens } = props;

    const authorizer = new HttpJwtAuthorizer('CognitoJwt', tokens.issuer, {
      jwtAudience: [tokens.audience],
      identitySource: ['$request.header.Authorization'],
    });

    this.api = new HttpApi(this, 'HttpApi', {
      description: 'CMS client contact: service requests, cases and clients',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      corsPreflight: {
        allowOrigins: [...settings.uiOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
        exposeHeaders: ['ETag', 'Location'],
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: settings.logRetention });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: settings.throttle,
      detailedMetricsEnabled: true,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: accessLogFormat },
    });

    for (const f of props.functions) {
      const { trigger, name } = f.definition;
      if (trigger.type !== 'http') continue;
      this.api.addRoutes({
        path: trigger.path,
        methods: [HttpMethod[trigger.method]],
        integration: new HttpLambdaIntegration(`${name}Integration`, f.fn),
        authorizer,
      });
    }
  }
}
