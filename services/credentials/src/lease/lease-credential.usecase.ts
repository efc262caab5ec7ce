import { Inject, Injectable } from '@nestjs/common';
import { uuidv7 } from '@ironcage/bus';
import { credentialsLeaseRpc, type RpcRequest, type RpcResponse } from '@ironcage/contracts';
import { CONFIG, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { CredentialAudit } from '../audit/credential-audit';
import type { CredentialsConfig } from '../config';
import { CredentialsErrorCode, CredentialsException } from '../credentials.exception';
import { CredentialRepository } from '../credentials/credential.repository';
import { SECRET_STORE, type SecretStore } from '../store/secret-store';

export type LeaseCommand = RpcRequest<typeof credentialsLeaseRpc>;
export type Lease = RpcResponse<typeof credentialsLeaseRpc>;

/**
 * Hands out the current version of the credential bound to a deployment for a short time. The
 * lease is audited (and the audit event stored) before the secret leaves the service.
 */
@Injectable()
export class LeaseCredentialUseCase {
  constructor(
    private readonly credentials: CredentialRepository,
    @Inject(SECRET_STORE) private readonly store: SecretStore,
    private readonly audit: CredentialAudit,
    @Inject(CONFIG) private readonly config: CredentialsConfig,
  ) {}

  async execute(command: LeaseCommand): Promise<Lease> {
    const parsed = credentialsLeaseRpc.request.safeParse(command);
    if (!parsed.success) throw new ValidationError('The lease request is invalid', zodIssuesToDetails(parsed.error));
    const { orgId, deployment, requester, ttlSeconds } = parsed.data;
    const bound = await this.credentials.resolve(orgId, deployment);
    if (!bound) throw new CredentialsException(CredentialsErrorCode.NoBinding, `No credential is bound to deployment ${deployment}`);
    if (bound.currentVersion === null) throw new CredentialsException(CredentialsErrorCode.NoCurrentVersion, `Credential ${bound.id} has no current version`);
    const secret = await this.store.read({ orgId, credentialId: bound.id }, bound.currentVersion);
    const ttl = Math.min(ttlSeconds ?? this.config.CREDENTIALS_LEASE_TTL_SECONDS, this.config.CREDENTIALS_LEASE_TTL_SECONDS);
    const now = Date.now();
    const leaseId = uuidv7(now);
    const expiresAt = new Date(now + ttl * 1000).toISOString();
    await this.audit.accessed(
      orgId,
      { credentialId: bound.id, action: 'lease', actorId: requester, provider: bound.provider, versions: [secret.version], deployment, leaseId, expiresAt },
      leaseId,
    );
    return {
      leaseId,
      credentialId: bound.id,
      provider: bound.provider,
      version: secret.version,
      secret: secret.value,
      expiresAt,
      renewAfter: new Date(now + Math.floor((ttl * 1000 * 2) / 3)).toISOString(),
    };
  }
}
