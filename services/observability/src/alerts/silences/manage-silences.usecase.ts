import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { Clock } from '../../common/clock';
import { Entropy } from '../../common/entropy';
import { AlertsError, AlertsErrorCode } from '../alerts.exception';
import { AlertsRepository, type SilenceRow } from '../alerts.repository';
import { parseQuery } from '../channels/manage-channels.usecase';
import { createSilenceSchema } from './silence.schema';

export interface SilenceView {
  id: string;
  orgId: string;
  ruleId: string | null;
  labels: Record<string, string>;
  startsAt: string;
  endsAt: string;
  comment: string | null;
  createdBy: string;
  createdAt: string;
  active: boolean;
}

/** Silences: alerts they cover are still recorded (status `silenced`) but nobody is notified. */
@Injectable()
export class ManageSilencesUseCase {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly clock: Clock,
    private readonly entropy: Entropy,
  ) {}

  async create(input: unknown): Promise<SilenceView> {
    const parsed = createSilenceSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The request body is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const s = parsed.data;
    const now = this.clock.now();
    const startsAt = s.startsAt ? new Date(s.startsAt) : now;
    const endsAt = new Date(s.endsAt);
    if (endsAt <= startsAt) throw new ValidationError('The request body is invalid', [{ path: 'body.endsAt', message: 'must be after startsAt (or now)' }]);
    const row = await this.repo.insertSilence({
      id: this.entropy.uuid(),
      orgId: s.orgId,
      ruleId: s.ruleId ?? null,
      labels: s.labels,
      startsAt,
      endsAt,
      comment: s.comment ?? null,
      createdBy: s.createdBy,
      createdAt: now,
    });
    return this.view(row);
  }

  async list(query: unknown): Promise<SilenceView[]> {
    const { orgId } = parseQuery(query);
    return (await this.repo.silences(orgId)).map((s) => this.view(s));
  }

  /** Ends a silence now; alerts it covered and that still hold are notified at the next evaluation. */
  async expire(id: string, query: unknown): Promise<SilenceView> {
    const { orgId } = parseQuery(query);
    const row = await this.repo.expireSilence(orgId, id, this.clock.now());
    if (!row) throw new AlertsError(AlertsErrorCode.SilenceNotFound, `No silence ${id} in organisation ${orgId}`);
    return this.view(row);
  }

  private view(s: SilenceRow): SilenceView {
    const now = this.clock.now();
    return { ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), createdAt: s.createdAt.toISOString(), active: s.startsAt <= now && s.endsAt > now };
  }
}
