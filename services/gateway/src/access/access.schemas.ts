import { z } from 'zod';
import { idSchema } from '../tenancy/tenancy.schemas';
import { modelPatternSchema } from './model-patterns';

export const modelNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9._:@/+-]+$/, 'a public model name such as openai/gpt-4o-mini')
  .describe('A public model name from the catalogue');

export const requestAccessSchema = z.object({
  model: modelNameSchema,
  reason: z.string().trim().max(2000).optional().describe('Why you need it: shown to the team admins'),
});
export type RequestAccessCommand = z.input<typeof requestAccessSchema>;

export const approveAccessSchema = z.object({
  pattern: modelPatternSchema
    .optional()
    .describe('What to allow (must match the requested model); default: exactly the requested model'),
  note: z.string().trim().max(2000).optional(),
});
export type ApproveAccessCommand = z.input<typeof approveAccessSchema>;

export const denyAccessSchema = z.object({ note: z.string().trim().max(2000).optional() });
export type DenyAccessCommand = z.input<typeof denyAccessSchema>;

export const listAccessRequestsQuerySchema = z.object({
  teamId: idSchema.optional(),
  status: z.enum(['pending', 'approved', 'denied']).optional(),
  cursor: z.uuid('must be a cursor returned by a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAccessRequestsQuery = z.input<typeof listAccessRequestsQuerySchema>;

export const accessRequestParamsSchema = z.object({ requestId: idSchema });
