import { createNaming } from './naming';
import { EVENT_HANDLER_DEFAULTS, resolveEventHandlerOptions } from './server/event-handler.options';

describe('createNaming', () => {
  it('uses the logical names as they are without a namespace', () => {
    const naming = createNaming();
    expect(naming.subject('request.received')).toBe('request.received');
    expect(naming.stream('REQUESTS')).toBe('REQUESTS');
    expect(naming.deadLetterSubject('request.received')).toBe('dlq.request.received');
  });

  it('prefixes subjects with the namespace and streams with its upper case', () => {
    const naming = createNaming('t1a2b');
    expect(naming.subject('request.received')).toBe('t1a2b.request.received');
    expect(naming.subject('request.>')).toBe('t1a2b.request.>');
    expect(naming.stream('REQUESTS')).toBe('T1A2B_REQUESTS');
    expect(naming.deadLetterSubject('request.received')).toBe('t1a2b.dlq.request.received');
  });

  it('derives the shared durable consumer from service and subject', () => {
    expect(createNaming('ns').durable('observability', 'request.received')).toBe('observability__request_received');
    expect(createNaming().durable('mcp-catalog', 'agent.lifecycle')).toBe('mcp-catalog__agent_lifecycle');
  });

  it('refuses a namespace that would break subjects or stream names', () => {
    expect(() => createNaming('a.b')).toThrow('namespace');
    expect(() => createNaming('')).toThrow('namespace');
    expect(() => createNaming('a*')).toThrow('namespace');
  });
});

describe('resolveEventHandlerOptions', () => {
  it('fills in the defaults and the derived durable', () => {
    expect(resolveEventHandlerOptions('request.received', {}, EVENT_HANDLER_DEFAULTS, 'svc__request_received')).toEqual({
      ...EVENT_HANDLER_DEFAULTS,
      durable: 'svc__request_received',
    });
  });

  it('keeps what the handler declares', () => {
    const r = resolveEventHandlerOptions('x', { maxDeliver: 3, concurrency: 1, durable: 'custom' }, EVENT_HANDLER_DEFAULTS, 'd');
    expect(r).toMatchObject({ maxDeliver: 3, concurrency: 1, durable: 'custom' });
  });

  it('refuses nonsense settings with the subject named', () => {
    expect(() => resolveEventHandlerOptions('x.y', { maxDeliver: 0 }, EVENT_HANDLER_DEFAULTS, 'd')).toThrow('@EventPattern(x.y): maxDeliver');
    expect(() => resolveEventHandlerOptions('x.y', { durable: 'a.b' }, EVENT_HANDLER_DEFAULTS, 'd')).toThrow('not a valid consumer name');
  });
});
