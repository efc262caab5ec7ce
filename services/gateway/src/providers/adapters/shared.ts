import { registerSecret } from '../errors/provider-error';
import type { CredentialSource, Deployment } from '../provider-adapter';

export async function keyFor(credentials: CredentialSource, deployment: Deployment): Promise<string> {
  const key = await credentials.getKey(deployment);
  registerSecret(key);
  return key;
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function extraString(deployment: Deployment, name: string): string | undefined {
  const v = deployment.extra?.[name];
  return typeof v === 'string' && v ? v : undefined;
}

export function extraNumber(deployment: Deployment, name: string): number | undefined {
  const v = deployment.extra?.[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' } as const;
