import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The service's Postgres, as repositories use it: plain SQL on TypeORM's pool (the connection's
 * search_path is the service's schema). Hot statements pass a `name` so Postgres keeps them
 * prepared per connection.
 */
@Injectable()
export class BudgetDb {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  get pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  async query<T extends QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = [], name?: string): Promise<T[]> {
    const result = await this.pool.query<T>(name ? { name, text, values } : { text, values });
    return result.rows;
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}

/** Postgres error codes the repositories react to. */
export const PG = { uniqueViolation: '23505', invalidTimeZone: '22023', checkViolation: '23514' } as const;
export const pgCode = (e: unknown): string | undefined => (typeof e === 'object' && e !== null ? (e as { code?: string }).code : undefined);
