import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PersistenceModule, TemporalModule } from '@ironcage/kit';
import { ApprovalRequester } from './approvals/approval-requester';
import { createApprovalActivities } from './approvals/approval.activities';
import { ApprovalRepository } from './approvals/approval.repository';
import { ApprovalsController } from './approvals/approvals.controller';
import { ApprovalsService } from './approvals/approvals.service';
import { DecisionEvents } from './common/decision-events';
import { Sealer } from './common/sealer';
import { guardrailsPersistence } from './persistence';
import { ManagePoliciesUseCase } from './policies/manage-policies/manage-policies.usecase';
import { PoliciesController } from './policies/policies.controller';
import { PolicyCache } from './policies/policy-cache';
import { PolicyChangeListener } from './policies/policy-change.listener';
import { PolicyRepository } from './policies/policy.repository';
import { scanEngineProvider } from './scan/scan-engine.provider';
import { ScanRpcController } from './scan/scan-rpc.controller';
import { ScanStreamUseCase } from './scan/scan-stream/scan-stream.usecase';
import { ScanTextsUseCase } from './scan/scan-texts/scan-texts.usecase';
import { ScanController } from './scan/scan.controller';
import { VaultStore } from './scan/vault-store';
import { AuthorizeToolUseCase, toolResolverProvider } from './tools/authorize-tool/authorize-tool.usecase';
import { ToolsController } from './tools/tools.controller';
import { GUARDRAILS_TASK_QUEUE } from './workflows/approval.contract';

/** What the approval activities need, shared with the Temporal module's activity factory. */
@Module({
  providers: [ApprovalRepository, DecisionEvents],
  exports: [ApprovalRepository, DecisionEvents],
})
class ApprovalDepsModule {}

/** Scanners, policies, tool authorisation and approvals on every request. */
@Module({
  imports: [
    PersistenceModule.forService(guardrailsPersistence),
    ApprovalDepsModule,
    TemporalModule.forService(
      { taskQueue: GUARDRAILS_TASK_QUEUE, workflowsPath: join(__dirname, 'workflows'), workflowBundlePath: join(__dirname, 'workflow-bundle.js') },
      {
        imports: [ApprovalDepsModule],
        inject: [ApprovalRepository, DecisionEvents],
        useFactory: (approvals: ApprovalRepository, events: DecisionEvents) => createApprovalActivities({ approvals, events }),
      },
    ),
  ],
  controllers: [PoliciesController, ScanRpcController, ScanController, ToolsController, ApprovalsController],
  providers: [
    scanEngineProvider,
    toolResolverProvider,
    PolicyRepository,
    PolicyCache,
    PolicyChangeListener,
    ManagePoliciesUseCase,
    Sealer,
    VaultStore,
    ScanTextsUseCase,
    ScanStreamUseCase,
    AuthorizeToolUseCase,
    ApprovalsService,
    { provide: ApprovalRequester, useExisting: ApprovalsService },
  ],
})
export class GuardrailsModule {}
