import type { CredentialRow } from '../../keys/keys.repository';
import { KEY, ORG, TEAM, USER } from './builders';

/** A credential row as the database returns it for a key, with overrides. */
export const credentialRow = (overrides: Partial<CredentialRow> = {}): CredentialRow => ({
  id: KEY,
  orgId: ORG,
  kind: 'virtual',
  teamId: TEAM,
  projectId: null,
  userId: USER,
  allowedModels: [],
  metadata: {},
  tags: [],
  expiresAt: null,
  revokedAt: null,
  orgModels: [],
  teamModels: [],
  projectModels: null,
  memberships: [{ teamId: TEAM, role: 'member' }],
  ...overrides,
});
