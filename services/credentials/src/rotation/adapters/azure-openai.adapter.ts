import { CredentialsErrorCode, CredentialsException } from '../../credentials.exception';
import { type CreatedKey, providerCall, type RotationAdapter, type RotationContext, requireConfig } from './rotation-adapter';

const ARM_API_VERSION = '2024-10-01';
const DATA_API_VERSION = '2024-10-21';
/** The ARM audience, also when the ARM endpoint is replaced (tests, private endpoints). */
const ARM_SCOPE = 'https://management.azure.com/.default';
const KEY_NAMES = ['Key1', 'Key2'] as const;
type KeyName = (typeof KEY_NAMES)[number];
interface AccountKeys {
  key1: string;
  key2: string;
}

const login = (ctx: RotationContext) => (ctx.endpoints['azure-login'] ?? 'https://login.microsoftonline.com').replace(/\/$/, '');
const arm = (ctx: RotationContext) => (ctx.endpoints['azure-arm'] ?? 'https://management.azure.com').replace(/\/$/, '');
const valueOf = (keys: AccountKeys, name: KeyName) => (name === 'Key1' ? keys.key1 : keys.key2);
const otherOf = (name: KeyName): KeyName => (name === 'Key1' ? 'Key2' : 'Key1');
const keyNameOf = (ref: Record<string, unknown>): KeyName | undefined => KEY_NAMES.find((k) => k === ref.keyName);

/**
 * Azure OpenAI (Cognitive Services) resource keys: an account always has two, key1 and key2. A
 * rotation regenerates the key that is not served and promotes it; after the grace period it
 * regenerates the old one, so only the served key is known to anyone. Authenticated through ARM
 * with a service principal (providerConfig.armCredentialId holds `{tenantId, clientId, clientSecret}`)
 * that may run `listKeys` and `regenerateKey` on the account.
 */
export class AzureOpenAIRotationAdapter implements RotationAdapter {
  readonly providers = ['azure-openai'] as const;
  readonly automatic = true;

  async create(ctx: RotationContext): Promise<CreatedKey> {
    const token = await this.armToken(ctx);
    const served = this.servedName(await this.listKeys(ctx, token), ctx);
    const next = otherOf(served);
    // The other key still belongs to a version in its grace period: regenerating it would cut that version's holders off.
    if (ctx.knownKeyRefs.some((r) => keyNameOf(r) === next)) {
      throw new CredentialsException(CredentialsErrorCode.RotationInProgress, `azure-openai ${next} still serves the previous version; rotate after its grace period`);
    }
    const keys = await this.regenerate(ctx, token, next);
    return { value: valueOf(keys, next), keyRef: { keyName: next } };
  }

  async test(value: string, ctx: RotationContext): Promise<void> {
    const { endpoint } = requireConfig(ctx, 'endpoint');
    await providerCall('azure-openai test key', `${endpoint.replace(/\/$/, '')}/openai/models?api-version=${DATA_API_VERSION}`, { headers: { 'api-key': value } });
  }

  /** Regenerating is revoking here; the key being served is never regenerated, whatever the ref says. */
  async revoke(keyRef: Record<string, unknown>, ctx: RotationContext): Promise<void> {
    const name = keyNameOf(keyRef);
    if (!name) return;
    const token = await this.armToken(ctx);
    const keys = await this.listKeys(ctx, token);
    if (valueOf(keys, name) === ctx.currentSecret) return;
    await this.regenerate(ctx, token, name);
  }

  /** A key an unrecorded attempt regenerated sits in the slot nobody serves: regenerate that slot again. */
  async cleanup(ctx: RotationContext): Promise<void> {
    let token: string;
    try {
      token = await this.armToken(ctx);
    } catch (e) {
      // Credentials that cannot sign in cannot have regenerated anything either: nothing to clean up.
      if (e instanceof CredentialsException && (e.code === CredentialsErrorCode.ProviderRejected || e.code === CredentialsErrorCode.RotationUnsupported)) return;
      throw e;
    }
    const keys = await this.listKeys(ctx, token);
    for (const name of KEY_NAMES) {
      if (valueOf(keys, name) === ctx.currentSecret || ctx.knownKeyRefs.some((r) => keyNameOf(r) === name)) continue;
      await this.regenerate(ctx, token, name);
    }
  }

  private servedName(keys: AccountKeys, ctx: RotationContext): KeyName {
    const name = KEY_NAMES.find((k) => valueOf(keys, k) === ctx.currentSecret);
    if (!name) {
      throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `the served azure-openai key is neither key1 nor key2 of account ${String(ctx.credential.providerConfig.accountName)}`);
    }
    return name;
  }

  private accountUrl(ctx: RotationContext, action: 'listKeys' | 'regenerateKey'): string {
    const { subscriptionId, resourceGroup, accountName } = requireConfig(ctx, 'subscriptionId', 'resourceGroup', 'accountName');
    const e = encodeURIComponent;
    return `${arm(ctx)}/subscriptions/${e(subscriptionId)}/resourceGroups/${e(resourceGroup)}/providers/Microsoft.CognitiveServices/accounts/${e(accountName)}/${action}?api-version=${ARM_API_VERSION}`;
  }

  private async listKeys(ctx: RotationContext, token: string): Promise<AccountKeys> {
    const res = await providerCall('azure-openai list keys', this.accountUrl(ctx, 'listKeys'), { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return (await res.json()) as AccountKeys;
  }

  private async regenerate(ctx: RotationContext, token: string, keyName: KeyName): Promise<AccountKeys> {
    const res = await providerCall(`azure-openai regenerate ${keyName}`, this.accountUrl(ctx, 'regenerateKey'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ keyName }),
    });
    return (await res.json()) as AccountKeys;
  }

  /** Client-credentials grant of the Microsoft identity platform, for the ARM audience. */
  private async armToken(ctx: RotationContext): Promise<string> {
    let sp: { tenantId?: unknown; clientId?: unknown; clientSecret?: unknown } = {};
    try {
      sp = JSON.parse(ctx.rotatorSecret ?? '{}') as typeof sp;
    } catch {
      // reported below without echoing the value
    }
    if (typeof sp.tenantId !== 'string' || typeof sp.clientId !== 'string' || typeof sp.clientSecret !== 'string') {
      throw new CredentialsException(
        CredentialsErrorCode.RotationUnsupported,
        'providerConfig.armCredentialId must name a credential holding a service principal as JSON {tenantId, clientId, clientSecret}',
      );
    }
    const res = await providerCall('azure login', `${login(ctx)}/${encodeURIComponent(sp.tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sp.clientId, client_secret: sp.clientSecret, scope: ARM_SCOPE }).toString(),
    });
    const { access_token } = (await res.json()) as { access_token?: string };
    if (!access_token) throw new CredentialsException(CredentialsErrorCode.ProviderRejected, 'azure login: no access token in the answer');
    return access_token;
  }
}
