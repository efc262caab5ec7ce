import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, ValidationError } from './domain-error';
import type { ArgumentsHost } from '@nestjs/common';
import type { ErrorReporter } from './error-reporter';
import { HttpExceptionFilter } from './http-exception.filter';

enum AuditErrorCode {
  EntryNotFound = 'audit_entry_not_found',
}
class AuditException extends DomainError<AuditErrorCode> {}

describe('HttpExceptionFilter', () => {
  const filter = new HttpExceptionFilter();

  it("answers a domain error with its category's status and its own code", () => {
    const r = filter.toResponse(new AuditException(AuditErrorCode.EntryNotFound, 'No audit entry e1', 'not_found'));
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'audit_entry_not_found', message: 'No audit entry e1' } });
  });

  it('lists which field is invalid and why', () => {
    const r = filter.toResponse(new ValidationError('The request is invalid', [{ path: 'body.limit', message: 'must be ≤ 1000' }]));
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ path: 'body.limit', message: 'must be ≤ 1000' }]);
  });

  it('sets retry-after for limits that know when they reset', () => {
    const r = filter.toResponse(new DomainError('budget_exceeded', 'Budget spent', 'limit', undefined, 30));
    expect(r).toMatchObject({ status: 429, retryAfter: 30 });
  });

  it('keeps framework client errors with a stable code', () => {
    expect(filter.toResponse(new NotFoundException('Cannot GET /nope')).body.error.code).toBe('not_found');
    expect(filter.toResponse(new PayloadTooLargeException()).status).toBe(413);
  });

  it('hides unknown failures behind an error id, never their message', () => {
    const r = filter.toResponse(new Error('connection to postgres://admin:pw@db failed'));
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.body)).not.toContain('postgres://');
    expect(r.body.error.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('catch', () => {
    const hostFor = (method: string, route: string) => {
      const reply = { status: jest.fn(), send: jest.fn(), header: jest.fn() };
      reply.status.mockReturnValue(reply);
      const request = { method, routeOptions: { url: route } };
      const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
      return { host, reply };
    };

    it('reports an unknown failure under the error id the caller gets, with the route it happened on', () => {
      const report = jest.fn();
      const reporting = new HttpExceptionFilter({ report } as unknown as ErrorReporter);
      const { host, reply } = hostFor('GET', '/v1/budgets/:id');
      const err = new Error('boom');
      reporting.catch(err, host);
      const body = reply.send.mock.calls[0][0] as { error: { errorId: string } };
      expect(report).toHaveBeenCalledWith(err, { where: 'http GET /v1/budgets/:id', errorId: body.error.errorId });
    });

    it('reports nothing the code meant: domain and client errors', () => {
      const report = jest.fn();
      const reporting = new HttpExceptionFilter({ report } as unknown as ErrorReporter);
      reporting.catch(new DomainError('budget_exceeded', 'spent', 'limit'), hostFor('POST', '/v1/x').host);
      reporting.catch(new NotFoundException(), hostFor('GET', '/nope').host);
      expect(report).not.toHaveBeenCalled();
    });
  });
});
