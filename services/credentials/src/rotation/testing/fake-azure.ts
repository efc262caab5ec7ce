import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });

const send = (res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(json));
};

/** A 32-hex-digit key, the shape of Cognitive Services keys. */
const newKey = () => randomBytes(16).toString('hex');

/**
 * A local server speaking the slice of Azure a key rotation uses: the Microsoft identity platform's
 * client-credentials token endpoint, ARM's Cognitive Services `listKeys` / `regenerateKey` (bearer
 * token checked, api-version required, ARM error bodies), and the Azure OpenAI data plane's
 * `GET /openai/models` checking the `api-key` header.
 */
export async function startFakeAzure(sp: { tenantId: string; clientId: string; clientSecret: string }) {
  const accounts = new Map<string, { key1: string; key2: string }>();
  const tokens = new Map<string, number>();
  /** Keys regenerated through the API (not seeded); refused by the data plane while rejectNewKeys is on. */
  const regenerated = new Set<string>();
  const calls: string[] = [];
  const state = { rejectNewKeys: false };
  const all = () => [...accounts.values()].flatMap((a) => [a.key1, a.key2]);

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push(`${req.method} ${url.pathname}`);
    const body = await readBody(req);

    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (token[1] !== sp.tenantId) return send(res, 400, { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${token[1]}' not found.`, error_codes: [90002] });
      if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003' });
      if (form.get('client_id') !== sp.clientId || form.get('client_secret') !== sp.clientSecret) {
        return send(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] });
      }
      if (form.get('scope') !== 'https://management.azure.com/.default') return send(res, 400, { error: 'invalid_scope', error_description: 'AADSTS70011' });
      const access = `eyJ0eXAiOiJKV1Qi.${randomBytes(24).toString('base64url')}`;
      tokens.set(access, Date.now() + 3599_000);
      return send(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: access });
    }

    if (url.pathname === '/openai/models' && req.method === 'GET') {
      if (!url.searchParams.get('api-version')) return send(res, 404, { error: { code: '404', message: 'Resource not found' } });
      const key = String(req.headers['api-key'] ?? '');
      const ok = all().includes(key) && !(state.rejectNewKeys && regenerated.has(key));
      if (!ok) {
        return send(res, 401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' } });
      }
      return send(res, 200, { data: [], object: 'list' });
    }

    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)\/(listKeys|regenerateKey)$/i.exec(url.pathname);
    if (!m) return send(res, 404, { error: { code: 'InvalidResourceType', message: `The resource type could not be found for ${url.pathname}.` } });
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if ((tokens.get(bearer) ?? 0) < Date.now()) {
      return send(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } }, { 'www-authenticate': 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token"' });
    }
    if (!url.searchParams.get('api-version')) return send(res, 400, { error: { code: 'MissingApiVersionParameter', message: "The api-version query parameter (?api-version=) is required for all requests." } });
    if (req.method !== 'POST') return send(res, 405, { error: { code: 'MethodNotAllowed', message: 'The requested method is not allowed.' } });
    const [, sub, rg, name, action] = m;
    const account = accounts.get(`${sub}/${rg}/${name}`.toLowerCase());
    if (!account) {
      return send(res, 404, { error: { code: 'ResourceNotFound', message: `The Resource 'Microsoft.CognitiveServices/accounts/${name}' under resource group '${rg}' was not found.` } });
    }
    if (action === 'regenerateKey') {
      let keyName: unknown;
      try {
        keyName = (JSON.parse(body || '{}') as { keyName?: unknown }).keyName;
      } catch {
        return send(res, 400, { error: { code: 'InvalidRequestContent', message: 'The request content was invalid and could not be deserialized.' } });
      }
      if (keyName !== 'Key1' && keyName !== 'Key2') return send(res, 400, { error: { code: 'InvalidKeyName', message: 'keyName must be Key1 or Key2.' } });
      const fresh = newKey();
      regenerated.add(fresh);
      if (keyName === 'Key1') account.key1 = fresh;
      else account.key2 = fresh;
    }
    send(res, 200, { key1: account.key1, key2: account.key2 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accounts,
    calls,
    state,
    /** An account as created in the portal, with its two keys. */
    seed(subscriptionId: string, resourceGroup: string) {
      const accountName = `aoai-${randomUUID().slice(0, 8)}`;
      const keys = { key1: newKey(), key2: newKey() };
      accounts.set(`${subscriptionId}/${resourceGroup}/${accountName}`.toLowerCase(), keys);
      return { accountName, keys };
    },
    works: (key: string) => all().includes(key),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
