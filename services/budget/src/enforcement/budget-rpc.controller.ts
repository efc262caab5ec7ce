import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type budgetAuthorizeRpc, type budgetSettleRpc, type RpcRequest } from '@ironcage/contracts';
import { AuthorizeUseCase, type AuthorizeDecision } from './authorize/authorize.usecase';
import { asRpc } from './bus-errors';
import { SettleUseCase, type SettleResult } from './settle/settle.usecase';

/** The gateway's side of the budget: authorise before a call, settle after it. */
@Controller()
export class BudgetRpcController {
  constructor(
    private readonly authorizeRequest: AuthorizeUseCase,
    private readonly settleRequest: SettleUseCase,
  ) {}

  @MessagePattern(RPC.budgetAuthorize)
  authorize(@Payload() request: RpcRequest<typeof budgetAuthorizeRpc>): Promise<AuthorizeDecision> {
    return asRpc(() => this.authorizeRequest.execute(request));
  }

  @MessagePattern(RPC.budgetSettle)
  settle(@Payload() request: RpcRequest<typeof budgetSettleRpc>): Promise<SettleResult> {
    return asRpc(() => this.settleRequest.execute({ ...request, source: 'rpc' }));
  }
}
