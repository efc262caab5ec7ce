/**
 * Who is calling the gateway, resolved from a virtual key (`sk-ic-…`). The control plane
 * (tenancy/, keys/, auth/) produces it; the data plane (inference/, routing/, hot-path/) only
 * reads it. Attach with `VirtualKeyGuard`, read with `@CurrentPrincipal()`.
 */
export interface Principal {
  orgId: string;
  keyId: string;
  userId?: string;
  teamId?: string;
  projectId?: string;
  /** Role of the key's user in its team, when the key belongs to a user. */
  role?: 'owner' | 'admin' | 'member' | 'viewer';
  metadata: Record<string, string>;
  tags: string[];
}

/** Why a model was refused: which layer's rule denied it. */
export interface ModelAccessDecision {
  allowed: boolean;
  /** e.g. `key`, `project`, `team`; set when refused. */
  deniedBy?: 'key' | 'project' | 'team' | 'org';
  /** The rule or pattern list that did not match, safe to show the caller. */
  reason?: string;
}

/**
 * Implemented by the control plane; the data plane asks it before routing a model. A warm
 * principal (attached by VirtualKeyGuard in this process) gets a synchronous answer.
 *
 * Aliases: pass the catalogue name an alias resolves to as `resolvedModel` (`fast` →
 * `mock/gpt-4o-mini`). Each layer then allows the call when it allows either name, so a key
 * allowed `mock/*` may call `fast`, and a key allowed just `fast` may call it by that name.
 */
export abstract class ModelAccessPolicy {
  abstract check(principal: Principal, model: string, resolvedModel?: string): Promise<ModelAccessDecision> | ModelAccessDecision;
  /**
   * The public model names (from the catalogue) this principal may use: `GET /v1/models`.
   * `resolve` maps an alias to its catalogue name (undefined for a name that is not an alias).
   */
  abstract filter(principal: Principal, models: string[], resolve?: (model: string) => string | undefined): Promise<string[]> | string[];
}
