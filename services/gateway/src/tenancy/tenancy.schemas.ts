import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { modelPatternsSchema } from '../access/model-patterns';
import { ROLES } from './roles';

export const orgIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ or -, starting with a letter or digit (at most 64)')
  .describe('Organisation id, a readable slug such as `demo`');
export const idSchema = z.uuid('must be a UUID');
export const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits or -, starting with a letter or digit (at most 63)');
export const nameSchema = z.string().trim().min(1).max(200);
export const roleSchema = z.enum(ROLES).describe('viewer < member < admin < owner');
export const metadataSchema = z
  .record(z.string().min(1).max(64), z.string().max(512))
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 entries')
  .describe('Free-form string labels (at most 50); not secrets: they appear in lists and principals');
export const tagsSchema = z
  .array(z.string().regex(/^[A-Za-z0-9._:/=-]{1,64}$/, 'letters, digits and . _ : / = - (at most 64)'))
  .max(50)
  .transform((tags) => [...new Set(tags)]);
export const allowedModelsSchema = modelPatternsSchema;

export const pageQuerySchema = z.object({
  cursor: z.uuid('must be a cursor returned by a previous page').optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const orgPageQuerySchema = z.object({
  cursor: orgIdSchema.optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const orgParamsSchema = z.object({ orgId: orgIdSchema });
export const teamParamsSchema = orgParamsSchema.extend({ teamId: idSchema });
export const projectParamsSchema = teamParamsSchema.extend({ projectId: idSchema });
export const userParamsSchema = orgParamsSchema.extend({ userId: idSchema });
export const teamMemberParamsSchema = teamParamsSchema.extend({ userId: idSchema });

/** Use cases validate their own commands, so HTTP, gRPC, a consumer or the seed may call them alike. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where = 'input'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, where));
  return parsed.data;
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page') });
