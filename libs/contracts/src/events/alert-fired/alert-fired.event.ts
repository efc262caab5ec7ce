import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const alertSeveritySchema = z.enum(['info', 'warning', 'error', 'critical']);
export const alertLabelsSchema = z.record(z.string().max(128), z.string().max(512)).describe('What identifies the alert: rule, severity and the rule’s group-by fields');

export const alertFiredEvent = defineEvent({
  subject: EVENTS.alertFired,
  version: 1,
  stream: STREAMS.alerts.name,
  description:
    'An alert rule’s condition started to hold for one group: published once per alert (not per matching event). ' +
    '`silenced` when a silence matched, in which case no channel is notified. Never carries channel secrets.',
  schema: z.object({
    alertId: idSchema,
    ruleId: idSchema,
    ruleName: z.string().max(256),
    severity: alertSeveritySchema,
    status: z.enum(['firing', 'silenced']),
    groupKey: z.string().max(1024),
    labels: alertLabelsSchema,
    summary: z.string().max(1024),
    value: z.number().describe('What the rule measured: a count of events, or an error rate in percent'),
    silenceId: idSchema.optional(),
    startedAt: z.iso.datetime({ offset: true }),
  }),
});
export type AlertFired = EventData<typeof alertFiredEvent>;
