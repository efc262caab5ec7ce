import { z } from 'zod';
import { defineRpc } from '../define';
import { RPC } from '../subjects';
import { idSchema } from '../events/common/common.schema';

export const credentialsLeaseRpc = defineRpc({
  subject: RPC.credentialsLease,
  description: 'Lease a provider credential for one deployment for a short time. The only RPC that carries a secret.',
  request: z.object({ orgId: idSchema, deployment: z.string().min(1).max(256), requester: z.string().min(1).max(64) }),
  response: z.object({
    leaseId: idSchema,
    credentialId: idSchema,
    version: z.number().int().positive(),
    secret: z.string().min(1),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
  timeoutMs: 500,
});
