import type { ServiceDefinition } from '@ironcage/kit';
import { type GuardrailsConfig, guardrailsConfigSchema } from './config';
import { GuardrailsModule } from './guardrails.module';
import { guardrailsPersistence } from './persistence';

export const guardrailsService: ServiceDefinition<GuardrailsConfig> = {
  name: 'guardrails',
  configSchema: guardrailsConfigSchema,
  modules: () => [GuardrailsModule],
  persistence: guardrailsPersistence,
  openapi: {
    title: 'Iron Cage guardrails',
    description:
      'Prompt-injection, PII and secret scanning with policies as code (YAML per org, team or agent), reversible tokenisation, ' +
      'tool authorisation with parameter validation, and human approval of risky actions. The gateway uses the NATS RPCs ' +
      '`guardrails.scan.input`, `guardrails.scan.output`, `guardrails.scan.stream`, `guardrails.authorize-tool` and ' +
      '`guardrails.approval.status`; this REST API is for administrators and other applications.',
  },
};
