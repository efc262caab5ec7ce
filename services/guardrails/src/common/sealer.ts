import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import type { GuardrailsConfig } from '../config';

const VERSION = 'v1';

/**
 * Seals request-scoped state handed to a caller (token vaults, stream windows) with AES-256-GCM under
 * GUARDRAILS_VAULT_KEY, which every replica shares: the caller cannot read or alter it, any replica
 * can open it. `context` (org and request) is bound as associated data, so a token only opens for
 * the request it was made for; `exp` inside bounds its life.
 */
@Injectable()
export class Sealer {
  private readonly key: Buffer;

  constructor(@Inject(CONFIG) config: Pick<GuardrailsConfig, 'GUARDRAILS_VAULT_KEY'>) {
    if (config.GUARDRAILS_VAULT_KEY) this.key = Buffer.from(config.GUARDRAILS_VAULT_KEY, 'base64');
    else {
      this.key = randomBytes(32);
      new Logger(Sealer.name).warn('GUARDRAILS_VAULT_KEY is not set: vault and stream tokens only open on this replica');
    }
  }

  seal(purpose: string, context: readonly string[], value: object, expiresAt: number): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.aad(purpose, context));
    const body = Buffer.concat([cipher.update(JSON.stringify({ exp: expiresAt, value }), 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The sealed value, or undefined when the token is malformed, altered, for another context or expired. */
  open<T>(purpose: string, context: readonly string[], token: string): T | undefined {
    const [version, data] = token.split('.', 2);
    if (version !== VERSION || !data) return undefined;
    const raw = Buffer.from(data, 'base64url');
    if (raw.length < 29) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(this.aad(purpose, context));
      decipher.setAuthTag(raw.subarray(12, 28));
      const payload = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as { exp?: unknown; value?: T };
      if (typeof payload.exp !== 'number' || payload.exp <= Date.now()) return undefined;
      return payload.value;
    } catch {
      return undefined;
    }
  }

  private aad(purpose: string, context: readonly string[]): Buffer {
    return Buffer.from(['guardrails', purpose, ...context].join('\u0000'));
  }
}
