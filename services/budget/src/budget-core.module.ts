import { type DynamicModule, Module } from '@nestjs/common';
import { CreateBudgetUseCase } from './budgets/create-budget/create-budget.usecase';
import { BudgetRepository } from './budgets/budget.repository';
import { QueryBudgetsUseCase } from './budgets/query-budgets/query-budgets.usecase';
import { UpdateBudgetUseCase } from './budgets/update-budget/update-budget.usecase';
import { Clock, SystemClock } from './clock/clock';
import { BudgetDb } from './db/budget-db';
import { AuthorizeUseCase } from './enforcement/authorize/authorize.usecase';
import { EnforcementRepository } from './enforcement/enforcement.repository';
import { SettleUseCase } from './enforcement/settle/settle.usecase';
import { UnpricedAlerts } from './enforcement/unpriced-alerts';
import { MaintenanceUseCase } from './maintenance/maintenance.usecase';
import { OrgPolicyCache } from './orgs/org-policy.cache';
import { OrgSettingsRepository } from './orgs/org-settings.repository';
import { OrgSettingsUseCase } from './orgs/org-settings/org-settings.usecase';
import { OutboxPublisher } from './outbox/outbox.publisher';
import { OutboxRepository } from './outbox/outbox.repository';
import { AddPriceUseCase } from './prices/add-price/add-price.usecase';
import { ListPricesUseCase } from './prices/list-prices/list-prices.usecase';
import { PriceCatalog } from './prices/price-catalog';
import { PriceRepository } from './prices/price.repository';
import { ManageRateLimitsUseCase } from './rate-limits/manage-rate-limits/manage-rate-limits.usecase';
import { RateLimitRepository } from './rate-limits/rate-limit.repository';
import { RecommendationsUseCase } from './reports/recommendations/recommendations.usecase';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsUseCase } from './reports/reports.usecase';

const PROVIDERS = [
  BudgetDb,
  PriceRepository,
  PriceCatalog,
  AddPriceUseCase,
  ListPricesUseCase,
  OrgSettingsRepository,
  OrgPolicyCache,
  OrgSettingsUseCase,
  BudgetRepository,
  CreateBudgetUseCase,
  UpdateBudgetUseCase,
  QueryBudgetsUseCase,
  RateLimitRepository,
  ManageRateLimitsUseCase,
  EnforcementRepository,
  OutboxRepository,
  OutboxPublisher,
  UnpricedAlerts,
  AuthorizeUseCase,
  SettleUseCase,
  MaintenanceUseCase,
  ReportsRepository,
  ReportsUseCase,
  RecommendationsUseCase,
];

export interface BudgetCoreOptions {
  /** Replaces the system clock (tests move time instead of waiting for it). */
  clock?: Clock;
}

/** Repositories, caches and use cases of the budget service: everything but its transports. */
@Module({})
export class BudgetCoreModule {
  static register(options: BudgetCoreOptions = {}): DynamicModule {
    return {
      module: BudgetCoreModule,
      providers: [{ provide: Clock, useValue: options.clock ?? new SystemClock() }, ...PROVIDERS],
      exports: [Clock, ...PROVIDERS],
    };
  }
}
