import * as z from 'zod';

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(25),
  cursor: z.string().max(2000).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page').optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().optional().describe('Pass as ?cursor= to get the next page; absent on the last page'),
  });

export const Channel = z.enum(['caseworker-ui', 'self-service-portal', 'system']);

export const AuditEvent = z
  .object({
    eventId: z.string(),
    at: z.iso.datetime(),
    actor: z.object({ id: z.string(), role: z.string() }),
    channel: Channel,
    action: z.string(),
    entity: z.object({ type: z.string(), id: z.string() }),
    caseNumber: z.string().optional(),
    contactRef: z.string().optional(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEvent>;
