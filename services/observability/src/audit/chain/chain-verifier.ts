import { type ChainFields, entryHash, GENESIS_HASH, type PersonalFields, personalDigest } from './audit-chain';

/** One entry as stored, with everything needed to recompute its place in the chain. */
export interface StoredChainEntry extends ChainFields, PersonalFields {
  prevHash: string;
  hash: string;
  personalDigest: string;
  /** Null once an erasure pseudonymised the entry (then `erasureId` names the erasure). */
  personalSalt: Buffer | null;
  erasureId: string | null;
}

export type ChainProblemKind = 'deleted' | 'altered' | 'inserted';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** Sequence number of the first entry affected (for a deletion: the first one missing). */
  seq: number;
  /** The stored entry at fault, when there is one (none for a deletion). */
  entryId: string | null;
  message: string;
}

export interface ChainPosition {
  seq: number;
  hash: string;
}

export const GENESIS: ChainPosition = { seq: 0, hash: GENESIS_HASH };

/**
 * Walks one org's chain in sequence order, one entry at a time, and stops at the first problem:
 * a gap in the sequence is a deletion, an entry whose link does not match its predecessor's hash
 * is an insertion, an entry whose hash or personal digest does not match its content is an
 * alteration, and an entry that differs from a signed checkpoint is an alteration too. Holds only
 * the last two hashes, so any number of entries can be streamed through it.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private prevPrevHash: string | null = null;
  private prevEntryId: string | null = null;
  private readonly checkpoints = new Map<number, string>();
  private found: ChainProblem | null = null;
  verified = 0;

  /**
   * @param start where the chain starts: genesis, or the anchor left by a purge
   * @param head the recorded chain head, when known before the walk: entries past it are flagged as they come
   */
  constructor(
    start: ChainPosition,
    private readonly isErasure: (erasureId: string) => boolean = () => false,
    private readonly head?: ChainPosition | null,
  ) {
    this.expectedSeq = start.seq + 1;
    this.prevHash = start.hash;
  }

  get problem(): ChainProblem | null {
    return this.found;
  }

  /** The last entry verified (or the start). */
  get position(): ChainPosition {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }

  /** An entry hash a checkpoint vouches for; checked when the walk reaches `seq`. */
  expectCheckpoint(seq: number, hash: string): void {
    if (seq >= this.expectedSeq) this.checkpoints.set(seq, hash);
  }

  /** Checks the next entry; false once a problem was found (later entries are not looked at). */
  push(e: StoredChainEntry): boolean {
    if (this.found) return false;
    this.found = this.check(e);
    if (this.found) return false;
    this.prevPrevHash = this.prevHash;
    this.prevHash = e.hash;
    this.prevEntryId = e.id;
    this.expectedSeq = e.seq + 1;
    this.verified++;
    return true;
  }

  /** After the last entry: the walk must end exactly at the recorded chain head. */
  finish(head: ChainPosition | null): ChainProblem | null {
    if (this.found) return this.found;
    const last = this.expectedSeq - 1;
    if (!head) {
      if (this.verified > 0) this.found = { kind: 'deleted', seq: last + 1, entryId: null, message: 'the chain head record of this organisation is missing' };
    } else if (head.seq > last) {
      this.found = { kind: 'deleted', seq: last + 1, entryId: null, message: `${this.range(last + 1, head.seq)} missing at the end of the chain (the head is at ${head.seq})` };
    } else if (head.seq < last) {
      this.found = { kind: 'inserted', seq: head.seq + 1, entryId: null, message: `${this.range(head.seq + 1, last)} beyond the chain head (${head.seq})` };
    } else if (head.hash !== this.prevHash) {
      this.found = { kind: 'altered', seq: last, entryId: this.prevEntryId, message: `entry ${last} does not match the chain head's hash` };
    }
    if (!this.found) {
      const unreached = [...this.checkpoints.keys()].filter((s) => s > last).sort((a, b) => a - b)[0];
      if (unreached !== undefined) {
        this.found = { kind: 'deleted', seq: unreached, entryId: null, message: `a signed checkpoint vouches for entry ${unreached}, which is missing` };
      }
    }
    return this.found;
  }

  private check(e: StoredChainEntry): ChainProblem | null {
    const x = this.expectedSeq;
    if (e.seq > x) return { kind: 'deleted', seq: x, entryId: null, message: `${this.range(x, e.seq - 1)} missing: the sequence jumps from ${x - 1} to ${e.seq}` };
    if (e.seq < x) return { kind: 'inserted', seq: e.seq, entryId: e.id, message: `entry ${e.seq} appears more than once` };
    if (this.head && e.seq > this.head.seq) return { kind: 'inserted', seq: e.seq, entryId: e.id, message: `entry ${e.seq} is beyond the chain head (${this.head.seq})` };
    if (e.prevHash !== this.prevHash) {
      if (this.prevPrevHash !== null && e.prevHash === this.prevPrevHash) {
        return { kind: 'inserted', seq: x - 1, entryId: this.prevEntryId, message: `entry ${x - 1} is not part of the chain: entry ${x} links past it to entry ${x - 2}` };
      }
      return {
        kind: 'inserted',
        seq: x,
        entryId: e.id,
        message: `entry ${x} does not link to entry ${x - 1}: it was inserted, or the entry before it was replaced`,
      };
    }
    if (e.personalSalt) {
      if (personalDigest(e.personalSalt, e) !== e.personalDigest) {
        return { kind: 'altered', seq: x, entryId: e.id, message: `entry ${x} was altered: its actor, resource, summary or data no longer match its digest` };
      }
    } else if (!e.erasureId || !this.isErasure(e.erasureId)) {
      return { kind: 'altered', seq: x, entryId: e.id, message: `entry ${x} was altered: its salt is gone without a recorded erasure` };
    }
    if (entryHash(e.prevHash, e, e.personalDigest) !== e.hash) {
      return { kind: 'altered', seq: x, entryId: e.id, message: `entry ${x} was altered: its hash does not match its content` };
    }
    const vouched = this.checkpoints.get(x);
    if (vouched !== undefined) {
      this.checkpoints.delete(x);
      if (vouched !== e.hash) return { kind: 'altered', seq: x, entryId: e.id, message: `entry ${x} differs from the signed checkpoint at that position` };
    }
    return null;
  }

  private range(from: number, to: number): string {
    return from === to ? `entry ${from} is` : `entries ${from}–${to} are`;
  }
}
