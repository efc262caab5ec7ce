import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { orgIdSchema } from '../../audit/query-entries/audit-filters';
import { AlertsRepository, type AlertRow, type DeliveryRow } from '../alerts.repository';

export const listAlertsSchema = z.strictObject({
  orgId: orgIdSchema,
  status: z.enum(['firing', 'silenced', 'resolved']).optional(),
  ruleId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const listDeliveriesSchema = z.strictObject({
  orgId: orgIdSchema,
  status: z.enum(['pending', 'delivered', 'failed']).optional().describe('`failed`: the dead letters'),
  alertId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export interface AlertView {
  id: string;
  orgId: string;
  ruleId: string;
  status: AlertRow['status'];
  severity: AlertRow['severity'];
  summary: string;
  value: number;
  labels: Record<string, string>;
  groupKey: string;
  silenceId: string | null;
  notified: boolean;
  startedAt: string;
  lastNotifiedAt: string | null;
  resolvedAt: string | null;
}

export interface DeliveryView {
  id: string;
  alertId: string;
  channelId: string;
  channelKind: DeliveryRow['channelKind'];
  notification: DeliveryRow['notification'];
  status: DeliveryRow['status'];
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  settledAt: string | null;
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** Alert history and the deliveries of its notifications, per org. */
@Injectable()
export class QueryAlertsUseCase {
  constructor(private readonly repo: AlertsRepository) {}

  async alerts(query: unknown): Promise<{ alerts: AlertView[] }> {
    const parsed = listAlertsSchema.safeParse(query);
    if (!parsed.success) throw new ValidationError('The query is invalid', zodIssuesToDetails(parsed.error, 'query'));
    const rows = await this.repo.alerts(parsed.data);
    return {
      alerts: rows.map((a) => ({
        id: a.id,
        orgId: a.orgId,
        ruleId: a.ruleId,
        status: a.status,
        severity: a.severity,
        summary: a.summary,
        value: a.value,
        labels: a.labels,
        groupKey: a.groupKey,
        silenceId: a.silenceId,
        notified: a.notified,
        startedAt: a.startedAt.toISOString(),
        lastNotifiedAt: iso(a.lastNotifiedAt),
        resolvedAt: iso(a.resolvedAt),
      })),
    };
  }

  async deliveries(query: unknown): Promise<{ deliveries: DeliveryView[] }> {
    const parsed = listDeliveriesSchema.safeParse(query);
    if (!parsed.success) throw new ValidationError('The query is invalid', zodIssuesToDetails(parsed.error, 'query'));
    const rows = await this.repo.deliveries(parsed.data);
    return {
      deliveries: rows.map((d) => ({
        id: d.id,
        alertId: d.alertId,
        channelId: d.channelId,
        channelKind: d.channelKind,
        notification: d.notification,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        settledAt: iso(d.settledAt),
      })),
    };
  }
}
