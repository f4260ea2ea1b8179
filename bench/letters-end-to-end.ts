import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance as perfHooks } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../functions/platform/keys.ts';
import { caseworkTable, lettersBucket, letterRenderQueue } from '../functions/platform/resources.ts';
import { functionDefinition } from '../functions/catalogue.ts';
import { demo } from '../local/demo-data.ts';
import { invoke } from '../local/lambda-runtime.ts';
import { startPoller, type Poller } from '../local/pollers.ts';
import { localCredentials, region } from '../local/resources.ts';
import { startStack, type Stack } from '../local/stack.ts';
import { onCleanup } from './cleanup.ts';
import { median, ms, percentile, summaryLine, table } from './stats.ts';

/**
 * Benchmark: letters end to end on the local stack (issue 4, "Performance"). The stack runs in this
 * process (DynamoDB Local in its JVM; fauxqs for SQS and S3, the API, the handlers and the SQS pollers
 * here). Set-up, not timed: BENCH_E2E_LETTERS (2000) composed Draft CMSL5509 letters to the demo
 * receiving parent, each on an SR of its own, made through the API BENCH_E2E_CONCURRENCY (12) at a time.
 * Then a few letters generated one at a time on the idle pipeline (warm-up, and the unloaded latency).
 * Timed: every letter's POST /letters/{id}/generate (same concurrency) until the last letter's PDF is in
 * S3 and the letter is Generated. Latency generate call -> status Generated is polled (BatchGetItem,
 * every BENCH_E2E_POLL_MS, 100) for a sample of BENCH_E2E_SAMPLE (200) letters spread over the burst;
 * only the BENCH_E2E_POLL_WINDOW (10) oldest still pending are read each time (renders go roughly in
 * queue order), so watching does not load DynamoDB Local much. Generate call -> PDF in S3 comes for
 * every letter from the objects' LastModified (fauxqs keeps milliseconds; same clock).
 * Baseline: renderLetterPdf alone, in this process, on the document of one of the generated letters
 * (half the time before the burst, half after). Gives up after BENCH_E2E_TIMEOUT_S (300) seconds.
 * Also reported: CPU of this process (and how busy its event loop was) and of the DynamoDB Local JVM
 * during the burst. Experiment, off by default: BENCH_E2E_EXTRA_POLLERS=n starts n more render-queue
 * pollers next to the stack's one (Lambda would run many batches at once), BENCH_E2E_EXTRA_BATCH their
 * batch size (default: the catalogue's). BENCH_E2E_CPU_PROFILE=file.cpuprofile writes a CPU profile
 * of this process during the burst (open it in Chrome DevTools).
 */

const letterCount = Number(process.env.BENCH_E2E_LETTERS ?? 2000);
const concurrency = Number(process.env.BENCH_E2E_CONCURRENCY ?? 12);
const sampleSize = Math.min(letterCount, Number(process.env.BENCH_E2E_SAMPLE ?? 200));
const idleLetters = Number(process.env.BENCH_E2E_IDLE ?? 10);
const pollMs = Number(process.env.BENCH_E2E_POLL_MS ?? 100);
const pollWindow = Number(process.env.BENCH_E2E_POLL_WINDOW ?? 10);
const timeoutSeconds = Number(process.env.BENCH_E2E_TIMEOUT_S ?? 300);
const renderMs = Number(process.env.BENCH_E2E_RENDER_MS ?? 4000);
const extraPollers = Number(process.env.BENCH_E2E_EXTRA_POLLERS ?? 0);
const extraBatchSize = Number(process.env.BENCH_E2E_EXTRA_BATCH ?? 0);
const cpuProfile = process.env.BENCH_E2E_CPU_PROFILE;

const templateId = 'CMSL5509';
const caseNumber = demo.cases.main;
const recipient = { type: 'client', scin: demo.clients.receivingParent } as const;

interface Draft {
  readonly correspondenceId: string;
  readonly etag: string;
}

/**
 * Runs `work` for 0..count-1 with at most `limit` in flight; the first failure stops new work and is
 * thrown once the calls in flight have finished. `cancelled` stops new work too.
 */
async function pool(count: number, limit: number, work: (i: number) => Promise<void>, cancelled: () => boolean = () => false): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && !cancelled() && next < count) {
      const i = next++;
      try {
        await work(i);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  if (failure !== undefined) throw failure;
}

function apiClient(apiUrl: string, token: string) {
  return async (method: string, path: string, expected: number, body?: unknown, ifMatch?: string): Promise<{ body: Record<string, unknown>; etag: string }> => {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000), // a stuck stack fails the run instead of hanging it
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status} (expected ${expected}): ${text.slice(0, 300)}`);
    return { body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, etag: res.headers.get('etag') ?? '' };
  };
}

/** The letter's render timings as the system recorded them: generate request -> render job start. */
interface Recorded {
  readonly status: string;
  readonly pdfKey: string | undefined;
  readonly renderingAt: number | undefined;
  readonly generatedAt: number | undefined;
}

/** Descendant processes of this one named `java` (DynamoDB Local), from /proc; none elsewhere. */
function javaDescendants(): number[] {
  const found: number[] = [];
  const visit = (pid: number) => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(' ').filter(Boolean).map(Number)) {
        try {
          if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'java') found.push(child);
        } catch {
          // gone
        }
        visit(child);
      }
    }
  };
  visit(process.pid);
  return found;
}

/** CPU seconds (user + system) used so far by these processes, assuming 100 clock ticks a second. */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    } catch {
      // gone
    }
  }
  return ticks / 100;
}

export async function runLettersEndToEnd(workDir: string): Promise<void> {
  const started = performance.now();
  let stack: Stack | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stack ? stack.stop() : Promise.resolve());
  onCleanup(stop);
  try {
    stack = await startStack({ dataDir: join(workDir, 'letters-e2e'), inMemory: true, ports: { dynamodb: 0, fauxqs: 0, ses: 0, api: 0 }, demoData: true, quiet: true });
    console.log(`letters-e2e: stack up in ${ms((performance.now() - started) / 1000)} s (API ${stack.apiUrl})`);
    await measure(stack);
  } finally {
    await stop();
  }
}

/** The experiment: more consumers of the render queue, as Lambda would run several batches at once. */
async function startExtraPollers(sqs: SQSClient, queueUrl: string): Promise<Poller[]> {
  if (extraPollers <= 0) return [];
  const definition = functionDefinition('renderLetter');
  const trigger = definition.trigger.type === 'queue' ? definition.trigger : undefined;
  const batchSize = extraBatchSize || trigger?.batchSize || 10;
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  console.log(`letters-e2e: EXPERIMENT: ${extraPollers} extra render-queue poller(s), batch size ${batchSize}, next to the stack's own`);
  return Array.from({ length: extraPollers }, (_, i) =>
    startPoller({
      sqs,
      queueUrl,
      queueArn: Attributes!.QueueArn!,
      handler: (event) => invoke(definition, event),
      batchSize,
      ...(trigger?.maxBatchingWindowSeconds !== undefined ? { maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds } : {}),
      name: `bench-renderLetter-${i}`,
    }),
  );
}

async function measure(stack: Stack): Promise<void> {
  const env = stack.env;
  const common = { region, credentials: localCredentials, maxAttempts: 2 };
  // Clients of our own, so the bench's reads do not share sockets with the handlers.
  const raw = new DynamoDBClient({ ...common, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
  const db = DynamoDBDocumentClient.from(raw);
  const sqs = new SQSClient({ ...common, endpoint: env.AWS_ENDPOINT_URL_SQS });
  const s3 = new S3Client({ ...common, endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
  const extra = await startExtraPollers(sqs, env[letterRenderQueue.envVar]!);
  try {
    await measureWith(stack, db, sqs, s3);
  } finally {
    await Promise.all(extra.map((p) => p.stop()));
    raw.destroy();
    sqs.destroy();
    s3.destroy();
  }
}

async function measureWith(stack: Stack, db: DynamoDBDocumentClient, sqs: SQSClient, s3: S3Client): Promise<void> {
  // Imported once the stack has set the environment, so the handlers' logger starts at its quiet level.
  const [{ renderLetterPdf }, { letterDocument, pdfKey }, { letterStore }] = await Promise.all([
    import('../functions/letters/render/index.ts'),
    import('../functions/letters/render-job.ts'),
    import('../functions/letters/store.ts'),
  ]);
  const tableName = stack.env[caseworkTable.envVar]!;
  const queueUrl = stack.env[letterRenderQueue.envVar]!;
  const bucket = stack.env[lettersBucket.envVar]!;
  const call = apiClient(stack.apiUrl, await stack.issueToken({ role: 'caseworker' }));

  // --- Set-up (not timed): composed Draft letters, each on an SR of its own.
  const total = idleLetters + 1 + letterCount;
  const drafts: Draft[] = new Array<Draft>(total);
  const setUpStarted = performance.now();
  await pool(total, concurrency, async (i) => {
    const sr = await call('POST', '/service-requests', 201, {
      caseNumber,
      contact: { type: 'client', scin: recipient.scin },
      process: 'Outbound Contact',
      area: 'Reissue Correspondence',
      subArea: 'Reissue Correspondence',
      channel: 'phone',
      description: 'Client asked for the documents we hold to be listed in a letter.',
    });
    const srNumber = sr.body.srNumber as string;
    await call('POST', `/service-requests/${srNumber}/status`, 200, { status: 'In Progress' }, sr.etag);
    const created = await call('POST', `/service-requests/${srNumber}/letters`, 201, { templateId, recipient });
    const correspondenceId = created.body.correspondenceId as string;
    const composed = await call('PATCH', `/letters/${correspondenceId}`, 200, { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: `Your letter of 3 October 2026 and the payslips you sent (bench letter ${i}).` } }, created.etag);
    drafts[i] = { correspondenceId, etag: composed.etag };
  });
  const setUpSeconds = (performance.now() - setUpStarted) / 1000;
  console.log(`letters-e2e: set-up: ${total} composed Draft letters (SR, In Progress, letter, compose: 4 calls each) in ${ms(setUpSeconds)} s, ${concurrency} in flight`);

  const status = async (id: string) =>
    (await db.send(new GetCommand({ TableName: tableName, Key: keys.letter(id), ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'status' }, ConsistentRead: true }))).Item?.status as string | undefined;
  const generate = async (d: Draft) => {
    const res = await call('POST', `/letters/${d.correspondenceId}/generate`, 202, undefined, d.etag);
    if (res.body.status !== 'Rendering') throw new Error(`generate of ${d.correspondenceId} answered status ${String(res.body.status)}`);
  };

  // --- Idle pipeline: one letter at a time (the first also loads the render handler: not counted).
  const idle: number[] = [];
  for (let i = 0; i <= idleLetters; i++) {
    const d = drafts[i]!;
    const t = performance.now();
    await generate(d);
    for (;;) {
      const s = await status(d.correspondenceId);
      if (s === 'Generated') break;
      if (s !== 'Rendering') throw new Error(`letter ${d.correspondenceId} went to ${s} instead of Generated`);
      if (performance.now() - t > 30_000) throw new Error(`letter ${d.correspondenceId} not Generated within 30 s on an idle pipeline`);
      await sleep(10);
    }
    if (i > 0) idle.push(performance.now() - t);
  }

  // --- Baseline: the render engine alone on the same content (one of the letters just generated).
  const letter = await letterStore.get(drafts[0]!.correspondenceId);
  if (!letter?.generated) throw new Error(`could not read back generated letter ${drafts[0]!.correspondenceId}`);
  const doc = letterDocument(letter, 'standard');
  const renderTimes: number[] = [];
  const renderOnly = (sliceMs: number) => {
    const t0 = performance.now();
    while (performance.now() - t0 < sliceMs) {
      const t = performance.now();
      renderLetterPdf(doc);
      renderTimes.push(performance.now() - t);
    }
  };
  for (let i = 0; i < 30; i++) renderLetterPdf(doc);
  renderOnly(renderMs / 2);

  // --- Timed: every letter generated, until the last PDF is in S3 and its letter Generated.
  const burst = drafts.slice(idleLetters + 1);
  const step = letterCount / sampleSize;
  const sample = new Map<number, { id: string; called?: number; answered?: boolean; seen?: number }>();
  for (let k = 0; k < sampleSize; k++) {
    const i = Math.floor(k * step);
    sample.set(i, { id: burst[i]!.correspondenceId });
  }
  const timeline: string[][] = [];
  let generateCalls = 0;
  const calledAt: number[] = new Array<number>(burst.length);
  let callsDone: number | undefined;
  let done: number | undefined;
  const profiler = cpuProfile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const javas = javaDescendants();
  const cpuBefore = { node: process.cpuUsage(), jvm: cpuSeconds(javas), loop: perfHooks.eventLoopUtilization() };
  const t0 = performance.now();
  const wallT0 = Date.now() - (performance.now() - t0);
  const deadline = t0 + timeoutSeconds * 1000;
  const elapsed = () => performance.now() - t0;

  const queueDepth = async () => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return { waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
  };

  let watchFailed = false;
  let generateFailure: unknown;
  const generating = pool(
    burst.length,
    concurrency,
    async (i) => {
      if (performance.now() > deadline) throw new Error('timed out while still sending generate calls');
      const entry = sample.get(i);
      calledAt[i] = performance.now();
      if (entry) entry.called = calledAt[i];
      await generate(burst[i]!);
      if (entry) entry.answered = true;
      generateCalls++;
    },
    () => watchFailed,
  ).then(
    () => void (callsDone = elapsed()),
    (error: unknown) => void (generateFailure = error),
  );

  const watching = (async () => {
    let lastTimeline = -Infinity;
    for (;;) {
      if (generateFailure !== undefined) throw generateFailure;
      const now = performance.now();
      if (now > deadline) {
        const depth = await queueDepth();
        throw new Error(
          `letters-e2e: gave up after ${timeoutSeconds} s: ${generateCalls}/${letterCount} generate calls answered, render queue ${depth.waiting} waiting + ${depth.inFlight} in flight, ` +
            `${[...sample.values()].filter((s) => s.seen).length}/${sampleSize} sampled letters Generated. Is the renderLetter poller running (local/pollers.ts)?`,
        );
      }
      const pending = [...sample.values()].filter((s) => s.answered && s.seen === undefined).slice(0, pollWindow);
      for (let i = 0; i < pending.length; i += 100) {
        const chunk = pending.slice(i, i + 100);
        const { Responses } = await db.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: chunk.map((s) => keys.letter(s.id)), ProjectionExpression: 'correspondenceId, #s', ExpressionAttributeNames: { '#s': 'status' }, ConsistentRead: true } } }),
        );
        const seenAt = performance.now();
        for (const item of Responses?.[tableName] ?? []) {
          const s = chunk.find((c) => c.id === item.correspondenceId);
          if (!s) continue;
          if (item.status === 'Generated') s.seen = seenAt;
          else if (item.status !== 'Rendering') throw new Error(`letter ${s.id} went to ${String(item.status)} instead of Generated`);
        }
      }
      if (now - lastTimeline >= 1000 || callsDone !== undefined) {
        const depth = await queueDepth();
        if (now - lastTimeline >= 1000) {
          lastTimeline = now;
          timeline.push([ms(elapsed() / 1000), String(generateCalls), String(depth.waiting), String(depth.inFlight), String([...sample.values()].filter((s) => s.seen).length)]);
        }
        // The message is deleted only after the letter is Generated (and its PDF stored).
        if (callsDone !== undefined && depth.waiting + depth.inFlight === 0 && [...sample.values()].every((s) => s.seen !== undefined)) {
          done = elapsed();
          return;
        }
      }
      await sleep(pollMs);
    }
  })();
  // On a failure, let the generate calls in flight finish before the stack is stopped under them.
  await watching.catch(async (error: unknown) => {
    watchFailed = true;
    await generating;
    throw error;
  });
  await generating;
  if (generateFailure !== undefined) throw generateFailure;
  const observedSeconds = done! / 1000;
  const nodeCpu = process.cpuUsage(cpuBefore.node);
  const nodeCpuSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
  const jvmCpuSeconds = cpuSeconds(javas) - cpuBefore.jvm;
  const loopBusy = perfHooks.eventLoopUtilization(cpuBefore.loop).utilization;
  if (profiler && cpuProfile) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(cpuProfile, JSON.stringify(profile));
    profiler.disconnect();
    console.log(`letters-e2e: CPU profile of the burst in ${cpuProfile}`);
  }
  renderOnly(renderMs / 2);

  // --- Check every letter: Generated, with its PDF in S3 under the expected key.
  const objects = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `letters/${caseNumber}/`, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key && o.LastModified) objects.set(o.Key, o.LastModified.getTime());
    token = page.NextContinuationToken;
  } while (token);
  const recorded = new Map<string, Recorded>();
  for (let i = 0; i < burst.length; i += 100) {
    const chunk = burst.slice(i, i + 100);
    let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ConsistentRead?: boolean }> | undefined = {
      [tableName]: { Keys: chunk.map((d) => keys.letter(d.correspondenceId)), ProjectionExpression: 'correspondenceId, #s, pdfs, statusHistory', ExpressionAttributeNames: { '#s': 'status' }, ConsistentRead: true },
    };
    while (request && Object.keys(request).length > 0) {
      const { Responses, UnprocessedKeys } = await db.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of Responses?.[tableName] ?? []) {
        const history = (item.statusHistory ?? []) as { status: string; at: string }[];
        const at = (s: string) => {
          const entry = history.findLast((h) => h.status === s);
          return entry ? Date.parse(entry.at) : undefined;
        };
        recorded.set(item.correspondenceId as string, { status: item.status as string, pdfKey: (item.pdfs as { key: string }[] | undefined)?.[0]?.key, renderingAt: at('Rendering'), generatedAt: at('Generated') });
      }
      request = UnprocessedKeys as typeof request;
    }
  }
  const problems: string[] = [];
  for (const d of burst) {
    const r = recorded.get(d.correspondenceId);
    const expected = pdfKey({ caseNumber, correspondenceId: d.correspondenceId }, 1, 'standard');
    if (!r || r.status !== 'Generated') problems.push(`${d.correspondenceId} is ${r?.status ?? 'missing'}`);
    else if (r.pdfKey !== expected) problems.push(`${d.correspondenceId} has PDF ${String(r.pdfKey)}, expected ${expected}`);
    else if (!objects.has(expected)) problems.push(`${d.correspondenceId}: no object ${expected} in S3`);
  }
  if (problems.length > 0) throw new Error(`letters-e2e: ${problems.length} of ${letterCount} letters not right after the run: ${problems.slice(0, 5).join('; ')}`);

  // When the last PDF landed in S3, by the objects' own timestamps (if fauxqs keeps milliseconds).
  const burstKeys = burst.map((d) => pdfKey({ caseNumber, correspondenceId: d.correspondenceId }, 1, 'standard'));
  const lastModified = Math.max(...burstKeys.map((k) => objects.get(k)!));
  /** ms after t0 at which letter i's PDF was stored. */
  const lastModifiedAt = (i: number) => objects.get(burstKeys[i]!)! - wallT0;
  const millisecondStamps = burstKeys.some((k) => objects.get(k)! % 1000 !== 0);
  const lastPdfSeconds = (lastModified - wallT0) / 1000;
  // Headline: from the first generate call to the last PDF in S3; the letter is Generated a moment later.
  const e2eSeconds = millisecondStamps && lastPdfSeconds > 0 && lastPdfSeconds <= observedSeconds ? lastPdfSeconds : observedSeconds;
  const e2eRate = letterCount / e2eSeconds;

  const renderRate = (renderTimes.length * 1000) / renderTimes.reduce((a, b) => a + b, 0);
  const renderOne = median(renderTimes);
  const latencies = [...sample.values()].map((s) => s.seen! - s.called!);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);

  // Where the time went, from what the system recorded: generate request -> render job start (queue),
  // render job start -> PDF in S3 (render + store), per letter.
  const queueWait: number[] = [];
  const renderToS3: number[] = [];
  for (const d of burst) {
    const r = recorded.get(d.correspondenceId)!;
    if (r.renderingAt !== undefined && r.generatedAt !== undefined) queueWait.push(r.generatedAt - r.renderingAt);
    const stored = objects.get(r.pdfKey!);
    if (millisecondStamps && stored !== undefined && r.generatedAt !== undefined) renderToS3.push(stored - r.generatedAt);
  }
  const toS3 = millisecondStamps ? burst.map((_, i) => lastModifiedAt(i) - (calledAt[i]! - t0)) : [];
  const drainStart = callsDone! / 1000;
  const renderedAtCallsDone = burst.filter((d) => {
    const g = recorded.get(d.correspondenceId)!.generatedAt;
    return g !== undefined && (g - wallT0) / 1000 <= drainStart;
  }).length;

  console.log(`letters-e2e: ${letterCount} letters; generate calls ${concurrency} in flight; all ${letterCount} answered 202 after ${ms(drainStart)} s (${(letterCount / drainStart).toFixed(0)} calls/s), by then ${renderedAtCallsDone} rendered`);
  console.log('letters-e2e: progress (render queue from GetQueueAttributes; sample = sampled letters seen Generated)');
  const every = Math.max(1, Math.ceil(timeline.length / 15));
  console.log(
    table(
      ['t s', 'generate 202s', 'queue waiting', 'in flight', `sample done /${sampleSize}`],
      timeline.filter((_, i) => i % every === 0 || i === timeline.length - 1),
    ),
  );
  const dist = (values: number[], digits = 1) =>
    values.length ? [percentile(values, 50), percentile(values, 90), percentile(values, 99), Math.max(...values)].map((v) => v.toFixed(digits)) : ['-', '-', '-', '-'];
  console.log(
    table(
      ['latency', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [
        [`generate call -> Generated, burst (polled every ${pollMs} ms)`, String(latencies.length), ...dist(latencies)],
        ['generate call -> PDF in S3 (LastModified), burst, every letter', String(toS3.length), ...dist(toS3)],
        ['generate call -> Generated, idle pipeline (one at a time)', String(idle.length), ...dist(idle)],
        ['generate request -> render job start (recorded), burst', String(queueWait.length), ...dist(queueWait)],
        ['render job start -> PDF in S3 (recorded), burst', String(renderToS3.length), ...dist(renderToS3)],
        ['render engine alone, one letter, in this process', String(renderTimes.length), ...dist(renderTimes, 3)],
      ],
    ),
  );
  const drainRate = (letterCount - renderedAtCallsDone) / (e2eSeconds - drainStart);
  console.log(
    table(
      ['throughput', 'letters/s', 'ms/letter'],
      [
        ['end to end: first generate call -> last PDF in S3', e2eRate.toFixed(1), (1000 / e2eRate).toFixed(1)],
        ['render consumer draining, after the last generate call', drainRate.toFixed(1), (1000 / drainRate).toFixed(1)],
        ['render engine alone, in this process', renderRate.toFixed(0), (1000 / renderRate).toFixed(2)],
      ],
    ),
  );
  console.log(
    `letters-e2e: last PDF in S3 at ${ms(e2eSeconds)} s (${millisecondStamps && e2eSeconds === lastPdfSeconds ? 'S3 LastModified' : 'when the queue was seen empty'}); queue seen empty and every sampled letter Generated at ${ms(observedSeconds)} s; all ${letterCount} checked Generated with their PDF in S3`,
  );
  console.log(
    `letters-e2e: during the burst (${ms(observedSeconds)} s): this process ${(nodeCpuSeconds / observedSeconds * 100).toFixed(0)}% of a core (event loop busy ${(loopBusy * 100).toFixed(0)}%), ` +
      `DynamoDB Local JVM ${javas.length ? `${(jvmCpuSeconds / observedSeconds * 100).toFixed(0)}% of a core` : 'not found'}; ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `letters-e2e: CPU per letter: this process ${ms((nodeCpuSeconds * 1000) / letterCount)} ms (API, handlers, fauxqs, SDK, pollers; the render itself ${renderOne.toFixed(2)} ms)` +
      (javas.length ? `, DynamoDB Local ${ms((jvmCpuSeconds * 1000) / letterCount)} ms` : ''),
  );
  console.log(`letters-e2e: end to end keeps 1/${(renderRate / e2eRate).toFixed(0)} of the render engine's speed; burst sample p50 ${ms(p50)} ms, p99 ${ms(p99)} ms = ${(p99 / renderOne).toFixed(0)}x one render (${renderOne.toFixed(3)} ms)`);
  console.log('');
  console.log(summaryLine('letters-e2e', e2eRate.toFixed(1), 'letters/s', e2eRate / renderRate, 'render-engine-in-process'));
  console.log(summaryLine('letters-e2e-p50', ms(p50), 'ms', p50 / renderOne, 'render-engine-one-letter'));
}
