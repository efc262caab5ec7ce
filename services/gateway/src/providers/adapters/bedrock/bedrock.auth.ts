import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * A Bedrock credential is either an IAM key pair — JSON `{accessKeyId, secretAccessKey,
 * sessionToken?}` or `ACCESS_KEY_ID:SECRET[:SESSION_TOKEN]` — signed with SigV4, or a Bedrock
 * API key sent as a bearer token.
 */
export function parseBedrockCredential(key: string): { kind: 'sigv4'; credentials: AwsCredentials } | { kind: 'bearer'; token: string } {
  const trimmed = key.trim();
  if (trimmed.startsWith('{')) {
    const v = JSON.parse(trimmed) as Partial<AwsCredentials>;
    if (v.accessKeyId && v.secretAccessKey) return { kind: 'sigv4', credentials: { accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey, sessionToken: v.sessionToken } };
  }
  const parts = trimmed.split(':');
  if (parts.length >= 2 && /^(AKIA|ASIA)[A-Z0-9]{8,}$/.test(parts[0])) {
    return { kind: 'sigv4', credentials: { accessKeyId: parts[0], secretAccessKey: parts[1], sessionToken: parts.slice(2).join(':') || undefined } };
  }
  return { kind: 'bearer', token: trimmed };
}

/** Signs a request for the `bedrock` service; returns the headers to send (host excluded, undici sets it). */
export async function signBedrockRequest(input: {
  url: URL;
  region: string;
  credentials: AwsCredentials;
  headers: Record<string, string>;
  body: string;
  signingDate?: Date;
}): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'bedrock', region: input.region, credentials: input.credentials, sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: input.url.protocol,
      hostname: input.url.hostname,
      port: input.url.port ? Number(input.url.port) : undefined,
      path: input.url.pathname,
      query: {},
      headers: { ...input.headers, host: input.url.host },
      body: input.body,
    },
    input.signingDate ? { signingDate: input.signingDate } : undefined,
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') out[k] = String(v);
  return out;
}
