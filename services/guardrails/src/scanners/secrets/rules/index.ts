import { SecretRule } from '../secret-rule';
import { AI_RULES } from './ai';
import { CLOUD_RULES } from './cloud';
import { DEVTOOLS_RULES } from './devtools';
import { GENERIC_RULES } from './generic';
import { SAAS_RULES } from './saas';

export const SECRET_RULES: readonly SecretRule[] = [...AI_RULES, ...CLOUD_RULES, ...DEVTOOLS_RULES, ...SAAS_RULES, ...GENERIC_RULES];

export { AI_RULES, CLOUD_RULES, DEVTOOLS_RULES, GENERIC_RULES, SAAS_RULES };
