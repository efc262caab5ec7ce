import { EVENTS } from '@ironcage/contracts';
import { envelope, sampleData, TestEntropy } from '../../testing/audit-fixtures';
import { AuditIngest } from './audit-ingest';
import { RecordEventUseCase } from './record-event.usecase';

jest.mock('./audit-ingest');

describe('RecordEventUseCase', () => {
  const ingest = new (AuditIngest as jest.MockedClass<typeof AuditIngest>)(...([] as unknown as ConstructorParameters<typeof AuditIngest>)) as jest.Mocked<AuditIngest>;
  const useCase = new RecordEventUseCase(ingest, new TestEntropy());

  it('turns an event into an entry: who, what, when, on which resource, outcome and trace', () => {
    const e = envelope(EVENTS.requestReceived, sampleData(EVENTS.requestReceived), { time: '2026-03-01T10:00:00.123456+02:00' });
    const d = useCase.draft(e);
    expect(d).toMatchObject({
      orgId: 'org-a',
      eventId: e.id,
      action: 'request.received',
      source: 'gateway',
      occurredAt: new Date('2026-03-01T08:00:00.123Z'),
      traceId: e.traceparent!.split('-')[1],
      traceparent: e.traceparent,
      actor: { type: 'user', id: 'user-1' },
      resource: 'model:gpt-4o',
      outcome: 'success',
      data: sampleData(EVENTS.requestReceived),
    });
    expect(d.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hands the entry to the ingest and answers with where it landed', async () => {
    ingest.submit.mockResolvedValueOnce({ recorded: true, entryId: 'e1', seq: 3, hash: 'ab'.repeat(32) });
    await expect(useCase.execute(envelope(EVENTS.docChanged))).resolves.toEqual({ recorded: true, entryId: 'e1', seq: 3, hash: 'ab'.repeat(32) });
    expect(ingest.submit).toHaveBeenCalledWith(expect.objectContaining({ action: 'doc.changed', resource: 'document:doc-1' }));
  });

  it('refuses what is not an envelope, and data that breaks its contract, naming the field', () => {
    expect(() => useCase.draft({ ...envelope(EVENTS.docChanged), orgId: '' })).toThrow(expect.objectContaining({ code: 'invalid_request', details: [expect.objectContaining({ path: 'envelope.orgId' })] }));
    expect(() => useCase.draft(envelope(EVENTS.docChanged, { connectorId: 'c', documentId: 'd', change: 'exploded' }))).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'envelope.data.change' })] }),
    );
  });

  it('trusts what the bus transport validated, and still stores only text Postgres can hold', async () => {
    ingest.submit.mockResolvedValueOnce({ recorded: true, entryId: 'e2', seq: 1, hash: 'cd'.repeat(32) });
    await useCase.executeValidated(envelope(EVENTS.docChanged, { ...sampleData(EVENTS.docChanged), sourceVersion: 'v\u00002' }));
    expect(ingest.submit).toHaveBeenLastCalledWith(expect.objectContaining({ data: { ...sampleData(EVENTS.docChanged), sourceVersion: 'v\uFFFD2' } }));
  });

  it('stores only what the contract declares, and only text Postgres can hold', () => {
    const data = { ...sampleData(EVENTS.docChanged), sourceVersion: 'v\u00001', unknownField: 'dropped' };
    expect(useCase.draft(envelope(EVENTS.docChanged, data)).data).toEqual({ ...sampleData(EVENTS.docChanged), sourceVersion: 'v\uFFFD1' });
  });

  it('records an event type it has no contract for, as long as its data is an object', () => {
    expect(useCase.draft(envelope('future.thing', { widgetId: 'w' })).resource).toBe('widget:w');
    expect(() => useCase.draft(envelope('future.thing', 'text' as never))).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});
