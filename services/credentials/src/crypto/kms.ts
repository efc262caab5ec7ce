import { CredentialsErrorCode, CredentialsException } from '../credentials.exception';
import { KEY_BYTES, open, seal } from './aead';

/** A data key wrapped by a key-encryption key, and which one. */
export interface WrappedKey {
  kekId: string;
  wrapped: Buffer;
}

/**
 * Wraps and unwraps data keys. `LocalKms` holds key-encryption keys from configuration; a cloud KMS
 * (AWS KMS Encrypt/Decrypt with the AAD as encryption context, GCP Cloud KMS, Azure Key Vault
 * wrapKey) implements the same three members.
 */
export interface Kms {
  /** The KEK new data keys are wrapped with. */
  readonly activeKekId: string;
  wrap(dataKey: Buffer, aad: string): Promise<WrappedKey>;
  unwrap(key: WrappedKey, aad: string): Promise<Buffer>;
}

export interface KekEntry {
  id: string;
  key: Buffer;
}

/**
 * Key-encryption keys from configuration: one active (wraps and unwraps) and any number of
 * decrypt-only ones, which is what makes a KEK rotation possible without downtime (see docs).
 */
export class LocalKms implements Kms {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    active: KekEntry,
    decryptOnly: KekEntry[] = [],
  ) {
    for (const k of [active, ...decryptOnly]) {
      if (k.key.length !== KEY_BYTES) throw new Error(`KEK ${k.id} must be ${KEY_BYTES} bytes`);
      if (this.keys.has(k.id)) throw new Error(`KEK id ${k.id} is configured twice`);
      this.keys.set(k.id, k.key);
    }
    this.activeKekId = active.id;
  }

  readonly activeKekId: string;

  get kekIds(): string[] {
    return [...this.keys.keys()];
  }

  async wrap(dataKey: Buffer, aad: string): Promise<WrappedKey> {
    return { kekId: this.activeKekId, wrapped: seal(this.keys.get(this.activeKekId)!, dataKey, aad) };
  }

  async unwrap(key: WrappedKey, aad: string): Promise<Buffer> {
    const kek = this.keys.get(key.kekId);
    if (!kek) throw new CredentialsException(CredentialsErrorCode.KeyUnknown, `Data key is wrapped by KEK ${key.kekId}, which is not configured`);
    return open(kek, key.wrapped, aad);
  }
}

/** `id:base64,id:base64` → entries (the format of CREDENTIALS_KEK_DECRYPT_ONLY). */
export function parseKekList(value: string | undefined): KekEntry[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const at = item.indexOf(':');
      return { id: item.slice(0, at), key: Buffer.from(item.slice(at + 1), 'base64') };
    });
}
