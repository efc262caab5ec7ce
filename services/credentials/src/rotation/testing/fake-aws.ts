import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const ACCOUNT = '123456789012';
const MAX_KEYS_PER_USER = 2;
const IAM_ACTIONS = new Set(['CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey']);

interface AccessKey {
  id: string;
  secret: string;
  user: string;
  status: 'Active' | 'Inactive';
  created: Date;
  /** Made through the API (not seeded); refused while rejectNewKeys is on. */
  made: boolean;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/**
 * A local server speaking the slice of AWS a key rotation uses: the IAM Query API's
 * CreateAccessKey / ListAccessKeys / UpdateAccessKey / DeleteAccessKey and STS GetCallerIdentity,
 * with XML answers and AWS error bodies. Every request's Signature Version 4 is checked here
 * independently of the signing library (canonical request, credential scope, 15-minute clock
 * window); only active keys authenticate, and a user may manage its own keys.
 */
export async function startFakeAws() {
  const keys = new Map<string, AccessKey>();
  const users = new Set<string>();
  const calls: string[] = [];
  const state = { rejectNewKeys: false };

  const newKey = (user: string, made: boolean): AccessKey => {
    const key = {
      id: `AKIA${randomBytes(12).toString('hex').toUpperCase().slice(0, 16)}`,
      secret: randomBytes(30).toString('base64'),
      user,
      status: 'Active' as const,
      created: new Date(),
      made,
    };
    keys.set(key.id, key);
    return key;
  };

  const reply = (res: ServerResponse, action: string, ns: string, result: string) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<${action}Response xmlns="${ns}">${result ? `<${action}Result>${result}</${action}Result>` : ''}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
    );
  };
  const fail = (res: ServerResponse, status: number, ns: string, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(`<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
  };

  /** Signature Version 4 as AWS checks it; answers the calling key, or why it is refused. */
  function authenticate(req: IncomingMessage, body: string, service: string): AccessKey | { code: string; message: string } {
    const auth = req.headers.authorization ?? '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return { code: 'IncompleteSignature', message: 'Authorization header requires Credential, SignedHeaders and Signature.' };
    const [, keyId, day, region, scopeService, signedHeaders, signature] = m;
    const key = keys.get(keyId!);
    if (!key || key.status !== 'Active' || (state.rejectNewKeys && key.made)) return { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const names = signedHeaders!.split(';');
    if (!names.includes('host') || !names.includes('x-amz-date') || !amzDate.startsWith(day!)) {
      return { code: 'IncompleteSignature', message: 'The request signature must cover host and x-amz-date.' };
    }
    if (scopeService !== service || region !== 'us-east-1') return { code: 'SignatureDoesNotMatch', message: `Credential should be scoped to correct service: '${service}'.` };
    const t = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
    if (!Number.isFinite(t) || Math.abs(Date.now() - t) > 15 * 60_000) return { code: 'SignatureDoesNotMatch', message: 'Signature expired.' };
    const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
    const url = new URL(req.url ?? '/', 'http://x');
    const canonicalRequest = [req.method, url.pathname, '', canonicalHeaders, signedHeaders, sha256(body)].join('\n');
    const scope = `${day}/${region}/${scopeService}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${key.secret}`, day!), region!), scopeService!), 'aws4_request');
    const expected = hmac(signingKey, stringToSign);
    if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex'))) {
      return { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
    }
    return key;
  }

  const meta = (k: AccessKey) => `<UserName>${esc(k.user)}</UserName><AccessKeyId>${k.id}</AccessKeyId><Status>${k.status}</Status><CreateDate>${k.created.toISOString()}</CreateDate>`;

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    calls.push(action);
    const isIam = IAM_ACTIONS.has(action);
    const ns = isIam ? 'https://iam.amazonaws.com/doc/2010-05-08/' : 'https://sts.amazonaws.com/doc/2011-06-15/';
    if (req.method !== 'POST' || (!isIam && action !== 'GetCallerIdentity')) return fail(res, 400, ns, 'InvalidAction', `Could not find operation ${action}`);
    if (params.get('Version') !== (isIam ? '2010-05-08' : '2011-06-15')) return fail(res, 400, ns, 'InvalidParameterValue', 'Version is missing or not supported.');
    const caller = authenticate(req, body, isIam ? 'iam' : 'sts');
    if (!('id' in caller)) return fail(res, 403, ns, caller.code, caller.message);

    if (action === 'GetCallerIdentity') return reply(res, action, ns, `<Arn>arn:aws:iam::${ACCOUNT}:user/${esc(caller.user)}</Arn><UserId>AIDA${caller.user.length}EXAMPLE</UserId><Account>${ACCOUNT}</Account>`);
    const user = params.get('UserName') ?? caller.user;
    if (!users.has(user)) return fail(res, 404, ns, 'NoSuchEntity', `The user with name ${user} cannot be found.`);
    if (user !== caller.user) return fail(res, 403, ns, 'AccessDenied', `User: arn:aws:iam::${ACCOUNT}:user/${caller.user} is not authorized to perform: iam:${action} on resource: user ${user}`);
    const mine = [...keys.values()].filter((k) => k.user === user);
    if (action === 'CreateAccessKey') {
      if (mine.length >= MAX_KEYS_PER_USER) return fail(res, 409, ns, 'LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
      const k = newKey(user, true);
      return reply(res, action, ns, `<AccessKey>${meta(k)}<SecretAccessKey>${esc(k.secret)}</SecretAccessKey></AccessKey>`);
    }
    if (action === 'ListAccessKeys') {
      return reply(res, action, ns, `<AccessKeyMetadata>${mine.map((k) => `<member>${meta(k)}</member>`).join('')}</AccessKeyMetadata><IsTruncated>false</IsTruncated>`);
    }
    const target = keys.get(params.get('AccessKeyId') ?? '');
    if (!target || target.user !== user) return fail(res, 404, ns, 'NoSuchEntity', `The Access Key with id ${params.get('AccessKeyId')} cannot be found.`);
    if (action === 'UpdateAccessKey') {
      const status = params.get('Status');
      if (status !== 'Active' && status !== 'Inactive') return fail(res, 400, ns, 'ValidationError', 'Status must be Active or Inactive.');
      target.status = status;
    } else {
      keys.delete(target.id);
    }
    reply(res, action, ns, '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    keys,
    calls,
    state,
    /** An IAM user with one access key, as made in the console. */
    seed() {
      const user = `svc-${randomUUID().slice(0, 8)}`;
      users.add(user);
      const k = newKey(user, false);
      return { user, key: k, value: JSON.stringify({ accessKeyId: k.id, secretAccessKey: k.secret }) };
    },
    /** Another key for the user, as a person would add in the console. */
    addKey: (user: string, status: 'Active' | 'Inactive') => Object.assign(newKey(user, false), { status }),
    works(value: string): boolean {
      try {
        const p = JSON.parse(value) as { accessKeyId?: string; secretAccessKey?: string };
        const k = keys.get(p.accessKeyId ?? '');
        return !!k && k.status === 'Active' && k.secret === p.secretAccessKey;
      } catch {
        return false;
      }
    },
    keysOf: (user: string) => [...keys.values()].filter((k) => k.user === user).length,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
