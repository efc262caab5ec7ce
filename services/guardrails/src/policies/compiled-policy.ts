import Ajv, { type ValidateFunction } from 'ajv';
import picomatch from 'picomatch';
import type { DetectorPolicy, PolicyDocument, ToolRule } from './policy-document';

/** A document problem only compiling finds (a JSON Schema that does not compile), at a document path. */
export class PolicyCompileError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

export interface CompiledToolRule {
  index: number;
  rule: ToolRule;
  matches: (tool: string) => boolean;
  validateArguments?: ValidateFunction;
  commandMatchers?: ((name: string) => boolean)[];
  hostMatchers?: ((host: string) => boolean)[];
}

export interface CompiledDetector {
  policy: DetectorPolicy;
  /** Does a finding of this type count? */
  counts: (type: string) => boolean;
}

/** Where the policy in force came from. */
export interface PolicySource {
  /** `org`, `team:<id>`, `agent:<id>`, or `default` for the built-in one. */
  scope: string;
  /** 0 for the built-in default. */
  version: number;
}

/** A validated document with its globs and JSON Schemas compiled, ready for the hot path. */
export interface CompiledPolicy {
  source: PolicySource;
  document: PolicyDocument;
  input: { pii: CompiledDetector; secrets: CompiledDetector };
  output: { pii: CompiledDetector; secrets: CompiledDetector };
  tools: CompiledToolRule[];
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

const globOptions = { dot: true, nocase: false } as const;

function detector(policy: DetectorPolicy): CompiledDetector {
  const only = policy.entities ? new Set(policy.entities) : undefined;
  const ignore = new Set(policy.ignore ?? []);
  return { policy, counts: (type) => !ignore.has(type) && (!only || only.has(type)) };
}

export function compilePolicy(document: PolicyDocument, source: PolicySource = { scope: 'default', version: 0 }): CompiledPolicy {
  const tools = document.tools.rules.map((rule, index): CompiledToolRule => {
    const globs = Array.isArray(rule.tools) ? rule.tools : [rule.tools];
    const compiled: CompiledToolRule = { index, rule, matches: picomatch(globs, globOptions) };
    if (rule.arguments) {
      try {
        compiled.validateArguments = ajv.compile(rule.arguments);
      } catch (e) {
        throw new PolicyCompileError(['tools', 'rules', index, 'arguments'], `is not a valid JSON Schema: ${(e as Error).message}`);
      }
    }
    if (rule.validate?.shell?.allowCommands) compiled.commandMatchers = rule.validate.shell.allowCommands.map((g) => picomatch(g, globOptions));
    if (rule.validate?.url?.allowHosts) compiled.hostMatchers = rule.validate.url.allowHosts.map((g) => picomatch(g, { ...globOptions, nocase: true }));
    return compiled;
  });
  return {
    source,
    document,
    input: { pii: detector(document.input.pii), secrets: detector(document.input.secrets) },
    output: { pii: detector(document.output.pii), secrets: detector(document.output.secrets) },
    tools,
  };
}
