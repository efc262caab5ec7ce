import { z } from 'zod';

/** Variables every service reads. Services extend this with their own. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  SERVICE_VERSION: z.string().default('0.1.0'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: z.string().regex(/^(nats|tls|ws|wss):\/\/\S+$/, 'must be a nats:// URL (comma-separated for a cluster)'),
  NATS_TOKEN: z.string().min(1).optional(),
  BUS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, _ or -, starting with a letter')
    .optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL'),
  DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case Postgres identifier').optional(),
  DB_MIGRATE_ON_START: z.stringbool().default(true),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_ENABLED: z.stringbool().default(true),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** For services with admin endpoints: the bootstrap platform-admin key (`npm run up` generates one). */
export const adminKeySchema = z.string().min(24, 'must be at least 24 characters').max(256);

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: { variable: string; message: string }[],
  ) {
    super(
      `${service}: invalid configuration — fix these environment variables:\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment into one typed object, listing every missing or invalid variable at
 * once. The only place in the platform that reads process.env.
 */
export function loadConfig<C>(service: string, schema: z.ZodType<C>, env: Record<string, string | undefined> = process.env): C {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.join('.') || '(environment)',
    message: issue.code === 'invalid_type' && env[String(issue.path[0])] === undefined ? 'is required' : issue.message,
  }));
  throw new ConfigError(service, problems);
}

/** DI token under which a service's validated config is provided. */
export const CONFIG = Symbol('IRONCAGE_CONFIG');
