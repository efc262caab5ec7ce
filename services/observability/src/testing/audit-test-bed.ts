import type { EventPublisher, PublishResult } from '@ironcage/bus';
import type { EventContract } from '@ironcage/contracts';
import { MetricsRegistry, openDataSource } from '@ironcage/kit';
import { dropSchema, testInfra, uniqueSchema } from '@ironcage/testing';
import type { DataSource } from 'typeorm';
import { AuditMetrics } from '../audit/audit.metrics';
import { AuditRepository } from '../audit/audit.repository';
import { AuditSigner } from '../audit/chain/audit-signer';
import { ChainRepository } from '../audit/chain/chain.repository';
import { ExportEntriesUseCase } from '../audit/export-entries/export-entries.usecase';
import { QueryEntriesUseCase } from '../audit/query-entries/query-entries.usecase';
import { AuditIngest } from '../audit/record-event/audit-ingest';
import { RecordEventUseCase } from '../audit/record-event/record-event.usecase';
import { VerifyChainUseCase } from '../audit/verify-chain/verify-chain.usecase';
import { observabilityPersistence } from '../persistence';
import { FixedClock, TestEntropy, testAuditConfig } from './audit-fixtures';

export interface Published {
  subject: string;
  data: Record<string, unknown>;
  options: { orgId: string; id?: string; traceparent?: string };
}

/** A publisher that keeps what it was asked to publish. */
export function recordingPublisher(): { publisher: EventPublisher; published: Published[] } {
  const published: Published[] = [];
  const publisher = {
    publish: async (contract: EventContract, data: Record<string, unknown>, options: Published['options']): Promise<PublishResult> => {
      published.push({ subject: contract.subject, data, options });
      return { id: options.id ?? 'generated', stream: contract.stream, seq: published.length, duplicate: false };
    },
  } as unknown as EventPublisher;
  return { publisher, published };
}

/**
 * The audit components wired on a real Postgres schema of their own (migrated), with the bus
 * replaced by a recording publisher and the clock by one the test sets.
 */
export async function auditTestBed(config: Record<string, unknown> = {}) {
  const schema = uniqueSchema('observability');
  const db: DataSource = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 8 }, observabilityPersistence);
  await db.runMigrations();
  const clock = new FixedClock();
  const entropy = new TestEntropy();
  const signer = new AuditSigner({ NODE_ENV: 'test' });
  const chain = new ChainRepository(db);
  const audit = new AuditRepository(db);
  const metrics = new AuditMetrics(new MetricsRegistry('observability-test'));
  const { publisher, published } = recordingPublisher();
  const settings = testAuditConfig(config);
  const newIngest = () => new AuditIngest(chain, signer, clock, entropy, publisher, metrics, settings);
  const ingest = newIngest();
  return {
    schema,
    db,
    clock,
    signer,
    chain,
    audit,
    metrics,
    published,
    ingest,
    /** Another replica of the service: its own ingest on the same database. */
    newRecorder: () => new RecordEventUseCase(newIngest(), entropy),
    record: new RecordEventUseCase(ingest, entropy),
    verify: new VerifyChainUseCase(chain, signer, clock),
    query: new QueryEntriesUseCase(audit),
    exporter: new ExportEntriesUseCase(audit),
    /** Runs SQL in the test's schema, as an operator (or an attacker) with database access would. */
    sql: <T = Record<string, unknown>>(query: string, params: unknown[] = []) => db.query(query, params) as Promise<T[]>,
    async close() {
      await db.destroy();
      await dropSchema(schema);
    },
  };
}

export type AuditTestBed = Awaited<ReturnType<typeof auditTestBed>>;
