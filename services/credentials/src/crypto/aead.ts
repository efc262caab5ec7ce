import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CredentialsErrorCode, CredentialsException } from '../credentials.exception';

/** Format byte of every sealed blob: 0x01 = AES-256-GCM, 12-byte IV, 16-byte tag. */
const FORMAT = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/**
 * AES-256-GCM with associated data: `format | iv | tag | ciphertext`. The AAD is not stored; the
 * reader rebuilds it from where the blob is (org, credential, version), so a blob moved to
 * another row fails authentication instead of decrypting.
 */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('AES-256-GCM needs a 32-byte key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), ct]);
}

export function open(key: Buffer, blob: Buffer, aad: string): Buffer {
  if (blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== FORMAT) {
    throw new CredentialsException(CredentialsErrorCode.IntegrityFailure, 'A sealed blob has an unknown format');
  }
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new CredentialsException(CredentialsErrorCode.IntegrityFailure, 'A sealed blob failed authentication (tampered, moved or wrong key)');
  }
}

/** What a data key is bound to when wrapped: its org and id. */
export const dataKeyAad = (orgId: string, dataKeyId: string): string => `ironcage/credentials/dek/v1|${orgId}|${dataKeyId}`;
/** What a secret version is bound to: org, credential, version and the data key that sealed it. */
export const secretAad = (orgId: string, credentialId: string, version: number, dataKeyId: string): string =>
  `ironcage/credentials/secret/v1|${orgId}|${credentialId}|${version}|${dataKeyId}`;
