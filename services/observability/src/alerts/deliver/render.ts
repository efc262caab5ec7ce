import type { DueDelivery } from '../alerts.repository';

export const NOTIFICATION_TYPES = { firing: 'alert.firing', repeat: 'alert.repeat', resolved: 'alert.resolved' } as const;

export interface RenderedAlert {
  /** `[FIRING] name` / `[RESOLVED] name`. */
  title: string;
  summary: string;
  lines: string[];
  /** The alert as webhook receivers get it. */
  json: Record<string, unknown>;
}

/** The words and the JSON every channel builds its message from. Never holds a channel secret. */
export function renderAlert(d: DueDelivery): RenderedAlert {
  const a = d.alert;
  const resolved = d.notification === 'resolved';
  const title = `[${resolved ? 'RESOLVED' : 'FIRING'}] ${d.ruleName}${d.notification === 'repeat' ? ' (still firing)' : ''}`;
  const labels = Object.entries(a.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'rule_id')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const lines = [
    a.summary,
    `severity: ${a.severity}`,
    `labels: ${labels}`,
    `org: ${a.orgId}`,
    `alert: ${a.id} (rule ${a.ruleId})`,
    `started: ${a.startedAt.toISOString()}`,
    ...(resolved && a.resolvedAt ? [`resolved: ${a.resolvedAt.toISOString()}`] : []),
  ];
  const json = {
    id: d.id,
    type: NOTIFICATION_TYPES[d.notification],
    // when the notification was queued: every attempt sends the same bytes
    createdAt: d.createdAt.toISOString(),
    alert: {
      id: a.id,
      orgId: a.orgId,
      ruleId: a.ruleId,
      ruleName: d.ruleName,
      status: resolved ? 'resolved' : 'firing',
      severity: a.severity,
      summary: a.summary,
      labels: a.labels,
      value: a.value,
      startedAt: a.startedAt.toISOString(),
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
    },
  };
  return { title, summary: a.summary, lines, json };
}
