import * as z from 'zod';
import data from '../data/organisation-types.json' with { type: 'json' };

const OrganisationTypeSchema = z.strictObject({ id: z.string().regex(/^[a-z-]+$/), name: z.string().min(2), teamOnly: z.boolean() });

/** The catalogue of third-party organisation types, validated when loaded. */
export const organisationTypes = z.array(OrganisationTypeSchema).min(1).parse(data.types, { jitless: true });
export const organisationTypeIds = organisationTypes.map((t) => t.id) as [string, ...string[]];

/** MPs, ICE, PHSO and HMCTS records are maintained by the third-party team alone. */
export const isTeamOnly = (typeId: string): boolean => organisationTypes.find((t) => t.id === typeId)?.teamOnly ?? false;
