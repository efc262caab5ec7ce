import { z } from 'zod';

/** What a scanner that fired does to the request. */
export const detectorActionSchema = z.enum(['allow', 'redact', 'block', 'require_approval']);
export type DetectorAction = z.infer<typeof detectorActionSchema>;

export const redactionModeSchema = z.enum(['block', 'mask', 'placeholder', 'hash', 'tokenize', 'allow']);
const entityName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'an entity type such as EMAIL_ADDRESS or a secret rule id such as github-pat');

const injectionSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Calibrated score at or above which a text counts as an injection (default: the model's validated threshold). */
  threshold: z.number().min(0).max(1).optional(),
  action: z.enum(['allow', 'block', 'require_approval']).default('block'),
});

const detectorSchema = (defaults: { action: DetectorAction; mode: z.infer<typeof redactionModeSchema> }) =>
  z.strictObject({
    enabled: z.boolean().default(true),
    action: detectorActionSchema.default(defaults.action),
    /** Findings scoring below this are ignored. */
    minScore: z.number().min(0).max(1).default(0),
    /** Only these types count (default: all). */
    entities: z.array(entityName).min(1).optional(),
    /** These types never count. */
    ignore: z.array(entityName).optional(),
    /** Redaction mode per type, `default` for the rest (used when action is redact). */
    modes: z
      .record(entityName, redactionModeSchema)
      .default({})
      .transform((m): Record<string, z.infer<typeof redactionModeSchema>> => ({ default: defaults.mode, ...m })),
  });

const directionSchema = (injection: boolean, pii: { action: DetectorAction; mode: z.infer<typeof redactionModeSchema> }) =>
  z.strictObject({
    injection: injectionSchema.prefault({ enabled: injection }),
    pii: detectorSchema(pii).prefault({}),
    secrets: detectorSchema({ action: 'redact', mode: 'placeholder' }).prefault({}),
  });

export const riskSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type Risk = z.infer<typeof riskSchema>;
export const RISK_ORDER: Record<Risk, number> = { low: 0, medium: 1, high: 2, critical: 3 };

const argumentNames = z.array(z.string().min(1).max(128)).min(1);
const glob = z.string().min(1).max(256);

const validateSchema = z.strictObject({
  sql: z
    .strictObject({
      arguments: argumentNames,
      /** Only SELECT (and friends): any write, DDL or privilege statement is refused. */
      readOnly: z.boolean().default(true),
      dialect: z.enum(['postgresql', 'mysql', 'sqlite', 'transactsql', 'bigquery', 'snowflake']).default('postgresql'),
      /** Allow several statements in one argument. */
      allowStacked: z.boolean().default(false),
    })
    .optional(),
  path: z
    .strictObject({
      arguments: argumentNames,
      /** Absolute directories the normalised path must stay under. */
      roots: z.array(z.string().regex(/^\//, 'must be an absolute path')).min(1),
    })
    .optional(),
  url: z
    .strictObject({
      arguments: argumentNames,
      schemes: z.array(z.string().regex(/^[a-z][a-z0-9+.-]*$/)).default(['http', 'https']),
      /** Host globs that may be called at all (default: any public host). */
      allowHosts: z.array(glob).optional(),
      /** Allow private, loopback and link-local addresses (never cloud metadata). */
      allowPrivate: z.boolean().default(false),
    })
    .optional(),
  shell: z
    .strictObject({
      arguments: argumentNames,
      /** Command names (globs) allowed as the program; default: any. */
      allowCommands: z.array(glob).optional(),
    })
    .optional(),
});

const toolRuleSchema = z.strictObject({
  /** Tool name globs (`github.*`, `sql.query`). First matching rule wins. */
  tools: z.union([glob, z.array(glob).min(1)]),
  action: z.enum(['allow', 'deny', 'require_approval']).default('allow'),
  risk: riskSchema.default('low'),
  /** JSON Schema the arguments object must satisfy. */
  arguments: z.record(z.string(), z.unknown()).optional(),
  validate: validateSchema.optional(),
  reason: z.string().max(256).optional(),
});

const toolsSchema = z.strictObject({
  /** For a tool no rule matches. */
  default: z.enum(['allow', 'deny']).default('deny'),
  /** Allowed calls of tools at or above this risk are held for approval. */
  approvalAtRisk: riskSchema.optional(),
  approvalTimeoutSeconds: z.number().int().min(5).max(7 * 86_400).default(900),
  /** Who may decide (default: anyone with the admin key). */
  approvers: z.array(z.string().min(1).max(128)).optional(),
  rules: z.array(toolRuleSchema).default([]),
});

/** A guardrails policy document (YAML), as validated on upload. */
export const policyDocumentSchema = z.strictObject({
  version: z.literal(1),
  description: z.string().max(1024).optional(),
  /** When scanning itself fails: `closed` blocks, `open` lets the text through unscanned (reported as failedOpen). */
  failMode: z.enum(['open', 'closed']).default('closed'),
  input: directionSchema(true, { action: 'redact', mode: 'tokenize' }).prefault({}),
  output: directionSchema(false, { action: 'allow', mode: 'placeholder' }).prefault({}),
  tools: toolsSchema.prefault({}),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type DirectionPolicy = PolicyDocument['input'];
export type DetectorPolicy = DirectionPolicy['pii'];
export type ToolRule = PolicyDocument['tools']['rules'][number];
export type ToolValidation = NonNullable<ToolRule['validate']>;

/** The policy of an org that has uploaded none: injections blocked, PII tokenised, secrets replaced. */
export const DEFAULT_POLICY_YAML = `version: 1
description: Built-in default (no policy uploaded)
failMode: closed
input:
  injection: { action: block }
  pii: { action: redact, modes: { default: tokenize } }
  secrets: { action: redact, modes: { default: placeholder } }
output:
  pii: { action: allow }
  secrets: { action: redact, modes: { default: placeholder } }
tools:
  default: deny
`;
