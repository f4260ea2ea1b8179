import type { FunctionDefinition } from '../platform/catalogue-types.ts';
import { allStaff } from '../platform/roles.ts';
import { correspondenceContracts } from './contracts.ts';

/** Correspondence of every channel together: the team leaders' approval queues and My Activities. Part of the function catalogue (functions/catalogue.ts). */
export const correspondenceFunctions = {
  approvalQueue: { name: 'approvalQueue', description: 'Approval queue', entry: 'functions/correspondence/handlers/approval-queue.ts', trigger: { type: 'http', method: 'GET', path: '/approval-queue/{segment}', roles: ['team-leader'], contract: correspondenceContracts.approvalQueue }, tables: { Casework: 'read' } },
  approvalSummary: { name: 'approvalSummary', description: 'Approval inbox counts', entry: 'functions/correspondence/handlers/approval-summary.ts', trigger: { type: 'http', method: 'GET', path: '/approval-queue/{segment}/summary', roles: ['team-leader'], contract: correspondenceContracts.approvalSummary }, tables: { Casework: 'read' } },
  myActivities: { name: 'myActivities', description: 'My Activities', entry: 'functions/correspondence/handlers/my-activities.ts', trigger: { type: 'http', method: 'GET', path: '/my-activities', roles: allStaff, contract: correspondenceContracts.myActivities }, tables: { Casework: 'read' } },
} as const satisfies Record<string, FunctionDefinition>;
