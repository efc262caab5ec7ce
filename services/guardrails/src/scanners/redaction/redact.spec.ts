import { Finding } from '../types';
import { redact, RedactionError } from './redact';
import { TokenVault } from './token-vault';

const text = 'Mail bob@example.com or call +1 415 555 2671; card 4111 1111 1111 1111.';
const at = (value: string, type: string): Finding => ({ type, start: text.indexOf(value), end: text.indexOf(value) + value.length, score: 1 });
const findings = [at('bob@example.com', 'EMAIL_ADDRESS'), at('+1 415 555 2671', 'PHONE_NUMBER'), at('4111 1111 1111 1111', 'CREDIT_CARD')];

describe('redact', () => {
  it('replaces findings with typed, numbered placeholders by default', () => {
    expect(redact(text, findings).text).toBe('Mail [EMAIL_ADDRESS_1] or call [PHONE_NUMBER_1]; card [CREDIT_CARD_1].');
  });

  it('gives a repeated value the same placeholder', () => {
    const t = 'a@x.io, b@x.io, a@x.io';
    const f = [0, 8, 16].map((s) => ({ type: 'EMAIL_ADDRESS', start: s, end: s + 6, score: 1 }));
    expect(redact(t, f).text).toBe('[EMAIL_ADDRESS_1], [EMAIL_ADDRESS_2], [EMAIL_ADDRESS_1]');
  });

  it('masks letters and digits, keeping the last four of long values', () => {
    const r = redact(text, findings, { CREDIT_CARD: 'mask', EMAIL_ADDRESS: 'mask', PHONE_NUMBER: 'allow' });
    expect(r.text).toBe('Mail ***@******e.com or call +1 415 555 2671; card **** **** **** 1111.');
  });

  it('flags the result as blocked when a blocked type is present', () => {
    const r = redact(text, findings, { CREDIT_CARD: 'block', default: 'allow' });
    expect(r.blocked).toBe(true);
    expect(r.text).toContain('[BLOCKED]');
  });

  it('hashes with a keyed HMAC so equal values match and keys differ', () => {
    const a = redact(text, findings, { default: 'hash' }, { hashKey: 'k1' }).text;
    const b = redact(text, findings, { default: 'hash' }, { hashKey: 'k1' }).text;
    const c = redact(text, findings, { default: 'hash' }, { hashKey: 'k2' }).text;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/\[EMAIL_ADDRESS:[0-9a-f]{16}\]/);
    expect(a).not.toContain('bob@');
  });

  it('refuses hash mode without a key', () => {
    expect(() => redact(text, findings, { default: 'hash' })).toThrow(RedactionError);
  });

  it('tokenises reversibly through a vault', () => {
    const vault = new TokenVault();
    const r = redact(text, findings, { default: 'tokenize' }, { vault });
    expect(r.text).not.toContain('bob@example.com');
    expect(vault.detokenize(r.text)).toBe(text);
  });

  it('lets the earlier finding win when two overlap', () => {
    const t = 'abcdefgh';
    const r = redact(t, [{ type: 'A', start: 0, end: 5, score: 1 }, { type: 'B', start: 3, end: 8, score: 1 }]);
    expect(r.text).toBe('[A_1]fgh');
  });
});
