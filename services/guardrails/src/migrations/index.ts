import { CreateGuardrails1765000000000 } from './1765000000000-create-guardrails';

/** Every migration of the guardrails schema, in order. */
export const guardrailsMigrations = [CreateGuardrails1765000000000];
