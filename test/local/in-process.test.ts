import { describe, expect, it } from 'vitest';
import { demo } from '../../local/demo-data.ts';
import { tokenFor } from '../support/api.ts';
import { invokeHttp } from '../support/in-process.ts';

describe('in-process handler calls', () => {
  it('calls a handler directly against the stack', async () => {
    const res = await invokeHttp('getCase', {
      pathParameters: { caseNumber: demo.cases.closed },
      headers: { authorization: `Bearer ${await tokenFor('team-leader')}` },
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body ?? '')).toMatchObject({ status: 'closed', qualifyingChildren: [{ endDate: '2025-06-30' }, { endDate: '2025-06-30' }] });
  });
});
