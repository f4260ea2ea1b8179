import * as z from 'zod';
import { EnquiryScenario } from '../service-requests/schemas.ts';

/** The only subject an email to a client may have (the outbound email procedure). */
export const emailSubject = 'Important information about your Child Maintenance case';

/** Merge fields an email template may use, all filled from the record: never typed by a caseworker. */
export const mergeFields = ['recipientName', 'clientName', 'srNumber', 'enquiryDate'] as const;

const Text = z
  .string()
  .min(1)
  .max(1000)
  .refine((t) => [...t.matchAll(/\{\{(\w+)\}\}/g)].every(([, f]) => (mergeFields as readonly string[]).includes(f!)), `merge fields must be one of: ${mergeFields.join(', ')}`);

export const EmailTemplate = z
  .strictObject({
    id: z.string().regex(/^CMSL\d{4}$/),
    version: z.number().int().positive(),
    name: z.string().min(3),
    description: z.string(),
    channel: z.literal('email'),
    audience: z.enum(['client', 'representative']),
    subject: z.literal(emailSubject),
    blocks: z
      .array(z.discriminatedUnion('type', [z.strictObject({ type: z.literal('fixed'), text: Text }), z.strictObject({ type: z.literal('linesToTake') })]))
      .refine((blocks) => blocks.filter((b) => b.type === 'linesToTake').length === 1, 'must have exactly one linesToTake block'),
  })
  .meta({ id: 'EmailTemplate' });
export type EmailTemplate = z.infer<typeof EmailTemplate>;

export const LineToTake = z.strictObject({ id: z.string().regex(/^LTT-[A-Z]{2}-\d{2}$/), title: z.string().min(3), text: z.string().min(10).max(1000) }).meta({ id: 'LineToTake' });
export type LineToTake = z.infer<typeof LineToTake>;

export const LinesToTake = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.number().int().positive(),
    scenarios: z.record(EnquiryScenario, z.strictObject({ title: z.string(), lines: z.array(LineToTake).min(1) })),
  })
  .meta({ id: 'LinesToTake' });
export type LinesToTake = z.infer<typeof LinesToTake>;
