import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApprovalEntity } from './approval.entity';

export type NewApproval = Omit<ApprovalEntity, 'status' | 'decidedBy' | 'decidedAt' | 'comment'>;

/** The only code touching approvals. Every statement is scoped by org. */
@Injectable()
export class ApprovalRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(a: NewApproval): Promise<void> {
    await this.db.getRepository(ApprovalEntity).insert({ ...a, status: 'pending', decidedBy: null, decidedAt: null, comment: null });
  }

  async remove(orgId: string, id: string): Promise<void> {
    await this.db.getRepository(ApprovalEntity).delete({ orgId, id });
  }

  find(orgId: string, id: string): Promise<ApprovalEntity | null> {
    return this.db.getRepository(ApprovalEntity).findOneBy({ orgId, id });
  }

  list(orgId: string, status: ApprovalEntity['status'] | undefined, limit: number): Promise<ApprovalEntity[]> {
    return this.db.getRepository(ApprovalEntity).find({ where: { orgId, ...(status ? { status } : {}) }, order: { requestedAt: 'DESC' }, take: limit });
  }

  /** Records the decision once; false when it was already recorded (an activity retried). */
  async decide(orgId: string, id: string, status: 'approved' | 'denied' | 'expired', decidedBy: string, comment: string | null, at: Date): Promise<boolean> {
    const r = await this.db
      .createQueryBuilder()
      .update(ApprovalEntity)
      .set({ status, decidedBy, comment, decidedAt: at })
      .where('org_id = :orgId AND id = :id AND status = :pending', { orgId, id, pending: 'pending' })
      .execute();
    return (r.affected ?? 0) > 0;
  }
}
