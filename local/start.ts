import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { roles, type Role } from '../functions/platform/roles.ts';
import { demo } from './demo-data.ts';
import { demoDirectoryExamples } from './demo-directory.ts';
import { defaultUsername } from './dev-issuer.ts';
import { repoRoot } from './paths.ts';
import { startStack, type Stack } from './stack.ts';

/** `npm start [-- --reset]`: the local stack on fixed ports, data kept in .local/ across restarts. */

const running: { stack?: Stack } = {};
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack...`);
  // Before the stack is up, exiting is enough: the 'exit' hook kills DynamoDB Local's JVM.
  (running.stack?.stop() ?? Promise.resolve()).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } } });

const stack = await startStack({ reset: values.reset, demoData: true, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) }).catch((error: unknown) => {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  console.error(inUse ? `A port is already in use (${(error as Error).message}). Is another local stack running?` : error);
  process.exit(1);
});
running.stack = stack;

const dataDirArg = values['data-dir'] ? ` --data-dir ${values['data-dir']}` : '';
const tokenCommand = (role: Role) => `npm run -s token -- --role ${role}${role === 'client' ? ` --scin ${demo.clients.receivingParent}` : ''}${dataDirArg}`;
const width = Math.max(...roles.map((r) => r.length));
const commandWidth = Math.max(...roles.map((r) => tokenCommand(r).length));
// Example directory lookups with a real TRN from the demo directory (none if the lookup fails).
const directoryExamples = await demoDirectoryExamples(stack.apiUrl, await stack.issueToken({ role: 'caseworker' })).catch((error: unknown) => [`  (no directory examples: ${(error as Error).message})`]);
const tokenLine = (role: Role) => `  ${role.padEnd(width)}  ${tokenCommand(role).padEnd(commandWidth)} # as ${defaultUsername(role, demo.clients.receivingParent)}`;

console.log(`
CMS client contact: local stack ready (data in ${relative(repoRoot, stack.dataDir) || '.'}${values.reset ? ', reset' : ''})

  API          ${stack.apiUrl}
  OpenAPI      ${stack.apiUrl}/openapi.json
  Docs         ${stack.apiUrl}/docs
  Mail viewer  ${stack.mailViewerUrl}
  JWKS         ${stack.apiUrl}/.well-known/jwks.json
  DynamoDB     http://127.0.0.1:${stack.ports.dynamodb}   SQS/S3 (fauxqs) http://127.0.0.1:${stack.ports.fauxqs}

Tokens (valid 8 hours; add --user <staff id> to act as someone else, e.g. --user ${demo.caseworkers.closedCase}):
${roles.map(tokenLine).join('\n')}

Try:
  TOKEN=$(${tokenCommand('caseworker')})
  curl -s -H "Authorization: Bearer $TOKEN" ${stack.apiUrl}/cases/${demo.cases.main}/service-requests
  curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
    -d '{"caseNumber":"${demo.cases.main}","process":"Manage Inbound Call","area":"General Enquiry","subArea":"General Enquiry","channel":"phone"}' \\
    ${stack.apiUrl}/service-requests
${directoryExamples.join('\n')}

Run a schedule now:  curl -s -X POST ${stack.apiUrl}/local/schedules/requeueUnallocated/run
Ctrl-C stops everything.
`);

