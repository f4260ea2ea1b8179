import * as z from 'zod';

/** One round of team leader approval, the same for every channel: every round is kept. */
export const ApprovalRound = z
  .object({
    round: z.number().int(),
    submittedBy: z.string(),
    submittedAt: z.iso.datetime(),
    decision: z.enum(['approved', 'approved-with-correction', 'self-approved', 'rejected', 'returned-for-welsh-translation']),
    decidedBy: z.string(),
    decidedAt: z.iso.datetime(),
    reasons: z.string().optional().describe('The Editable Letter Review: why it was rejected'),
    correction: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ApprovalRound' });

export const correspondenceChannels = ['letter', 'email'] as const;
export const CorrespondenceChannel = z.enum(correspondenceChannels);
