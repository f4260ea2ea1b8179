import { correspondenceAudit } from '../correspondence/audit.ts';
import type { Letter } from './schemas.ts';

/** A letter's audit event, on its own trail, its case's and its recipient's. */
export const letterAudit = correspondenceAudit<Letter>('Letter');
