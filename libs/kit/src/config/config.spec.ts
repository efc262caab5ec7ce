import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig } from './config';

const valid = {
  PORT: '8086',
  NATS_URL: 'nats://127.0.0.1:4222',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
};

describe('loadConfig', () => {
  it('returns a typed object with defaults applied', () => {
    const config = loadConfig('observability', baseConfigSchema, valid);
    expect(config.PORT).toBe(8086);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DB_MIGRATE_ON_START).toBe(true);
  });

  it('names every missing and every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig('gateway', baseConfigSchema, { PORT: 'eighty', NATS_URL: 'http://nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['DATABASE_URL', 'NATS_URL', 'PORT']);
    expect((error as ConfigError).message).toContain('DATABASE_URL: is required');
    expect((error as ConfigError).message).toMatch(/^gateway: invalid configuration/);
  });

  it('accepts service-specific variables on top of the base ones', () => {
    const schema = baseConfigSchema.extend({ IRONCAGE_ADMIN_KEY: z.string().min(20) });
    expect(() => loadConfig('gateway', schema, { ...valid, IRONCAGE_ADMIN_KEY: 'short' })).toThrow(/IRONCAGE_ADMIN_KEY/);
  });

  it('does not echo the value of a rejected variable, which may be a secret', () => {
    const schema = baseConfigSchema.extend({ IRONCAGE_ADMIN_KEY: z.string().min(40) });
    try {
      loadConfig('gateway', schema, { ...valid, IRONCAGE_ADMIN_KEY: 'hunter2-super-secret' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2-super-secret');
    }
  });
});
