import { hkdfSync } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { CredentialsConfig } from '../config';
import { LocalKms, parseKekList } from './kms';

/**
 * The KMS from configuration. Without CREDENTIALS_KEK (only allowed outside production) the KEK is
 * derived from the admin key, so `npm run up` works out of the box; it says so loudly.
 */
export function kmsFromConfig(config: Pick<CredentialsConfig, 'CREDENTIALS_KEK' | 'CREDENTIALS_KEK_ID' | 'CREDENTIALS_KEK_DECRYPT_ONLY' | 'IRONCAGE_ADMIN_KEY'>): LocalKms {
  const others = parseKekList(config.CREDENTIALS_KEK_DECRYPT_ONLY);
  if (config.CREDENTIALS_KEK) {
    return new LocalKms({ id: config.CREDENTIALS_KEK_ID, key: Buffer.from(config.CREDENTIALS_KEK, 'base64') }, others);
  }
  new Logger('Kms').warn('CREDENTIALS_KEK is not set: using a development KEK derived from IRONCAGE_ADMIN_KEY (never do this in production)');
  const derived = Buffer.from(hkdfSync('sha256', config.IRONCAGE_ADMIN_KEY, 'ironcage-credentials', 'development-kek', 32));
  return new LocalKms({ id: 'dev-derived', key: derived }, others);
}
