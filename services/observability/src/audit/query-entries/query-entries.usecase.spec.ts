import { AuditRepository } from '../audit.repository';
import { filterSql } from './audit-filters';
import { decodeCursor, encodeCursor, QueryEntriesUseCase } from './query-entries.usecase';

jest.mock('../audit.repository');

describe('QueryEntriesUseCase', () => {
  const repo = new (AuditRepository as jest.MockedClass<typeof AuditRepository>)(undefined as never) as jest.Mocked<AuditRepository>;
  const useCase = new QueryEntriesUseCase(repo);
  const row = (seq: number) => ({
    id: `id-${seq}`,
    orgId: 'org-a',
    seq,
    eventId: `e${seq}`,
    action: 'request.received',
    source: 'gateway',
    occurredAt: new Date('2026-03-01T00:00:00Z'),
    recordedAt: new Date('2026-03-01T00:00:01Z'),
    traceId: null,
    actor: null,
    resource: null,
    outcome: 'success',
    summary: null,
    data: {},
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    personalDigest: '2'.repeat(64),
    erased: false,
  });

  beforeEach(() => repo.find.mockReset());

  const rejects = (q: Record<string, unknown>) => expect(useCase.execute({ orgId: 'org-a', ...q } as never)).rejects;

  it('reads one more row than asked to know whether a next page exists, and hands out a cursor at the last entry', async () => {
    repo.find.mockResolvedValueOnce([row(1), row(2), row(3)]);
    const page = await useCase.execute({ orgId: 'org-a', limit: 2 });
    expect(repo.find).toHaveBeenCalledWith(expect.objectContaining({ orgId: 'org-a' }), { order: 'asc', cursorSeq: undefined, limit: 3 });
    expect(page.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, 'asc')).toBe(2);
  });

  it('continues after the cursor in the order it was made for', async () => {
    repo.find.mockResolvedValueOnce([]);
    await useCase.execute({ orgId: 'org-a', order: 'desc', cursor: encodeCursor('desc', 40) });
    expect(repo.find).toHaveBeenCalledWith(expect.anything(), { order: 'desc', cursorSeq: 40, limit: 101 });
  });

  it('names the offending parameter of an invalid query', async () => {
    await rejects({ outcome: 'meh' }).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'query.outcome' })] });
    await rejects({ action: 'DROP TABLE' }).toMatchObject({ details: [expect.objectContaining({ path: 'query.action' })] });
    await rejects({ limit: '5000' }).toMatchObject({ details: [expect.objectContaining({ path: 'query.limit' })] });
    await rejects({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }).toMatchObject({ details: [{ path: 'query.to', message: 'must be later than `from`' }] });
    await rejects({ from: 'yesterday' }).toMatchObject({ details: [{ path: 'query.from', message: expect.stringMatching(/ISO 8601/) }] });
    await rejects({ actorKeyID: 'k' }).toMatchObject({ details: [expect.objectContaining({ message: expect.stringMatching(/actorKeyID/) })] });
    await rejects({ resource: 'a*b' }).toMatchObject({ details: [{ path: 'query.resource', message: 'only a trailing * is allowed' }] });
    expect(repo.find).not.toHaveBeenCalled();
  });

  it('refuses a cursor it did not hand out', async () => {
    await rejects({ cursor: 'bm9wZQ' }).toMatchObject({ code: 'audit_invalid_cursor', details: [{ path: 'query.cursor', message: expect.any(String) }] });
  });
});

describe('filterSql', () => {
  it('scopes by org first and binds every value as a parameter', () => {
    const { where, params } = filterSql({ orgId: 'org-a', actorUserId: 'u1', actorTeamId: 't1', outcome: 'denied', q: 'hello world' });
    expect(where).toBe("org_id = $1 AND actor @> $2::jsonb AND outcome = $3 AND search @@ websearch_to_tsquery('simple', $4)");
    expect(params).toEqual(['org-a', '{"userId":"u1","teamId":"t1"}', 'denied', 'hello world']);
  });

  it('matches prefixes with LIKE, escaping the pattern characters in them', () => {
    expect(filterSql({ orgId: 'o', resource: 'team:a_b%*' }).params).toEqual(['o', 'team:a\\_b\\%%']);
    expect(filterSql({ orgId: 'o', action: 'credential.*' })).toEqual({ where: 'org_id = $1 AND action LIKE $2', params: ['o', 'credential.%'] });
  });
});
