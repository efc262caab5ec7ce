import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '@ironcage/kit';
import { observabilityConfigSchema } from './config';

const base = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', IRONCAGE_ADMIN_KEY: 'x'.repeat(32) };
const otlpToken = 'o'.repeat(24);
const alertsKey = Buffer.alloc(32, 7).toString('base64');
const problems = (env: Record<string, string>) => {
  try {
    loadConfig('observability', observabilityConfigSchema, env);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
};

describe('observability configuration', () => {
  it('needs no signing key outside production', () => {
    expect(loadConfig('observability', observabilityConfigSchema, base)).toMatchObject({ AUDIT_CHECKPOINT_EVERY: 1000, AUDIT_RETENTION_DAYS: 400 });
  });

  it('refuses to start in production without AUDIT_SIGNING_KEY, saying how to make one', () => {
    expect(problems({ ...base, NODE_ENV: 'production', ALERTS_SECRETS_KEY: alertsKey, OBSERVABILITY_OTLP_TOKEN: otlpToken })).toEqual([
      { variable: 'AUDIT_SIGNING_KEY', message: expect.stringMatching(/required when NODE_ENV=production.*openssl genpkey -algorithm ed25519/) },
    ]);
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(problems({ ...base, NODE_ENV: 'production', ALERTS_SECRETS_KEY: alertsKey, AUDIT_SIGNING_KEY: key, OBSERVABILITY_OTLP_TOKEN: otlpToken })).toEqual([]);
  });

  it('refuses to start in production without an OTLP ingest token, and reads forward headers', () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(problems({ ...base, NODE_ENV: 'production', ALERTS_SECRETS_KEY: alertsKey, AUDIT_SIGNING_KEY: key })).toEqual([{ variable: 'OBSERVABILITY_OTLP_TOKEN', message: expect.stringMatching(/required when NODE_ENV=production/) }]);
    expect(problems({ ...base, OBSERVABILITY_OTLP_FORWARD_HEADERS: 'no-equals-sign' }).map((p) => p.variable)).toEqual(['OBSERVABILITY_OTLP_FORWARD_HEADERS']);
    expect(problems({ ...base, OBSERVABILITY_OTLP_FORWARD_ENDPOINT: 'http://collector:4318', OBSERVABILITY_OTLP_FORWARD_HEADERS: 'x-api-key=a%2Cb,dd-api-key=c' })).toEqual([]);
  });

  it('names a signing key that is not an Ed25519 private key, without its value', () => {
    const found = problems({ ...base, AUDIT_SIGNING_KEY: 'bm90IGEga2V5', AUDIT_TRUSTED_PUBLIC_KEYS: 'bm9wZQ==' });
    expect(found.map((p) => p.variable).sort()).toEqual(['AUDIT_SIGNING_KEY', 'AUDIT_TRUSTED_PUBLIC_KEYS']);
    expect(JSON.stringify(found)).not.toContain('bm90IGEga2V5');
  });

  it('refuses to start in production without ALERTS_SECRETS_KEY, and names a key that is not 32 bytes without its value', () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(problems({ ...base, NODE_ENV: 'production', AUDIT_SIGNING_KEY: key, OBSERVABILITY_OTLP_TOKEN: otlpToken })).toEqual([
      { variable: 'ALERTS_SECRETS_KEY', message: expect.stringMatching(/required when NODE_ENV=production.*openssl rand -base64 32/) },
    ]);
    const found = problems({ ...base, ALERTS_SECRETS_KEY: 'c2hvcnQta2V5' });
    expect(found.map((p) => p.variable)).toEqual(['ALERTS_SECRETS_KEY']);
    expect(JSON.stringify(found)).not.toContain('c2hvcnQta2V5');
  });
});
