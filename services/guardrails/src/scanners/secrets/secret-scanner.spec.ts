import { base62Crc32 } from '../shared/checksums';
import { SECRET_RULES } from './rules';
import { SecretScanner } from './secret-scanner';

// Fake credentials built from the documented formats with a seeded generator: they have
// the right shape (and checksum where there is one) but were never issued by anyone.
let seed = 12345;
function rnd(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
}
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const B62 = UPPER + LOWER + DIGITS;
const B64URL = B62 + '_-';
function chars(set: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += set[Math.floor(rnd() * set.length)];
  return s;
}
function uuid(): string {
  return `${chars(HEX, 8)}-${chars(HEX, 4)}-${chars(HEX, 4)}-${chars(HEX, 4)}-${chars(HEX, 12)}`;
}
function githubStyle(prefix: string): string {
  const body = chars(B62, 30);
  return `${prefix}_${body}${base62Crc32(body)}`;
}
function b64url(json: object): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

const scanner = new SecretScanner();

// [rule id, fake secret, text around it ("$" marks where the secret goes)]
const CASES: Array<[string, () => string, string]> = [
  ['openai-project-key', () => `sk-proj-${chars(B64URL, 74)}T3BlbkFJ${chars(B64URL, 74)}`, 'OPENAI_API_KEY=$'],
  ['openai-service-account-key', () => `sk-svcacct-${chars(B64URL, 60)}T3BlbkFJ${chars(B64URL, 60)}`, 'key: $'],
  ['openai-admin-key', () => `sk-admin-${chars(B64URL, 60)}T3BlbkFJ${chars(B64URL, 60)}`, 'admin $'],
  ['openai-user-key', () => `sk-${chars(B62, 20)}T3BlbkFJ${chars(B62, 20)}`, 'old key $ here'],
  ['anthropic-api-key', () => `sk-ant-api03-${chars(B64URL, 93)}AA`, 'export ANTHROPIC_API_KEY="$"'],
  ['anthropic-admin-key', () => `sk-ant-admin01-${chars(B64URL, 93)}AA`, '$'],
  ['groq-api-key', () => `gsk_${chars(B62, 52)}`, 'GROQ_API_KEY=$'],
  ['cohere-api-key', () => chars(B62, 40), 'COHERE_API_KEY=$'],
  ['mistral-api-key', () => chars(B62, 32), 'mistral_key: "$"'],
  ['huggingface-access-token', () => `hf_${chars(UPPER + LOWER, 34)}`, 'token $'],
  ['google-api-key', () => `AIza${chars(B64URL, 35)}`, 'GEMINI_API_KEY=$'],
  ['replicate-api-token', () => `r8_${chars(B62, 37)}`, 'REPLICATE_API_TOKEN=$'],
  ['perplexity-api-key', () => `pplx-${chars(B62, 48)}`, '$'],
  ['xai-api-key', () => `xai-${chars(B62, 80)}`, 'XAI_API_KEY=$'],
  ['openrouter-api-key', () => `sk-or-v1-${chars(HEX, 64)}`, '$'],
  ['langsmith-api-key', () => `lsv2_pt_${chars(HEX, 32)}_${chars(HEX, 10)}`, '$'],
  ['aws-access-key-id', () => `AKIA${chars(UPPER + '234567', 16)}`, 'aws_access_key_id = $'],
  ['aws-secret-access-key', () => chars(B62 + '/+', 40), 'aws_secret_access_key = $'],
  ['azure-storage-connection-string', () => `${chars(B62 + '+/', 86)}==`, 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=$;EndpointSuffix=core.windows.net'],
  ['azure-sas-token', () => chars(B62 + '%', 43) + '%3D', 'https://acme.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&sig=$'],
  ['azure-ad-client-secret', () => `${chars(B62, 3)}8Q~${chars(B62 + '_~.-', 34)}`, 'client_secret=$'],
  ['gcp-oauth-client-secret', () => `GOCSPX-${chars(B64URL, 28)}`, '$'],
  ['alibaba-access-key-id', () => `LTAI${chars(B62, 20)}`, '$'],
  ['digitalocean-pat', () => `dop_v1_${chars(HEX, 64)}`, '$'],
  ['cloudflare-api-token', () => chars(B64URL, 40), 'CLOUDFLARE_API_TOKEN=$'],
  ['hashicorp-vault-token', () => `hvs.${chars(B64URL, 90)}`, 'VAULT_TOKEN=$'],
  ['databricks-token', () => `dapi${chars(HEX, 32)}`, '$'],
  ['github-pat', () => githubStyle('ghp'), 'GITHUB_TOKEN=$'],
  ['github-oauth-token', () => githubStyle('gho'), '$'],
  ['github-app-installation-token', () => githubStyle('ghs'), '$'],
  ['github-fine-grained-pat', () => `github_pat_${chars(B62, 22)}_${chars(B62, 59)}`, '$'],
  ['gitlab-pat', () => `glpat-${chars(B64URL, 20)}`, '$'],
  ['npm-access-token', () => githubStyle('npm'), '//registry.npmjs.org/:_authToken=$'],
  ['pypi-upload-token', () => `pypi-AgEIcHlwaS5vcmc${chars(B64URL, 70)}`, 'password = $'],
  ['dockerhub-pat', () => `dckr_pat_${chars(B64URL, 27)}`, '$'],
  ['datadog-api-key', () => chars(HEX, 32), 'DD_API_KEY=$'],
  ['sentry-user-token', () => `sntryu_${chars(HEX, 64)}`, '$'],
  ['newrelic-user-api-key', () => `NRAK-${chars(UPPER + DIGITS, 27)}`, '$'],
  ['slack-bot-token', () => `xoxb-${chars(DIGITS, 12)}-${chars(DIGITS, 13)}-${chars(B62, 24)}`, 'SLACK_BOT_TOKEN=$'],
  ['slack-user-token', () => `xoxp-${chars(DIGITS, 12)}-${chars(DIGITS, 12)}-${chars(DIGITS, 13)}-${chars(HEX, 32)}`, '$'],
  ['slack-webhook-url', () => `https://hooks.slack.com/services/T${chars(UPPER + DIGITS, 8)}/B${chars(UPPER + DIGITS, 8)}/${chars(B62, 24)}`, 'post to $ now'],
  ['discord-webhook-url', () => `https://discord.com/api/webhooks/${chars(DIGITS, 18)}/${chars(B64URL, 68)}`, '$'],
  ['stripe-live-secret-key', () => `sk_live_${chars(B62, 24)}`, 'Stripe.apiKey = "$";'],
  ['stripe-test-secret-key', () => `sk_test_${chars(B62, 99)}`, '$'],
  ['stripe-restricted-key', () => `rk_live_${chars(B62, 24)}`, '$'],
  ['twilio-api-key', () => `SK${chars(HEX, 32)}`, '$'],
  ['sendgrid-api-key', () => `SG.${chars(B64URL, 22)}.${chars(B64URL, 43)}`, 'SENDGRID_API_KEY=$'],
  ['mailgun-api-key', () => `key-${chars(HEX, 32)}`, '$'],
  ['shopify-access-token', () => `shpat_${chars(HEX, 32)}`, '$'],
  ['atlassian-api-token', () => `ATATT3${chars(B64URL, 186)}`, '$'],
  ['linear-api-key', () => `lin_api_${chars(B62, 40)}`, '$'],
  ['postman-api-key', () => `PMAK-${chars(HEX, 24)}-${chars(HEX, 34)}`, '$'],
  ['hubspot-private-app-token', () => `pat-na1-${uuid()}`, '$'],
  ['age-secret-key', () => `AGE-SECRET-KEY-1${chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`, '$'],
  ['private-key-rsa', () => `-----BEGIN RSA PRIVATE KEY-----\n${chars(B62 + '+/', 64)}\n${chars(B62 + '+/', 64)}\n-----END RSA PRIVATE KEY-----`, 'key:\n$\n'],
  ['private-key-openssh', () => `-----BEGIN OPENSSH PRIVATE KEY-----\n${chars(B62 + '+/', 70)}\n-----END OPENSSH PRIVATE KEY-----`, '$'],
  ['private-key-ec', () => `-----BEGIN EC PRIVATE KEY-----\n${chars(B62 + '+/', 64)}\n-----END EC PRIVATE KEY-----`, '$'],
  ['private-key-pgp', () => `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${chars(B62 + '+/', 64)}\n=${chars(B62, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`, '$'],
  ['gcp-service-account-private-key', () => `-----BEGIN PRIVATE KEY-----\\n${chars(B62 + '+/', 64)}\\n${chars(B62 + '+/', 64)}\\n-----END PRIVATE KEY-----\\n`, '{"type": "service_account", "private_key": "$", "client_email": "x@y.iam.gserviceaccount.com"}'],
  ['jwt', () => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', iat: 1516239022 })}.${chars(B64URL, 43)}`, 'Authorization: Bearer $'],
  ['postgres-url-password', () => `Pg${chars(B62, 14)}`, 'DATABASE_URL=postgres://app:$@db.internal:5432/app'],
  ['mysql-url-password', () => `My${chars(B62, 12)}`, 'mysql://root:$@127.0.0.1/shop'],
  ['mongodb-url-password', () => `Mo${chars(B62, 12)}`, 'mongodb+srv://svc:$@cluster0.abcde.mongodb.net/test'],
  ['redis-url-password', () => `Rd${chars(B62, 12)}`, 'REDIS_URL=redis://default:$@cache:6379/0'],
  ['amqp-url-password', () => `Aq${chars(B62, 12)}`, 'amqp://guest:$@rabbit:5672/'],
  ['generic-password-assignment', () => `${chars(B62, 10)}!x`, 'db_password = "$"'],
  ['generic-secret-assignment', () => chars(B62, 32), 'api_key: "$"'],
];

describe('SecretScanner', () => {
  it('ships at least 150 rules, each with a description, provider and keyword prefilter', () => {
    expect(SECRET_RULES.length).toBeGreaterThanOrEqual(150);
    for (const r of SECRET_RULES) {
      expect(r.description.length).toBeGreaterThan(0);
      expect(r.provider.length).toBeGreaterThan(0);
      expect(r.keywords.length).toBeGreaterThan(0);
      expect(r.regex.global).toBe(true);
    }
  });

  it('bounds every quantifier in every rule', () => {
    for (const r of SECRET_RULES) {
      const unbounded = /(?<!\\)[*+](?!\?)|\{\d+,\}/.test(r.regex.source.replace(/\[(?:\\.|[^\]\\])*\]/g, '[]'));
      expect({ id: r.id, unbounded }).toEqual({ id: r.id, unbounded: false });
    }
  });

  describe.each(CASES)('%s', (id, make, template) => {
    it('finds a key built from the documented format, with exact offsets', () => {
      const secret = make();
      const text = `some text before ${template.replace('$', secret)} and after`;
      const at = text.indexOf(secret);
      const found = scanner.scan(text);
      expect(found).toContainEqual(expect.objectContaining({ type: id, start: at, end: at + secret.length }));
    });
  });

  it('rejects a GitHub token whose CRC32 checksum is wrong', () => {
    const good = githubStyle('ghp');
    const bad = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    expect(scanner.scan(`token ${good}`).map((f) => f.type)).toEqual(['github-pat']);
    expect(scanner.scan(`token ${bad}`).filter((f) => f.type === 'github-pat')).toEqual([]);
  });

  it('rejects a JWT-shaped string whose header is not JSON with alg', () => {
    const fake = `eyJ${chars(B64URL, 30)}.eyJ${chars(B64URL, 40)}.${chars(B64URL, 20)}`;
    const noAlg = `${b64url({ typ: 'JWT' })}.${b64url({ sub: 'x' })}.${chars(B64URL, 20)}`;
    expect(scanner.scan(`t ${fake}`).filter((f) => f.type === 'jwt')).toEqual([]);
    expect(scanner.scan(`t ${noAlg}`).filter((f) => f.type === 'jwt')).toEqual([]);
  });

  it.each([
    ['a prefix with too few characters', `ghp_${chars(B62, 20)}`],
    ['an Anthropic prefix without the AA tail', `sk-ant-api03-${chars(B64URL, 93)}ZZ`],
    ['an AWS key id with lower-case letters', `AKIA${chars(LOWER, 16)}`],
    ['a Stripe publishable key', `pk_live_${chars(B62, 24)}`],
    ['a key glued inside a longer token', `xghp_${chars(B62, 36)}0`],
    ['a connection URL without a password', 'postgres://app@db.internal:5432/app'],
    ['a placeholder password', 'password = "${DB_PASSWORD}"'],
    ['a password that says what it is not', 'password: changeme'],
    ['a low-entropy api key value', 'api_key: "aaaaaaaaaaaaaaaaaaaaaaaa"'],
    ['prose that mentions keys', 'Rotate your API key and store the secret in a vault, never in a token file.'],
  ])('ignores %s', (_, text) => {
    expect(scanner.scan(text)).toEqual([]);
  });

  it('reports one finding when a specific and a generic rule overlap', () => {
    const key = `sk-ant-api03-${chars(B64URL, 93)}AA`;
    const found = scanner.scan(`api_key = "${key}"`);
    expect(found.map((f) => f.type)).toEqual(['anthropic-api-key']);
  });

  it('finishes on 100 KB adversarial inputs (no catastrophic backtracking)', () => {
    const inputs = [
      'password='.repeat(12_000),
      ('sk-ant-api03-' + 'A'.repeat(200) + ' ').repeat(450),
      ('-----BEGIN RSA PRIVATE KEY-----\n' + 'A'.repeat(60) + '\n').repeat(1_100),
      ('eyJ' + 'a'.repeat(90) + '.').repeat(1_000),
      ('postgres://' + 'u'.repeat(120) + ':').repeat(700),
      ('api_key = "' + 'x1'.repeat(40)).repeat(1_200),
    ];
    for (const text of inputs) {
      expect(text.length).toBeGreaterThan(80_000);
      expect(Array.isArray(scanner.scan(text))).toBe(true);
    }
  });
});
