import { generateKeyPairSync, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TOKEN_URI = 'https://oauth2.googleapis.com/token';
const MAX_KEYS = 10;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });

const send = (res: ServerResponse, status: number, json: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(json));
};

const googleError = (res: ServerResponse, code: number, status: string, message: string) => send(res, code, { error: { code, message, status } });

interface Key {
  id: string;
  email: string;
  publicKey: KeyObject;
  validAfterTime: string;
  /** Made through the API (not seeded); refused by the token endpoint while rejectNewKeys is on. */
  made: boolean;
}

/**
 * A local server speaking the slice of Google Cloud a key rotation uses: the OAuth 2.0 token
 * endpoint's JWT-bearer grant (RS256 signature checked against the key's public half, issuer,
 * audience and expiry), and IAM's `serviceAccounts.get` and `serviceAccounts.keys.create / list /
 * delete` (bearer token checked, a service account may manage its own keys, Google error bodies).
 */
export async function startFakeGcp(project = 'ironcage-test') {
  const accounts = new Set<string>();
  const keys = new Map<string, Key>();
  const tokens = new Map<string, { email: string; exp: number }>();
  const calls: string[] = [];
  const state = { rejectNewKeys: false };
  let url = '';

  function newKey(email: string, made: boolean): { key: Key; file: Record<string, string> } {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const id = randomBytes(20).toString('hex');
    const key = { id, email, publicKey: pair.publicKey, validAfterTime: new Date().toISOString(), made };
    keys.set(id, key);
    const file = {
      type: 'service_account',
      project_id: project,
      private_key_id: id,
      private_key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: String(BigInt(`0x${randomBytes(8).toString('hex')}`)),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: TOKEN_URI,
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
      universe_domain: 'googleapis.com',
    };
    return { key, file };
  }

  const keyJson = (k: Key) => ({
    name: `projects/${project}/serviceAccounts/${k.email}/keys/${k.id}`,
    validAfterTime: k.validAfterTime,
    validBeforeTime: '9999-12-31T23:59:59Z',
    keyAlgorithm: 'KEY_ALG_RSA_2048',
    keyOrigin: 'GOOGLE_PROVIDED',
    keyType: 'USER_MANAGED',
  });

  function exchange(assertion: string): string | undefined {
    const [h, c, s] = assertion.split('.');
    if (!h || !c || !s) return undefined;
    try {
      const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string; kid?: string };
      const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as { iss?: string; aud?: string; exp?: number; iat?: number; scope?: string };
      const key = keys.get(header.kid ?? '');
      if (header.alg !== 'RS256' || !key || (state.rejectNewKeys && key.made)) return undefined;
      if (!verify('RSA-SHA256', Buffer.from(`${h}.${c}`), key.publicKey, Buffer.from(s, 'base64url'))) return undefined;
      const now = Date.now() / 1000;
      if (claims.iss !== key.email || claims.aud !== TOKEN_URI || !claims.scope || !claims.exp || claims.exp < now || (claims.iat ?? 0) > now + 300) return undefined;
      return key.email;
    } catch {
      return undefined;
    }
  }

  const server: Server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    calls.push(`${req.method} ${u.pathname}`);
    const body = await readBody(req);

    if (u.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' });
      const email = exchange(form.get('assertion') ?? '');
      if (!email) return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      const access = `ya29.${randomBytes(32).toString('base64url')}`;
      tokens.set(access, { email, exp: Date.now() + 3599_000 });
      return send(res, 200, { access_token: access, expires_in: 3599, token_type: 'Bearer' });
    }

    const m = /^\/v1\/projects\/([^/]+)\/serviceAccounts\/([^/]+)(\/keys(?:\/([^/]+))?)?$/.exec(u.pathname);
    if (!m) return googleError(res, 404, 'NOT_FOUND', 'The requested URL was not found on this server.');
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const caller = tokens.get(bearer);
    if (!caller || caller.exp < Date.now()) {
      return googleError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
    }
    const email = decodeURIComponent(m[2]!);
    const [, , , keysPath, id] = m;
    const permission = !keysPath ? 'iam.serviceAccounts.get' : req.method === 'POST' ? 'iam.serviceAccountKeys.create' : req.method === 'DELETE' ? 'iam.serviceAccountKeys.delete' : 'iam.serviceAccountKeys.list';
    if (!accounts.has(email) || caller.email !== email) {
      return googleError(res, 403, 'PERMISSION_DENIED', `Permission '${permission}' denied on resource (or it may not exist).`);
    }
    if (!keysPath && req.method === 'GET') {
      return send(res, 200, { name: `projects/${project}/serviceAccounts/${email}`, projectId: project, uniqueId: '1', email, oauth2ClientId: '1' });
    }
    const mine = () => [...keys.values()].filter((k) => k.email === email);
    if (!id && req.method === 'POST') {
      if (mine().length >= MAX_KEYS) return googleError(res, 400, 'FAILED_PRECONDITION', 'Precondition check failed.');
      const { key, file } = newKey(email, true);
      return send(res, 200, { ...keyJson(key), privateKeyType: 'TYPE_GOOGLE_CREDENTIALS_FILE', privateKeyData: Buffer.from(JSON.stringify(file, null, 2)).toString('base64') });
    }
    if (!id && req.method === 'GET') return send(res, 200, { keys: mine().map(keyJson) });
    if (id && req.method === 'DELETE') {
      const key = keys.get(decodeURIComponent(id));
      if (!key || key.email !== email) return googleError(res, 404, 'NOT_FOUND', `Service account key ${id} does not exist.`);
      keys.delete(key.id);
      return send(res, 200, {});
    }
    googleError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed.');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokenUrl: `${url}/token`,
    keys,
    calls,
    state,
    /** A service account with one key made by a person (its key file, as downloaded). */
    seed() {
      const email = `rot-${randomUUID().slice(0, 8)}@${project}.iam.gserviceaccount.com`;
      accounts.add(email);
      const { file } = newKey(email, false);
      return { email, value: JSON.stringify(file, null, 2), keyName: `projects/${project}/serviceAccounts/${email}/keys/${file.private_key_id}` };
    },
    works(value: string): boolean {
      try {
        const f = JSON.parse(value) as { private_key_id?: string; client_email?: string };
        return keys.get(f.private_key_id ?? '')?.email === f.client_email;
      } catch {
        return false;
      }
    },
    keysOf: (email: string) => [...keys.values()].filter((k) => k.email === email).length,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
