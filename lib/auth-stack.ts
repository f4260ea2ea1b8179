import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolGroup,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { claims, resourceServer } from '../functions/platform/auth.ts';
import { roles, type Role } from '../functions/platform/roles.ts';
import type { Settings } from './settings.ts';
import { importFrom, publish } from './stack-exports.ts';

const groupDescriptions: Record<Role, string> = {
  caseworker: 'CMS caseworkers',
  'case-manager': 'CMS case managers',
  'team-leader': 'CMS team leaders',
  'third-party-team': 'CMS third-party team (employers and other organisations)',
  client: 'Clients of the self-service portal; each carries custom:scin',
  'fulfilment-house': 'The Fulfilment House (print supplier) integration user, which reports on print batches',
};

/** What the handlers and the HTTP API authorizer need to verify Cognito ID tokens and machine access tokens. */
export interface TokenIssuer {
  readonly issuer: string;
  /** The UI client: the `aud` of ID tokens. */
  readonly audience: string;
  readonly jwksUrl: string;
  /** Machine clients (client-credentials grant): the `client_id` of their access tokens. */
  readonly machineClientIds: readonly string[];
}

export interface AuthStackProps extends StackProps {
  readonly settings: Settings;
}

/**
 * Cognito: one user pool for staff and clients, roles as groups (the `cognito:groups` claim), the
 * client's SCIN as `custom:scin`, and one public app client shared by the staff UI and the portal.
 * The Fulfilment House is a machine: a confidential app client with only the client-credentials grant
 * and only the scope of its role, from the pool's resource server.
 */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly resourceServer: UserPoolResourceServer;
  readonly fulfilmentHouseClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const scinAttribute = claims.scin.replace(/^custom:/, '');

    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false, // staff and clients are invited; no one signs themselves up
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Mutable so a wrongly linked client can be corrected by an administrator; the app client below
      // cannot write it, so a client can never change which SCIN their tokens carry.
      customAttributes: { [scinAttribute]: new StringAttribute({ mutable: true, minLen: 10, maxLen: 10 }) },
      // Everyone who can read case data uses a second factor (TOTP); SMS is not offered.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 12,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus tier: threat protection blocks compromised credentials and risky sign-ins.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    roles.forEach((role, precedence) => {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: groupDescriptions[role],
        precedence,
      });
    });

    this.client = this.userPool.addClient('UiClient', {
      userPoolClientName: 'cms-uis',
      generateSecret: false, // browser apps: authorization code with PKCE, no secret
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...props.settings.callbackUrls],
        logoutUrls: [...props.settings.logoutUrls],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes(scinAttribute),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    const scopes = Object.entries(resourceServer.scopes).map(
      ([scopeName, role]) => [role, new ResourceServerScope({ scopeName, scopeDescription: `Grants the machine role ${role}` })] as const,
    );
    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: resourceServer.identifier,
      userPoolResourceServerName: 'CMS client contact API',
      scopes: scopes.map(([, scope]) => scope),
    });
    const reportScope = scopes.find(([role]) => role === 'fulfilment-house')![1];
    this.fulfilmentHouseClient = this.userPool.addClient('FulfilmentHouseClient', {
      userPoolClientName: 'fulfilment-house',
      generateSecret: true, // a confidential client: it authenticates to the token endpoint with its secret
      // No user sign-in of any kind (CDK then allows only refresh-token auth, which client credentials never issue).
      authFlows: { userPassword: false, adminUserPassword: false, custom: false, userSrp: false, user: false },
      oAuth: { flows: { clientCredentials: true }, scopes: [OAuthScope.resourceServer(this.resourceServer, reportScope)] },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
    });

    publish(this, 'UserPoolId', this.userPool.userPoolId);
    publish(this, 'UserPoolArn', this.userPool.userPoolArn);
    // The issuer Cognito writes into its tokens' `iss` claim.
    publish(this, 'IssuerUrl', `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`);
    publish(this, 'UiClientId', this.client.userPoolClientId);
    publish(this, 'FulfilmentHouseClientId', this.fulfilmentHouseClient.userPoolClientId);
  }

  /**
   * The token issuer as seen from a consuming stack. Handlers and the authorizer expect Cognito ID
   * tokens, which carry `aud` = the UI client id, `cognito:groups` and `custom:scin`, or the
   * Fulfilment House's access tokens, which carry `client_id` = its client id and its `scope`.
   */
  issuerFor(): TokenIssuer {
    const issuer = importFrom(this, 'IssuerUrl');
    return {
      issuer,
      audience: importFrom(this, 'UiClientId'),
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      machineClientIds: [importFrom(this, 'FulfilmentHouseClientId')],
    };
  }
}
