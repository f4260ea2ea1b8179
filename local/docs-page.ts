/**
 * A self-contained HTML rendering of the OpenAPI document: no scripts, styles or fonts from a CDN,
 * so it works offline. It lists operations by tag with their roles, parameters and answers, the
 * schemas, and the problem types; and the local stack's own routes, which the OpenAPI document (the
 * deployed API) does not have.
 */

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; required?: string[] };

const escape = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const refName = (ref: string) => ref.split('/').at(-1) ?? ref;
const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A one-line description of a schema's type, with links to named schemas. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return `<a href="#${anchor('schema', refName(schema.$ref))}">${escape(refName(schema.$ref))}</a>`;
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return union.map(typeOf).join(' | ');
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `<code>${escape(JSON.stringify(v))}</code>`).join(' | ');
  if ('const' in schema) return `<code>${escape(JSON.stringify(schema.const))}</code>`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  if (type === 'array') return `array of ${typeOf(schema.items)}`;
  if (type === 'object' && schema.properties) return `object {${Object.keys(schema.properties).map(escape).join(', ')}}`;
  const details = [schema.format, schema.pattern && `pattern ${schema.pattern}`, schema.maxLength !== undefined && `max ${schema.maxLength}`].filter(Boolean);
  return `${escape(type)}${details.length ? ` <span class="muted">(${escape(details.join(', '))})</span>` : ''}`;
}

function propertiesTable(schema: Schema): string {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return `<p>${typeOf(schema)}</p>`;
  const required = new Set(schema.required ?? []);
  const rows = properties.map(
    ([name, s]) => `<tr><td><code>${escape(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${typeOf(s)}</td><td>${escape(s.description)}</td></tr>`,
  );
  return `<table><tr><th>Field</th><th>Type</th><th>Notes</th></tr>${rows.join('')}</table>`;
}

function operationHtml(method: string, path: string, op: Json): string {
  const roles = (op['x-roles'] as string[] | undefined) ?? [];
  const parameters = (op.parameters as Json[] | undefined) ?? [];
  const params = parameters.length
    ? `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Type</th><th>Notes</th></tr>${parameters
        .map((p) => `<tr><td><code>${escape(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${escape(p.in)}</td><td>${typeOf(p.schema as Schema)}</td><td>${escape(p.description)}</td></tr>`)
        .join('')}</table>`
    : '';
  const bodySchema = asObject(asObject(asObject(asObject(op.requestBody).content)['application/json']).schema) as Schema;
  const body = op.requestBody ? `<h4>Body</h4><p>${typeOf(bodySchema)}</p>` : '';
  const responses = Object.entries(asObject(op.responses))
    .map(([status, r]) => {
      const content = asObject(asObject(r).content);
      const schema = Object.values(content).map((c) => typeOf(asObject(c).schema as Schema)).join(', ');
      return `<li><b>${escape(status)}</b> ${escape(asObject(r).description)}${schema ? ` — ${schema}` : ''}</li>`;
    })
    .join('');
  return `<section class="op" id="${anchor('op', String(op.operationId ?? `${method}${path}`))}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
  <p>${escape(op.summary)}</p>
  <p>Roles: ${roles.map((r) => `<span class="role">${escape(r)}</span>`).join(' ') || '<span class="muted">none</span>'}</p>
  ${params}${body}<h4>Answers</h4><ul>${responses}</ul>
</section>`;
}

export interface LocalSchedule {
  readonly name: string;
  readonly description: string;
  /** The EventBridge Scheduler expression, with its time zone when it has one. */
  readonly schedule: string;
}

/** Routes only the local stack serves; in AWS, Cognito publishes the keys and schedules run only on time. */
function localRoutesHtml(schedules: readonly LocalSchedule[]): string {
  const routes: [method: string, path: string, notes: string][] = [
    ['GET', '/.well-known/jwks.json', "The dev issuer's public keys; handlers verify tokens with them."],
    ['GET', '/openapi.json', 'This API as an OpenAPI 3.1 document.'],
    ['GET', '/docs', 'This page.'],
    ['POST', '/local/schedules/{name}/run', 'Runs a scheduled function now, without waiting for its schedule; no token. An optional JSON body is the event it gets (e.g. <code>{"batchDate":"YYYY-MM-DD"}</code> for <code>runPrintBatch</code>). Answers <code>{"schedule", "result"}</code>.'],
  ];
  const rows = routes.map(([method, path, notes]) => `<tr><td><span class="method ${method.toLowerCase()}">${method}</span> <code>${path}</code></td><td>${notes}</td></tr>`);
  const scheduleRows = schedules.map((s) => `<tr><td><code>${escape(s.name)}</code></td><td><code>${escape(s.schedule)}</code></td><td>${escape(s.description)}</td></tr>`);
  return `<h2 id="local">Local stack only</h2><table><tr><th>Route</th><th>Notes</th></tr>${rows.join('')}</table>
<p>Schedules (<code>{name}</code>):</p><table><tr><th>name</th><th>Schedule</th><th>What</th></tr>${scheduleRows.join('')}</table>
<p><code>runPrintBatch</code> takes the letters that were Ready for Fulfilment by the cut-off, <code>PRINT_BATCH_CUTOFF</code>
(HH:MM London time, default 17:30, read from the environment of <code>npm start</code>), and before the cut-off answers
<code>{"status":"before-cutoff"}</code>. To try it during the day, start with a cut-off a few minutes ahead
(e.g. <code>PRINT_BATCH_CUTOFF=14:05 npm start</code>), get letters to Ready for Fulfilment before it and run it after it.</p>`;
}

export function renderDocsPage(documentValue: unknown, schedules: readonly LocalSchedule[] = []): string {
  const doc = asObject(documentValue);
  const info = asObject(doc.info);
  const byTag = new Map<string, string[]>();
  const nav = new Map<string, string[]>();
  for (const [path, item] of Object.entries(asObject(doc.paths))) {
    for (const method of methods) {
      const op = asObject(asObject(item)[method]);
      if (Object.keys(op).length === 0) continue;
      const tag = String((op.tags as string[] | undefined)?.[0] ?? 'Other');
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
      const link = `<li><a href="#${anchor('op', String(op.operationId ?? `${method}${path}`))}"><span class="method ${method}">${method.toUpperCase()}</span> ${escape(path)}</a></li>`;
      nav.set(tag, [...(nav.get(tag) ?? []), link]);
    }
  }
  const schemas = Object.entries(asObject(asObject(doc.components).schemas))
    .map(([name, s]) => `<section id="${anchor('schema', name)}"><h3>${escape(name)}</h3>${propertiesTable(s as Schema)}</section>`)
    .join('');
  const problems = Object.entries(asObject(doc['x-problem-types']))
    .map(([type, p]) => `<tr><td><code>${escape(type)}</code></td><td>${escape(asObject(p).status)}</td><td>${escape(asObject(p).title)}</td></tr>`)
    .join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)} — API docs</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 18rem 1fr; color: #1d1d1f; }
  nav { position: sticky; top: 0; height: 100vh; overflow: auto; background: #f4f5f7; padding: 1rem; box-sizing: border-box; font-size: 13px; }
  nav ul { list-style: none; padding: 0; margin: 0 0 1rem; } nav a { text-decoration: none; color: inherit; }
  main { padding: 1rem 2rem; max-width: 60rem; }
  .op { border: 1px solid #dde; border-radius: 6px; padding: 0 1rem; margin: 1rem 0; }
  .method { display: inline-block; min-width: 3.2em; text-align: center; border-radius: 3px; color: #fff; font-size: 11px; font-weight: bold; padding: 1px 4px; }
  .get { background: #2b6cb0; } .post { background: #2f855a; } .put { background: #b7791f; } .patch { background: #6b46c1; } .delete { background: #c53030; }
  .role { background: #e6ecf5; border-radius: 10px; padding: 0 8px; font-size: 12px; }
  .req { color: #c53030; font-size: 11px; } .muted { color: #777; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; font-size: 13px; }
  th, td { border-bottom: 1px solid #e2e2e8; text-align: left; padding: 4px 6px; vertical-align: top; }
  code { font-size: 12px; }
</style></head>
<body>
<nav><p><b>${escape(info.title)}</b> ${escape(info.version)}</p>
${[...nav].map(([tag, links]) => `<p><b>${escape(tag)}</b></p><ul>${links.join('')}</ul>`).join('')}
<p><a href="#schemas"><b>Schemas</b></a> · <a href="#problems"><b>Problem types</b></a> · <a href="#local"><b>Local stack only</b></a> · <a href="/openapi.json">openapi.json</a></p></nav>
<main>
<h1>${escape(info.title)}</h1><p>${escape(info.description)}</p>
<p>Send <code>Authorization: Bearer &lt;token&gt;</code>; get a local token with <code>npm run -s token -- --role caseworker</code>.</p>
${[...byTag].map(([tag, ops]) => `<h2>${escape(tag)}</h2>${ops.join('')}`).join('')}
<h2 id="schemas">Schemas</h2>${schemas}
<h2 id="problems">Problem types</h2><table><tr><th>type</th><th>Status</th><th>Title</th></tr>${problems}</table>
${localRoutesHtml(schedules)}
</main></body></html>`;
}
