import { Injectable } from '@nestjs/common';
import { EVENTS, type BudgetUnpriced } from '@ironcage/contracts';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { OutboxRepository } from '../outbox/outbox.repository';
import type { UnpricedPolicy } from '../orgs/org-settings.repository';

/** Alerts, once per org, provider, model and UTC day, that a model without a price was asked for. */
@Injectable()
export class UnpricedAlerts {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: OutboxPublisher,
  ) {}

  async raise(input: { orgId: string; provider: string; model: string; deployment?: string | null; requestId: string; policy: UnpricedPolicy; now: Date }): Promise<void> {
    const day = input.now.toISOString().slice(0, 10);
    const id = `budget.unpriced:${input.orgId}:${input.provider}:${input.model}:${day}`.slice(0, 128);
    const data: BudgetUnpriced = {
      provider: input.provider,
      model: input.model,
      ...(input.deployment ? { deployment: input.deployment } : {}),
      policy: input.policy,
      requestId: input.requestId,
      day,
    };
    if (await this.outbox.add({ id, orgId: input.orgId, subject: EVENTS.budgetUnpriced, data }, input.now)) {
      // not awaited: the alert is in the outbox, the request need not wait for the bus
      void this.publisher.publish([id]);
    }
  }
}
