import { loadPackageDefinition, type sendUnaryData, type ServerUnaryCall, type ServiceClientConstructor, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  CreateAdminKeyBody,
  CreateTeamBody,
  CreateVirtualKeyBody,
  KeyParams,
  ListAdminKeysQueryDto,
  ListKeysQueryDto,
  OrgParams,
  PageQuery,
  RotateKeyBody,
  SetRoleBody,
  TeamMemberParams,
  TeamParams,
  UpdateKeyBody,
  UpdateTeamBody,
} from '../admin/admin.dto';
import type { CreateKeyUseCase } from '../keys/create-key/create-key.usecase';
import type { QueryKeysUseCase } from '../keys/query-keys/query-keys.usecase';
import type { RevokeKeyUseCase } from '../keys/revoke-key/revoke-key.usecase';
import type { RotateKeyUseCase } from '../keys/rotate-key/rotate-key.usecase';
import type { UpdateKeyUseCase } from '../keys/update-key/update-key.usecase';
import type { Actor } from '../tenancy/actor';
import type { ManageMembershipsUseCase } from '../tenancy/manage-memberships/manage-memberships.usecase';
import type { ManageTeamsUseCase } from '../tenancy/manage-teams/manage-teams.usecase';
import { validate } from '../tenancy/tenancy.schemas';
import {
  adminErrorToGrpc,
  compact,
  createdKeyToProto,
  keyOwner,
  keyPageToProto,
  keyToProto,
  listOf,
  mapOf,
  membershipPageToProto,
  membershipToProto,
  pageQuery,
  type ProtoCreateAdminKeyRequest,
  type ProtoCreateKeyRequest,
  type ProtoCreateTeamRequest,
  type ProtoKeyRequest,
  type ProtoListKeysRequest,
  type ProtoListTeamMembersRequest,
  type ProtoPageRequest,
  type ProtoRotateKeyRequest,
  type ProtoTeamMemberRequest,
  type ProtoTeamRequest,
  type ProtoUpdateKeyRequest,
  type ProtoUpdateTeamRequest,
  teamPageToProto,
  teamToProto,
  text,
} from './grpc-admin-mapping';
import { gatewayProtoPath, type GrpcService, keyOf, PROTO_OPTIONS } from './grpc-inference.server';

/** The `ironcage.gateway.v1.Admin` service definition (libs/contracts/src/proto/gateway_admin.proto; also what clients load). */
export function adminService(): ServiceClientConstructor {
  const pkg = loadPackageDefinition(loadSync(gatewayProtoPath('gateway_admin.proto'), PROTO_OPTIONS)) as unknown as { ironcage: { gateway: { v1: { Admin: ServiceClientConstructor } } } };
  return pkg.ironcage.gateway.v1.Admin;
}

/** Turns the call's key into the admin Actor: `authenticateAdmin`, what AdminApiGuard runs for REST. */
export type AuthenticateAdmin = (token: string | undefined) => Actor | Promise<Actor>;

/** The admin REST API's use cases, which the gRPC service calls as its controllers do. */
export interface AdminUseCases {
  teams: ManageTeamsUseCase;
  memberships: ManageMembershipsUseCase;
  createKey: CreateKeyUseCase;
  queryKeys: QueryKeysUseCase;
  updateKey: UpdateKeyUseCase;
  revokeKey: RevokeKeyUseCase;
  rotateKey: RotateKeyUseCase;
}

/** A REST DTO's zod schema (the very object the REST validation pipe uses). */
interface Dto<S> {
  schema: S;
}

/**
 * Key and team administration over gRPC (`ironcage.gateway.v1.Admin`), a transport beside the
 * admin REST controllers: each call authenticates like AdminApiGuard, validates its ids, query
 * and body with the REST DTOs' schemas in REST's order (ids, then the rest), then calls the same
 * use case as the controller — roles, tenant isolation, business rules and `admin.changed` are
 * the use cases' own. Failures are REST's, as gRPC statuses (adminErrorToGrpc). Nothing is
 * logged here: a created or rotated secret exists only in its response.
 */
export class GrpcAdminService implements GrpcService {
  readonly definition = adminService().service;
  readonly implementation: UntypedServiceImplementation;

  constructor(
    private readonly authenticate: AuthenticateAdmin,
    useCases: AdminUseCases,
  ) {
    const { teams, memberships, createKey, queryKeys, updateKey, revokeKey, rotateKey } = useCases;
    const params = <S extends Parameters<typeof validate>[0]>(dto: Dto<S>, input: Record<string, string | undefined>) => validate(dto.schema, input, 'param');
    const query = <S extends Parameters<typeof validate>[0]>(dto: Dto<S>, input: Record<string, unknown>) => validate(dto.schema, input, 'query');
    const body = <S extends Parameters<typeof validate>[0]>(dto: Dto<S>, input: Record<string, unknown>) => validate(dto.schema, input, 'body');
    const org = (r: { org_id?: string }) => params(OrgParams, { orgId: text(r.org_id) });
    const team = (r: ProtoTeamRequest) => params(TeamParams, { orgId: text(r.org_id), teamId: text(r.team_id) });
    const key = (r: ProtoKeyRequest) => params(KeyParams, { orgId: text(r.org_id), keyId: text(r.key_id) });

    this.implementation = {
      // teams (TeamsController)
      CreateTeam: this.unary(async (actor, r: ProtoCreateTeamRequest) => {
        const p = org(r);
        const b = body(CreateTeamBody, compact({ slug: text(r.slug), name: text(r.name), allowedModels: r.allowed_models, metadata: r.metadata }));
        return teamToProto(await teams.create(actor, p.orgId, b));
      }),
      ListTeams: this.unary(async (actor, r: ProtoPageRequest) => {
        const p = org(r);
        return teamPageToProto(await teams.list(actor, p.orgId, query(PageQuery, pageQuery(r))));
      }),
      GetTeam: this.unary(async (actor, r: ProtoTeamRequest) => {
        const p = team(r);
        return teamToProto(await teams.get(actor, p.orgId, p.teamId));
      }),
      UpdateTeam: this.unary(async (actor, r: ProtoUpdateTeamRequest) => {
        const p = team(r);
        const b = body(UpdateTeamBody, compact({ name: r.name ?? undefined, allowedModels: listOf(r.allowed_models), metadata: mapOf(r.metadata) }));
        return teamToProto(await teams.update(actor, p.orgId, p.teamId, b));
      }),
      DeleteTeam: this.unary(async (actor, r: ProtoTeamRequest) => {
        const p = team(r);
        await teams.delete(actor, p.orgId, p.teamId);
        return {};
      }),

      // team members (TeamsController)
      ListTeamMembers: this.unary(async (actor, r: ProtoListTeamMembersRequest) => {
        const p = team(r);
        return membershipPageToProto(await memberships.list(actor, p.orgId, p.teamId, query(PageQuery, pageQuery(r))));
      }),
      SetTeamMember: this.unary(async (actor, r: ProtoTeamMemberRequest) => {
        const p = params(TeamMemberParams, { orgId: text(r.org_id), teamId: text(r.team_id), userId: text(r.user_id) });
        const b = body(SetRoleBody, compact({ role: text(r.role) }));
        return membershipToProto(await memberships.set(actor, p.orgId, p.teamId, p.userId, b));
      }),
      RemoveTeamMember: this.unary(async (actor, r: ProtoTeamMemberRequest) => {
        const p = params(TeamMemberParams, { orgId: text(r.org_id), teamId: text(r.team_id), userId: text(r.user_id) });
        await memberships.remove(actor, p.orgId, p.teamId, p.userId);
        return {};
      }),

      // virtual keys (KeysController)
      CreateKey: this.unary(async (actor, r: ProtoCreateKeyRequest) => {
        const p = org(r);
        const b = body(
          CreateVirtualKeyBody,
          compact({ name: text(r.name), owner: keyOwner(r.owner), allowedModels: r.allowed_models, metadata: r.metadata, tags: r.tags, expiresAt: text(r.expires_at) }),
        );
        return createdKeyToProto(await createKey.createVirtual(actor, p.orgId, b));
      }),
      ListKeys: this.unary(async (actor, r: ProtoListKeysRequest) => {
        const p = org(r);
        const q = query(ListKeysQueryDto, compact({ teamId: text(r.team_id), projectId: text(r.project_id), userId: text(r.user_id), status: text(r.status), ...pageQuery(r) }));
        return keyPageToProto(await queryKeys.list(actor, p.orgId, 'virtual', q));
      }),
      GetKey: this.unary(async (actor, r: ProtoKeyRequest) => {
        const p = key(r);
        return keyToProto(await queryKeys.get(actor, p.orgId, 'virtual', p.keyId));
      }),
      UpdateKey: this.unary(async (actor, r: ProtoUpdateKeyRequest) => {
        const p = key(r);
        // expires_at set to "" is REST's null: no expiry
        const expiresAt = r.expires_at === undefined || r.expires_at === null ? undefined : r.expires_at === '' ? null : r.expires_at;
        const b = body(UpdateKeyBody, compact({ name: r.name ?? undefined, allowedModels: listOf(r.allowed_models), metadata: mapOf(r.metadata), tags: listOf(r.tags), expiresAt }));
        return keyToProto(await updateKey.execute(actor, p.orgId, p.keyId, b));
      }),
      RevokeKey: this.unary(async (actor, r: ProtoKeyRequest) => {
        const p = key(r);
        return keyToProto(await revokeKey.execute(actor, p.orgId, 'virtual', p.keyId));
      }),
      RotateKey: this.unary(async (actor, r: ProtoRotateKeyRequest) => {
        const p = key(r);
        const b = body(RotateKeyBody, compact({ gracePeriodSeconds: r.grace_period_seconds, expiresAt: text(r.expires_at) }));
        return createdKeyToProto(await rotateKey.execute(actor, p.orgId, 'virtual', p.keyId, b));
      }),

      // admin keys (AdminKeysController)
      CreateAdminKey: this.unary(async (actor, r: ProtoCreateAdminKeyRequest) => {
        const p = org(r);
        const b = body(CreateAdminKeyBody, compact({ name: text(r.name), userId: text(r.user_id), expiresAt: text(r.expires_at) }));
        return createdKeyToProto(await createKey.createAdmin(actor, p.orgId, b));
      }),
      ListAdminKeys: this.unary(async (actor, r: ProtoListKeysRequest) => {
        const p = org(r);
        const q = query(ListAdminKeysQueryDto, compact({ userId: text(r.user_id), status: text(r.status), ...pageQuery(r) }));
        return keyPageToProto(await queryKeys.list(actor, p.orgId, 'admin', q));
      }),
      GetAdminKey: this.unary(async (actor, r: ProtoKeyRequest) => {
        const p = key(r);
        return keyToProto(await queryKeys.get(actor, p.orgId, 'admin', p.keyId));
      }),
      RevokeAdminKey: this.unary(async (actor, r: ProtoKeyRequest) => {
        const p = key(r);
        return keyToProto(await revokeKey.execute(actor, p.orgId, 'admin', p.keyId));
      }),
      RotateAdminKey: this.unary(async (actor, r: ProtoRotateKeyRequest) => {
        const p = key(r);
        const b = body(RotateKeyBody, compact({ gracePeriodSeconds: r.grace_period_seconds, expiresAt: text(r.expires_at) }));
        return createdKeyToProto(await rotateKey.execute(actor, p.orgId, 'admin', p.keyId, b));
      }),
    };
  }

  /** A unary handler: authenticate (before anything else, as the guard runs before the pipes), run, answer or fail as a status. */
  private unary<Req>(handle: (actor: Actor, request: Req) => Promise<object>) {
    return (call: ServerUnaryCall<Req, object>, done: sendUnaryData<object>): void => {
      void (async () => {
        try {
          const actor = await this.authenticate(keyOf(call.metadata));
          done(null, await handle(actor, call.request));
        } catch (err) {
          done(adminErrorToGrpc(err));
        }
      })();
    };
  }
}
