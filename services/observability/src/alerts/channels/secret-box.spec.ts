import { randomBytes } from 'node:crypto';
import { maskSecret, parseSecretsKey, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = box.seal({ routingKey: 'R0UTINGKEY0123456789' }, 'alert-channel:org-a:c1');
    expect(sealed).not.toContain('R0UTINGKEY');
    expect(box.open(sealed, 'alert-channel:org-a:c1')).toEqual({ routingKey: 'R0UTINGKEY0123456789' });
  });

  it('does not open a value moved to another channel, or sealed under another key', () => {
    const sealed = box.seal({ secret: 's' }, 'alert-channel:org-a:c1');
    expect(() => box.open(sealed, 'alert-channel:org-b:c1')).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed, 'alert-channel:org-a:c1')).toThrow();
  });

  it('wants a 32-byte key', () => {
    expect(() => parseSecretsKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(parseSecretsKey(randomBytes(32).toString('hex'))).toHaveLength(32);
  });
});

describe('maskSecret', () => {
  it('shows the last four characters of a long secret and nothing of a short one', () => {
    expect(maskSecret('whsec_abcdefgh1234')).toBe('••••1234');
    expect(maskSecret('short')).toBe('••••');
  });
});
