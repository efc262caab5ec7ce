import { Injectable, Logger, Optional } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { Clock } from '../../common/clock';
import { AuditSigner, type SignatureCheck } from '../chain/audit-signer';
import { type ChainProblem, ChainVerifier, GENESIS } from '../chain/chain-verifier';
import { ChainRepository, type ChainSnapshot, type StoredCheckpoint } from '../chain/chain.repository';
import { orgIdSchema } from '../query-entries/audit-filters';
import { type ChainBreakAnnouncement, ChainBreakAnnouncer, type ChainVerifiedBy } from './chain-break-announcer';

export const verifyChainSchema = z.strictObject({
  orgId: orgIdSchema.describe('Organisation whose chain to verify'),
});
export type VerifyChainCommand = z.input<typeof verifyChainSchema>;

export interface CheckpointSummary {
  kind: StoredCheckpoint['kind'];
  seq: number;
  createdAt: string;
  keyId: string;
}

export interface ChainVerification {
  orgId: string;
  /** True when every entry and every checkpoint checked out. */
  ok: boolean;
  verifiedAt: string;
  /** The first problem found, walking from the start of the chain (or its anchor) to its head. */
  problem: ChainProblem | null;
  entries: { verified: number; firstSeq: number | null; lastSeq: number | null };
  head: { seq: number; hash: string } | null;
  /** Where the walk started after a purge: the last purged entry, vouched for by a signed anchor. */
  anchor: (CheckpointSummary & { hash: string; signature: SignatureCheck }) | null;
  checkpoints: {
    checked: number;
    valid: number;
    /** The first checkpoint whose signature is wrong or made with a key this service does not trust. */
    firstInvalid: (CheckpointSummary & { signature: SignatureCheck }) | null;
    latest: CheckpointSummary | null;
  };
  signingKeyId: string;
}

/** Entries read per query, so a chain of any length is verified in bounded memory. */
export const VERIFY_BATCH = 2000;

const summary = (c: StoredCheckpoint): CheckpointSummary => ({ kind: c.kind, seq: c.seq, createdAt: c.createdAt.toISOString(), keyId: c.keyId });

/**
 * Walks one org's chain from its start — or from its signed retention anchor — to its head, in a
 * consistent snapshot and in batches, and reports the first deleted, inserted or altered entry
 * and the validity of every checkpoint signature. A chain found broken is announced as
 * `audit.chain-broken`, once per break (see ChainBreakAnnouncer).
 */
@Injectable()
export class VerifyChainUseCase {
  private readonly logger = new Logger(VerifyChainUseCase.name);

  constructor(
    private readonly chain: ChainRepository,
    private readonly signer: AuditSigner,
    private readonly clock: Clock,
    @Optional() private readonly announcer?: ChainBreakAnnouncer,
  ) {}

  /**
   * For the API (and the compliance report): the report is the answer, so an announcement that
   * cannot be published is logged rather than failing it — the scheduled verification announces
   * the break on its next run.
   */
  async execute(command: VerifyChainCommand): Promise<ChainVerification> {
    const { orgId } = this.parse(command);
    const report = await this.chain.snapshot((s) => this.walk(s, orgId));
    if (!report.ok && this.announcer) {
      await this.announcer.announce(report, 'api').catch((e: unknown) =>
        this.logger.error({ msg: 'could not announce a broken audit chain', orgId, err: e }),
      );
    }
    return report;
  }

  /** For the scheduled verification: a failed announcement fails the call, so it is retried. */
  async verifyAndAnnounce(command: VerifyChainCommand, verifiedBy: ChainVerifiedBy): Promise<{ report: ChainVerification; announcement: ChainBreakAnnouncement | null }> {
    const { orgId } = this.parse(command);
    const report = await this.chain.snapshot((s) => this.walk(s, orgId));
    const announcement = !report.ok && this.announcer ? await this.announcer.announce(report, verifiedBy) : null;
    return { report, announcement };
  }

  private parse(command: VerifyChainCommand): z.output<typeof verifyChainSchema> {
    const parsed = verifyChainSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, 'query'));
    return parsed.data;
  }

  private async walk(s: ChainSnapshot, orgId: string): Promise<ChainVerification> {
    const head = await s.head(orgId);
    const anchor = await s.latestAnchor(orgId);
    const checkpoints: ChainVerification['checkpoints'] = { checked: 0, valid: 0, firstInvalid: null, latest: null };
    const check = (c: StoredCheckpoint): SignatureCheck => {
      const result = this.signer.check(c, c.signature);
      checkpoints.checked++;
      if (result === 'valid') checkpoints.valid++;
      else checkpoints.firstInvalid ??= { ...summary(c), signature: result };
      if (!checkpoints.latest || c.seq >= checkpoints.latest.seq) checkpoints.latest = summary(c);
      return result;
    };

    const anchorSignature = anchor ? this.signer.check(anchor, anchor.signature) : null;
    // an anchor whose signature does not hold proves nothing: walk from genesis, so missing entries show
    const start = anchor && anchorSignature === 'valid' ? { seq: anchor.seq, hash: anchor.hash } : GENESIS;
    for (let after = 0; after < start.seq; ) {
      const page = await s.checkpoints(orgId, after, start.seq, VERIFY_BATCH);
      page.forEach(check);
      if (page.length < VERIFY_BATCH) break;
      after = page[page.length - 1].seq;
    }

    const erasures = await s.erasureIds(orgId);
    const verifier = new ChainVerifier(start, (id) => erasures.has(id), head);
    let firstSeq: number | null = null;
    let after = start.seq;
    walk: for (;;) {
      const batch = await s.entries(orgId, after, VERIFY_BATCH);
      if (batch.length === 0) break;
      firstSeq ??= batch[0].seq;
      const to = batch[batch.length - 1].seq;
      for (const c of await s.checkpoints(orgId, after, to, 2 * VERIFY_BATCH + 2)) {
        if (check(c) === 'valid') verifier.expectCheckpoint(c.seq, c.hash);
      }
      for (const e of batch) if (!verifier.push(e)) break walk;
      after = to;
      if (batch.length < VERIFY_BATCH) break;
    }
    if (!verifier.problem) {
      // checkpoints past the last entry vouch for entries that are gone
      for (;;) {
        const page = await s.checkpoints(orgId, after, null, VERIFY_BATCH);
        for (const c of page) if (check(c) === 'valid') verifier.expectCheckpoint(c.seq, c.hash);
        if (page.length < VERIFY_BATCH) break;
        after = page[page.length - 1].seq;
      }
    }
    const problem = verifier.finish(head ? { seq: head.seq, hash: head.hash } : null);
    return {
      orgId,
      ok: problem === null && checkpoints.firstInvalid === null && (anchorSignature === null || anchorSignature === 'valid'),
      verifiedAt: this.clock.now().toISOString(),
      problem,
      entries: { verified: verifier.verified, firstSeq, lastSeq: verifier.verified > 0 ? verifier.position.seq : null },
      head: head ? { seq: head.seq, hash: head.hash } : null,
      anchor: anchor ? { ...summary(anchor), hash: anchor.hash, signature: anchorSignature! } : null,
      checkpoints,
      signingKeyId: this.signer.keyId,
    };
  }
}
