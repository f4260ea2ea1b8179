import * as z from 'zod';
import data from '../data/sr-types.json' with { type: 'json' };
import { SrTypeSchema, type SrType } from '../schemas.ts';

/** The catalogue of SR types (Process / Area / Sub Area), validated when loaded. */
export const srTypes: readonly SrType[] = z.array(SrTypeSchema).min(1).parse(data.types, { jitless: true });

const keyOf = (t: { process: string; area: string; subArea: string }): string => `${t.process}/${t.area}/${t.subArea}`;
const byKey = new Map(srTypes.map((t) => [keyOf(t), t]));

export const findSrType = (t: { process: string; area: string; subArea: string }): SrType | undefined => byKey.get(keyOf(t));
