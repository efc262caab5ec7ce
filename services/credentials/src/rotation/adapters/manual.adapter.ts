import { CredentialsErrorCode, CredentialsException } from '../../credentials.exception';
import { providerCall, type RotationAdapter, type RotationContext } from './rotation-adapter';

/** How to prove a pasted key works, per manual provider: one cheap authenticated GET. */
const TESTERS: Record<string, { endpoint: string; path: string; headers: (key: string) => Record<string, string> }> = {
  anthropic: { endpoint: 'https://api.anthropic.com', path: '/v1/models', headers: (k) => ({ 'x-api-key': k, 'anthropic-version': '2023-06-01' }) },
  mistral: { endpoint: 'https://api.mistral.ai', path: '/v1/models', headers: (k) => ({ authorization: `Bearer ${k}` }) },
  groq: { endpoint: 'https://api.groq.com/openai', path: '/v1/models', headers: (k) => ({ authorization: `Bearer ${k}` }) },
  together: { endpoint: 'https://api.together.xyz', path: '/v1/models', headers: (k) => ({ authorization: `Bearer ${k}` }) },
  cohere: { endpoint: 'https://api.cohere.com', path: '/v1/models', headers: (k) => ({ authorization: `Bearer ${k}` }) },
  huggingface: { endpoint: 'https://huggingface.co', path: '/api/whoami-v2', headers: (k) => ({ authorization: `Bearer ${k}` }) },
  openai: { endpoint: 'https://api.openai.com', path: '/v1/models', headers: (k) => ({ authorization: `Bearer ${k}` }) },
};

/**
 * Providers whose keys people create: the key is pasted (stored as the pending version before the
 * workflow starts), tested where a tester exists, promoted, and the old version is retired here —
 * revoking it at the provider is left to a person (the `credential.revoked` event says so).
 */
export class ManualRotationAdapter implements RotationAdapter {
  readonly providers = Object.keys(TESTERS);
  readonly automatic = false;

  async create(ctx: RotationContext): Promise<never> {
    throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `${ctx.credential.provider} keys are pasted, not created through an API`);
  }

  async test(value: string, ctx: RotationContext): Promise<void> {
    const tester = TESTERS[ctx.credential.provider];
    if (!tester) return;
    const endpoint = (ctx.endpoints[ctx.credential.provider] ?? tester.endpoint).replace(/\/$/, '');
    await providerCall(`${ctx.credential.provider} test key`, `${endpoint}${tester.path}`, { headers: tester.headers(value) });
  }

  async revoke(): Promise<void> {}

  async cleanup(): Promise<void> {}
}
