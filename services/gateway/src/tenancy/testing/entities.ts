import type { KeyEntity } from '../../keys/key.entity';
import type { AccessRequestEntity } from '../../access/access-request.entity';
import type { MembershipEntity, ProjectEntity, TeamEntity, UserEntity } from '../tenancy.entities';
import { KEY, ORG, PROJECT, TEAM, USER } from './builders';

const at = new Date('2026-01-01T00:00:00Z');

export const teamEntity = (o: Partial<TeamEntity> = {}): TeamEntity => ({
  id: TEAM,
  orgId: ORG,
  slug: 'ml',
  name: 'ML',
  allowedModels: [],
  metadata: {},
  createdAt: at,
  updatedAt: at,
  ...o,
});

export const projectEntity = (o: Partial<ProjectEntity> = {}): ProjectEntity => ({
  id: PROJECT,
  orgId: ORG,
  teamId: TEAM,
  slug: 'bot',
  name: 'Bot',
  allowedModels: [],
  metadata: {},
  createdAt: at,
  updatedAt: at,
  ...o,
});

export const userEntity = (o: Partial<UserEntity> = {}): UserEntity => ({ id: USER, orgId: ORG, email: 'ann@acme.test', name: 'Ann', createdAt: at, updatedAt: at, ...o });

export const membershipEntity = (o: Partial<MembershipEntity> = {}): MembershipEntity => ({
  id: '01900000-0000-7000-8000-0000000000e1',
  orgId: ORG,
  userId: USER,
  teamId: TEAM,
  role: 'member',
  createdAt: at,
  updatedAt: at,
  ...o,
});

export const keyEntity = (o: Partial<KeyEntity> = {}): KeyEntity => ({
  id: KEY,
  orgId: ORG,
  kind: 'virtual',
  ownerType: 'user',
  name: 'laptop',
  hash: Buffer.alloc(32),
  hint: 'sk-ic-abcd…wxyz',
  teamId: TEAM,
  projectId: null,
  userId: USER,
  allowedModels: [],
  metadata: {},
  tags: [],
  expiresAt: null,
  revokedAt: null,
  rotatedFrom: null,
  createdBy: 'admin-platform',
  createdAt: at,
  updatedAt: at,
  ...o,
});

export const accessRequestEntity = (o: Partial<AccessRequestEntity> = {}): AccessRequestEntity => ({
  id: '01900000-0000-7000-8000-0000000000a1',
  orgId: ORG,
  keyId: KEY,
  teamId: TEAM,
  projectId: null,
  userId: USER,
  model: 'openai/gpt-4o',
  reason: null,
  status: 'pending',
  deniedBy: ['key'],
  grantedAt: [],
  grantedPattern: null,
  decidedBy: null,
  decidedAt: null,
  decisionNote: null,
  createdAt: at,
  ...o,
});
