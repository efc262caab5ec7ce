import { ConfigError, loadConfig } from '@ironcage/kit';
import { gatewayConfigSchema } from '../config';

const base = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', IRONCAGE_ADMIN_KEY: 'ic-admin-0123456789abcdefghijklmn' };

describe('GATEWAY_KEY_HASH_SECRET', () => {
  it('may be left out outside production (a secret is derived from the admin key)', () => {
    expect(loadConfig('gateway', gatewayConfigSchema, { ...base, NODE_ENV: 'development' }).GATEWAY_KEY_HASH_SECRET).toBeUndefined();
  });

  it('is required in production, and the error names it without echoing any value', () => {
    try {
      loadConfig('gateway', gatewayConfigSchema, { ...base, NODE_ENV: 'production' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toContain('GATEWAY_KEY_HASH_SECRET: is required when NODE_ENV=production');
      expect((e as Error).message).not.toContain(base.IRONCAGE_ADMIN_KEY);
    }
  });

  it('must be long enough', () => {
    expect(() => loadConfig('gateway', gatewayConfigSchema, { ...base, GATEWAY_KEY_HASH_SECRET: 'short' })).toThrow(/GATEWAY_KEY_HASH_SECRET: must be at least 32/);
  });

  it('is taken when given', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig('gateway', gatewayConfigSchema, { ...base, NODE_ENV: 'production', GATEWAY_KEY_HASH_SECRET: secret }).GATEWAY_KEY_HASH_SECRET).toBe(secret);
  });
});
