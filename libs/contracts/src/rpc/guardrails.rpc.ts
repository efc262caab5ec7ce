import { z } from 'zod';
import { defineRpc } from '../define';
import { RPC } from '../subjects';
import { idSchema, principalSchema } from '../events/common/common.schema';
import { policyScopeSchema } from '../events/policy-violated/policy-violated.event';

/** What a scan decided: the most severe action of every scanner that fired. */
export const scanActionSchema = z.enum(['allow', 'redact', 'block', 'require_approval']);
export type ScanAction = z.infer<typeof scanActionSchema>;

export const guardrailsFindingSchema = z.object({
  scanner: z.enum(['injection', 'pii', 'secrets']),
  /** Presidio entity name for PII (`EMAIL_ADDRESS`), rule id for secrets (`github-pat`), `PROMPT_INJECTION`. */
  type: z.string(),
  /** Which of the request's `texts`. */
  index: z.number().int().nonnegative(),
  /** UTF-16 offsets into that text as sent (output: after placeholders were restored); `end` is exclusive. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  score: z.number().min(0).max(1),
  /** What the policy did with it (`allow` = reported only). */
  action: scanActionSchema,
});
export type GuardrailsFinding = z.infer<typeof guardrailsFindingSchema>;

const scanRequest = z.object({
  /** The request's id: tokenised values of the input scan are kept under it until the output scan. */
  requestId: idSchema,
  orgId: idSchema,
  principal: principalSchema.optional(),
  texts: z.array(z.string().max(1_000_000)).min(1).max(256),
});

const scanResponse = z.object({
  action: scanActionSchema,
  /** The texts to use instead of the originals (redacted; for output also de-tokenised). Absent when blocked, or when nothing changed. */
  texts: z.array(z.string()).optional(),
  findings: z.array(guardrailsFindingSchema),
  /** Why it was blocked or held, safe to show the caller. */
  reason: z.string().optional(),
  policyVersion: z.number().int().nonnegative(),
  policyScope: z.union([policyScopeSchema, z.literal('default')]),
  /** Set when the action is `require_approval`: poll `guardrails.approval.status`. */
  approvalId: idSchema.optional(),
  /**
   * Input only, when values were tokenised: the request's token vault sealed under the service's key
   * (AES-256-GCM, bound to org and request, expiring with the vault). Pass it back with the output
   * scan so any replica can de-tokenise; the caller cannot read it.
   */
  vaultToken: z.string().optional(),
  /** True when scanning failed and the policy's `failMode: open` let the texts through unscanned. */
  failedOpen: z.boolean().optional(),
});

export const guardrailsScanInputRpc = defineRpc({
  subject: RPC.guardrailsScanInput,
  description:
    "Scan prompt texts before they reach a provider with the org's policy (most specific of agent, team, org): findings, action, " +
    'redacted texts; reversibly tokenised values are kept, encrypted, for the request until its output scan.',
  request: scanRequest,
  response: scanResponse,
  timeoutMs: 200,
});

export const guardrailsScanOutputRpc = defineRpc({
  subject: RPC.guardrailsScanOutput,
  description:
    'Scan completion texts before they reach the caller: redacts per the output policy, then restores the placeholders the input ' +
    'scan of the same request tokenised. Ends the request: its token vault is destroyed unless keepVault.',
  request: scanRequest.extend({
    vaultToken: z.string().max(1_000_000).optional(),
    /** Keep the request's token vault after this call (more output scans follow). */
    keepVault: z.boolean().optional(),
  }),
  response: scanResponse.omit({ vaultToken: true }),
  timeoutMs: 200,
});

export const guardrailsScanStreamRpc = defineRpc({
  subject: RPC.guardrailsScanStream,
  description:
    'Scan a streamed completion one delta at a time: returns the text that may be sent now (redacted, de-tokenised), holding back ' +
    'at most one window (256 characters) so a value split across chunks is still caught. The window travels sealed in `state` ' +
    'from each reply to the next call, so any replica can take any chunk.',
  request: z.object({
    requestId: idSchema,
    orgId: idSchema,
    principal: principalSchema.optional(),
    /** 0, 1, 2, … per stream: a call that does not follow the state it sends is refused (conflict). */
    seq: z.number().int().nonnegative(),
    delta: z.string().max(1_000_000),
    /** The last call of the stream: everything held back is released. */
    final: z.boolean().default(false),
    /** The `state` of the previous reply; absent on seq 0. */
    state: z.string().max(2_000_000).optional(),
    /** The input scan's vaultToken, on every call: placeholders are restored in the stream. */
    vaultToken: z.string().max(1_000_000).optional(),
  }),
  response: z.object({
    /** Send this to the client now (may be empty while a window is held back). */
    text: z.string(),
    /** `block`: stop the stream; `text` holds nothing of the blocked value. */
    action: z.enum(['allow', 'redact', 'block']),
    /** Findings released with this call; offsets are into the whole (de-tokenised) stream. */
    findings: z.array(guardrailsFindingSchema.omit({ index: true })),
    /** Characters held back after this call. */
    held: z.number().int().nonnegative(),
    /** Opaque, sealed: pass it with the next call. Absent after the final call or a block. */
    state: z.string().optional(),
    policyVersion: z.number().int().nonnegative(),
  }),
  timeoutMs: 200,
});

export const toolRiskSchema = z.enum(['low', 'medium', 'high', 'critical']);

export const guardrailsAuthorizeToolRpc = defineRpc({
  subject: RPC.guardrailsAuthorizeTool,
  description:
    'Decide whether an agent may call a tool with the given arguments: allow/deny rules with globs, JSON Schema argument ' +
    'constraints, SQL / path / URL (SSRF) / shell checks, and human approval for risky tools.',
  request: z.object({
    requestId: idSchema,
    orgId: idSchema,
    principal: principalSchema,
    tool: z.string().min(1).max(256),
    arguments: z.record(z.string(), z.unknown()),
  }),
  response: z.object({
    decision: z.enum(['allow', 'deny', 'require_approval']),
    reason: z.string(),
    risk: toolRiskSchema,
    /** The policy rule that decided: `tools.rules[2]` or `tools.default`. */
    ruleId: z.string(),
    /** Every argument check that failed. */
    violations: z.array(z.object({ check: z.string(), path: z.string(), message: z.string() })),
    /** Set with `require_approval`: poll `guardrails.approval.status` until it is decided. */
    approvalId: idSchema.optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    policyVersion: z.number().int().nonnegative(),
  }),
  timeoutMs: 250,
});

export const approvalStatusSchema = z.enum(['pending', 'approved', 'denied', 'expired']);

export const guardrailsApprovalStatusRpc = defineRpc({
  subject: RPC.guardrailsApprovalStatus,
  description: 'Where a held action stands; with waitMs, answers as soon as it is decided (or when waitMs has passed).',
  request: z.object({
    orgId: idSchema,
    approvalId: idSchema,
    waitMs: z.number().int().min(0).max(25_000).default(0),
  }),
  response: z.object({
    approvalId: idSchema,
    status: approvalStatusSchema,
    decidedBy: idSchema.optional(),
    decidedAt: z.iso.datetime({ offset: true }).optional(),
    comment: z.string().optional(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
  timeoutMs: 30_000,
});
