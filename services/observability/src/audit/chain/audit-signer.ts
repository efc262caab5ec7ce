import { createHash, createHmac, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { type CheckpointStatement, checkpointMessage } from './audit-chain';

/** PKCS#8 DER of an Ed25519 private key is this prefix followed by the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** Everyone can derive this one: it exists so that development needs no setup, and proves nothing. */
const DEVELOPMENT_SEED = createHash('sha256').update('iron-cage/observability/audit-checkpoint-development-key/v1').digest();

const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}$/;

/** An Ed25519 private key from PEM, or from base64 PKCS#8 DER (`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`). */
export function parseSigningKey(text: string): KeyObject {
  const value = text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
  let key: KeyObject;
  try {
    key = value.includes('-----BEGIN')
      ? createPrivateKey({ key: value, format: 'pem' })
      : BASE64.test(value)
        ? createPrivateKey({ key: Buffer.from(value.replace(/\s/g, ''), 'base64'), format: 'der', type: 'pkcs8' })
        : (() => {
            throw new Error('not PEM or base64');
          })();
  } catch {
    throw new Error('must be an Ed25519 private key, PEM or base64 PKCS#8 DER (openssl genpkey -algorithm ed25519)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'an unknown type'}`);
  return key;
}

/** An Ed25519 public key from PEM or base64 SPKI DER (`openssl pkey -pubout -outform DER | base64 -w0`). */
export function parsePublicKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPublicKey({ key: text, format: 'pem' })
      : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new Error('must be an Ed25519 public key, PEM or base64 SPKI DER');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'an unknown type'}`);
  return key;
}

export const developmentSigningKey = (): KeyObject =>
  createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, DEVELOPMENT_SEED]), format: 'der', type: 'pkcs8' });

/** `ed25519:` and the first 16 hex digits of SHA-256 over the SPKI DER: names the key in every checkpoint. */
export const keyIdOf = (key: KeyObject): string => {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return `ed25519:${createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16)}`;
};

export type SignatureCheck = 'valid' | 'invalid' | 'unknown_key';

export interface AuditSignerConfig {
  NODE_ENV: string;
  AUDIT_SIGNING_KEY?: string;
  AUDIT_TRUSTED_PUBLIC_KEYS?: string;
}

/**
 * Signs and checks checkpoints with Ed25519. The key is I/O (it comes from config), so this is the
 * adapter that unit tests replace. Checkpoints signed by earlier keys stay verifiable when their
 * public keys are listed in AUDIT_TRUSTED_PUBLIC_KEYS.
 */
@Injectable()
export class AuditSigner {
  readonly keyId: string;
  readonly development: boolean;
  private readonly privateKey: KeyObject;
  private readonly publicKeys = new Map<string, KeyObject>();
  private readonly pseudonymKey: Buffer;

  constructor(@Inject(CONFIG) config: AuditSignerConfig) {
    this.development = !config.AUDIT_SIGNING_KEY;
    this.privateKey = config.AUDIT_SIGNING_KEY ? parseSigningKey(config.AUDIT_SIGNING_KEY) : developmentSigningKey();
    // derived from the signing key, so pseudonyms are as secret as it is and need no other setting
    this.pseudonymKey = createHash('sha256')
      .update('iron-cage/observability/audit-pseudonym/v1')
      .update(this.privateKey.export({ format: 'der', type: 'pkcs8' }))
      .digest();
    const publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(publicKey);
    this.publicKeys.set(this.keyId, publicKey);
    for (const text of (config.AUDIT_TRUSTED_PUBLIC_KEYS ?? '').split(',').filter((s) => s.trim())) {
      const key = parsePublicKey(text);
      this.publicKeys.set(keyIdOf(key), key);
    }
    if (this.development) {
      new Logger(AuditSigner.name).warn(
        `AUDIT_SIGNING_KEY is not set: audit checkpoints are signed with the public development key ${this.keyId}, which proves nothing. Set it (required when NODE_ENV=production).`,
      );
    }
  }

  /** The public key checkpoints are signed with, base64 SPKI DER: give it to whoever verifies offline. */
  get publicKey(): string {
    return this.publicKeys.get(this.keyId)!.export({ format: 'der', type: 'spki' }).toString('base64');
  }

  /**
   * The pseudonym an erased person goes by in one org's trail: `anon-` + 24 hex digits of
   * HMAC-SHA-256(key derived from the signing key, org ‖ 0 ‖ subject). The same person gets the
   * same pseudonym in every entry, and without the key nobody can test a guess against it.
   */
  pseudonym(orgId: string, subjectId: string): string {
    return `anon-${createHmac('sha256', this.pseudonymKey).update(`${orgId}\u0000${subjectId}`).digest('hex').slice(0, 24)}`;
  }

  sign(statement: Omit<CheckpointStatement, 'keyId'>): { keyId: string; signature: string } {
    const signature = sign(null, checkpointMessage({ ...statement, keyId: this.keyId }), this.privateKey).toString('base64');
    return { keyId: this.keyId, signature };
  }

  check(statement: CheckpointStatement, signature: string): SignatureCheck {
    const key = this.publicKeys.get(statement.keyId);
    if (!key) return 'unknown_key';
    try {
      return verify(null, checkpointMessage(statement), key, Buffer.from(signature, 'base64')) ? 'valid' : 'invalid';
    } catch {
      return 'invalid';
    }
  }
}
