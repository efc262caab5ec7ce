import type { Role } from '../../tenancy/roles';
import type { TestGateway } from './gateway.fixture';

interface Id {
  id: string;
}

/** Seeds tenancy through the admin API with the platform key; every step asserts its status. */
export function worldBuilder(gw: TestGateway) {
  const root = gw.adminKey;
  const ok = async <T>(method: string, path: string, body?: unknown, key = root, expected = [200, 201]): Promise<T> => {
    const r = await gw.call<T>(method, path, key, body);
    if (!expected.includes(r.status)) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  return {
    ok,
    org: (id: string, allowedModels: string[] = []) => ok<Id>('POST', '/admin/v1/orgs', { id, name: id.toUpperCase(), allowedModels }),
    team: (org: string, slug: string, allowedModels: string[] = []) => ok<Id>('POST', `/admin/v1/orgs/${org}/teams`, { slug, name: slug, allowedModels }),
    project: (org: string, team: string, slug: string, allowedModels: string[] = []) =>
      ok<Id>('POST', `/admin/v1/orgs/${org}/teams/${team}/projects`, { slug, name: slug, allowedModels }),
    user: (org: string, email: string) => ok<Id>('POST', `/admin/v1/orgs/${org}/users`, { email, name: email.split('@')[0] }),
    teamRole: (org: string, team: string, user: string, role: Role) => ok<Id>('PUT', `/admin/v1/orgs/${org}/teams/${team}/members/${user}`, { role }),
    orgRole: (org: string, user: string, role: Role) => ok<Id>('PUT', `/admin/v1/orgs/${org}/members/${user}`, { role }),
    virtualKey: (org: string, owner: Record<string, string>, allowedModels: string[] = [], extra: Record<string, unknown> = {}) =>
      ok<{ key: Id & Record<string, unknown>; secret: string }>('POST', `/admin/v1/orgs/${org}/keys`, { name: 'k', owner, allowedModels, ...extra }),
    adminKey: (org: string, user: string) => ok<{ key: Id; secret: string }>('POST', `/admin/v1/orgs/${org}/admin-keys`, { name: 'admin', userId: user }),
  };
}
