import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { PersistenceModule, TemporalModule } from '@ironcage/kit';
import { BudgetCoreModule, type BudgetCoreOptions } from './budget-core.module';
import { BudgetsController } from './budgets/budgets.controller';
import { ClockNotice, configuredClock } from './clock/clock';
import type { BudgetConfig } from './config';
import { BudgetRpcController } from './enforcement/budget-rpc.controller';
import { BudgetMetrics } from './enforcement/budget.metrics';
import { CostConsumer } from './enforcement/cost.consumer';
import { createMaintenanceActivities } from './maintenance/maintenance.activities';
import { MaintenanceScheduler } from './maintenance/maintenance.scheduler';
import { MaintenanceTimer } from './maintenance/maintenance.timer';
import { MaintenanceUseCase } from './maintenance/maintenance.usecase';
import { OrgSettingsController } from './orgs/org-settings.controller';
import { budgetPersistence } from './persistence';
import { PricesController } from './prices/prices.controller';
import { RateLimitsController } from './rate-limits/rate-limits.controller';
import { ReportsController } from './reports/reports.controller';
import { BUDGET_TASK_QUEUE } from './workflows/maintenance.contract';

/** Prices, the spend ledger, budgets, reservations and rate limits. */
@Module({})
export class BudgetModule {
  static forRoot(config: Pick<BudgetConfig, 'TEMPORAL_ENABLED' | 'BUDGET_CLOCK_OFFSET_MS'>, options: BudgetCoreOptions = {}): DynamicModule {
    const core = BudgetCoreModule.register({ ...options, clock: options.clock ?? configuredClock(config.BUDGET_CLOCK_OFFSET_MS) });
    const temporal = config.TEMPORAL_ENABLED
      ? [
          TemporalModule.forService(
            { taskQueue: BUDGET_TASK_QUEUE, workflowsPath: join(__dirname, 'workflows'), workflowBundlePath: join(__dirname, 'workflow-bundle.js') },
            { imports: [core], inject: [MaintenanceUseCase], useFactory: (maintenance: MaintenanceUseCase) => createMaintenanceActivities({ maintenance }) },
          ),
        ]
      : [];
    return {
      module: BudgetModule,
      imports: [PersistenceModule.forService(budgetPersistence), core, ...temporal],
      controllers: [BudgetRpcController, CostConsumer, PricesController, BudgetsController, RateLimitsController, OrgSettingsController, ReportsController],
      providers: [BudgetMetrics, ClockNotice, config.TEMPORAL_ENABLED ? MaintenanceScheduler : MaintenanceTimer],
    };
  }
}
