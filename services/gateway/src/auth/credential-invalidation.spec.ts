import { invalidatedIds } from './credential-invalidation';

describe('invalidatedIds', () => {
  it('names the changed resource and every key, user, team, project or org id the change mentions', () => {
    expect(
      invalidatedIds({
        actorId: 'a',
        action: 'membership.updated',
        resourceType: 'membership',
        resourceId: 'm1',
        changes: { userId: 'u1', teamId: 't1', role: 'admin', projectId: 7 },
      }),
    ).toEqual(['m1', 'u1', 't1']);
  });

  it('works without changes', () => {
    expect(invalidatedIds({ actorId: 'a', action: 'key.revoked', resourceType: 'key', resourceId: 'k1' })).toEqual(['k1']);
  });
});
