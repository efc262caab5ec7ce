import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Where the test infrastructure listens. `npm test` starts it through infra/local and exports
 * these; the defaults match infra/local/env.sh so a single test file can be run by hand.
 */
export const testInfra = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://ironcage:ironcage@127.0.0.1:5432/ironcage',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
};

/** A short unique suffix, so streams, schemas and task queues never collide across runs. */
export const uniqueSuffix = (): string => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** A bus namespace of its own for one test file. */
export const uniqueNamespace = (prefix = 't'): string => `${prefix}${uniqueSuffix()}`;

/** A Postgres schema of its own; drop it with `dropSchema` in afterAll. */
export const uniqueSchema = (service: string): string => `t_${service.replace(/-/g, '_')}_${uniqueSuffix()}`;

export async function dropSchema(schema: string, databaseUrl = testInfra.databaseUrl): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Runs SQL directly, as an operator (or an attacker) would — bypassing the services. */
export async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = [], databaseUrl = testInfra.databaseUrl): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(query, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Polls until `probe` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
