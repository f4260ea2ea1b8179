import { randomUUID } from 'node:crypto';
import { lambdaContext } from './lambda-context.ts';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Case } from '../functions/cases/schemas.ts';
import { resetKeyCache } from '../functions/platform/auth.ts';
import { dynamo, resetClients } from '../functions/platform/aws-clients.ts';
import { keys } from '../functions/platform/keys.ts';
import { platformEnv } from '../functions/platform/resources.ts';
import { srTypes } from '../functions/service-requests/domain/sr-types.ts';
import { benchAwsEnv, startDynamoDb } from './dynamodb-local.ts';
import { ms, percentile, ratio, summaryLine, table } from './stats.ts';

/**
 * Benchmark 2: request overhead of createServiceRequest, invoked in-process (API Gateway HTTP API v2
 * event, real RS256 bearer token, DynamoDB Local), against the raw DynamoDB calls it has to make —
 * GetItem of the case + TransactWriteItems of two conditional Puts of the same sizes — issued directly
 * with the same document client, interleaved with the handler calls.
 */

export const p50Target = 1.3;
const warmUp = Number(process.env.BENCH_REQUEST_WARMUP ?? 30);
const iterations = Number(process.env.BENCH_REQUEST_N ?? 300);

const issuer = 'https://bench.cms.invalid/issuer';
const audience = 'cms-client-contact-bench';
const caseNumber = '1-2143476081';

async function signedToken(): Promise<{ token: string; jwksUrl: string }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'bench-key';
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwksUrl = `data:application/json;base64,${Buffer.from(JSON.stringify({ keys: [jwk] })).toString('base64')}`;
  const token = await new SignJWT({ token_use: 'id', 'cognito:groups': ['caseworker'], 'cognito:username': 'bench.caseworker', 'custom:segments': 'Segment 1' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('bench-caseworker-sub')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  return { token, jwksUrl };
}

function httpEvent(token: string, body: unknown): APIGatewayProxyEventV2 {
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: 'POST /service-requests',
    rawPath: '/service-requests',
    rawQueryString: '',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      host: 'api.bench.invalid',
      'user-agent': 'cms-bench',
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'api.bench.invalid',
      domainPrefix: 'api',
      http: { method: 'POST', path: '/service-requests', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cms-bench' },
      requestId,
      routeKey: 'POST /service-requests',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}


export async function runRequestOverhead(): Promise<void> {
  const db = await startDynamoDb();
  console.log(`request-overhead: DynamoDB from ${db.source}, table ${db.tableName}`);
  const { token, jwksUrl } = await signedToken();
  Object.assign(process.env, benchAwsEnv(db), {
    [platformEnv.jwtIssuer]: issuer,
    [platformEnv.jwtAudience]: audience,
    [platformEnv.jwksUrl]: jwksUrl,
  });
  resetClients();
  resetKeyCache();
  const documentClient = dynamo();
  const tableName = db.tableName;

  // The case the SR is raised on, shaped as functions/cases/store.ts stores it.
  const owningCase = Case.parse({
    caseNumber,
    status: 'open',
    owningCaseworker: 'cw.bench',
    owningSegment: 'Segment 1',
    receivingParent: '1234567890',
    payingParent: '2345678901',
    qualifyingChildren: [{ firstName: 'Alex' }, { firstName: 'Sam', endDate: '2030-06-30' }],
    employers: ['E1234567'],
  });
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.case(caseNumber), recordType: 'Case', ...owningCase, version: 1, updatedAt: new Date().toISOString() },
    }),
  );

  const { handler } = await import('../functions/service-requests/handlers/create-service-request.ts');
  const type = srTypes[0]!;
  const body = {
    caseNumber,
    contact: { type: 'client', scin: owningCase.receivingParent },
    process: type.process,
    area: type.area,
    subArea: type.subArea,
    channel: 'phone',
    description: 'Client phoned to ask for a copy of the last calculation letter to be sent again.',
  };

  const invokeOurs = async (): Promise<{ elapsed: number; srNumber: string }> => {
    const event = httpEvent(token, body);
    const context = lambdaContext('createServiceRequest');
    const t = performance.now();
    const response = await handler(event, context);
    const elapsed = performance.now() - t;
    if (response.statusCode !== 201) throw new Error(`createServiceRequest answered ${response.statusCode}: ${response.body}`);
    return { elapsed, srNumber: (JSON.parse(response.body ?? '{}') as { srNumber: string }).srNumber };
  };

  for (let i = 0; i < warmUp; i++) await invokeOurs();
  const { srNumber: sample } = await invokeOurs();

  // Raw items of exactly the sizes the handler writes: its last SR and audit event, re-keyed per call.
  const srKey = keys.serviceRequest(sample);
  const { Item: srItem } = await documentClient.send(new GetCommand({ TableName: tableName, Key: srKey, ConsistentRead: true }));
  const { Items: audits } = await documentClient.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)', ExpressionAttributeValues: { ':pk': srKey.PK, ':audit': keys.auditPrefix } }),
  );
  const auditTemplate = audits?.[0];
  if (!srItem || !auditTemplate) throw new Error(`could not read back ${sample} and its audit event`);
  console.log(`request-overhead: raw writes copy the handler's items: SR ${JSON.stringify(srItem).length} B, audit ${JSON.stringify(auditTemplate).length} B (JSON)`);

  let rawCount = 0;
  const invokeRaw = async (): Promise<number> => {
    const n = rawCount++;
    const pk = `SR#RAW-${n.toString().padStart(6, '0')}`;
    const items = [
      { Put: { TableName: tableName, Item: { ...srItem, PK: pk, srNumber: `RAW-${n}` }, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { TableName: tableName, Item: { ...auditTemplate, PK: pk }, ConditionExpression: 'attribute_not_exists(PK)' } },
    ];
    const t = performance.now();
    await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.case(caseNumber), ConsistentRead: true }));
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
    return performance.now() - t;
  };

  for (let i = 0; i < warmUp; i++) await invokeRaw();
  const ours: number[] = [];
  const raw: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    // Alternate which goes first so neither always runs right after the other.
    if (i % 2 === 0) {
      ours.push((await invokeOurs()).elapsed);
      raw.push(await invokeRaw());
    } else {
      raw.push(await invokeRaw());
      ours.push((await invokeOurs()).elapsed);
    }
  }
  console.log(`request-overhead: ${iterations} interleaved pairs after ${warmUp} warm-up each, in ${ms((performance.now() - started) / 1000)} s`);

  const stats = (values: number[]) => ({ p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), max: Math.max(...values) });
  const o = stats(ours);
  const r = stats(raw);
  console.log(
    table(
      ['createServiceRequest', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [
        ['handler in-process (auth + zod + use case)', ms(o.p50), ms(o.p90), ms(o.p99), ms(o.max)],
        ['raw: GetItem + TransactWrite(2 Puts)', ms(r.p50), ms(r.p90), ms(r.p99), ms(r.max)],
        ['overhead (handler - raw)', ms(o.p50 - r.p50), ms(o.p90 - r.p90), ms(o.p99 - r.p99), ''],
      ],
    ),
  );
  const p50Ratio = o.p50 / r.p50;
  console.log(`request-overhead: p50 ratio ${ratio(p50Ratio)} ${p50Ratio <= p50Target ? 'PASS' : 'FAIL'} (target <= ${p50Target})`);
  console.log('');
  console.log(summaryLine('create-sr-p50', ms(o.p50), 'ms', p50Ratio, 'raw-dynamodb-writes'));
  console.log(summaryLine('create-sr-p99', ms(o.p99), 'ms', o.p99 / r.p99, 'raw-dynamodb-writes'));
}
