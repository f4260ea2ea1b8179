import { parseArgs } from 'node:util';
import { roles, isRole } from '../functions/platform/roles.ts';
import { loadDevIssuer } from './dev-issuer.ts';
import { defaultDataDir } from './paths.ts';

/**
 * npm run -s token -- --role team-leader [--user alice] [--scin 1234567890] [--segment SEG-LEEDS-01 ...] [--ttl 3600] [--data-dir .local]
 * npm run -s token -- --role fulfilment-house [--ttl 3600]
 * Staff tokens carry the segments given (default: the demo segments). People get an ID token; the
 * Fulfilment House, a machine, gets a client-credentials access token (client_id and scope, no user).
 * Prints only the token on stdout, so TOKEN=$(npm run -s token -- --role caseworker) works.
 */

const usage = `Usage: npm run -s token -- --role <${roles.join('|')}> [--user <name>] [--scin <10 digits, for client>] [--segment <id> ...] [--ttl <seconds>] [--data-dir <dir>]`;

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      user: { type: 'string' },
      scin: { type: 'string' },
      segment: { type: 'string', multiple: true },
      ttl: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.error(usage);
    process.exit(0);
  }
  if (!isRole(values.role)) throw new Error(`--role must be one of: ${roles.join(', ')}`);
  const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
  if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) throw new Error('--ttl must be a whole number of seconds');
  const machine = values.role === 'fulfilment-house';
  if (machine && (values.user || values.scin || values.segment?.length)) {
    throw new Error('The Fulfilment House signs in as a machine (client credentials): its token names no user, SCIN or segment');
  }
  const issuer = await loadDevIssuer(values['data-dir'] ?? defaultDataDir);
  const token = machine
    ? await issuer.issueMachineToken({ role: 'fulfilment-house', ...(ttlSeconds ? { ttlSeconds } : {}) })
    : await issuer.issueToken({
        role: values.role,
        ...(values.user ? { username: values.user } : {}),
        ...(values.scin ? { scin: values.scin } : {}),
        ...(values.segment?.length ? { segments: values.segment.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean) } : {}),
        ...(ttlSeconds ? { ttlSeconds } : {}),
      });
  process.stdout.write(`${token}\n`);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
