import { HealthRegistry } from './health.registry';

describe('HealthRegistry', () => {
  it('is ready when every registered check passes', async () => {
    const registry = new HealthRegistry();
    registry.register('bus', async () => undefined);
    registry.register('database', async () => undefined);
    const report = await registry.readiness();
    expect(report.status).toBe('ready');
    expect(Object.keys(report.checks).sort()).toEqual(['bus', 'database']);
  });

  it('names the dependency that is down', async () => {
    const registry = new HealthRegistry();
    registry.register('bus', async () => undefined);
    registry.register('database', async () => {
      throw new Error('connection refused');
    });
    const report = await registry.readiness();
    expect(report.status).toBe('not_ready');
    expect(report.checks.database).toMatchObject({ status: 'down', error: 'connection refused' });
  });

  it('treats a hanging check as down instead of hanging the probe', async () => {
    const registry = new HealthRegistry();
    registry.register('slow', () => new Promise(() => undefined));
    const report = await registry.readiness(50);
    expect(report.checks.slow).toMatchObject({ status: 'down', error: 'timed out after 50 ms' });
  });

  it('reports not ready once shutdown begins, so load balancers stop sending work', async () => {
    const registry = new HealthRegistry();
    registry.markShuttingDown();
    expect((await registry.readiness()).status).toBe('not_ready');
  });
});
