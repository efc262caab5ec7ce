import { z } from 'zod';
import type { KeyEntity } from './key.entity';

export const keyStatusSchema = z.enum(['active', 'revoked', 'expired']);

export const keyViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  kind: z.enum(['virtual', 'admin']),
  name: z.string(),
  hint: z.string().describe('Prefix, four random characters and the last four: recognisable, not usable'),
  ownerType: z.enum(['user', 'team', 'project']),
  teamId: z.uuid().nullable(),
  projectId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  allowedModels: z.array(z.string()).describe('Empty: whatever the project, team and organisation allow'),
  metadata: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  status: keyStatusSchema,
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  rotatedFrom: z.uuid().nullable().describe('The key this one replaced'),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type KeyView = z.infer<typeof keyViewSchema>;

export const createdKeySchema = z.object({
  key: keyViewSchema,
  secret: z.string().describe('The key itself. Shown this once: only a keyed hash is stored'),
});
export type CreatedKey = z.infer<typeof createdKeySchema>;

export const keyStatus = (k: Pick<KeyEntity, 'revokedAt' | 'expiresAt'>, now: number): z.infer<typeof keyStatusSchema> =>
  k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt.getTime() <= now ? 'expired' : 'active';

export const keyView = (k: KeyEntity, now: number): KeyView => ({
  id: k.id,
  orgId: k.orgId,
  kind: k.kind,
  name: k.name,
  hint: k.hint,
  ownerType: k.ownerType,
  teamId: k.teamId,
  projectId: k.projectId,
  userId: k.userId,
  allowedModels: k.allowedModels,
  metadata: k.metadata,
  tags: k.tags,
  status: keyStatus(k, now),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  rotatedFrom: k.rotatedFrom,
  createdBy: k.createdBy,
  createdAt: k.createdAt.toISOString(),
  updatedAt: k.updatedAt.toISOString(),
});

/** What `admin.changed` says about a key: settings and ids, never the secret, its hash or metadata values. */
export const keyChangeSummary = (k: KeyEntity): Record<string, unknown> => ({
  keyId: k.id,
  kind: k.kind,
  name: k.name,
  ownerType: k.ownerType,
  teamId: k.teamId,
  projectId: k.projectId,
  userId: k.userId,
  allowedModels: k.allowedModels,
  tags: k.tags,
  metadataKeys: Object.keys(k.metadata),
  expiresAt: k.expiresAt?.toISOString() ?? null,
});
