import { z } from 'zod';
import { ROLES } from './roles';
import type { MembershipEntity, OrganisationEntity, ProjectEntity, TeamEntity, UserEntity } from './tenancy.entities';

const timestamps = { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };

export const orgViewSchema = z.object({ id: z.string(), name: z.string(), allowedModels: z.array(z.string()), ...timestamps });
export const teamViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  slug: z.string(),
  name: z.string(),
  allowedModels: z.array(z.string()),
  metadata: z.record(z.string(), z.string()),
  ...timestamps,
});
export const projectViewSchema = teamViewSchema.extend({ teamId: z.uuid() });
export const membershipViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  userId: z.uuid(),
  teamId: z.uuid().nullable().describe('null: an org-wide role'),
  role: z.enum(ROLES),
  ...timestamps,
});
export const userViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  email: z.string(),
  name: z.string(),
  memberships: z.array(membershipViewSchema.pick({ teamId: true, role: true })).optional(),
  ...timestamps,
});

export type OrgView = z.infer<typeof orgViewSchema>;
export type TeamView = z.infer<typeof teamViewSchema>;
export type ProjectView = z.infer<typeof projectViewSchema>;
export type MembershipView = z.infer<typeof membershipViewSchema>;
export type UserView = z.infer<typeof userViewSchema>;

const stamps = (e: { createdAt: Date; updatedAt: Date }) => ({ createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() });

export const orgView = (o: OrganisationEntity): OrgView => ({ id: o.id, name: o.name, allowedModels: o.allowedModels, ...stamps(o) });
export const teamView = (t: TeamEntity): TeamView => ({
  id: t.id,
  orgId: t.orgId,
  slug: t.slug,
  name: t.name,
  allowedModels: t.allowedModels,
  metadata: t.metadata,
  ...stamps(t),
});
export const projectView = (p: ProjectEntity): ProjectView => ({
  id: p.id,
  orgId: p.orgId,
  teamId: p.teamId,
  slug: p.slug,
  name: p.name,
  allowedModels: p.allowedModels,
  metadata: p.metadata,
  ...stamps(p),
});
export const membershipView = (m: MembershipEntity): MembershipView => ({ id: m.id, orgId: m.orgId, userId: m.userId, teamId: m.teamId, role: m.role, ...stamps(m) });
export const userView = (u: UserEntity, memberships?: MembershipEntity[]): UserView => ({
  id: u.id,
  orgId: u.orgId,
  email: u.email,
  name: u.name,
  ...(memberships ? { memberships: memberships.map((m) => ({ teamId: m.teamId, role: m.role })) } : {}),
  ...stamps(u),
});
