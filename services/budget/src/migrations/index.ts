import { CreateBudgetSchema1764200000000 } from './1764200000000-create-budget-schema';
import { SeedPublicPrices1764200000001 } from './1764200000001-seed-public-prices';

/** Every migration of the budget schema, in order. */
export const budgetMigrations = [CreateBudgetSchema1764200000000, SeedPublicPrices1764200000001];
