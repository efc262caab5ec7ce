import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AlertsRepository, type RuleRow } from '../alerts.repository';

const TTL_MS = 5_000;

/**
 * The enabled rules of an org for a subject, read at most every few seconds: every event asks,
 * most of them find nothing. A change made through this replica's API is seen at once; one made
 * through another replica within TTL_MS.
 */
@Injectable()
export class RuleCache {
  private readonly entries = new Map<string, { at: number; rules: Promise<RuleRow[]> }>();

  constructor(
    private readonly repo: AlertsRepository,
    private readonly clock: Clock,
  ) {}

  rulesFor(orgId: string, subject: string): Promise<RuleRow[]> {
    const key = `${orgId}\u0000${subject}`;
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < TTL_MS) return hit.rules;
    const rules = this.repo.enabledRulesFor(orgId, subject);
    rules.catch(() => this.entries.delete(key));
    this.entries.set(key, { at: now, rules });
    if (this.entries.size > 10_000) this.entries.delete(this.entries.keys().next().value!);
    return rules;
  }

  invalidate(orgId: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${orgId}\u0000`)) this.entries.delete(key);
  }
}
