import * as z from 'zod';
import { SrNumber } from '../platform/identifiers.ts';
import { Enquiry, SrStatus, type ServiceRequest } from './schemas.ts';

/**
 * What a client sees of an SR about them in the portal: what it is, where it stands and when, and for an
 * enquiry when it is due. No internal notes, staff ids, assignments, activity plans or status history.
 */
export const ClientServiceRequest = z
  .object({
    srNumber: SrNumber,
    caseNumber: z.string(),
    process: z.string(),
    area: z.string(),
    subArea: z.string(),
    channel: z.string(),
    status: SrStatus,
    raisedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    enquiry: Enquiry.pick({ receivedAt: true, dueBy: true, respondedAt: true }).optional(),
  })
  .meta({ id: 'ClientServiceRequest' });

export function clientServiceRequest(sr: ServiceRequest): z.infer<typeof ClientServiceRequest> {
  return {
    srNumber: sr.srNumber,
    caseNumber: sr.caseNumber,
    process: sr.process,
    area: sr.area,
    subArea: sr.subArea,
    channel: sr.channel,
    status: sr.status,
    raisedAt: sr.createdAt,
    updatedAt: sr.updatedAt,
    ...(sr.enquiry ? { enquiry: { receivedAt: sr.enquiry.receivedAt, dueBy: sr.enquiry.dueBy, ...(sr.enquiry.respondedAt ? { respondedAt: sr.enquiry.respondedAt } : {}) } } : {}),
  };
}
