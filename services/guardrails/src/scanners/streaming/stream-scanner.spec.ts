import { createScanEngine } from '../engine';

const engine = createScanEngine({ scanners: ['pii', 'secrets'] });
const anthropicKey = 'sk-ant-api03-' + 'Zx9_Qw-e8Rt7Yu6Io5Pa4Sd3Fg2Hj1Kl0ZxCvBnMqWeRtYuIoPaSdFgHjKlZxCvBnMqWeRtYuIoPaSdFgHjKlZxCvBn9' + 'AA';

function run(chunks: string[], windowCap?: number) {
  const s = engine.createStreamScanner({ windowCap });
  let out = '';
  for (const c of chunks) {
    out += s.push(c);
    expect(s.held).toBeLessThanOrEqual(windowCap ?? 256);
  }
  out += s.end();
  return { out, scanner: s };
}

describe('StreamScanner', () => {
  it('finds an Anthropic key split across two stream chunks', () => {
    const text = `Here is the key: ${anthropicKey} — keep it safe.`;
    const cut = text.indexOf(anthropicKey) + 40;
    const { out, scanner } = run([text.slice(0, cut), text.slice(cut)]);
    expect(out).not.toContain(anthropicKey.slice(20, 60));
    expect(out).toContain('[anthropic-api-key_1]');
    expect(scanner.findings.map((f) => [f.type, f.start])).toEqual([['anthropic-api-key', text.indexOf(anthropicKey)]]);
  });

  it('finds a secret split across three chunks inside a long response', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(30);
    const text = `${filler}export ANTHROPIC_API_KEY=${anthropicKey}\n${filler}`;
    const i = text.indexOf(anthropicKey);
    const { out } = run([text.slice(0, i + 10), text.slice(i + 10, i + 70), text.slice(i + 70)]);
    expect(out).not.toContain(anthropicKey);
    expect(out.startsWith(filler)).toBe(true);
    expect(out.endsWith(filler)).toBe(true);
  });

  it('redacts PII split across chunks and keeps the rest of the text intact', () => {
    const text = 'Sure! You can reach Maria Garcia at maria.garcia@example.com or +44 20 7946 0958.';
    const chunks = text.match(/.{1,7}/gs)!;
    const { out } = run(chunks);
    expect(out).toBe('Sure! You can reach [PERSON_1] at [EMAIL_ADDRESS_1] or [PHONE_NUMBER_1].');
  });

  it('never holds back more than the configured cap, one character at a time', () => {
    const text = 'x'.repeat(2_000) + ` token ${anthropicKey} ` + 'y'.repeat(500);
    const s = engine.createStreamScanner({ windowCap: 200 });
    let out = '';
    for (const c of text) {
      out += s.push(c);
      expect(s.held).toBeLessThanOrEqual(200);
    }
    out += s.end();
    expect(s.maxHeldBack).toBeLessThanOrEqual(200);
    expect(out).not.toContain(anthropicKey);
    expect(out.length).toBeGreaterThan(2_400);
  });

  it('drops a private key block longer than the window as soon as it begins', () => {
    const body = Array.from({ length: 25 }, (_, i) => 'MIIEow' + String(i).padStart(2, '0') + 'A'.repeat(56)).join('\n');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    const text = `config:\n${pem}\nafter the key`;
    const chunks = text.match(/[^]{1,50}/g)!;
    const { out } = run(chunks);
    expect(out).not.toContain('MIIEow');
    expect(out).toContain('config:\n');
    expect(out).toContain('after the key');
  });

  it('drops a JWT longer than the window while it is still arriving', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ sub: 'user-1', scope: 'x'.repeat(600) })}.${'s'.repeat(342)}`;
    const text = `Authorization: Bearer ${jwt}\nThat is all.`;
    const chunks = text.match(/[^]{1,40}/g)!;
    const { out, scanner } = run(chunks);
    expect(out).not.toContain('xxxxxxxx');
    expect(out).not.toContain('ssssssss');
    expect(out).toContain('[jwt_1]');
    expect(out.endsWith('\nThat is all.')).toBe(true);
    expect(scanner.findings).toEqual([expect.objectContaining({ type: 'jwt', start: text.indexOf(jwt), end: text.indexOf(jwt) + jwt.length })]);
  });

  it('flushes the held-back tail on end', () => {
    const s = engine.createStreamScanner();
    expect(s.push('short answer')).toBe('');
    expect(s.end()).toBe('short answer');
  });

  it('tokenises into a vault so a later response can be restored', () => {
    const vault = engine.createVault();
    const s = engine.createStreamScanner({ modes: { default: 'tokenize' }, vault });
    const out = s.push('Mail ana@example.com now') + s.end();
    expect(out).toBe('Mail [EMAIL_ADDRESS_1] now');
    expect(vault.detokenize(out)).toBe('Mail ana@example.com now');
  });
});
