import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@ironcage/kit';
import type { ChannelKind, ChannelSettings } from './channels/channel.schema';
import type { Condition } from './rules/rule.schema';

export interface ChannelRow {
  id: string;
  orgId: string;
  name: string;
  kind: ChannelKind;
  settings: ChannelSettings;
  sealedSecrets: string;
  secretHint: string;
  createdAt: Date;
}

export interface RuleRow {
  id: string;
  orgId: string;
  name: string;
  subject: string;
  condition: Condition;
  severity: 'info' | 'warning' | 'error' | 'critical';
  channelIds: string[];
  repeatIntervalSeconds: number;
  enabled: boolean;
  createdAt: Date;
}

export interface SilenceRow {
  id: string;
  orgId: string;
  ruleId: string | null;
  labels: Record<string, string>;
  startsAt: Date;
  endsAt: Date;
  comment: string | null;
  createdBy: string;
  createdAt: Date;
}

export type AlertStatus = 'firing' | 'silenced' | 'resolved';

export interface AlertRow {
  id: string;
  orgId: string;
  ruleId: string;
  groupKey: string;
  labels: Record<string, string>;
  severity: RuleRow['severity'];
  summary: string;
  value: number;
  status: AlertStatus;
  silenceId: string | null;
  notified: boolean;
  startedAt: Date;
  lastNotifiedAt: Date | null;
  resolvedAt: Date | null;
}

export type Notification = 'firing' | 'repeat' | 'resolved';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: string;
  orgId: string;
  alertId: string;
  channelId: string;
  channelKind: ChannelKind;
  notification: Notification;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  settledAt: Date | null;
}

/** A claimed delivery with what sending it needs. */
export interface DueDelivery extends DeliveryRow {
  alert: AlertRow;
  ruleName: string;
  channel: ChannelRow;
}

type Raw = Record<string, unknown>;

const rowsOf = (result: unknown): Raw[] => queryRows<Raw>(result);

const toChannel = (r: Raw): ChannelRow => ({
  id: r.id as string,
  orgId: r.org_id as string,
  name: r.name as string,
  kind: r.kind as ChannelKind,
  settings: r.settings as ChannelSettings,
  sealedSecrets: r.sealed_secrets as string,
  secretHint: r.secret_hint as string,
  createdAt: r.created_at as Date,
});

const toRule = (r: Raw): RuleRow => {
  const d = r.definition as { condition: Condition; repeatIntervalSeconds: number };
  return {
    id: r.id as string,
    orgId: r.org_id as string,
    name: r.name as string,
    subject: r.subject as string,
    condition: d.condition,
    severity: r.severity as RuleRow['severity'],
    channelIds: r.channel_ids as string[],
    repeatIntervalSeconds: d.repeatIntervalSeconds,
    enabled: r.enabled as boolean,
    createdAt: r.created_at as Date,
  };
};

const toSilence = (r: Raw): SilenceRow => ({
  id: r.id as string,
  orgId: r.org_id as string,
  ruleId: (r.rule_id as string | null) ?? null,
  labels: r.labels as Record<string, string>,
  startsAt: r.starts_at as Date,
  endsAt: r.ends_at as Date,
  comment: (r.comment as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as Date,
});

export const toAlert = (r: Raw): AlertRow => ({
  id: r.id as string,
  orgId: r.org_id as string,
  ruleId: r.rule_id as string,
  groupKey: r.group_key as string,
  labels: r.labels as Record<string, string>,
  severity: r.severity as RuleRow['severity'],
  summary: r.summary as string,
  value: Number(r.value),
  status: r.status as AlertStatus,
  silenceId: (r.silence_id as string | null) ?? null,
  notified: r.notified as boolean,
  startedAt: r.started_at as Date,
  lastNotifiedAt: (r.last_notified_at as Date | null) ?? null,
  resolvedAt: (r.resolved_at as Date | null) ?? null,
});

const toDelivery = (r: Raw): DeliveryRow => ({
  id: r.id as string,
  orgId: r.org_id as string,
  alertId: r.alert_id as string,
  channelId: r.channel_id as string,
  channelKind: r.channel_kind as ChannelKind,
  notification: r.notification as Notification,
  status: r.status as DeliveryStatus,
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as Date,
  lastStatus: (r.last_status as number | null) ?? null,
  lastError: (r.last_error as string | null) ?? null,
  createdAt: r.created_at as Date,
  settledAt: (r.settled_at as Date | null) ?? null,
});

/** An alert row stored as JSON (timestamps as strings) back into an AlertRow. */
const snapshotAlert = (r: Raw): AlertRow => {
  const at = (v: unknown): Date | null => (v == null ? null : new Date(v as string));
  return { ...toAlert(r), startedAt: at(r.started_at)!, lastNotifiedAt: at(r.last_notified_at), resolvedAt: at(r.resolved_at) };
};

/** The only code doing I/O on the alerting tables. */
@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // channels

  async insertChannel(c: ChannelRow): Promise<ChannelRow | null> {
    const rows = rowsOf(
      await this.db.query(
        `INSERT INTO alert_channels (id, org_id, name, kind, settings, sealed_secrets, secret_hint, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (org_id, name) DO NOTHING RETURNING *`,
        [c.id, c.orgId, c.name, c.kind, JSON.stringify(c.settings), c.sealedSecrets, c.secretHint, c.createdAt],
      ),
    );
    return rows[0] ? toChannel(rows[0]) : null;
  }

  async channels(orgId: string): Promise<ChannelRow[]> {
    return rowsOf(await this.db.query(`SELECT * FROM alert_channels WHERE org_id = $1 ORDER BY created_at, id`, [orgId])).map(toChannel);
  }

  async channel(orgId: string, id: string): Promise<ChannelRow | null> {
    const rows = rowsOf(await this.db.query(`SELECT * FROM alert_channels WHERE org_id = $1 AND id = $2`, [orgId, id]));
    return rows[0] ? toChannel(rows[0]) : null;
  }

  async existingChannelIds(orgId: string, ids: string[]): Promise<string[]> {
    return rowsOf(await this.db.query(`SELECT id FROM alert_channels WHERE org_id = $1 AND id = ANY($2::uuid[])`, [orgId, ids])).map((r) => r.id as string);
  }

  async rulesUsingChannel(orgId: string, channelId: string): Promise<string[]> {
    return rowsOf(await this.db.query(`SELECT id FROM alert_rules WHERE org_id = $1 AND $2::uuid = ANY(channel_ids)`, [orgId, channelId])).map((r) => r.id as string);
  }

  async deleteChannel(orgId: string, id: string): Promise<void> {
    await this.db.query(`DELETE FROM alert_channels WHERE org_id = $1 AND id = $2`, [orgId, id]);
  }

  // rules

  async insertRule(r: RuleRow): Promise<RuleRow | null> {
    const rows = rowsOf(
      await this.db.query(
        `INSERT INTO alert_rules (id, org_id, name, kind, subject, definition, severity, channel_ids, enabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (org_id, name) DO NOTHING RETURNING *`,
        [r.id, r.orgId, r.name, r.condition.kind, r.subject, JSON.stringify({ condition: r.condition, repeatIntervalSeconds: r.repeatIntervalSeconds }), r.severity, r.channelIds, r.enabled, r.createdAt],
      ),
    );
    return rows[0] ? toRule(rows[0]) : null;
  }

  /** Replaces a rule's definition; null when the name is taken by another rule. */
  async updateRule(r: RuleRow): Promise<RuleRow | null> {
    try {
      const rows = rowsOf(
        await this.db.query(
          `UPDATE alert_rules SET name = $3, kind = $4, subject = $5, definition = $6, severity = $7, channel_ids = $8, enabled = $9 WHERE org_id = $1 AND id = $2 RETURNING *`,
          [r.orgId, r.id, r.name, r.condition.kind, r.subject, JSON.stringify({ condition: r.condition, repeatIntervalSeconds: r.repeatIntervalSeconds }), r.severity, r.channelIds, r.enabled],
        ),
      );
      return rows[0] ? toRule(rows[0]) : null;
    } catch (e) {
      if ((e as { code?: string }).code === '23505') return null;
      throw e;
    }
  }

  async rules(orgId: string): Promise<RuleRow[]> {
    return rowsOf(await this.db.query(`SELECT * FROM alert_rules WHERE org_id = $1 ORDER BY created_at, id`, [orgId])).map(toRule);
  }

  async rule(orgId: string, id: string): Promise<RuleRow | null> {
    const rows = rowsOf(await this.db.query(`SELECT * FROM alert_rules WHERE org_id = $1 AND id = $2`, [orgId, id]));
    return rows[0] ? toRule(rows[0]) : null;
  }

  async rulesById(ids: string[]): Promise<Map<string, RuleRow>> {
    const rows = rowsOf(await this.db.query(`SELECT * FROM alert_rules WHERE id = ANY($1::uuid[])`, [ids]));
    return new Map(rows.map((r) => [r.id as string, toRule(r)]));
  }

  async deleteRule(orgId: string, id: string): Promise<boolean> {
    return rowsOf(await this.db.query(`DELETE FROM alert_rules WHERE org_id = $1 AND id = $2 RETURNING id`, [orgId, id])).length > 0;
  }

  async enabledRulesFor(orgId: string, subject: string): Promise<RuleRow[]> {
    return rowsOf(await this.db.query(`SELECT * FROM alert_rules WHERE org_id = $1 AND subject = $2 AND enabled`, [orgId, subject])).map(toRule);
  }

  // silences

  async insertSilence(s: SilenceRow): Promise<SilenceRow> {
    const rows = rowsOf(
      await this.db.query(
        `INSERT INTO alert_silences (id, org_id, rule_id, labels, starts_at, ends_at, comment, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [s.id, s.orgId, s.ruleId, JSON.stringify(s.labels), s.startsAt, s.endsAt, s.comment, s.createdBy, s.createdAt],
      ),
    );
    return toSilence(rows[0]);
  }

  async silences(orgId: string, activeAt?: Date): Promise<SilenceRow[]> {
    const rows = activeAt
      ? await this.db.query(`SELECT * FROM alert_silences WHERE org_id = $1 AND starts_at <= $2 AND ends_at > $2 ORDER BY created_at, id`, [orgId, activeAt])
      : await this.db.query(`SELECT * FROM alert_silences WHERE org_id = $1 ORDER BY created_at, id`, [orgId]);
    return rowsOf(rows).map(toSilence);
  }

  async expireSilence(orgId: string, id: string, now: Date): Promise<SilenceRow | null> {
    const rows = rowsOf(await this.db.query(`UPDATE alert_silences SET ends_at = LEAST(ends_at, $3) WHERE org_id = $1 AND id = $2 RETURNING *`, [orgId, id, now]));
    return rows[0] ? toSilence(rows[0]) : null;
  }

  // evaluation

  /** Counts one event for a rule and group; false when it was counted before (a redelivery). */
  async observe(o: { ruleId: string; groupKey: string; eventId: string; orgId: string; occurredAt: Date; failed: boolean }): Promise<boolean> {
    const rows = rowsOf(
      await this.db.query(
        `INSERT INTO alert_observations (rule_id, group_key, event_id, org_id, occurred_at, failed) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [o.ruleId, o.groupKey, o.eventId, o.orgId, o.occurredAt, o.failed],
      ),
    );
    return rows.length > 0;
  }

  async measure(ruleId: string, groupKey: string, since: Date): Promise<{ total: number; failed: number }> {
    const [r] = rowsOf(
      await this.db.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE failed)::int AS failed FROM alert_observations WHERE rule_id = $1 AND group_key = $2 AND occurred_at > $3`,
        [ruleId, groupKey, since],
      ),
    );
    return { total: r.total as number, failed: r.failed as number };
  }

  /** Drops observations older than their rule's window, and those of rules deleted since. */
  async pruneObservations(now: Date): Promise<number> {
    const a = rowsOf(
      await this.db.query(
        `DELETE FROM alert_observations o USING alert_rules r
          WHERE o.rule_id = r.id AND o.occurred_at <= $1::timestamptz - make_interval(secs => (r.definition->'condition'->>'windowSeconds')::int) RETURNING 1`,
        [now],
      ),
    );
    const b = rowsOf(await this.db.query(`DELETE FROM alert_observations o WHERE NOT EXISTS (SELECT 1 FROM alert_rules r WHERE r.id = o.rule_id) RETURNING 1`));
    return a.length + b.length;
  }

  /**
   * Opens the alert for its key unless one is open already; when it is not silenced, queues one
   * `firing` delivery per channel in the same transaction. Null when another event (or replica)
   * opened it first.
   */
  async openAlert(a: AlertRow, channelIds: string[], now: Date): Promise<AlertRow | null> {
    return this.db.transaction(async (m) => {
      const rows = rowsOf(
        await m.query(
          `INSERT INTO alerts (id, org_id, rule_id, group_key, labels, severity, summary, value, status, silence_id, notified, started_at, last_notified_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (rule_id, group_key) WHERE status <> 'resolved' DO NOTHING RETURNING *`,
          [a.id, a.orgId, a.ruleId, a.groupKey, JSON.stringify(a.labels), a.severity, a.summary, a.value, a.status, a.silenceId, a.notified, a.startedAt, a.lastNotifiedAt],
        ),
      );
      if (!rows[0]) return null;
      if (a.status === 'firing') await this.enqueue(m, a.orgId, a.id, channelIds, 'firing', now);
      return toAlert(rows[0]);
    });
  }

  async refreshAlert(ruleId: string, groupKey: string, value: number, summary: string): Promise<void> {
    await this.db.query(`UPDATE alerts SET value = $3, summary = $4 WHERE rule_id = $1 AND group_key = $2 AND status <> 'resolved'`, [ruleId, groupKey, value, summary]);
  }

  async openAlerts(limit = 5000): Promise<AlertRow[]> {
    return rowsOf(await this.db.query(`SELECT * FROM alerts WHERE status <> 'resolved' ORDER BY started_at LIMIT $1`, [limit])).map(toAlert);
  }

  /** Resolves an open alert (once, whoever gets there first); queues `resolved` deliveries when its channels had been told it fired. */
  async resolveAlert(id: string, channelIds: string[], now: Date): Promise<AlertRow | null> {
    return this.db.transaction(async (m) => {
      const rows = rowsOf(await m.query(`UPDATE alerts SET status = 'resolved', resolved_at = $2 WHERE id = $1 AND status <> 'resolved' RETURNING *`, [id, now]));
      if (!rows[0]) return null;
      const alert = toAlert(rows[0]);
      if (alert.notified) await this.enqueue(m, alert.orgId, id, channelIds, 'resolved', now);
      return alert;
    });
  }

  /** A silence over a firing alert: nothing more is sent until it ends. */
  async silenceAlert(id: string, silenceId: string): Promise<AlertRow | null> {
    const rows = rowsOf(await this.db.query(`UPDATE alerts SET status = 'silenced', silence_id = $2 WHERE id = $1 AND status = 'firing' RETURNING *`, [id, silenceId]));
    return rows[0] ? toAlert(rows[0]) : null;
  }

  /** The silence ended and the alert still holds: notify now (`firing`, or `repeat` if it was notified before the silence). */
  async unsilenceAlert(id: string, channelIds: string[], now: Date): Promise<AlertRow | null> {
    return this.db.transaction(async (m) => {
      const before = rowsOf(await m.query(`SELECT notified FROM alerts WHERE id = $1 FOR UPDATE`, [id]))[0];
      const rows = rowsOf(
        await m.query(`UPDATE alerts SET status = 'firing', silence_id = NULL, notified = true, last_notified_at = $2 WHERE id = $1 AND status = 'silenced' RETURNING *`, [id, now]),
      );
      if (!rows[0]) return null;
      await this.enqueue(m, rows[0].org_id as string, id, channelIds, before?.notified ? 'repeat' : 'firing', now);
      return toAlert(rows[0]);
    });
  }

  /** Queues a repeat of a firing alert, unless another replica did since `lastNotifiedAt`. */
  async repeatAlert(id: string, lastNotifiedAt: Date | null, channelIds: string[], now: Date): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const rows = rowsOf(
        await m.query(`UPDATE alerts SET last_notified_at = $2, notified = true WHERE id = $1 AND status = 'firing' AND last_notified_at IS NOT DISTINCT FROM $3 RETURNING org_id`, [
          id,
          now,
          lastNotifiedAt,
        ]),
      );
      if (!rows[0]) return false;
      await this.enqueue(m, rows[0].org_id as string, id, channelIds, 'repeat', now);
      return true;
    });
  }

  private async enqueue(m: EntityManager, orgId: string, alertId: string, channelIds: string[], notification: Notification, now: Date): Promise<void> {
    if (!channelIds.length) return;
    await m.query(
      `INSERT INTO alert_deliveries (id, org_id, alert_id, channel_id, channel_kind, notification, status, attempts, next_attempt_at, created_at, alert_snapshot)
       SELECT gen_random_uuid(), c.org_id, $2, c.id, c.kind, $4, 'pending', 0, $5, $5, (SELECT to_jsonb(a) FROM alerts a WHERE a.id = $2)
         FROM alert_channels c WHERE c.org_id = $1 AND c.id = ANY($3::uuid[])`,
      [orgId, alertId, channelIds, notification, now],
    );
  }

  async alerts(q: { orgId: string; status?: AlertStatus; ruleId?: string; limit: number }): Promise<AlertRow[]> {
    return rowsOf(
      await this.db.query(
        `SELECT * FROM alerts WHERE org_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR rule_id = $3) ORDER BY started_at DESC, id LIMIT $4`,
        [q.orgId, q.status ?? null, q.ruleId ?? null, q.limit],
      ),
    ).map(toAlert);
  }

  // deliveries

  /** Takes up to `limit` due deliveries for this process: counts the attempt and leases them for `leaseMs`. */
  async claimDeliveries(now: Date, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const raw = rowsOf(
      await this.db.query(
        `UPDATE alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3::double precision / 1000)
           FROM (SELECT id FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
          WHERE d.id = due.id RETURNING d.*`,
        [now, limit, leaseMs],
      ),
    );
    const snapshots = new Map(raw.filter((r) => r.alert_snapshot).map((r) => [r.id as string, snapshotAlert(r.alert_snapshot as Raw)]));
    const claimed = raw.map(toDelivery);
    if (!claimed.length) return [];
    const alerts = new Map(
      rowsOf(await this.db.query(`SELECT * FROM alerts WHERE id = ANY($1::uuid[])`, [claimed.map((d) => d.alertId)])).map((r) => [r.id as string, toAlert(r)]),
    );
    const channels = new Map(rowsOf(await this.db.query(`SELECT * FROM alert_channels WHERE id = ANY($1::uuid[])`, [claimed.map((d) => d.channelId)])).map((r) => [r.id as string, toChannel(r)]));
    const rules = await this.rulesById([...new Set([...alerts.values()].map((a) => a.ruleId))]);
    return claimed.map((d) => {
      // the alert as it was when this notification was queued: every attempt sends the same body
      const alert = snapshots.get(d.id) ?? alerts.get(d.alertId)!;
      return { ...d, alert, ruleName: rules.get(alert.ruleId)?.name ?? alert.labels.alertname ?? alert.ruleId, channel: channels.get(d.channelId)! };
    });
  }

  async settleDelivery(id: string, s: { status: DeliveryStatus; nextAttemptAt?: Date; lastStatus?: number; lastError?: string; settledAt?: Date }): Promise<void> {
    await this.db.query(
      `UPDATE alert_deliveries SET status = $2, next_attempt_at = COALESCE($3, next_attempt_at), last_status = $4, last_error = $5, settled_at = $6 WHERE id = $1`,
      [id, s.status, s.nextAttemptAt ?? null, s.lastStatus ?? null, s.lastError ?? null, s.settledAt ?? null],
    );
  }

  async deliveries(q: { orgId: string; status?: DeliveryStatus; alertId?: string; channelId?: string; limit: number }): Promise<DeliveryRow[]> {
    return rowsOf(
      await this.db.query(
        `SELECT * FROM alert_deliveries WHERE org_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR alert_id = $3) AND ($4::uuid IS NULL OR channel_id = $4)
          ORDER BY created_at DESC, id LIMIT $5`,
        [q.orgId, q.status ?? null, q.alertId ?? null, q.channelId ?? null, q.limit],
      ),
    ).map(toDelivery);
  }
}
