import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC } from '@ironcage/contracts';
import { asRpc } from '../common/rpc-errors';
import { type ScanStreamRequest, ScanStreamUseCase } from './scan-stream/scan-stream.usecase';
import { type ScanInputRequest, type ScanOutputRequest, ScanTextsUseCase } from './scan-texts/scan-texts.usecase';

/** The scan RPCs over NATS request/reply (queue group `guardrails`: each replica answers a share). */
@Controller()
export class ScanRpcController {
  constructor(
    private readonly scan: ScanTextsUseCase,
    private readonly stream: ScanStreamUseCase,
  ) {}

  @MessagePattern(RPC.guardrailsScanInput)
  input(@Payload() request: ScanInputRequest) {
    return asRpc(() => this.scan.execute('input', request));
  }

  @MessagePattern(RPC.guardrailsScanOutput)
  output(@Payload() request: ScanOutputRequest) {
    return asRpc(() => this.scan.execute('output', request));
  }

  @MessagePattern(RPC.guardrailsScanStream)
  streamed(@Payload() request: ScanStreamRequest) {
    return asRpc(() => this.stream.execute(request));
  }
}
