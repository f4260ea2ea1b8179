import { describe, expect, it } from 'vitest';
import { api, runSchedule } from '../support/api.ts';
import { eventually, givenCase, givenServiceRequest, reissueCorrespondence } from './fixtures.ts';

type Letter = { correspondenceId: string; status: string; version: number; warnings: string[]; generated?: { addressBlock: string[]; references: { label: string; value: string }[]; paragraphs: { text: string }[]; identifyingCode: string }; pdfs: { key: string; sha256: string; bytes: number; variant: string }[] };

const caseworker = api('caseworker');

async function draftCmsl5509(fixture: Awaited<ReturnType<typeof givenCase>>) {
  const { srNumber } = await givenServiceRequest(fixture, reissueCorrespondence);
  const created = await caseworker.post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL5509', recipient: { type: 'client', scin: fixture.receivingParent } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { srNumber, letter: created.body as Letter, etag: created.headers.get('etag') ?? '' };
}

describe('outbound letters', () => {
  it('a caseworker composes CMSL5509 to a client, generates it, and its PDF lands in S3; edits afterwards are refused', async () => {
    const fixture = await givenCase();
    const { letter, etag } = await draftCmsl5509(fixture);
    expect(letter).toMatchObject({ status: 'Draft', template: { id: 'CMSL5509', version: 1 } });

    const composed = await caseworker.patch(`/letters/${letter.correspondenceId}`, { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'Your maintenance calculation letter of 3 October 2026.' } }, { 'if-match': etag });
    expect(composed.status, JSON.stringify(composed.body)).toBe(200);

    const generated = await caseworker.post(`/letters/${letter.correspondenceId}/generate`, undefined, { 'if-match': composed.headers.get('etag') ?? '' });
    expect(generated.status, JSON.stringify(generated.body)).toBe(202);
    const g = generated.body as Letter;
    expect(g.status).toBe('Rendering');
    expect(g.generated?.addressBlock).toEqual(['Rhiannon Testcase', '1 Test Street', 'Testtown', 'LS1 4AP']);
    expect(g.generated?.references).toEqual(expect.arrayContaining([{ label: 'Your reference (SCIN)', value: fixture.receivingParent }, { label: 'Our reference', value: letter.correspondenceId }]));
    expect(g.generated?.paragraphs.map((p) => p.text)).toEqual(expect.arrayContaining(['As requested, we enclose a copy of a letter previously sent to you:', 'Your maintenance calculation letter of 3 October 2026.']));

    const rendered = await eventually(async () => (await caseworker.get(`/letters/${letter.correspondenceId}`)).body as Letter, (l) => l.status !== 'Rendering');
    expect(rendered.status).toBe('Generated');
    expect(rendered.pdfs).toEqual([expect.objectContaining({ variant: 'standard', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);

    const link = (await caseworker.get(`/letters/${letter.correspondenceId}/pdf`)).body as { url: string; sha256: string };
    const pdf = await fetch(link.url);
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBe(rendered.pdfs[0]!.bytes);

    const edit = await caseworker.patch(`/letters/${letter.correspondenceId}`, { freeText: { enclosedDocuments: 'changed' } }, { 'if-match': `"${rendered.version}"` });
    expect(edit.status).toBe(409);
    expect((edit.body as { detail: string }).detail).toContain('read-only');

    // Re-running the render sweep changes nothing: rendering is idempotent.
    await runSchedule('requeueStuckRenders', { staleAfterSeconds: 0 });
  });

  it('refuses to generate with missing variables, listing them all', async () => {
    const fixture = await givenCase();
    const { letter, etag } = await draftCmsl5509(fixture);
    const res = await caseworker.post(`/letters/${letter.correspondenceId}/generate`, undefined, { 'if-match': etag });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    const problem = res.body as { detail: string; missingVariables: string[]; rules: string[] };
    expect(problem.detail).toMatch(/^Error in generation/);
    expect(problem.missingVariables).toEqual(['free.enclosedDocuments (Description of the enclosed document(s))']);
    expect(problem.rules[0]).toContain('TM_09149E for the client');
  });
});
