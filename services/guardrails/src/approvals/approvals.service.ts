import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { approvalStatusSchema, guardrailsApprovalStatusRpc, type RpcResponse } from '@ironcage/contracts';
import { TemporalClient, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { APPROVAL_WORKFLOW, type ApprovalDecisionSignal, approvalWorkflowId, type ApprovalWorkflowInput, DECIDE_SIGNAL } from '../workflows/approval.contract';
import { type ApprovalRequest, ApprovalRequester, type PendingApproval } from './approval-requester';
import type { ApprovalEntity } from './approval.entity';
import { ApprovalError, ApprovalErrorCode } from './approval.exception';
import { ApprovalRepository } from './approval.repository';

export type ApprovalStatusView = RpcResponse<typeof guardrailsApprovalStatusRpc>;

export const decideSchema = z.object({
  orgId: z.string().min(1).max(128),
  approver: z.string().min(1).max(128).describe('Who decides: recorded in the audit trail; must be listed in tools.approvers when the policy names approvers'),
  comment: z.string().max(1024).optional(),
});
export const listApprovalsSchema = z.object({
  orgId: z.string().min(1).max(128),
  status: approvalStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export interface ApprovalView {
  approvalId: string;
  orgId: string;
  kind: 'tool' | 'prompt';
  tool: string | null;
  requestId: string | null;
  principal: Record<string, string> | null;
  risk: string;
  reason: string;
  argumentsPreview: string | null;
  approvers: string[] | null;
  status: 'pending' | 'approved' | 'denied' | 'expired';
  requestedAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

const view = (a: ApprovalEntity): ApprovalView => ({
  approvalId: a.id,
  orgId: a.orgId,
  kind: a.kind,
  tool: a.tool,
  requestId: a.requestId,
  principal: a.principal,
  risk: a.risk,
  reason: a.reason,
  argumentsPreview: a.argumentsPreview,
  approvers: a.approvers,
  status: a.status,
  requestedAt: a.requestedAt.toISOString(),
  expiresAt: a.expiresAt.toISOString(),
  decidedBy: a.decidedBy,
  decidedAt: a.decidedAt?.toISOString() ?? null,
  comment: a.comment,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

/**
 * Human-in-the-loop approvals: a held action becomes a row (so REST can list it per org) and an
 * approvalWorkflow that notifies approvers and waits for a decision signal or its deadline.
 */
@Injectable()
export class ApprovalsService extends ApprovalRequester {
  private readonly logger = new Logger(ApprovalsService.name);

  constructor(
    private readonly approvals: ApprovalRepository,
    private readonly temporal: TemporalClient,
  ) {
    super();
  }

  async request(input: ApprovalRequest): Promise<PendingApproval> {
    const approvalId = randomUUID();
    const requestedAt = new Date();
    const expiresAt = new Date(requestedAt.getTime() + input.timeoutSeconds * 1000);
    const workflowId = this.temporal.scopedId(approvalWorkflowId(approvalId));
    await this.approvals.insert({
      id: approvalId,
      orgId: input.orgId,
      kind: input.kind,
      tool: input.tool ?? null,
      requestId: input.requestId ?? null,
      principal: (input.principal as Record<string, string> | undefined) ?? null,
      risk: input.risk,
      reason: input.reason,
      argumentsPreview: input.argumentsPreview ?? null,
      approvers: input.approvers ?? null,
      workflowId,
      requestedAt,
      expiresAt,
    });
    const args: ApprovalWorkflowInput = {
      approvalId,
      orgId: input.orgId,
      kind: input.kind,
      ...(input.requestId ? { requestId: input.requestId } : {}),
      ...(input.principal ? { principal: input.principal } : {}),
      ...(input.tool ? { tool: input.tool } : {}),
      risk: input.risk,
      reason: input.reason,
      ...(input.argumentsPreview ? { argumentsPreview: input.argumentsPreview } : {}),
      ...(input.approvers ? { approvers: input.approvers } : {}),
      expiresAt: expiresAt.toISOString(),
    };
    try {
      await this.temporal.raw.workflow.start(APPROVAL_WORKFLOW, { taskQueue: this.temporal.taskQueue, workflowId, args: [args] });
    } catch (e) {
      this.logger.error({ orgId: input.orgId, approvalId, err: e }, 'cannot start the approval workflow');
      await this.approvals.remove(input.orgId, approvalId).catch(() => undefined);
      throw new ApprovalError(ApprovalErrorCode.Unavailable, 'approvals cannot be started right now; the action is not allowed');
    }
    return { approvalId, expiresAt: args.expiresAt };
  }

  async decide(approvalId: string, decision: 'approved' | 'denied', body: z.input<typeof decideSchema>): Promise<ApprovalView> {
    const cmd = decideSchema.safeParse(body);
    if (!cmd.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(cmd.error, 'body'));
    const { orgId, approver, comment } = cmd.data;
    const row = await this.mustFind(orgId, approvalId);
    if (row.status !== 'pending') throw new ApprovalError(ApprovalErrorCode.AlreadyDecided, `approval ${approvalId} is already ${row.status}`);
    if (row.approvers && !row.approvers.includes(approver)) {
      throw new ApprovalError(ApprovalErrorCode.NotAnApprover, `${approver} is not an approver of approval ${approvalId}`);
    }
    const signal: ApprovalDecisionSignal = { decision, by: approver, ...(comment ? { comment } : {}) };
    try {
      await this.temporal.raw.workflow.getHandle(row.workflowId).signal(DECIDE_SIGNAL, signal);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw new ApprovalError(ApprovalErrorCode.AlreadyDecided, `approval ${approvalId} is no longer open`);
      throw e;
    }
    return this.status(orgId, approvalId, 5000).then(() => this.mustFind(orgId, approvalId)).then(view);
  }

  async get(orgId: string, approvalId: string): Promise<ApprovalView> {
    return view(await this.mustFind(orgId, approvalId));
  }

  async list(query: z.input<typeof listApprovalsSchema>): Promise<{ approvals: ApprovalView[] }> {
    const q = listApprovalsSchema.safeParse(query);
    if (!q.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(q.error, 'query'));
    return { approvals: (await this.approvals.list(q.data.orgId, q.data.status, q.data.limit)).map(view) };
  }

  /** The decision so far; waits up to waitMs for a pending approval to be decided. */
  async status(orgId: string, approvalId: string, waitMs = 0): Promise<ApprovalStatusView> {
    let row = await this.mustFind(orgId, approvalId);
    if (row.status === 'pending' && waitMs > 0) {
      const handle = this.temporal.raw.workflow.getHandle(row.workflowId);
      await Promise.race([handle.result().catch(() => undefined), sleep(waitMs)]);
      row = await this.mustFind(orgId, approvalId);
      // the workflow ended but its last activity has not committed yet: give it a moment
      for (let i = 0; i < 20 && row.status === 'pending' && Date.now() < row.expiresAt.getTime() + 60_000; i++) {
        const description = await handle.describe().catch(() => undefined);
        if (!description || description.status.name === 'RUNNING') break;
        await sleep(50);
        row = await this.mustFind(orgId, approvalId);
      }
    }
    return {
      approvalId: row.id,
      status: row.status,
      ...(row.decidedBy ? { decidedBy: row.decidedBy } : {}),
      ...(row.decidedAt ? { decidedAt: row.decidedAt.toISOString() } : {}),
      ...(row.comment ? { comment: row.comment } : {}),
      expiresAt: row.expiresAt.toISOString(),
    };
  }

  private async mustFind(orgId: string, approvalId: string): Promise<ApprovalEntity> {
    const row = await this.approvals.find(orgId, approvalId);
    if (!row) throw new ApprovalError(ApprovalErrorCode.NotFound, `org ${orgId} has no approval ${approvalId}`);
    return row;
  }
}
