import { Metadata, status } from '@grpc/grpc-js';
import { type ErrorDetail, HttpExceptionFilter } from '@ironcage/kit';
import type { CreatedKey, KeyView } from '../keys/keys.views';
import type { Page } from '../persistence/page';
import type { MembershipView, TeamView } from '../tenancy/tenancy.views';
import { GRPC_STATUS, type GrpcError } from './grpc-mapping';

/* The wire shapes of libs/contracts/src/proto/gateway_admin.proto (proto-loader with keepCase). */

export interface ProtoStringList {
  values?: string[];
}
export interface ProtoStringMap {
  values?: Record<string, string>;
}
export interface ProtoPageRequest {
  org_id?: string;
  cursor?: string;
  limit?: number;
}
export interface ProtoTeamRequest {
  org_id?: string;
  team_id?: string;
}
export interface ProtoCreateTeamRequest {
  org_id?: string;
  slug?: string;
  name?: string;
  allowed_models?: string[];
  metadata?: Record<string, string>;
}
export interface ProtoUpdateTeamRequest extends ProtoTeamRequest {
  name?: string;
  allowed_models?: ProtoStringList;
  metadata?: ProtoStringMap;
}
export type ProtoListTeamMembersRequest = ProtoTeamRequest & ProtoPageRequest;
export interface ProtoTeamMemberRequest extends ProtoTeamRequest {
  user_id?: string;
  role?: string;
}
export interface ProtoKeyRequest {
  org_id?: string;
  key_id?: string;
}
export interface ProtoKeyOwner {
  type?: string;
  user_id?: string;
  team_id?: string;
  project_id?: string;
}
export interface ProtoCreateKeyRequest {
  org_id?: string;
  name?: string;
  owner?: ProtoKeyOwner;
  allowed_models?: string[];
  metadata?: Record<string, string>;
  tags?: string[];
  expires_at?: string;
}
export interface ProtoListKeysRequest extends ProtoPageRequest {
  team_id?: string;
  project_id?: string;
  user_id?: string;
  status?: string;
}
export interface ProtoUpdateKeyRequest extends ProtoKeyRequest {
  name?: string;
  allowed_models?: ProtoStringList;
  metadata?: ProtoStringMap;
  tags?: ProtoStringList;
  expires_at?: string;
}
export interface ProtoRotateKeyRequest extends ProtoKeyRequest {
  grace_period_seconds?: number;
  expires_at?: string;
}
export interface ProtoCreateAdminKeyRequest {
  org_id?: string;
  name?: string;
  user_id?: string;
  expires_at?: string;
}

/**
 * A proto3 string as REST would see it: proto3 cannot tell "" from unset, so "" (and unset) is
 * an absent field, and validation reports what is really missing.
 */
export const text = (v: string | undefined | null): string | undefined => (v === undefined || v === null || v === '' ? undefined : v);

/** The object without its undefined entries: a field left unset is absent, as in a REST body. */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `cursor` and `limit` of a list request (limit 0, proto3's unset, is REST's default). */
export const pageQuery = (r: ProtoPageRequest) => compact({ cursor: text(r.cursor), limit: r.limit || undefined });

/** A REST owner (`{type, userId, teamId, projectId}`) from the proto KeyOwner. */
export const keyOwner = (o: ProtoKeyOwner | undefined) =>
  o ? compact({ type: text(o.type), userId: text(o.user_id), teamId: text(o.team_id), projectId: text(o.project_id) }) : undefined;

/** A presence-tracked list or map wrapper: unset → unchanged (undefined), set → its values (empty clears). */
export const listOf = (l: ProtoStringList | undefined): string[] | undefined => (l ? (l.values ?? []) : undefined);
export const mapOf = (m: ProtoStringMap | undefined): Record<string, string> | undefined => (m ? (m.values ?? {}) : undefined);

const page = <T, P>(p: Page<T>, item: (t: T) => P) => ({ items: p.items.map(item), next_cursor: p.nextCursor ?? '' });

export const teamToProto = (t: TeamView) => ({
  id: t.id,
  org_id: t.orgId,
  slug: t.slug,
  name: t.name,
  allowed_models: t.allowedModels,
  metadata: t.metadata,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});

export const membershipToProto = (m: MembershipView) => ({
  id: m.id,
  org_id: m.orgId,
  user_id: m.userId,
  team_id: m.teamId ?? '',
  role: m.role,
  created_at: m.createdAt,
  updated_at: m.updatedAt,
});

export const keyToProto = (k: KeyView) => ({
  id: k.id,
  org_id: k.orgId,
  kind: k.kind,
  name: k.name,
  hint: k.hint,
  owner_type: k.ownerType,
  team_id: k.teamId ?? '',
  project_id: k.projectId ?? '',
  user_id: k.userId ?? '',
  allowed_models: k.allowedModels,
  metadata: k.metadata,
  tags: k.tags,
  status: k.status,
  expires_at: k.expiresAt ?? '',
  revoked_at: k.revokedAt ?? '',
  rotated_from: k.rotatedFrom ?? '',
  created_by: k.createdBy,
  created_at: k.createdAt,
  updated_at: k.updatedAt,
});

export const createdKeyToProto = (c: CreatedKey) => ({ key: keyToProto(c.key), secret: c.secret });
export const teamPageToProto = (p: Page<TeamView>) => page(p, teamToProto);
export const membershipPageToProto = (p: Page<MembershipView>) => page(p, membershipToProto);
export const keyPageToProto = (p: Page<KeyView>) => page(p, keyToProto);

const snake = (segment: string) => segment.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A REST detail path as the path of the field in the request message: `body.owner.teamId` →
 * `owner.team_id`, `param.keyId` → `key_id`, `query.limit` → `limit`. The keys of a metadata
 * map are the caller's and stay as they are.
 */
export function protoFieldPath(path: string): string {
  const segments = path.split('.');
  if (['body', 'param', 'query', 'input'].includes(segments[0]) && segments.length > 1) segments.shift();
  return segments.map((s, i) => (i > 0 && segments[i - 1] === 'metadata' ? s : snake(s))).join('.');
}

// REST's own mapping of any failure to status, code, message and details (and its logging of
// the unexpected ones under an error id), so both transports say exactly the same thing.
const restErrors = new HttpExceptionFilter();

/**
 * Any failure of an admin call as a gRPC status: REST's message (with each invalid field named
 * by its proto path and the reason), REST's code in `ironcage-error-code`, the details as JSON in
 * `ironcage-error-details-bin`. 409: ALREADY_EXISTS for `*_exists`, else FAILED_PRECONDITION.
 */
export function adminErrorToGrpc(err: unknown): GrpcError {
  const { status: httpStatus, body, retryAfter } = restErrors.toResponse(err);
  const { code, message, errorId } = body.error;
  const details: ErrorDetail[] | undefined = body.error.details?.map((d) => (d.path ? { ...d, path: protoFieldPath(d.path) } : d));
  const metadata = new Metadata();
  metadata.set('ironcage-error-code', code);
  if (details?.length) metadata.set('ironcage-error-details-bin', Buffer.from(JSON.stringify(details)));
  if (errorId) metadata.set('ironcage-error-id', errorId);
  if (retryAfter !== undefined) metadata.set('retry-after', String(retryAfter));
  const grpcCode =
    httpStatus === 409 ? (code.endsWith('_exists') ? status.ALREADY_EXISTS : status.FAILED_PRECONDITION) : (GRPC_STATUS[httpStatus] ?? (httpStatus >= 500 ? status.INTERNAL : status.UNKNOWN));
  const named = details?.length ? `: ${details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')}` : '';
  return { code: grpcCode, details: `${message}${named}${errorId ? ` (errorId ${errorId})` : ''}`, metadata };
}
