import type { ServiceDefinition } from '@ironcage/kit';
import { type BudgetConfig, budgetConfigSchema } from './config';
import { BudgetModule } from './budget.module';

export const budgetService: ServiceDefinition<BudgetConfig> = {
  name: 'budget',
  configSchema: budgetConfigSchema,
  modules: () => [BudgetModule],
};
