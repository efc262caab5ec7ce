import { z } from 'zod';
import { defineRpc } from '../define';
import { RPC } from '../subjects';
import { idSchema } from '../events/common/common.schema';

export const credentialsLeaseRpc = defineRpc({
  subject: RPC.credentialsLease,
  description:
    'Lease the current provider credential bound to one deployment for a short time. The only RPC that carries a secret: ' +
    'keep it in memory only, renew it after `renewAfter`, never use it after `expiresAt`, and drop it at once on ' +
    '`credential.rotated` / `credential.revoked` for its credential. Every lease is audited (`credential.accessed`).',
  request: z.object({
    orgId: idSchema,
    deployment: z.string().min(1).max(256).describe('Deployment id the credential is bound to (the gateway’s `Deployment.id`)'),
    requester: z.string().min(1).max(64).describe('Who asks, for the audit trail: service name or instance'),
    ttlSeconds: z.number().int().min(5).max(3600).optional().describe('Shorter than the service’s default lease TTL, never longer'),
  }),
  response: z.object({
    leaseId: idSchema,
    credentialId: idSchema,
    provider: z.string().min(1).max(64),
    version: z.number().int().positive(),
    secret: z.string().min(1),
    expiresAt: z.iso.datetime({ offset: true }),
    renewAfter: z.iso.datetime({ offset: true }).describe('Renew from here on (about two thirds of the TTL)'),
  }),
  timeoutMs: 500,
});
