import { Writable } from 'node:stream';
import { createLogger, PinoNestLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: createLogger('test-svc', 'debug', stream) };
}

describe('createLogger', () => {
  it('writes JSON lines naming the service and level', () => {
    const { lines, logger } = capture();
    logger.info({ requestId: 'r1' }, 'handled');
    expect(lines[0]).toMatchObject({ service: 'test-svc', level: 'info', requestId: 'r1', msg: 'handled' });
  });

  it('redacts keys, tokens, passwords and prompts wherever they sit in a logged object', () => {
    const { lines, logger } = capture();
    logger.info({
      headers: { authorization: 'Bearer sk-ic-abc', 'x-api-key': 'k' },
      provider: { apiKey: 'sk-live-123' },
      password: 'p',
      body: { messages: [{ role: 'user', content: 'my secret prompt' }] },
    });
    const text = JSON.stringify(lines[0]);
    for (const secret of ['sk-ic-abc', 'sk-live-123', 'my secret prompt']) expect(text).not.toContain(secret);
    expect(text).toContain('[REDACTED]');
  });
});

describe('PinoNestLogger', () => {
  it('keeps the Nest context and error stacks as fields', () => {
    const { lines, logger } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('started', 'Bootstrap');
    nest.error('boom', 'Error: boom\n    at x (y.ts:1:1)', 'Handler');
    expect(lines[0]).toMatchObject({ msg: 'started', context: 'Bootstrap', level: 'info' });
    expect(lines[1]).toMatchObject({ msg: 'boom', context: 'Handler', level: 'error' });
    expect(String(lines[1].stack)).toContain('at x');
  });
});
