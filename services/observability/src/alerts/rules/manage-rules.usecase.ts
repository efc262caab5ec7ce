import { Injectable } from '@nestjs/common';
import { EVENTS } from '@ironcage/contracts';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { Clock } from '../../common/clock';
import { Entropy } from '../../common/entropy';
import { AlertsError, AlertsErrorCode } from '../alerts.exception';
import { AlertsRepository, type RuleRow } from '../alerts.repository';
import { parseQuery } from '../channels/manage-channels.usecase';
import { RuleCache } from './rule-cache';
import { type Condition, createRuleSchema, updateRuleSchema } from './rule.schema';

export interface RuleView {
  id: string;
  orgId: string;
  name: string;
  subject: string;
  condition: Condition;
  severity: RuleRow['severity'];
  channelIds: string[];
  repeatIntervalSeconds: number;
  enabled: boolean;
  createdAt: string;
}

const toView = (r: RuleRow): RuleView => ({ ...r, createdAt: r.createdAt.toISOString() });
const subjectOf = (c: Condition): string => (c.kind === 'event_count' ? c.subject : EVENTS.requestReceived);

/** Alert rules per org: what to watch, how severe, whom to tell. */
@Injectable()
export class ManageRulesUseCase {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly cache: RuleCache,
    private readonly clock: Clock,
    private readonly entropy: Entropy,
  ) {}

  async create(input: unknown): Promise<RuleView> {
    const parsed = createRuleSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The request body is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const r = parsed.data;
    await this.checkChannels(r.orgId, r.channelIds);
    const row = await this.repo.insertRule({ ...r, id: this.entropy.uuid(), subject: subjectOf(r.condition), createdAt: this.clock.now() });
    if (!row) throw new AlertsError(AlertsErrorCode.NameTaken, `Organisation ${r.orgId} already has a rule named "${r.name}"`);
    this.cache.invalidate(r.orgId);
    return toView(row);
  }

  async update(id: string, query: unknown, input: unknown): Promise<RuleView> {
    const { orgId } = parseQuery(query);
    const parsed = updateRuleSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The request body is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const current = await this.find(orgId, id);
    const next = { ...current, ...parsed.data };
    await this.checkChannels(orgId, next.channelIds);
    const row = await this.repo.updateRule({ ...next, subject: subjectOf(next.condition) });
    if (!row) throw new AlertsError(AlertsErrorCode.NameTaken, `Organisation ${orgId} already has a rule named "${next.name}"`);
    this.cache.invalidate(orgId);
    return toView(row);
  }

  async list(query: unknown): Promise<RuleView[]> {
    const { orgId } = parseQuery(query);
    return (await this.repo.rules(orgId)).map(toView);
  }

  async get(id: string, query: unknown): Promise<RuleView> {
    const { orgId } = parseQuery(query);
    return toView(await this.find(orgId, id));
  }

  /** Deletes the rule; its open alerts resolve at the next evaluation. */
  async remove(id: string, query: unknown): Promise<RuleView> {
    const { orgId } = parseQuery(query);
    const rule = await this.find(orgId, id);
    await this.repo.deleteRule(orgId, id);
    this.cache.invalidate(orgId);
    return toView(rule);
  }

  private async find(orgId: string, id: string): Promise<RuleRow> {
    const rule = await this.repo.rule(orgId, id);
    if (!rule) throw new AlertsError(AlertsErrorCode.RuleNotFound, `No rule ${id} in organisation ${orgId}`);
    return rule;
  }

  private async checkChannels(orgId: string, ids: string[]): Promise<void> {
    const known = new Set(await this.repo.existingChannelIds(orgId, ids));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new AlertsError(AlertsErrorCode.UnknownChannel, `Organisation ${orgId} has no channel ${missing.join(', ')}`, missing.map((id) => ({ path: 'body.channelIds', message: `unknown channel ${id}` })));
  }
}
