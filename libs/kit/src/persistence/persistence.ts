import { type DynamicModule, Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { type BaseConfig, CONFIG } from '../config/config';
import { HealthRegistry } from '../health/health.registry';

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- TypeORM's own types use Function */
export interface PersistenceOptions {
  /** Postgres schema the service owns; DB_SCHEMA overrides it (tests use a unique one per run). */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  /** Checked-in migration classes, in order. Schemas change only through these, never `synchronize`. */
  migrations: MixedList<Function | string>;
}
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

export const schemaFor = (config: Pick<BaseConfig, 'DB_SCHEMA'>, options: Pick<PersistenceOptions, 'schema'>): string =>
  config.DB_SCHEMA ?? options.schema;

export type DatabaseConfig = Pick<BaseConfig, 'DATABASE_URL' | 'DB_SCHEMA' | 'DB_POOL_MAX'>;

export function dataSourceOptions(config: DatabaseConfig, options: PersistenceOptions): DataSourceOptions {
  const schema = schemaFor(config, options);
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: config.DB_POOL_MAX, options: `-c search_path=${schema}`, application_name: schema },
  };
}

/** The owning service creates its schema; everything inside it comes from migrations. */
export async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/** `node dist/main.js migrate`: apply pending migrations and exit (the `db:migrate` Nx target). */
export async function runMigrations(config: DatabaseConfig, options: PersistenceOptions, logger = new Logger('Migrations')): Promise<string[]> {
  const dataSource = await openDataSource(config, options);
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    logger.log(`schema ${schemaFor(config, options)}: ${applied.length ? applied.map((m) => m.name).join(', ') : 'up to date'}`);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** An initialised DataSource on the service's schema (created if missing), outside Nest: CLIs and tests. */
export async function openDataSource(config: DatabaseConfig, options: PersistenceOptions): Promise<DataSource> {
  await ensureSchema(config.DATABASE_URL, schemaFor(config, options));
  const dataSource = new DataSource(dataSourceOptions(config, options));
  await dataSource.initialize();
  return dataSource;
}

@Injectable()
class DatabaseHealth implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}
  onModuleInit(): void {
    this.health.register('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }
}

const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');

@Injectable()
export class PersistenceInfo {
  constructor(
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
    @Inject(CONFIG) private readonly config: BaseConfig,
  ) {}
  get schema(): string {
    return schemaFor(this.config, this.options);
  }
}

@Module({})
export class PersistenceModule {
  /** TypeORM on the service's own schema, migrated at start-up when DB_MIGRATE_ON_START (dev default). */
  static forService(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [CONFIG],
          useFactory: async (config: BaseConfig) => {
            if (config.DB_MIGRATE_ON_START) await ensureSchema(config.DATABASE_URL, schemaFor(config, options));
            return { ...dataSourceOptions(config, options), migrationsRun: config.DB_MIGRATE_ON_START };
          },
        }),
      ],
      providers: [{ provide: PERSISTENCE_OPTIONS, useValue: options }, PersistenceInfo, DatabaseHealth],
      exports: [PersistenceInfo],
    };
  }
}

/**
 * The rows of a raw `DataSource.query` / `EntityManager.query` result. TypeORM's Postgres driver
 * answers `UPDATE` and `DELETE` (with or without `RETURNING`) with `[rows, affectedCount]` and
 * everything else with the rows, so `result.length` of a `DELETE … RETURNING` is always 2.
 */
export function queryRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
