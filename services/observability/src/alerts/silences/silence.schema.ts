import { z } from 'zod';
import { orgIdSchema } from '../../audit/query-entries/audit-filters';
import type { AlertRow, SilenceRow } from '../alerts.repository';

export const createSilenceSchema = z
  .strictObject({
    orgId: orgIdSchema,
    ruleId: z.uuid().optional().describe('Silence this rule’s alerts…'),
    labels: z.record(z.string().min(1).max(128), z.string().max(512)).default({}).describe('…and/or alerts whose labels have all these values'),
    startsAt: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
    endsAt: z.iso.datetime({ offset: true }),
    comment: z.string().max(1024).optional(),
    createdBy: z.string().min(1).max(128).default('platform-admin'),
  })
  .refine((s) => s.ruleId !== undefined || Object.keys(s.labels).length > 0, { message: 'give a ruleId or at least one label to match', path: ['labels'] })
  .refine((s) => !s.startsAt || Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: 'must be after startsAt', path: ['endsAt'] });

/** True when the silence covers the alert: its rule (if it names one) and every label it names. */
export function silenceMatches(s: SilenceRow, alert: Pick<AlertRow, 'ruleId' | 'labels'>): boolean {
  if (s.ruleId && s.ruleId !== alert.ruleId) return false;
  return Object.entries(s.labels).every(([k, v]) => alert.labels[k] === v);
}
