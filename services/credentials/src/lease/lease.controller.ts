import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC } from '@ironcage/contracts';
import { type Lease, type LeaseCommand, LeaseCredentialUseCase } from './lease-credential.usecase';
import { withRpcErrors } from './rpc-errors';

/** `credentials.lease` over NATS request/reply (queue group: every replica answers a share). */
@Controller()
export class LeaseController {
  constructor(private readonly lease: LeaseCredentialUseCase) {}

  @MessagePattern(RPC.credentialsLease)
  handle(@Payload() request: LeaseCommand): Promise<Lease> {
    return withRpcErrors(() => this.lease.execute(request));
  }
}
