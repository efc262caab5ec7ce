import type { RpcContract } from '../define';
import { budgetAuthorizeRpc, budgetSettleRpc } from './budget.rpc';
import { credentialsLeaseRpc } from './credentials.rpc';
import {
  guardrailsApprovalStatusRpc,
  guardrailsAuthorizeToolRpc,
  guardrailsScanInputRpc,
  guardrailsScanOutputRpc,
  guardrailsScanStreamRpc,
} from './guardrails.rpc';
import { platformPingRpc } from './platform-ping.rpc';
import { sandboxExecRpc } from './sandbox.rpc';

export * from './rpc-error';
export * from './budget.rpc';
export * from './credentials.rpc';
export * from './guardrails.rpc';
export * from './platform-ping.rpc';
export * from './sandbox.rpc';

export const RPC_CONTRACTS: Record<string, RpcContract> = Object.fromEntries(
  [
    platformPingRpc,
    budgetAuthorizeRpc,
    budgetSettleRpc,
    guardrailsScanInputRpc,
    guardrailsScanOutputRpc,
    guardrailsScanStreamRpc,
    guardrailsAuthorizeToolRpc,
    guardrailsApprovalStatusRpc,
    credentialsLeaseRpc,
    sandboxExecRpc,
  ].map((c) => [c.subject, c as RpcContract]),
);
