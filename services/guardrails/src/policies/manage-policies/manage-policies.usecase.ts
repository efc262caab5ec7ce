import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@ironcage/bus';
import { policyChangedEvent, policyScopeSchema } from '@ironcage/contracts';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { parsePolicy, PolicyInvalidError } from '../parse-policy';
import { PolicyCache } from '../policy-cache';
import type { PolicyDocument } from '../policy-document';
import { PolicyError, PolicyErrorCode } from '../policy.exception';
import { type Activation, PolicyRepository, type PolicyVersionRow } from '../policy.repository';

const orgId = z.string().min(1).max(128).describe('Organisation the policy belongs to');
const scope = policyScopeSchema.default('org').describe('`org` (default), `team:<teamId>` or `agent:<agentId>`: the most specific active policy applies');
const actor = z.string().min(1).max(128).optional().describe('Who makes the change, for the audit trail');

export const uploadPolicySchema = z.object({
  orgId,
  scope,
  yaml: z.string().min(1).describe('The policy document (YAML)'),
  activate: z.boolean().default(false).describe('Make the new version the active one at once'),
  actor,
});
export const validatePolicySchema = z.object({ yaml: z.string().min(1).describe('The policy document (YAML)') });
export const activatePolicySchema = z.object({ orgId, scope, version: z.number().int().positive(), actor });
export const scopeQuerySchema = z.object({ orgId, scope, limit: z.coerce.number().int().min(1).max(500).default(50) });
export const versionQuerySchema = z.object({ orgId, scope });
export const effectiveQuerySchema = z.object({
  orgId,
  teamId: z.string().min(1).max(128).optional(),
  agentId: z.string().min(1).max(128).optional(),
});

export interface PolicyVersionView {
  orgId: string;
  scope: string;
  version: number;
  sha256: string;
  description: string | null;
  createdBy: string | null;
  createdAt: string;
  active: boolean;
  yaml?: string;
  document?: PolicyDocument;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(r.error, where));
  return r.data;
}

const view = (r: PolicyVersionRow, withSource = false): PolicyVersionView => ({
  orgId: r.orgId,
  scope: r.scope,
  version: r.version,
  sha256: r.sha256,
  description: r.description,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  active: r.active,
  ...(withSource ? { yaml: r.source, document: parsePolicy(r.source).document } : {}),
});

/** Upload, validate, list, read and activate policy versions; an activation is announced to every replica. */
@Injectable()
export class ManagePoliciesUseCase {
  private readonly logger = new Logger(ManagePoliciesUseCase.name);

  constructor(
    private readonly repository: PolicyRepository,
    private readonly cache: PolicyCache,
    private readonly publisher: EventPublisher,
  ) {}

  validate(input: z.input<typeof validatePolicySchema>): { valid: true; document: PolicyDocument; sha256: string } {
    const { yaml } = parse(validatePolicySchema, input, 'body');
    const parsed = this.parseOrThrow(yaml);
    return { valid: true, document: parsed.document, sha256: parsed.sha256 };
  }

  async upload(input: z.input<typeof uploadPolicySchema>): Promise<PolicyVersionView> {
    const cmd = parse(uploadPolicySchema, input, 'body');
    const parsed = this.parseOrThrow(cmd.yaml);
    const { version, activation } = await this.repository.addVersion(
      {
        orgId: cmd.orgId,
        scope: cmd.scope,
        source: cmd.yaml,
        document: parsed.document,
        sha256: parsed.sha256,
        description: parsed.document.description ?? null,
        createdBy: cmd.actor ?? null,
      },
      cmd.activate,
    );
    if (activation) await this.announce(cmd.orgId, cmd.scope, activation, cmd.actor);
    return (await this.get({ orgId: cmd.orgId, scope: cmd.scope }, version))!;
  }

  async activate(input: z.input<typeof activatePolicySchema>): Promise<PolicyVersionView> {
    const cmd = parse(activatePolicySchema, input, 'body');
    const activation = await this.repository.activate(cmd.orgId, cmd.scope, cmd.version, cmd.actor ?? null);
    if (!activation) throw new PolicyError(PolicyErrorCode.VersionNotFound, `${cmd.scope} of org ${cmd.orgId} has no policy version ${cmd.version}`);
    await this.announce(cmd.orgId, cmd.scope, activation, cmd.actor);
    return (await this.get({ orgId: cmd.orgId, scope: cmd.scope }, cmd.version))!;
  }

  async versions(input: z.input<typeof scopeQuerySchema>): Promise<{ versions: PolicyVersionView[] }> {
    const q = parse(scopeQuerySchema, input, 'query');
    return { versions: (await this.repository.versions(q.orgId, q.scope, q.limit)).map((r) => view(r)) };
  }

  async get(input: z.input<typeof versionQuerySchema>, version: number): Promise<PolicyVersionView> {
    const q = parse(versionQuerySchema, input, 'query');
    const row = await this.repository.version(q.orgId, q.scope, version);
    if (!row) throw new PolicyError(PolicyErrorCode.VersionNotFound, `${q.scope} of org ${q.orgId} has no policy version ${version}`);
    return view(row, true);
  }

  async active(input: { orgId: string }): Promise<{ policies: { scope: string; version: number; sha256: string; activatedAt: string; activatedBy: string | null }[] }> {
    const { orgId: org } = parse(z.object({ orgId }), input, 'query');
    const rows = await this.repository.activeForOrg(org);
    return { policies: rows.map((r) => ({ scope: r.scope, version: r.version, sha256: r.sha256, activatedAt: r.activatedAt.toISOString(), activatedBy: r.activatedBy })) };
  }

  /** The policy a request of this principal gets right now (from this replica's cache). */
  async effective(input: z.input<typeof effectiveQuerySchema>): Promise<{ scope: string; version: number; document: PolicyDocument }> {
    const q = parse(effectiveQuerySchema, input, 'query');
    const p = await this.cache.resolve(q.orgId, { teamId: q.teamId, agentId: q.agentId });
    return { scope: p.source.scope, version: p.source.version, document: p.document };
  }

  private parseOrThrow(yaml: string) {
    try {
      return parsePolicy(yaml);
    } catch (e) {
      if (e instanceof PolicyInvalidError) throw new PolicyError(PolicyErrorCode.Invalid, 'The policy is invalid', e.details);
      throw e;
    }
  }

  private async announce(orgId: string, scope: string, activation: Activation, actor: string | undefined): Promise<void> {
    this.cache.evict(orgId);
    try {
      await this.publisher.publish(
        policyChangedEvent,
        { scope, version: activation.version, previousVersion: activation.previousVersion, sha256: activation.sha256, ...(actor ? { changedBy: actor } : {}) },
        { orgId },
      );
    } catch (e) {
      // committed already: other replicas pick it up within their cache TTL
      this.logger.error({ orgId, scope, version: activation.version, err: e }, 'cannot announce the policy change; replicas reload within the cache TTL');
    }
  }
}
