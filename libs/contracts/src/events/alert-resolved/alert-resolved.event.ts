import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';
import { alertLabelsSchema, alertSeveritySchema } from '../alert-fired/alert-fired.event';

export const alertResolvedEvent = defineEvent({
  subject: EVENTS.alertResolved,
  version: 1,
  stream: STREAMS.alerts.name,
  description: 'An alert’s condition no longer holds. `notified` tells whether its channels had been told it fired (and so are told it resolved).',
  schema: z.object({
    alertId: idSchema,
    ruleId: idSchema,
    ruleName: z.string().max(256),
    severity: alertSeveritySchema,
    groupKey: z.string().max(1024),
    labels: alertLabelsSchema,
    summary: z.string().max(1024),
    notified: z.boolean(),
    startedAt: z.iso.datetime({ offset: true }),
    resolvedAt: z.iso.datetime({ offset: true }),
  }),
});
export type AlertResolved = EventData<typeof alertResolvedEvent>;
