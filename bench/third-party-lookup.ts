import { lambdaContext } from './lambda-context.ts';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { resetKeyCache } from '../functions/platform/auth.ts';
import { dynamo, resetClients } from '../functions/platform/aws-clients.ts';
import { keys, thirdPartyLookup } from '../functions/platform/keys.ts';
import { platformEnv } from '../functions/platform/resources.ts';
import { loadDevIssuer } from '../local/dev-issuer.ts';
import { httpEvent } from '../local/http-event.ts';
import { batchWrite, directoryItems, generateDirectory } from '../test/support/directory-generator.ts';
import { benchAwsEnv, startDynamoDb } from './dynamodb-local.ts';
import { ms, percentile, ratio, summaryLine, table } from './stats.ts';

/**
 * Benchmark: third-party directory lookups at scale. 10,000 generated organisations (the scale test's
 * generator, written as recordWrites() items) in DynamoDB Local; the handlers invoked in-process with a
 * real RS256 token, each against the raw Query it has to make, issued with the same document client and
 * interleaved with the handler calls:
 *   (a) getThirdParty vs Query PK = TP#<trn> AND SK BETWEEN CHANGE# AND ORG (consistent, as the store reads);
 *   (b) lookUpThirdParties ?name=<prefix> vs Query PK = TPWORD#<2 letters> AND begins_with(SK, <prefix>), Limit 100.
 * `npm run bench -- third-party-lookup` runs it alone. Knobs: BENCH_TP_COUNT (10000), BENCH_TP_N (300), BENCH_TP_WARMUP (30).
 */

export const p50Target = 1.3;
const count = Number(process.env.BENCH_TP_COUNT ?? 10_000);
const iterations = Number(process.env.BENCH_TP_N ?? 300);
const warmUp = Number(process.env.BENCH_TP_WARMUP ?? 30);

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;


interface Pairs {
  readonly ours: number[];
  readonly raw: number[];
}

/** Interleaved pairs, alternating which goes first; `i` picks the same key for both of a pair. */
async function measure(ours: (i: number) => Promise<number>, raw: (i: number) => Promise<number>): Promise<Pairs> {
  for (let i = 0; i < warmUp; i++) {
    await ours(i);
    await raw(i);
  }
  const result: Pairs = { ours: [], raw: [] };
  for (let i = 0; i < iterations; i++) {
    if (i % 2 === 0) {
      result.ours.push(await ours(i));
      result.raw.push(await raw(i));
    } else {
      result.raw.push(await raw(i));
      result.ours.push(await ours(i));
    }
  }
  return result;
}

const stats = (values: number[]) => ({ p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), max: Math.max(...values) });

export async function runThirdPartyLookup(workDir: string): Promise<void> {
  const db = await startDynamoDb();
  console.log(`third-party-lookup: DynamoDB from ${db.source}, table ${db.tableName}`);
  const issuer = await loadDevIssuer(join(workDir, 'third-party-lookup'));
  Object.assign(process.env, benchAwsEnv(db), {
    [platformEnv.jwtIssuer]: issuer.issuer,
    [platformEnv.jwtAudience]: issuer.audience,
    [platformEnv.jwksUrl]: `data:application/json;base64,${Buffer.from(JSON.stringify(issuer.jwks)).toString('base64')}`,
  });
  resetClients();
  resetKeyCache();
  const client = dynamo();
  const tableName = db.tableName;

  let t = performance.now();
  const records = generateDirectory(count);
  const items = records.flatMap(directoryItems);
  const calls = await batchWrite(client, tableName, items, 8);
  console.log(`third-party-lookup: loaded ${records.length} organisations as ${items.length} items (${calls} BatchWriteItem calls) in ${ms((performance.now() - t) / 1000)} s`);

  const token = await issuer.issueToken({ role: 'caseworker', username: 'bench.caseworker' });
  const headers = { authorization: `Bearer ${token}`, host: 'api.bench.invalid', 'user-agent': 'cms-bench' };
  const { handler: getThirdParty } = (await import('../functions/third-parties/handlers/get-third-party.ts')) as { handler: Handler };
  const { handler: lookUpThirdParties } = (await import('../functions/third-parties/handlers/look-up-third-parties.ts')) as { handler: Handler };

  // (a) by TRN: a spread of organisations, the same one for both of a pair.
  const trns = Array.from({ length: 97 }, (_, i) => records[(i * 7919) % records.length]!.organisation.trn);
  const [from, to] = keys.thirdPartyRecordRange;
  const byTrnOurs = async (i: number): Promise<number> => {
    const trn = trns[i % trns.length]!;
    const event = httpEvent({ method: 'GET', rawPath: `/third-parties/${trn}`, headers, routeKey: 'GET /third-parties/{trn}', pathParameters: { trn } });
    const context = lambdaContext('getThirdParty');
    const start = performance.now();
    const response = await getThirdParty(event, context);
    const elapsed = performance.now() - start;
    if (response.statusCode !== 200) throw new Error(`getThirdParty ${trn} answered ${response.statusCode}: ${response.body}`);
    return elapsed;
  };
  const byTrnRaw = async (i: number): Promise<number> => {
    const trn = trns[i % trns.length]!;
    const start = performance.now();
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.thirdPartyPartition(trn), ':from': from, ':to': to },
        ConsistentRead: true,
      }),
    );
    const elapsed = performance.now() - start;
    if (!Items?.length) throw new Error(`raw Query found nothing for ${trn}`);
    return elapsed;
  };

  // (b) by name: prefixes of common surnames, so both read one full page of 100 entries.
  const prefixes = ['hebbl', 'kenwo', 'ormer', 'sowerb', 'tatter', 'wadsw', 'ballan', 'fothe', 'illing', 'quarm'];
  const byNameOurs = async (i: number): Promise<number> => {
    const name = prefixes[i % prefixes.length]!;
    const event = httpEvent({ method: 'GET', rawPath: '/third-parties', rawQueryString: `name=${name}`, headers, routeKey: 'GET /third-parties' });
    const context = lambdaContext('lookUpThirdParties');
    const start = performance.now();
    const response = await lookUpThirdParties(event, context);
    const elapsed = performance.now() - start;
    if (response.statusCode !== 200) throw new Error(`lookUpThirdParties ?name=${name} answered ${response.statusCode}: ${response.body}`);
    return elapsed;
  };
  const byNameRaw = async (i: number): Promise<number> => {
    const name = prefixes[i % prefixes.length]!;
    const start = performance.now();
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': thirdPartyLookup.wordPartition(name), ':prefix': name },
        Limit: 100,
      }),
    );
    const elapsed = performance.now() - start;
    if ((Items?.length ?? 0) < 100) throw new Error(`raw Query for "${name}" found ${Items?.length ?? 0} entries, not a full page`);
    return elapsed;
  };

  // Sanity: a name lookup answers with a page of matches (a full page: more matched than the default limit of 20).
  const sample = await lookUpThirdParties(httpEvent({ method: 'GET', rawPath: '/third-parties', rawQueryString: `name=${prefixes[0]}`, headers, routeKey: 'GET /third-parties' }), lambdaContext('lookUpThirdParties'));
  const sampleBody = JSON.parse(sample.body ?? '{}') as { items?: unknown[]; truncated?: boolean };
  console.log(`third-party-lookup: ?name=${prefixes[0]} gives ${sampleBody.items?.length ?? 0} items, truncated=${String(sampleBody.truncated)} (${sample.body?.length ?? 0} B)`);

  t = performance.now();
  const trn = await measure(byTrnOurs, byTrnRaw);
  const name = await measure(byNameOurs, byNameRaw);
  console.log(`third-party-lookup: ${iterations} interleaved pairs each after ${warmUp} warm-up, in ${ms((performance.now() - t) / 1000)} s`);

  const rows = [
    ['getThirdParty handler (auth + zod + Query)', trn.ours],
    ['raw Query TP#<trn> SK BETWEEN CHANGE# AND ORG', trn.raw],
    ['lookUpThirdParties ?name=<prefix> handler', name.ours],
    ['raw Query TPWORD#<2> begins_with <prefix>, Limit 100', name.raw],
  ] as const;
  console.log(table(['third-party lookup', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'], rows.map(([label, values]) => { const s = stats([...values]); return [label, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)]; })));

  const summary: string[] = [];
  for (const [label, pairs] of [['trn', trn], ['name', name]] as const) {
    const o = stats(pairs.ours);
    const r = stats(pairs.raw);
    const p50Ratio = o.p50 / r.p50;
    console.log(`third-party-lookup: by ${label} p50 ratio ${ratio(p50Ratio)} ${p50Ratio <= p50Target ? 'PASS' : 'FAIL'} (target <= ${p50Target}); overhead p50 ${ms(o.p50 - r.p50)} ms`);
    summary.push(summaryLine(`tp-lookup-${label}-p50`, ms(o.p50), 'ms', p50Ratio, 'raw-query-same-key'));
    summary.push(summaryLine(`tp-lookup-${label}-p99`, ms(o.p99), 'ms', o.p99 / r.p99, 'raw-query-same-key'));
  }
  console.log('');
  for (const line of summary) console.log(line);
}
