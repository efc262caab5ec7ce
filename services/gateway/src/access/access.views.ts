import { z } from 'zod';
import type { AccessRequestEntity } from './access-request.entity';

const layer = z.enum(['org', 'team', 'project', 'key']);

export const accessRequestViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  keyId: z.uuid(),
  teamId: z.uuid(),
  projectId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  model: z.string(),
  reason: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'denied']),
  deniedBy: z.array(layer).describe('Layers whose allowed models refused the model when it was requested'),
  grantedAt: z.array(layer).describe('Layers whose allowed models the approval extended'),
  grantedPattern: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type AccessRequestView = z.infer<typeof accessRequestViewSchema>;

export const accessRequestView = (r: AccessRequestEntity): AccessRequestView => ({
  id: r.id,
  orgId: r.orgId,
  keyId: r.keyId,
  teamId: r.teamId,
  projectId: r.projectId,
  userId: r.userId,
  model: r.model,
  reason: r.reason,
  status: r.status,
  deniedBy: r.deniedBy,
  grantedAt: r.grantedAt,
  grantedPattern: r.grantedPattern,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  decisionNote: r.decisionNote,
  createdAt: r.createdAt.toISOString(),
});
