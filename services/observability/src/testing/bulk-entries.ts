import type { DataSource } from 'typeorm';

/**
 * Inserts entries `startSeq`…`startSeq + count - 1` for one org with one SQL statement (entry n
 * occurred at `from + (n - 1) · stepMs`), fast: for load (query latency,
 * export) rather than for chain checks — their hashes are placeholders and do not verify.
 * Actors cycle through 50 keys, 10 users, 5 teams and 3 agents; actions, resources and outcomes
 * through a few of each; one entry in 1000 mentions "quarantine" in its summary; about
 * `padBytes` of filler in each payload.
 */
export async function insertBulkEntries(
  db: Pick<DataSource, 'query'>,
  opts: { orgId: string; count: number; startSeq?: number; from?: Date; stepMs?: number; padBytes?: number },
): Promise<void> {
  const start = opts.startSeq ?? 1;
  await db.query(
    `INSERT INTO audit_entries (id, org_id, chain_seq, event_id, action, source, occurred_at, recorded_at, trace_id, actor, resource, outcome, summary, data,
                                prev_hash, hash, personal_salt, personal_digest)
     SELECT gen_random_uuid(), $1, g, 'bulk-' || $1 || '-' || g,
            (ARRAY['request.received', 'cost.incurred', 'policy.violated', 'credential.accessed', 'admin.changed'])[1 + g % 5],
            'gateway', $2::timestamptz + (g - 1) * ($5 || ' milliseconds')::interval, $2::timestamptz + (g - 1) * ($5 || ' milliseconds')::interval,
            md5(g::text),
            jsonb_build_object('type', 'user', 'id', 'user-' || g % 10, 'userId', 'user-' || g % 10, 'keyId', 'key-' || g % 50, 'teamId', 'team-' || g % 5)
              || CASE WHEN g % 7 = 0 THEN jsonb_build_object('agentId', 'agent-' || g % 3) ELSE '{}'::jsonb END,
            (ARRAY['model:gpt-4o', 'model:claude-sonnet', 'credential:cred-1', 'key:key-7'])[1 + g % 4],
            (ARRAY['success', 'success', 'success', 'failure', 'denied', 'blocked'])[1 + g % 6],
            CASE WHEN g % 1000 = 0 THEN 'quarantine of request ' || g ELSE 'POST /v1/chat/completions → 200 #' || g END,
            jsonb_build_object('n', g, 'requestId', 'req-' || g, 'pad', repeat('x', $6)),
            repeat('0', 64), repeat('0', 64), NULL, repeat('0', 64)
       FROM generate_series($3::bigint, $4::bigint) AS g`,
    [opts.orgId, (opts.from ?? new Date('2026-01-01T00:00:00Z')).toISOString(), start, start + opts.count - 1, String(opts.stepMs ?? 1000), opts.padBytes ?? 200],
  );
}
