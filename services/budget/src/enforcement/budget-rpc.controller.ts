import { performance } from 'node:perf_hooks';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type budgetAuthorizeRpc, type budgetSettleRpc, type RpcRequest } from '@ironcage/contracts';
import { AuthorizeUseCase, type AuthorizeDecision } from './authorize/authorize.usecase';
import { BudgetMetrics } from './budget.metrics';
import { asRpc } from './bus-errors';
import { SettleUseCase, type SettleResult } from './settle/settle.usecase';

/** The gateway's side of the budget: authorise before a call, settle after it. */
@Controller()
export class BudgetRpcController {
  constructor(
    private readonly authorizeRequest: AuthorizeUseCase,
    private readonly settleRequest: SettleUseCase,
    private readonly metrics: BudgetMetrics,
  ) {}

  @MessagePattern(RPC.budgetAuthorize)
  async authorize(@Payload() request: RpcRequest<typeof budgetAuthorizeRpc>): Promise<AuthorizeDecision> {
    const started = performance.now();
    let outcome = 'error';
    try {
      const decision = await asRpc(() => this.authorizeRequest.execute(request));
      outcome = decision.allowed ? 'allowed' : decision.code;
      return decision;
    } finally {
      this.metrics.decisions.inc({ outcome });
      this.metrics.authorizeSeconds.observe({ outcome }, (performance.now() - started) / 1000);
    }
  }

  @MessagePattern(RPC.budgetSettle)
  async settle(@Payload() request: RpcRequest<typeof budgetSettleRpc>): Promise<SettleResult> {
    let outcome = 'error';
    try {
      const result = await asRpc(() => this.settleRequest.execute({ ...request, source: 'rpc' }));
      outcome = result.settled ? 'settled' : 'duplicate';
      return result;
    } finally {
      this.metrics.settlements.inc({ source: 'rpc', outcome });
    }
  }
}
