import { ConfigError, loadConfig } from '@ironcage/kit';
import { gatewayConfigSchema } from '../config';
import { grpcPort } from './data-plane.config';

const base = { PORT: '8080', NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://u:p@127.0.0.1/db', IRONCAGE_ADMIN_KEY: 'x'.repeat(32) };
const load = (env: Record<string, string>) => loadConfig('gateway', gatewayConfigSchema, { ...base, ...env });

describe('gateway data-plane configuration', () => {
  it('has everything off by default and fails closed', () => {
    const config = load({});
    expect(config).toMatchObject({ GATEWAY_GUARDRAILS: 'off', GATEWAY_BUDGET: 'off', GATEWAY_BUDGET_TIMEOUT_MS: 1000, GATEWAY_FAIL_MODE: 'closed', GATEWAY_FAIL_MODE_ORGS: {}, GATEWAY_PROVIDER_KEYS: {} });
    expect(grpcPort(config)).toBe(9080);
    expect(grpcPort({ ...config, NODE_ENV: 'test' })).toBe(0);
  });

  it('reads how long to wait for budget, within bounds', () => {
    expect(load({ GATEWAY_BUDGET_TIMEOUT_MS: '5000' }).GATEWAY_BUDGET_TIMEOUT_MS).toBe(5000);
    expect(() => load({ GATEWAY_BUDGET_TIMEOUT_MS: '0' })).toThrow(ConfigError);
    expect(() => load({ GATEWAY_BUDGET_TIMEOUT_MS: '600000' })).toThrow(ConfigError);
  });

  it('reads per-organisation failure modes', () => {
    expect(load({ GATEWAY_FAIL_MODE_ORGS: 'acme:open, globex:closed' }).GATEWAY_FAIL_MODE_ORGS).toEqual({ acme: 'open', globex: 'closed' });
  });

  it('names the variable and the bad item, and never a provider key', () => {
    const problems = (env: Record<string, string>) => {
      try {
        load(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };
    expect(problems({ GATEWAY_FAIL_MODE_ORGS: 'acme:sometimes' })).toEqual([{ variable: 'GATEWAY_FAIL_MODE_ORGS', message: '"acme:sometimes" is not <org id>:open or <org id>:closed' }]);
    const keys = problems({ GATEWAY_PROVIDER_KEYS: '{"openai": 42, "ok": "sk-very-secret-value"}' });
    expect(keys[0].variable).toBe('GATEWAY_PROVIDER_KEYS');
    expect(keys[0].message).toContain('openai');
    expect(JSON.stringify(keys)).not.toContain('sk-very-secret-value');
    expect(problems({ GATEWAY_PROVIDER_KEYS: 'sk-not-json-secret' })[0].message).not.toContain('sk-not-json-secret');
  });
});
