import { Injectable } from '@nestjs/common';
import { BudgetDb, PG, pgCode } from '../db/budget-db';

export interface Attribution {
  keyId: string;
  userId?: string | null;
  teamId?: string | null;
  projectId?: string | null;
  agentId?: string | null;
}

export interface AuthorizeParams {
  orgId: string;
  requestId: string;
  reservationId: string;
  principal: Attribution;
  model: string;
  provider: string;
  deployment: string | null;
  priceId: string | null;
  amountMicros: bigint;
  inputTokens: number;
  maxOutputTokens: number;
  /** What the request takes from token rate limits now (prompt + declared output cap). */
  rateTokens: number;
  now: Date;
  expiresAt: Date;
}

export type AuthorizeOutcome =
  | { outcome: 'reserved'; reservationId: string; amount: number; expiresAt: string; maxOutputTokens: number; remaining: number | null; budgets: number }
  | { outcome: 'existing'; reservationId: string; amount: number; expiresAt: string; maxOutputTokens: number; status: 'held' | 'settled' | 'expired'; priced: boolean }
  | {
      outcome: 'budget_exceeded';
      budgetId: string;
      name: string;
      scopeKind: string;
      scopeId: string;
      model: string | null;
      limit: number;
      spent: number;
      reserved: number;
      resetsAt: string | null;
    }
  | {
      outcome: 'rate_limited';
      rateLimitId: string;
      scopeKind: string;
      scopeId: string;
      metric: 'requests' | 'tokens';
      limit: number;
      burst: number;
      used: number;
      requested: number;
      retryAfterUs: number | null;
    };

export interface SettleParams {
  orgId: string;
  requestId: string;
  now: Date;
  occurredAt: Date;
  principal: Attribution;
  model: string;
  provider: string;
  deployment: string | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costMicros: bigint;
  reportedCostMicros: bigint | null;
  priceId: string | null;
  priced: boolean;
  estimated: boolean;
  source: 'event' | 'rpc';
}

export interface SettleOutcome {
  outcome: 'settled' | 'duplicate';
  cost: number;
  priced: boolean;
  late: boolean;
  /** Outbox ids written by this settlement (threshold crossings), to publish now. */
  events: string[];
}

export interface ReservationRow {
  id: string;
  keyId: string;
  userId: string | null;
  teamId: string | null;
  projectId: string | null;
  agentId: string | null;
  model: string;
  provider: string;
  deployment: string | null;
  priceId: string | null;
  amountMicros: bigint;
  status: 'held' | 'settled' | 'expired';
  createdAt: Date;
}

const AUTHORIZE = `SELECT budget_authorize($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) AS r`;
const SETTLE = `SELECT budget_settle($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) AS r`;

/** Reservations and settlements: the two functions of the hot path, one round trip each. */
@Injectable()
export class EnforcementRepository {
  constructor(private readonly db: BudgetDb) {}

  async authorize(p: AuthorizeParams): Promise<AuthorizeOutcome> {
    const values = [
      p.orgId,
      p.requestId,
      p.reservationId,
      p.principal.keyId,
      p.principal.userId ?? null,
      p.principal.teamId ?? null,
      p.principal.projectId ?? null,
      p.principal.agentId ?? null,
      p.model,
      p.provider,
      p.deployment,
      p.priceId,
      p.amountMicros.toString(),
      p.inputTokens,
      p.maxOutputTokens,
      p.rateTokens,
      p.now,
      p.expiresAt,
    ];
    try {
      const [row] = await this.db.query<{ r: AuthorizeOutcome }>(AUTHORIZE, values, 'budget_authorize');
      return row.r;
    } catch (e) {
      // the same request authorised concurrently: the other call's reservation stands, read it back
      if (pgCode(e) !== PG.uniqueViolation) throw e;
      const [row] = await this.db.query<{ r: AuthorizeOutcome }>(AUTHORIZE, values, 'budget_authorize');
      return row.r;
    }
  }

  async settle(p: SettleParams): Promise<SettleOutcome> {
    const [row] = await this.db.query<{ r: SettleOutcome }>(
      SETTLE,
      [
        p.orgId,
        p.requestId,
        p.now,
        p.occurredAt,
        p.principal.keyId,
        p.principal.userId ?? null,
        p.principal.teamId ?? null,
        p.principal.projectId ?? null,
        p.principal.agentId ?? null,
        p.model,
        p.provider,
        p.deployment,
        p.inputTokens,
        p.outputTokens,
        p.cachedInputTokens,
        p.cacheWriteTokens,
        p.reasoningTokens,
        p.costMicros.toString(),
        p.reportedCostMicros?.toString() ?? null,
        p.priceId,
        p.priced,
        p.estimated,
        p.source,
      ],
      'budget_settle',
    );
    return row.r;
  }

  async findReservation(orgId: string, requestId: string): Promise<ReservationRow | undefined> {
    const [row] = await this.db.query<Record<string, unknown>>(
      `SELECT id, key_id, user_id, team_id, project_id, agent_id, model, provider, deployment, price_id, amount_micros, status, created_at
       FROM reservations WHERE org_id = $1 AND request_id = $2`,
      [orgId, requestId],
      'budget_find_reservation',
    );
    if (!row) return undefined;
    return {
      id: row.id as string,
      keyId: row.key_id as string,
      userId: row.user_id as string | null,
      teamId: row.team_id as string | null,
      projectId: row.project_id as string | null,
      agentId: row.agent_id as string | null,
      model: row.model as string,
      provider: row.provider as string,
      deployment: row.deployment as string | null,
      priceId: row.price_id as string | null,
      amountMicros: BigInt(row.amount_micros as string),
      status: row.status as ReservationRow['status'],
      createdAt: row.created_at as Date,
    };
  }

  /** Releases up to `limit` reservations that expired by `now`; returns how many. */
  async expire(now: Date, limit: number): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(`SELECT budget_expire_reservations($1, $2) AS n`, [now, limit]);
    return row.n;
  }

  /** Forgets settled reservations and expired ones older than the cutoffs (the ledger keeps the history). */
  async purge(settledBefore: Date, expiredBefore: Date, limit: number): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM reservations WHERE (org_id, request_id) IN (
           SELECT org_id, request_id FROM reservations
           WHERE (status = 'settled' AND created_at < $1) OR (status = 'expired' AND created_at < $2)
           LIMIT $3)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [settledBefore, expiredBefore, limit],
    );
    return row.n;
  }
}
