import type { CredentialSource, Deployment } from './provider-adapter';

/**
 * Keys from configuration, looked up by deployment id, then by provider. The mock provider needs
 * none. Keys are never logged: this class has no toString and errors name only the deployment.
 */
export class ConfigCredentialSource implements CredentialSource {
  constructor(
    private readonly byDeployment: Readonly<Record<string, string>>,
    private readonly byProvider: Readonly<Record<string, string>> = {},
  ) {}

  async getKey(deployment: Deployment): Promise<string> {
    const key = this.byDeployment[deployment.id] ?? this.byProvider[deployment.provider];
    if (key !== undefined) return key;
    if (deployment.provider === 'mock' || deployment.provider === 'openai-compatible') return '';
    throw new Error(`no credential configured for deployment ${deployment.id}`);
  }
}
