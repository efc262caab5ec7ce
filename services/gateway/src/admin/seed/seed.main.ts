import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { applicationModule, ConfigError, createLogger, loadConfig, PersistenceModule, PinoNestLogger, PlatformBusModule, runMigrations } from '@ironcage/kit';
import { AuthModule } from '../../auth/auth.module';
import { gatewayConfigSchema } from '../../config';
import { keyHint } from '../../keys/key-format';
import { gatewayPersistence } from '../../persistence/gateway.persistence';
import { AdminModule } from '../admin.module';
import { DemoSeeder } from './demo-seeder';
import { readEnvFile, updateEnvFile } from './demo-env-file';

@Module({ imports: [PersistenceModule.forService(gatewayPersistence), AuthModule, AdminModule], providers: [DemoSeeder] })
class SeedModule {}

/**
 * `node services/gateway/dist/admin/seed/seed.main.js <demo.env>`: seeds the demo organisation
 * (see DemoSeeder) with the gateway's own configuration, and writes IRONCAGE_API_KEY and
 * IRONCAGE_ORG_ADMIN_KEY into the given dotenv file, keeping its other lines. Secrets go to that
 * file only, never to the output.
 */
async function main(envFile: string | undefined): Promise<void> {
  if (!envFile) {
    process.stderr.write('usage: seed.main.js <path of the demo env file>\n');
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig('gateway', gatewayConfigSchema, process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const logger = createLogger('gateway-seed', config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  Logger.overrideLogger(new PinoNestLogger(logger));
  await runMigrations(config, gatewayPersistence);
  const app = await NestFactory.createApplicationContext(applicationModule('gateway', config, [PlatformBusModule.forService('gateway'), SeedModule]), {
    logger: new PinoNestLogger(logger),
  });
  try {
    const existing = readEnvFile(envFile);
    const report = await app.get(DemoSeeder).run(config.IRONCAGE_DEFAULT_ORG, { apiKey: existing.IRONCAGE_API_KEY, orgAdminKey: existing.IRONCAGE_ORG_ADMIN_KEY });
    updateEnvFile(envFile, { IRONCAGE_API_KEY: report.apiKey, IRONCAGE_ORG_ADMIN_KEY: report.orgAdminKey });
    process.stdout.write(
      `demo organisation "${report.orgId}": team demo-team, project demo-project, user demo@example.com; ` +
        `virtual key ${keyHint(report.apiKey)}, admin key ${keyHint(report.orgAdminKey)}` +
        (report.created.length ? ` (created: ${report.created.join(', ')})` : ' (nothing new)') +
        '\n',
    );
  } finally {
    await app.close();
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`demo seed failed: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
