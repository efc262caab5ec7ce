import { compileModelPatterns, type ModelMatcher } from '../access/model-patterns';
import type { KeyKind } from '../keys/key-format';
import type { CredentialRow } from '../keys/keys.repository';
import type { Actor } from '../tenancy/actor';
import { type Role, strongerRole } from '../tenancy/roles';
import type { Principal } from './principal';

/** The allow-lists a call passes through, outermost first. Empty lists are unrestricted. */
export interface AccessRules {
  readonly org: ModelMatcher;
  readonly team: ModelMatcher;
  readonly project: ModelMatcher;
  readonly key: ModelMatcher;
}

/** A key as authentication resolved it: cached (immutable) and shared by every request that presents it. */
export interface ResolvedCredential {
  readonly keyId: string;
  readonly orgId: string;
  readonly kind: KeyKind;
  /** Milliseconds since the epoch; Infinity when the key does not expire. */
  readonly expiresAtMs: number;
  readonly principal: Principal;
  readonly rules: AccessRules;
  /** Admin keys: the user the key acts for, with their roles. */
  readonly actor?: Actor;
  /** Ids whose change must drop this entry from every cache: key, org, team, project, user. */
  readonly refs: ReadonlySet<string>;
}

const freezeRecord = (r: Record<string, string>): Readonly<Record<string, string>> => Object.freeze({ ...r });

export function resolveCredential(row: CredentialRow): ResolvedCredential {
  const orgRole = row.memberships.find((m) => m.teamId === null)?.role;
  const teamRoles: Record<string, Role> = {};
  for (const m of row.memberships) if (m.teamId !== null) teamRoles[m.teamId] = m.role;
  const role = row.userId ? (row.kind === 'admin' ? orgRole : strongerRole(orgRole, row.teamId ? teamRoles[row.teamId] : undefined)) : undefined;

  const principal: Principal = Object.freeze({
    orgId: row.orgId,
    keyId: row.id,
    ...(row.userId ? { userId: row.userId } : {}),
    ...(row.teamId ? { teamId: row.teamId } : {}),
    ...(row.projectId ? { projectId: row.projectId } : {}),
    ...(role ? { role } : {}),
    metadata: freezeRecord(row.metadata ?? {}),
    tags: Object.freeze([...(row.tags ?? [])]) as string[],
  });
  const actor: Actor | undefined =
    row.kind === 'admin' && row.userId
      ? Object.freeze({ type: 'user' as const, id: row.id, orgId: row.orgId, userId: row.userId, ...(orgRole ? { orgRole } : {}), teamRoles: Object.freeze(teamRoles) })
      : undefined;
  return Object.freeze({
    keyId: row.id,
    orgId: row.orgId,
    kind: row.kind,
    expiresAtMs: row.expiresAt ? row.expiresAt.getTime() : Infinity,
    principal,
    rules: Object.freeze({
      org: compileModelPatterns(row.orgModels),
      team: compileModelPatterns(row.teamModels),
      project: compileModelPatterns(row.projectModels),
      key: compileModelPatterns(row.allowedModels),
    }),
    ...(actor ? { actor } : {}),
    refs: new Set([row.id, row.orgId, row.teamId, row.projectId, row.userId].filter((v): v is string => typeof v === 'string')),
  });
}
