import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each delivery keeps the alert as it was when the notification was queued, so every attempt of a
 * delivery sends the same body (the alert itself moves on: its value and summary follow new events).
 */
export class AlertDeliverySnapshot1764500000000 implements MigrationInterface {
  name = 'AlertDeliverySnapshot1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_deliveries ADD COLUMN alert_snapshot jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_deliveries DROP COLUMN alert_snapshot`);
  }
}
