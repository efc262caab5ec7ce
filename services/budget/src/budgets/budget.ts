import { budgetScopeKindSchema } from '@ironcage/contracts';
import { z } from 'zod';

export const orgIdSchema = z.string().min(1).max(128).describe('Organisation; every read and write is scoped to one');
export const periodSchema = z.enum(['daily', 'weekly', 'monthly', 'total', 'custom']);
export type Period = z.infer<typeof periodSchema>;

export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin or UTC');

export const thresholdsSchema = z
  .array(z.number().int().min(1).max(1000))
  .max(10)
  .transform((ts) => [...new Set(ts)].sort((a, b) => a - b))
  .describe('Percentages of the limit at which budget.threshold is published, once per period each');

export const scopeInputSchema = z.object({
  kind: budgetScopeKindSchema,
  id: z.string().min(1).max(128).optional().describe('The team, project, user, key or agent id; omitted (or the org id) for kind org'),
  model: z.string().min(1).max(256).optional().describe('Only requests for this model (the name the gateway reports), case-insensitive'),
});

export interface BudgetView {
  id: string;
  orgId: string;
  name: string;
  scope: { kind: string; id: string; model?: string };
  limitMicros: number;
  period: Period;
  periodSeconds: number | null;
  timezone: string;
  anchor: string;
  thresholds: number[];
  enforce: boolean;
  active: boolean;
  current: {
    periodStart: string;
    periodEnd: string | null;
    spentMicros: number;
    reservedMicros: number;
    remainingMicros: number;
  };
  createdAt: string;
  updatedAt: string;
}

export const budgetViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  name: z.string(),
  scope: z.object({ kind: z.string(), id: z.string(), model: z.string().optional() }),
  limitMicros: z.number().int().describe('Integer micro-USD (1 USD = 1,000,000)'),
  period: periodSchema,
  periodSeconds: z.number().int().nullable(),
  timezone: z.string(),
  anchor: z.iso.datetime(),
  thresholds: z.array(z.number().int()),
  enforce: z.boolean().describe('Hard limit: requests past it are refused. False: thresholds only'),
  active: z.boolean(),
  current: z.object({
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime().nullable().describe('When the budget resets; null for period total'),
    spentMicros: z.number().int(),
    reservedMicros: z.number().int().describe('Held by requests in flight'),
    remainingMicros: z.number().int(),
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
