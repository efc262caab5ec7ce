import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerting: channels (secrets sealed), rules, silences, observations in the window, alerts and their deliveries. */
export class Alerts1764470000000 implements MigrationInterface {
  name = 'Alerts1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_channels (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        settings jsonb NOT NULL,
        sealed_secrets text NOT NULL,
        secret_hint text NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (org_id, name)
      )`);
    await q.query(`
      CREATE TABLE alert_rules (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        subject text NOT NULL,
        definition jsonb NOT NULL,
        severity text NOT NULL,
        channel_ids uuid[] NOT NULL,
        enabled boolean NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (org_id, name)
      )`);
    await q.query(`CREATE INDEX alert_rules_by_subject ON alert_rules (org_id, subject) WHERE enabled`);
    await q.query(`
      CREATE TABLE alert_silences (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        rule_id uuid,
        labels jsonb NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        comment text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX alert_silences_active ON alert_silences (org_id, ends_at)`);
    // one row per event a rule counted: the window is a range query, a redelivered event is counted once
    await q.query(`
      CREATE TABLE alert_observations (
        rule_id uuid NOT NULL,
        group_key text NOT NULL,
        event_id text NOT NULL,
        org_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        failed boolean NOT NULL,
        PRIMARY KEY (rule_id, group_key, event_id)
      )`);
    await q.query(`CREATE INDEX alert_observations_window ON alert_observations (rule_id, group_key, occurred_at)`);
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        rule_id uuid NOT NULL,
        group_key text NOT NULL,
        labels jsonb NOT NULL,
        severity text NOT NULL,
        summary text NOT NULL,
        value double precision NOT NULL,
        status text NOT NULL,
        silence_id uuid,
        notified boolean NOT NULL DEFAULT false,
        started_at timestamptz NOT NULL,
        last_notified_at timestamptz,
        resolved_at timestamptz
      )`);
    // an alert key (rule + group) is open at most once: the insert that wins the race is the one that notifies
    await q.query(`CREATE UNIQUE INDEX alerts_open_key ON alerts (rule_id, group_key) WHERE status <> 'resolved'`);
    await q.query(`CREATE INDEX alerts_by_org ON alerts (org_id, started_at DESC)`);
    await q.query(`CREATE INDEX alerts_open ON alerts (status) WHERE status <> 'resolved'`);
    await q.query(`
      CREATE TABLE alert_deliveries (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        channel_id uuid NOT NULL,
        channel_kind text NOT NULL,
        notification text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL,
        settled_at timestamptz
      )`);
    await q.query(`CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX alert_deliveries_by_org ON alert_deliveries (org_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['alert_deliveries', 'alerts', 'alert_observations', 'alert_silences', 'alert_rules', 'alert_channels']) await q.query(`DROP TABLE ${t}`);
  }
}
