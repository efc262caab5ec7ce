import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const DEV_KEY = createHash('sha256').update('ironcage development alert secrets key — public, protects nothing').digest();

/** Parses ALERTS_SECRETS_KEY: 32 bytes, base64 (or hex). */
export function parseSecretsKey(text: string): Buffer {
  const raw = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (raw.length !== 32) throw new Error('must be 32 bytes, base64 or hex (openssl rand -base64 32)');
  return raw;
}

/**
 * Seals channel secrets (webhook signing secrets, SMTP passwords, PagerDuty routing keys, Slack
 * webhook URLs) with AES-256-GCM before they reach the database. The channel's org and id are the
 * associated data, so a sealed value copied onto another channel does not open.
 */
export class SecretBox {
  private readonly key: Buffer;
  readonly development: boolean;

  constructor(keyText: string | undefined) {
    this.development = !keyText;
    this.key = keyText ? parseSecretsKey(keyText) : DEV_KEY;
  }

  seal(secrets: Record<string, string>, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  open(sealed: string, context: string): Record<string, string> {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || !body) throw new Error('sealed channel secrets in an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8')) as Record<string, string>;
  }
}

/** What the API shows instead of a secret: enough to tell two apart, never enough to use one. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '••••' : `••••${secret.slice(-4)}`;
}
