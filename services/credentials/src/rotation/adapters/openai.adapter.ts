import { CredentialsErrorCode, CredentialsException } from '../../credentials.exception';
import { type CreatedKey, isStatus, providerCall, type RotationAdapter, type RotationContext, requireConfig } from './rotation-adapter';

interface ServiceAccount {
  id: string;
  name: string;
  api_key?: { id: string; value: string } | null;
}

const base = (ctx: RotationContext) => (ctx.endpoints.openai ?? 'https://api.openai.com').replace(/\/$/, '');
/** The service-account name carries the rotation id, so a retry can find what an earlier attempt made. */
const accountName = (ctx: RotationContext) => `ironcage-${ctx.credential.name}-${ctx.rotationId}`.slice(0, 100);

/**
 * OpenAI project service accounts: a rotation creates a new service account in the project (its
 * key comes back once, in the response) and later deletes the old service account, which revokes
 * its key. Authenticated with an organisation admin key (providerConfig.adminCredentialId).
 */
export class OpenAIRotationAdapter implements RotationAdapter {
  readonly providers = ['openai'] as const;
  readonly automatic = true;

  async create(ctx: RotationContext): Promise<CreatedKey> {
    await this.cleanup(ctx);
    const { projectId } = requireConfig(ctx, 'projectId');
    const res = await providerCall('openai create service account', `${base(ctx)}/v1/organization/projects/${encodeURIComponent(projectId)}/service_accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.admin(ctx)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: accountName(ctx) }),
    });
    const sa = (await res.json()) as ServiceAccount;
    if (!sa.api_key?.value) throw new CredentialsException(CredentialsErrorCode.ProviderRejected, 'openai create service account: no key in the answer');
    return { value: sa.api_key.value, keyRef: { serviceAccountId: sa.id, apiKeyId: sa.api_key.id } };
  }

  async test(value: string, ctx: RotationContext): Promise<void> {
    await providerCall('openai test key', `${base(ctx)}/v1/models`, { headers: { authorization: `Bearer ${value}` } });
  }

  async revoke(keyRef: Record<string, unknown>, ctx: RotationContext): Promise<void> {
    const { projectId } = requireConfig(ctx, 'projectId');
    const id = String(keyRef.serviceAccountId ?? '');
    if (!id) return;
    try {
      await providerCall('openai delete service account', `${base(ctx)}/v1/organization/projects/${encodeURIComponent(projectId)}/service_accounts/${encodeURIComponent(id)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${this.admin(ctx)}` },
      });
    } catch (e) {
      if (!isStatus(e, 404)) throw e;
    }
  }

  async cleanup(ctx: RotationContext): Promise<void> {
    const { projectId } = requireConfig(ctx, 'projectId');
    const known = new Set(ctx.knownKeyRefs.map((r) => r.serviceAccountId));
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await providerCall(
        'openai list service accounts',
        `${base(ctx)}/v1/organization/projects/${encodeURIComponent(projectId)}/service_accounts?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`,
        { headers: { authorization: `Bearer ${this.admin(ctx)}` } },
      );
      const list = (await res.json()) as { data: ServiceAccount[]; has_more: boolean; last_id?: string };
      for (const sa of list.data) {
        if (sa.name === accountName(ctx) && !known.has(sa.id)) await this.revoke({ serviceAccountId: sa.id }, ctx);
      }
      if (!list.has_more || !list.last_id) break;
      after = list.last_id;
    }
  }

  private admin(ctx: RotationContext): string {
    if (!ctx.rotatorSecret) {
      throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, 'providerConfig.adminCredentialId must name a credential holding an OpenAI admin key');
    }
    return ctx.rotatorSecret;
  }
}
