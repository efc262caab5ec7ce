import type { ServiceDefinition } from '@ironcage/kit';
import { BudgetModule } from './budget.module';
import { type BudgetConfig, budgetConfigSchema } from './config';
import { budgetPersistence } from './persistence';

export const budgetService: ServiceDefinition<BudgetConfig> = {
  name: 'budget',
  configSchema: budgetConfigSchema,
  modules: (config) => [BudgetModule.forRoot(config)],
  persistence: budgetPersistence,
  openapi: {
    title: 'Iron Cage budget',
    description:
      'Prices, the spend ledger, budgets and rate limits. Money is integer micro-USD (1 USD = 1,000,000). The gateway authorises and settles over NATS (budget.authorize, budget.settle, cost.incurred); this REST surface is for administration and reporting.',
  },
};
