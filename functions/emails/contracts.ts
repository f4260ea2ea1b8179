import * as z from 'zod';
import type { RouteContract } from '../platform/catalogue-types.ts';
import { CaseNumber, Scin } from '../platform/identifiers.ts';
import { Page, PageQuery } from '../platform/shared-schemas.ts';
import { RejectLetter } from '../letters/schemas.ts';
import { Incident } from './incidents.ts';
import { ApproveEmail, CancelEmail, ClientEmail, ComposeEmail, CreateEmail, Email, EmailId } from './schemas.ts';
import { EmailTemplate, LinesToTake } from './template-schema.ts';

const tag = 'Emails';
const EmailParams = z.strictObject({ correspondenceId: EmailId });
const updated = (description: string, problems: number[] = [404, 409, 428]) => ({ tag, params: EmailParams, success: { status: 200 as const, body: Email, description }, ifMatch: 'required' as const, problems });

export const emailContracts = {
  templates: {
    summary: 'Email templates (CMSL5515 client, CMSL5508 representative) and the approved lines to take per scenario',
    tag,
    success: { status: 200, body: z.object({ items: z.array(EmailTemplate), linesToTake: LinesToTake }), description: 'Templates and lines' },
  },
  create: {
    summary: 'Create an outbound email to a self-service client or their representative, on the enquiry SR (raised In Progress when none is given)',
    tag,
    body: CreateEmail,
    success: { status: 201, body: Email, description: 'The Draft email' },
    idempotent: true,
    problems: [400, 404, 422],
  },
  get: { summary: 'An email (clients: only emails sent to them, as they received them)', tag, params: EmailParams, success: { status: 200, body: z.union([Email, ClientEmail]), description: 'The email' }, problems: [404] },
  compose: { summary: 'Choose the approved lines to take (by id only: any text is refused)', ...updated('The email after the edit', [400, 404, 409, 422, 428]), body: ComposeEmail },
  generate: { summary: 'Create Correspondence: render the email as it will be sent and check it for personal data', ...updated('Generated', [400, 404, 409, 422, 428]) },
  submitForApproval: { summary: "Send a generated email to the team leaders' approval queue (always: no self-approval for email)", ...updated('Pending Approval') },
  approve: { summary: 'Team leader approval, optionally after a minor correction (another choice of approved lines)', ...updated('Approved: waiting for Send Email', [400, 403, 404, 409, 422, 428]), body: ApproveEmail },
  reject: { summary: 'Team leader rejection with the reasons (Editable Letter Review): back to the caseworker, editable', ...updated('Draft again', [400, 403, 404, 409, 428]), body: RejectLetter },
  send: {
    summary: 'Send Email: queue the approved email for sending through SES (again after an error once the address is corrected)',
    tag,
    params: EmailParams,
    success: { status: 202, body: Email, description: 'Sending' },
    ifMatch: 'required',
    problems: [404, 409, 422, 428],
  },
  cancel: { summary: 'Cancel an email that has not been sent', ...updated('Cancelled', [400, 404, 409, 428]), body: CancelEmail },
  listForCase: { summary: 'Emails on a case, oldest first', tag, params: z.strictObject({ caseNumber: CaseNumber }), query: PageQuery, success: { status: 200, body: Page(Email), description: 'One page of emails' } },
  listForClient: {
    summary: 'Emails to a client (in the portal: the ones sent to them)',
    tag,
    params: z.strictObject({ scin: Scin }),
    query: PageQuery,
    success: { status: 200, body: Page(z.union([Email, ClientEmail])), description: 'One page of emails' },
    problems: [404],
  },
  incidents: { summary: 'Open incidents (emails not sent after their retries, or with an unknown outcome), oldest first', tag, query: PageQuery, success: { status: 200, body: Page(Incident), description: 'One page of incidents' } },
  incident: { summary: 'An incident', tag, params: z.strictObject({ incidentId: z.string().regex(/^INC-[0-9A-HJKMNP-TV-Z]{8}$/, 'must be an incident id like INC-7K3M9Q2X') }), success: { status: 200, body: Incident, description: 'The incident' }, problems: [404] },
} satisfies Record<string, RouteContract>;
