import { Injectable } from '@nestjs/common';
import { decideModelAccess } from '../../access/model-access.policy';
import { KeyAuthenticator } from '../../auth/key-authenticator';
import { CreateKeyUseCase } from '../../keys/create-key/create-key.usecase';
import { keyHint } from '../../keys/key-format';
import type { Actor } from '../../tenancy/actor';
import { ManageMembershipsUseCase } from '../../tenancy/manage-memberships/manage-memberships.usecase';
import { ManageOrgsUseCase } from '../../tenancy/manage-orgs/manage-orgs.usecase';
import { ManageProjectsUseCase } from '../../tenancy/manage-projects/manage-projects.usecase';
import { ManageTeamsUseCase } from '../../tenancy/manage-teams/manage-teams.usecase';
import { ManageUsersUseCase } from '../../tenancy/manage-users/manage-users.usecase';
import { TenancyRepository } from '../../tenancy/tenancy.repository';

export const DEMO = {
  team: { slug: 'demo-team', name: 'Demo team' },
  project: { slug: 'demo-project', name: 'Demo project' },
  user: { email: 'demo@example.com', name: 'Demo user' },
  /** The virtual key may call the built-in mock models (and aliases of them). */
  allowedModels: ['mock/*'],
  probeModel: 'mock/gpt-4o-mini',
} as const;

export interface DemoCredentials {
  /** A virtual key (sk-ic-…) of the demo user, allowed `mock/*`. */
  apiKey: string;
  /** An org-scoped admin key (sk-ic-admin-…) of the demo user, an org-wide owner of the demo org. */
  orgAdminKey: string;
}

export interface SeedReport extends DemoCredentials {
  orgId: string;
  teamId: string;
  projectId: string;
  userId: string;
  /** What this run created (empty on a repeated run). */
  created: string[];
}

/**
 * Creates, idempotently, the demo organisation with a team, a project and a user who owns both,
 * plus a virtual key allowed the mock models and an org admin key. Keys passed in are kept while
 * they still work (so repeated `npm run up` does not mint new ones); otherwise new ones are issued.
 * Everything goes through the same use cases as the admin API, so it is validated and announced.
 */
@Injectable()
export class DemoSeeder {
  private readonly actor: Actor = { type: 'platform', id: 'demo-seed' };

  constructor(
    private readonly tenancy: TenancyRepository,
    private readonly orgs: ManageOrgsUseCase,
    private readonly teams: ManageTeamsUseCase,
    private readonly projects: ManageProjectsUseCase,
    private readonly users: ManageUsersUseCase,
    private readonly memberships: ManageMembershipsUseCase,
    private readonly keys: CreateKeyUseCase,
    private readonly authenticator: KeyAuthenticator,
  ) {}

  async run(orgId: string, existing: Partial<DemoCredentials>): Promise<SeedReport> {
    const created: string[] = [];
    if (!(await this.tenancy.findOrg(orgId))) {
      await this.orgs.create(this.actor, { id: orgId, name: 'Demo organisation' });
      created.push(`organisation ${orgId}`);
    }
    let team = await this.tenancy.findTeamBySlug(orgId, DEMO.team.slug);
    if (!team) {
      const view = await this.teams.create(this.actor, orgId, DEMO.team);
      team = (await this.tenancy.findTeam(orgId, view.id))!;
      created.push(`team ${DEMO.team.slug}`);
    }
    let project = await this.tenancy.findProjectBySlug(orgId, team.id, DEMO.project.slug);
    if (!project) {
      const view = await this.projects.create(this.actor, orgId, team.id, DEMO.project);
      project = (await this.tenancy.findProject(orgId, view.id))!;
      created.push(`project ${DEMO.project.slug}`);
    }
    let user = await this.tenancy.findUserByEmail(orgId, DEMO.user.email);
    if (!user) {
      const view = await this.users.create(this.actor, orgId, DEMO.user);
      user = (await this.tenancy.findUser(orgId, view.id))!;
      created.push(`user ${DEMO.user.email}`);
    }
    for (const teamId of [null, team.id]) {
      const membership = await this.tenancy.findMembership(orgId, user.id, teamId);
      if (membership?.role !== 'owner') {
        await this.memberships.set(this.actor, orgId, teamId, user.id, { role: 'owner' });
        created.push(teamId ? 'team owner role' : 'org-wide owner role');
      }
    }

    let apiKey = existing.apiKey;
    if (!apiKey || !(await this.works(apiKey, 'virtual', orgId))) {
      const key = await this.keys.createVirtual(this.actor, orgId, {
        name: 'demo key',
        owner: { type: 'user', userId: user.id, teamId: team.id, projectId: project.id },
        allowedModels: [...DEMO.allowedModels],
        tags: ['demo'],
        metadata: { purpose: 'demo' },
      });
      apiKey = key.secret;
      created.push(`virtual key ${keyHint(apiKey)}`);
    }
    let orgAdminKey = existing.orgAdminKey;
    if (!orgAdminKey || !(await this.works(orgAdminKey, 'admin', orgId))) {
      const key = await this.keys.createAdmin(this.actor, orgId, { name: 'demo admin key', userId: user.id });
      orgAdminKey = key.secret;
      created.push(`admin key ${keyHint(orgAdminKey)}`);
    }
    return { orgId, teamId: team.id, projectId: project.id, userId: user.id, apiKey, orgAdminKey, created };
  }

  /** The key authenticates in the demo org (and, for a virtual key, may call the mock models). */
  private async works(token: string, kind: 'virtual' | 'admin', orgId: string): Promise<boolean> {
    try {
      const credential = await this.authenticator.authenticate(token, kind);
      if (credential.orgId !== orgId) return false;
      return kind === 'admin' || decideModelAccess(credential.rules, DEMO.probeModel).allowed;
    } catch {
      return false;
    }
  }
}
