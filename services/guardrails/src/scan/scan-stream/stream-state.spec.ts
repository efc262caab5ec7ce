import { testEngine } from '../../testing/scan-fixtures';
import { TokenVault } from '../../scanners';
import { restore, snapshot } from './stream-state';

describe('stream state snapshot', () => {
  it('carries a stream on in fresh scanners exactly as the original would have', () => {
    const modes = { default: 'placeholder' as const };
    const chunks = ['Mail ana@example.com and ', 'bob@example.com, then ana@exa', 'mple.com again. -----BEGIN RSA PRIVATE KEY-----\nMIIE', 'abc\n-----END RSA PRIVATE KEY----- done'];
    const reference = testEngine().createStreamScanner({ modes });
    const expected = chunks.map((c) => reference.push(c)).join('') + reference.end();

    let state = snapshot(testEngine().createStreamScanner({ modes }));
    let out = '';
    chunks.forEach((c, i) => {
      const s = testEngine().createStreamScanner({ modes });
      restore(state, s);
      out += s.push(c);
      if (i === chunks.length - 1) out += s.end();
      state = snapshot(s);
    });
    expect(out).toBe(expected);
    expect(out).toContain('[EMAIL_ADDRESS_1]');
  });

  it('carries a detokenizer half-way through a placeholder', () => {
    const vault = new TokenVault();
    const p = vault.tokenize('EMAIL_ADDRESS', 'ana@example.com');
    const d1 = vault.createDetokenizer();
    const s = testEngine().createStreamScanner({ modes: { default: 'allow' } });
    expect(d1.push(`to ${p.slice(0, 6)}`)).toBe('to ');
    const d2 = vault.createDetokenizer();
    restore(snapshot(s, d1), testEngine().createStreamScanner({ modes: { default: 'allow' } }), d2);
    expect(d2.push(`${p.slice(6)}!`)).toBe('ana@example.com!');
  });
});
