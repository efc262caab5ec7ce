import { z } from 'zod';
import { allowedModelsSchema, idSchema, metadataSchema, nameSchema, tagsSchema } from '../tenancy/tenancy.schemas';

export const expiresAtSchema = z.iso.datetime({ offset: true }).describe('When the key stops working (ISO 8601); omit for no expiry');

export const keyOwnerSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('user'),
      userId: idSchema,
      teamId: idSchema.describe('The team the key bills and is governed by; the user must be at least a member'),
      projectId: idSchema.optional().describe('Optionally a project of that team'),
    }),
    z.object({ type: z.literal('team'), teamId: idSchema }),
    z.object({ type: z.literal('project'), projectId: idSchema }),
  ])
  .describe('Whom the key is for: a user (in a team, optionally a project), a team or a project');

export const createVirtualKeySchema = z.object({
  name: nameSchema,
  owner: keyOwnerSchema,
  allowedModels: allowedModelsSchema.default([]),
  metadata: metadataSchema.default({}),
  tags: tagsSchema.default([]),
  expiresAt: expiresAtSchema.optional(),
});
export type CreateVirtualKeyCommand = z.input<typeof createVirtualKeySchema>;

export const createAdminKeySchema = z.object({
  name: nameSchema,
  userId: idSchema.describe('The user the key acts for: it carries their roles'),
  expiresAt: expiresAtSchema.optional(),
});
export type CreateAdminKeyCommand = z.input<typeof createAdminKeySchema>;

export const updateKeySchema = z.object({
  name: nameSchema.optional(),
  allowedModels: allowedModelsSchema.optional(),
  metadata: metadataSchema.optional(),
  tags: tagsSchema.optional(),
  expiresAt: expiresAtSchema.nullable().optional().describe('null removes the expiry'),
});
export type UpdateKeyCommand = z.input<typeof updateKeySchema>;

export const rotateKeySchema = z.object({
  gracePeriodSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(0)
    .describe('How long the old key keeps working (0: revoked at once)'),
  expiresAt: expiresAtSchema.optional().describe("The new key's expiry; default: the old key's, if still ahead"),
});
export type RotateKeyCommand = z.input<typeof rotateKeySchema>;

export const listKeysQuerySchema = z.object({
  teamId: idSchema.optional(),
  projectId: idSchema.optional(),
  userId: idSchema.optional(),
  status: z.enum(['active', 'revoked', 'expired']).optional(),
  cursor: z.uuid('must be a cursor returned by a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListKeysQuery = z.input<typeof listKeysQuerySchema>;
