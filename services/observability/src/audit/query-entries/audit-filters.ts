import { z } from 'zod';
import { AUDIT_OUTCOMES } from '../describe/describe-event';

export const orgIdSchema = z.string().min(1).max(128);

const id = (what: string) => z.string().min(1).max(128).describe(what);
const instant = (what: string) => z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T00:00:00Z' }).describe(what);

/** Filters shared by the entry listing and the export; every one narrows, all must hold. */
export const auditFilterShape = {
  orgId: orgIdSchema.describe('Organisation whose entries to read; every query is scoped to one org'),
  from: instant('Inclusive lower bound on when the event occurred').optional(),
  to: instant('Exclusive upper bound on when the event occurred').optional(),
  traceId: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits').optional().describe('W3C trace id'),
  action: z
    .string()
    .max(128)
    .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*(\.\*)?$/, 'must be an event type such as request.received, or a prefix such as credential.*')
    .optional()
    .describe('Event type (`request.received`), or every type under a prefix (`credential.*`)'),
  actorId: id('Any actor with this id: key, user, team, agent, service or connector').optional(),
  actorKeyId: id('Entries made with this virtual key').optional(),
  actorUserId: id('Entries made by or on behalf of this user').optional(),
  actorTeamId: id('Entries made by a member or key of this team').optional(),
  actorAgentId: id('Entries made by this agent').optional(),
  resource: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[^*]+\*?$/, 'only a trailing * is allowed')
    .optional()
    .describe('Resource as `<type>:<id>` (`model:gpt-4o`, `credential:c1`), or a prefix ending in `*` (`credential:*`)'),
  outcome: z.enum(AUDIT_OUTCOMES).optional().describe('What came of it'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Free text, matched as whole words (Postgres full-text search, `simple` configuration) against the action, resource, outcome, summary, actor and every string in the event data. ' +
        'All words must match; "quotes" match a phrase, `or` either side, `-word` excludes.',
    ),
};

export const auditFilterSchema = z.strictObject(auditFilterShape);
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** `from` must come before `to`. */
export const rangeIsOrdered = (f: { from?: string; to?: string }): boolean => !f.from || !f.to || new Date(f.from) < new Date(f.to);
export const RANGE_MESSAGE = { message: 'must be later than `from`', path: ['to'] };

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The WHERE clause of a filtered read, org first. Parameters are numbered from `$1`; callers
 * append theirs after `params.length`.
 */
export function filterSql(f: AuditFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [f.orgId];
  const clauses = ['org_id = $1'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (f.from) add((n) => `occurred_at >= ${n}`, f.from);
  if (f.to) add((n) => `occurred_at < ${n}`, f.to);
  if (f.traceId) add((n) => `trace_id = ${n}`, f.traceId);
  if (f.action) {
    if (f.action.endsWith('.*')) add((n) => `action LIKE ${n}`, `${escapeLike(f.action.slice(0, -1))}%`);
    else add((n) => `action = ${n}`, f.action);
  }
  const actor = {
    ...(f.actorId ? { id: f.actorId } : {}),
    ...(f.actorKeyId ? { keyId: f.actorKeyId } : {}),
    ...(f.actorUserId ? { userId: f.actorUserId } : {}),
    ...(f.actorTeamId ? { teamId: f.actorTeamId } : {}),
    ...(f.actorAgentId ? { agentId: f.actorAgentId } : {}),
  };
  if (Object.keys(actor).length) add((n) => `actor @> ${n}::jsonb`, JSON.stringify(actor));
  if (f.resource) {
    if (f.resource.endsWith('*')) add((n) => `resource LIKE ${n}`, `${escapeLike(f.resource.slice(0, -1))}%`);
    else add((n) => `resource = ${n}`, f.resource);
  }
  if (f.outcome) add((n) => `outcome = ${n}`, f.outcome);
  if (f.q) add((n) => `search @@ websearch_to_tsquery('simple', ${n})`, f.q);
  return { where: clauses.join(' AND '), params };
}
