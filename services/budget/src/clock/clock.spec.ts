import { ConfigError, loadConfig } from '@ironcage/kit';
import { budgetConfigSchema } from '../config';
import { configuredClock, OffsetClock, SystemClock } from './clock';

const base = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://u:p@127.0.0.1/db', IRONCAGE_ADMIN_KEY: 'x'.repeat(32) };
const load = (env: Record<string, string>) => loadConfig('budget', budgetConfigSchema, { ...base, ...env });

describe('the budget service clock', () => {
  it('is the system clock unless an offset is configured', () => {
    expect(load({}).BUDGET_CLOCK_OFFSET_MS).toBe(0);
    expect(configuredClock(0)).toBeInstanceOf(SystemClock);
  });

  it('runs a configured offset ahead of (or behind) the system clock', () => {
    const day = 24 * 3_600_000;
    const ahead = configuredClock(load({ BUDGET_CLOCK_OFFSET_MS: String(day) }).BUDGET_CLOCK_OFFSET_MS);
    expect(ahead).toBeInstanceOf(OffsetClock);
    const before = Date.now();
    const t = ahead.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before + day);
    expect(t).toBeLessThanOrEqual(Date.now() + day);
    expect(new OffsetClock(-60_000).now().getTime()).toBeLessThanOrEqual(Date.now() - 60_000);
  });

  it('refuses an offset in production, and one beyond a year and a day', () => {
    const problems = (env: Record<string, string>) => {
      try {
        load(env);
        return [];
      } catch (e) {
        return e instanceof ConfigError ? e.problems : [{ variable: '?', message: String(e) }];
      }
    };
    expect(problems({ NODE_ENV: 'production', BUDGET_CLOCK_OFFSET_MS: '1000' })).toEqual([{ variable: 'BUDGET_CLOCK_OFFSET_MS', message: expect.stringContaining('NODE_ENV=production') }]);
    expect(load({ NODE_ENV: 'production' }).BUDGET_CLOCK_OFFSET_MS).toBe(0);
    expect(problems({ BUDGET_CLOCK_OFFSET_MS: String(367 * 24 * 3_600_000) })).toEqual([{ variable: 'BUDGET_CLOCK_OFFSET_MS', message: expect.any(String) }]);
  });
});
