import { generateKeyPairSync } from 'node:crypto';
import { AuditSigner, developmentSigningKey, keyIdOf, parseSigningKey } from './audit-signer';

const ed25519 = () => generateKeyPairSync('ed25519');
const pkcs8Base64 = (k: ReturnType<typeof ed25519>) => k.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
const statement = { kind: 'periodic' as const, orgId: 'org-a', seq: 42, hash: 'ab'.repeat(32), createdAt: new Date('2026-03-01T00:00:00Z') };

describe('AuditSigner', () => {
  it('signs checkpoints that verify with its key, and not once anything in them changes', () => {
    const signer = new AuditSigner({ NODE_ENV: 'production', AUDIT_SIGNING_KEY: pkcs8Base64(ed25519()) });
    const { keyId, signature } = signer.sign(statement);
    expect(keyId).toBe(signer.keyId);
    expect(signer.check({ ...statement, keyId }, signature)).toBe('valid');
    expect(signer.check({ ...statement, keyId, seq: 43 }, signature)).toBe('invalid');
    expect(signer.check({ ...statement, keyId, hash: 'cd'.repeat(32) }, signature)).toBe('invalid');
    expect(signer.check({ ...statement, keyId }, Buffer.alloc(64).toString('base64'))).toBe('invalid');
    expect(signer.check({ ...statement, keyId }, 'not base64 at all')).toBe('invalid');
  });

  it('reads the key from PEM, from PEM with escaped newlines, and from base64 PKCS#8 DER', () => {
    const keys = ed25519();
    const pem = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const expected = keyIdOf(keys.publicKey);
    expect(new AuditSigner({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: pem }).keyId).toBe(expected);
    expect(new AuditSigner({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: pem.replace(/\n/g, '\\n') }).keyId).toBe(expected);
    expect(new AuditSigner({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: pkcs8Base64(keys) }).keyId).toBe(expected);
  });

  it('refuses a key that is not Ed25519, without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow('must be an Ed25519 key, got rsa');
    expect(() => parseSigningKey('c2VjcmV0LXZhbHVl')).toThrow(/^must be an Ed25519 private key/);
    expect(() => parseSigningKey('c2VjcmV0LXZhbHVl')).not.toThrow(/c2Vj/);
  });

  it('still verifies checkpoints of an earlier key listed as trusted, and names unknown keys', () => {
    const old = ed25519();
    const oldSigner = new AuditSigner({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: pkcs8Base64(old) });
    const signed = oldSigner.sign(statement);
    const current = { NODE_ENV: 'test', AUDIT_SIGNING_KEY: pkcs8Base64(ed25519()) };
    expect(new AuditSigner(current).check({ ...statement, keyId: signed.keyId }, signed.signature)).toBe('unknown_key');
    const rotated = new AuditSigner({ ...current, AUDIT_TRUSTED_PUBLIC_KEYS: ` ${oldSigner.publicKey} ` });
    expect(rotated.check({ ...statement, keyId: signed.keyId }, signed.signature)).toBe('valid');
    expect(rotated.keyId).not.toBe(signed.keyId);
  });

  it('falls back to one fixed development key when none is configured', () => {
    const a = new AuditSigner({ NODE_ENV: 'development' });
    const b = new AuditSigner({ NODE_ENV: 'test' });
    expect(a.development).toBe(true);
    expect(a.keyId).toBe(b.keyId);
    expect(a.keyId).toBe(keyIdOf(developmentSigningKey()));
    const { keyId, signature } = a.sign(statement);
    expect(b.check({ ...statement, keyId }, signature)).toBe('valid');
  });
});
