import { z } from 'zod';
import { ORG_ID_PATTERN } from '../store/secret-store';

export const orgIdSchema = z.string().regex(ORG_ID_PATTERN, 'letters, digits, _ . -; at most 128').describe('Organisation that owns the credential');
/** A secret value in a request body: only ever written, never echoed back. */
export const secretValueSchema = z.string().min(1).max(64 * 1024).describe('The secret itself; never returned except by the reveal endpoint');

export const rotationPolicySchema = z.object({
  mode: z.enum(['automatic', 'manual', 'none']).optional().describe('automatic needs a provider with a rotation adapter'),
  intervalDays: z.number().int().min(1).max(3650).optional(),
  gracePeriodSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional().describe('How long the previous version keeps working; at least the lease TTL'),
});

export const createCredentialSchema = z.object({
  orgId: orgIdSchema,
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits, _ . : -; at most 128'),
  provider: z.string().min(1).max(64).describe('A provider id from GET /v1/credentials/providers'),
  ownerTeam: z.string().min(1).max(128).optional(),
  value: secretValueSchema,
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  maxVersions: z.number().int().min(2).max(100).optional().describe('Versions kept (default 10)'),
  rotationPolicy: rotationPolicySchema.optional(),
  providerConfig: z.record(z.string(), z.union([z.string().max(1024), z.number(), z.boolean()])).optional().describe('Non-secret settings a rotation adapter needs'),
});

export const updateCredentialSchema = z.object({
  orgId: orgIdSchema,
  ownerTeam: z.string().min(1).max(128).nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  maxVersions: z.number().int().min(2).max(100).optional(),
  rotationPolicy: rotationPolicySchema.optional(),
  providerConfig: z.record(z.string(), z.union([z.string().max(1024), z.number(), z.boolean()])).optional(),
});

export const writeVersionSchema = z.object({
  orgId: orgIdSchema,
  value: secretValueSchema,
  cas: z.number().int().min(0).optional().describe('Write only if the newest stored version is this one'),
});

export const versionsSchema = z.object({ orgId: orgIdSchema, versions: z.array(z.number().int().positive()).min(1).max(100) });
export const orgQuerySchema = z.object({ orgId: orgIdSchema });
export const listQuerySchema = z.object({
  orgId: orgIdSchema,
  after: z.string().max(128).optional().describe('Name of the last credential of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const revealSchema = z.object({
  orgId: orgIdSchema,
  version: z.number().int().positive().optional().describe('Default: the current version'),
  reason: z.string().min(3).max(512).describe('Why the value is needed; goes into the audit trail'),
});
export const bindSchema = z.object({ orgId: orgIdSchema, credentialId: z.uuid() });
export const idParamSchema = z.object({ id: z.uuid() });
export const deploymentParamSchema = z.object({ deployment: z.string().min(1).max(256) });

export const versionViewSchema = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  deletedAt: z.string().optional(),
  destroyed: z.boolean(),
});

export const credentialViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  name: z.string(),
  provider: z.string(),
  ownerTeam: z.string().nullable(),
  backend: z.enum(['postgres', 'vault']),
  currentVersion: z.number().int().nullable().describe('The version leases hand out'),
  previousVersion: z.number().int().nullable(),
  previousValidUntil: z.string().nullable(),
  expiresAt: z.string().nullable(),
  rotation: z.object({
    mode: z.enum(['automatic', 'manual', 'none']),
    intervalDays: z.number().int(),
    gracePeriodSeconds: z.number().int(),
    lastRotatedAt: z.string().nullable(),
    nextRotationAt: z.string().nullable(),
  }),
  providerConfig: z.record(z.string(), z.unknown()),
  maxVersions: z.number().int().optional(),
  versions: z.array(versionViewSchema).optional().describe('Only on the single-credential read'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CredentialView = z.infer<typeof credentialViewSchema>;
