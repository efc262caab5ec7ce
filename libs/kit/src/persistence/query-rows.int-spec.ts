import { randomUUID } from 'node:crypto';
import { dropSchema, testInfra, uniqueSchema } from '@ironcage/testing';
import type { DataSource } from 'typeorm';
import { openDataSource, queryRows } from './persistence';

describe('queryRows: the rows of a raw TypeORM query, whatever the statement', () => {
  const schema = uniqueSchema('kitrows');
  let db: DataSource;

  beforeAll(async () => {
    db = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 2 }, { schema, entities: [], migrations: [] });
    await db.query(`CREATE TABLE t (id text PRIMARY KEY)`);
  });

  afterAll(async () => {
    await db?.destroy();
    await dropSchema(schema);
  });

  it('reads SELECT, INSERT … RETURNING, UPDATE … RETURNING and DELETE … RETURNING alike, empty ones too', async () => {
    const id = randomUUID();
    expect(queryRows(await db.query(`INSERT INTO t (id) VALUES ($1) RETURNING id`, [id]))).toEqual([{ id }]);
    expect(queryRows(await db.query(`SELECT id FROM t`))).toEqual([{ id }]);
    expect(queryRows(await db.query(`UPDATE t SET id = id WHERE id = $1 RETURNING id`, [id]))).toEqual([{ id }]);
    expect(queryRows(await db.query(`DELETE FROM t WHERE id = $1 RETURNING id`, [id]))).toEqual([{ id }]);
    // the case a plain `.length` got wrong: TypeORM answers [[], 0] for a DELETE that removed nothing
    expect(queryRows(await db.query(`DELETE FROM t WHERE id = $1 RETURNING id`, [id]))).toEqual([]);
  });
});
