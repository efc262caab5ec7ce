import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The budget schema: prices, budgets, rate limits, reservations, the ledger and the outbox, plus
 * the functions that authorise and settle a request in ONE round trip each. Money is bigint
 * micro-USD throughout. See docs/budget.md for the reservation scheme and lock order.
 */
export class CreateBudgetSchema1764200000000 implements MigrationInterface {
  name = 'CreateBudgetSchema1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE prices (
        id uuid PRIMARY KEY,
        org_id text,
        provider text NOT NULL,
        model text NOT NULL,
        deployment text NOT NULL DEFAULT '',
        version integer NOT NULL CHECK (version >= 1),
        effective_from timestamptz NOT NULL,
        input_per_mtok bigint NOT NULL CHECK (input_per_mtok >= 0),
        output_per_mtok bigint NOT NULL CHECK (output_per_mtok >= 0),
        cached_input_per_mtok bigint CHECK (cached_input_per_mtok >= 0),
        cache_write_per_mtok bigint CHECK (cache_write_per_mtok >= 0),
        reasoning_per_mtok bigint CHECK (reasoning_per_mtok >= 0),
        audio_input_per_mtok bigint CHECK (audio_input_per_mtok >= 0),
        audio_output_per_mtok bigint CHECK (audio_output_per_mtok >= 0),
        input_image_micros bigint CHECK (input_image_micros >= 0),
        output_image_micros bigint CHECK (output_image_micros >= 0),
        long_context_threshold integer CHECK (long_context_threshold > 0),
        long_input_per_mtok bigint CHECK (long_input_per_mtok >= 0),
        long_output_per_mtok bigint CHECK (long_output_per_mtok >= 0),
        long_cached_input_per_mtok bigint CHECK (long_cached_input_per_mtok >= 0),
        long_cache_write_per_mtok bigint CHECK (long_cache_write_per_mtok >= 0),
        max_output_tokens integer CHECK (max_output_tokens > 0),
        context_window integer CHECK (context_window > 0),
        source text NOT NULL,
        source_date date,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((long_context_threshold IS NULL) = (long_input_per_mtok IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX prices_version ON prices (coalesce(org_id, ''), provider, model, deployment, version)`);
    await q.query(`CREATE INDEX prices_lookup ON prices (provider, model, effective_from DESC)`);

    await q.query(`
      CREATE TABLE org_settings (
        org_id text PRIMARY KEY,
        unpriced_policy text NOT NULL DEFAULT 'refuse' CHECK (unpriced_policy IN ('refuse', 'record_unpriced')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Budgets and rate limits are rows every request updates: half-empty pages keep those updates
    // HOT (no new index entries), so the hot rows do not bloat their indexes.
    await q.query(`
      CREATE TABLE budgets (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        name text NOT NULL,
        scope_kind text NOT NULL CHECK (scope_kind IN ('org', 'team', 'project', 'user', 'key', 'agent')),
        scope_id text NOT NULL,
        model text,
        limit_micros bigint NOT NULL CHECK (limit_micros >= 0),
        period text NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly', 'total', 'custom')),
        period_seconds bigint CHECK (period_seconds > 0),
        timezone text NOT NULL DEFAULT 'UTC',
        anchor timestamptz NOT NULL,
        thresholds integer[] NOT NULL DEFAULT '{50,80,100}',
        enforce boolean NOT NULL DEFAULT true,
        active boolean NOT NULL DEFAULT true,
        period_start timestamptz NOT NULL,
        spent_micros bigint NOT NULL DEFAULT 0,
        reserved_micros bigint NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
        alerted_percent integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((period = 'custom') = (period_seconds IS NOT NULL)),
        CHECK (scope_kind <> 'org' OR scope_id = org_id)
      ) WITH (fillfactor = 50)`);
    await q.query(`CREATE INDEX budgets_scope ON budgets (org_id, scope_kind, scope_id)`);

    await q.query(`
      CREATE TABLE rate_limits (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        scope_kind text NOT NULL CHECK (scope_kind IN ('org', 'team', 'project', 'user', 'key', 'agent')),
        scope_id text NOT NULL,
        metric text NOT NULL CHECK (metric IN ('requests', 'tokens')),
        per_minute bigint NOT NULL CHECK (per_minute > 0 AND per_minute <= 60000000),
        burst bigint NOT NULL CHECK (burst > 0),
        tat_us bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, scope_kind, scope_id, metric)
      ) WITH (fillfactor = 50)`);

    await q.query(`
      CREATE TABLE reservations (
        org_id text NOT NULL,
        request_id text NOT NULL,
        id uuid NOT NULL UNIQUE,
        key_id text NOT NULL,
        user_id text,
        team_id text,
        project_id text,
        agent_id text,
        model text NOT NULL,
        provider text NOT NULL,
        deployment text,
        price_id uuid,
        amount_micros bigint NOT NULL CHECK (amount_micros >= 0),
        input_tokens bigint NOT NULL,
        max_output_tokens bigint NOT NULL,
        rate_tokens bigint NOT NULL DEFAULT 0,
        budget_ids uuid[] NOT NULL,
        token_rate_limit_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('held', 'settled', 'expired')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        settled_at timestamptz,
        PRIMARY KEY (org_id, request_id)
      )`);
    await q.query(`CREATE INDEX reservations_expiry ON reservations (expires_at) WHERE status = 'held'`);
    await q.query(`CREATE INDEX reservations_created ON reservations (created_at)`);

    await q.query(`
      CREATE TABLE ledger_entries (
        org_id text NOT NULL,
        request_id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        key_id text NOT NULL,
        user_id text,
        team_id text,
        project_id text,
        agent_id text,
        model text NOT NULL,
        provider text NOT NULL,
        deployment text,
        input_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        cached_input_tokens bigint NOT NULL DEFAULT 0,
        cache_write_tokens bigint NOT NULL DEFAULT 0,
        reasoning_tokens bigint NOT NULL DEFAULT 0,
        cost_micros bigint NOT NULL CHECK (cost_micros >= 0),
        reported_cost_micros bigint,
        reserved_micros bigint,
        price_id uuid,
        status text NOT NULL CHECK (status IN ('priced', 'unpriced')),
        estimated boolean NOT NULL DEFAULT false,
        late boolean NOT NULL DEFAULT false,
        source text NOT NULL CHECK (source IN ('event', 'rpc')),
        PRIMARY KEY (org_id, request_id)
      )`);
    await q.query(`CREATE INDEX ledger_org_time ON ledger_entries (org_id, occurred_at)`);

    await q.query(`
      CREATE TABLE outbox (
        id text PRIMARY KEY,
        org_id text NOT NULL,
        subject text NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending ON outbox (created_at) WHERE published_at IS NULL`);

    // Instants leave the database as ISO 8601 UTC with milliseconds, the way JavaScript writes them.
    await q.query(`
      CREATE FUNCTION budget_iso(p_ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT to_char(p_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      $$`);

    // Calendar periods in the budget's time zone, derived from the clock: nothing has to run at
    // midnight for a budget to reset. Local arithmetic (AT TIME ZONE) keeps 23- and 25-hour days right.
    await q.query(`
      CREATE FUNCTION budget_period_bounds(p_period text, p_tz text, p_anchor timestamptz, p_seconds bigint, p_now timestamptz,
                                           OUT period_start timestamptz, OUT period_end timestamptz)
      LANGUAGE plpgsql STABLE AS $$
      DECLARE n bigint;
      BEGIN
        CASE p_period
          WHEN 'daily' THEN
            period_start := date_trunc('day', p_now, p_tz);
            period_end := ((period_start AT TIME ZONE p_tz) + interval '1 day') AT TIME ZONE p_tz;
          WHEN 'weekly' THEN
            period_start := date_trunc('week', p_now, p_tz);
            period_end := ((period_start AT TIME ZONE p_tz) + interval '7 days') AT TIME ZONE p_tz;
          WHEN 'monthly' THEN
            period_start := date_trunc('month', p_now, p_tz);
            period_end := ((period_start AT TIME ZONE p_tz) + interval '1 month') AT TIME ZONE p_tz;
          WHEN 'total' THEN
            period_start := p_anchor;
            period_end := NULL;
          WHEN 'custom' THEN
            n := floor(extract(epoch FROM (p_now - p_anchor)) / p_seconds);
            period_start := p_anchor + make_interval(secs => n * p_seconds);
            period_end := period_start + make_interval(secs => p_seconds);
        END CASE;
      END $$`);

    // Reserve a request's worst case on every applicable budget and take its share of every
    // applicable rate limit, all or nothing. Rows are locked budgets first, then rate limits, each
    // in id order (every function here uses that order, so they cannot deadlock); nothing is
    // written until every check has passed.
    await q.query(`
      CREATE FUNCTION budget_authorize(
        p_org text, p_request text, p_reservation uuid,
        p_key text, p_user text, p_team text, p_project text, p_agent text,
        p_model text, p_provider text, p_deployment text, p_price uuid,
        p_amount bigint, p_input_tokens bigint, p_max_output bigint, p_rate_tokens bigint,
        p_now timestamptz, p_expires timestamptz)
      RETURNS jsonb LANGUAGE plpgsql AS $$
      DECLARE
        existing reservations%ROWTYPE;
        b record;
        rl record;
        base_spent bigint;
        left_after bigint;
        min_left bigint;
        refusal jsonb;
        refusal_left bigint;
        ids uuid[] := '{}';
        starts timestamptz[] := '{}';
        rl_ids uuid[] := '{}';
        rl_tats bigint[] := '{}';
        token_rl_ids uuid[] := '{}';
        now_us bigint := floor(extract(epoch FROM p_now) * 1000000);
        units bigint;
        emission bigint;
        tolerance bigint;
        new_tat bigint;
      BEGIN
        SELECT * INTO existing FROM reservations WHERE org_id = p_org AND request_id = p_request;
        IF FOUND THEN
          RETURN jsonb_build_object('outcome', 'existing', 'reservationId', existing.id, 'amount', existing.amount_micros,
            'expiresAt', budget_iso(existing.expires_at), 'maxOutputTokens', existing.max_output_tokens, 'status', existing.status,
            'priced', existing.price_id IS NOT NULL);
        END IF;

        FOR b IN
          SELECT bu.id, bu.name, bu.scope_kind, bu.scope_id, bu.model, bu.limit_micros, bu.enforce, bu.period_start, bu.spent_micros, bu.reserved_micros,
                 pb.period_start AS cur_start, pb.period_end AS cur_end
          FROM budgets bu, LATERAL budget_period_bounds(bu.period, bu.timezone, bu.anchor, bu.period_seconds, p_now) pb
          WHERE bu.org_id = p_org AND bu.active
            AND (bu.scope_kind, bu.scope_id) IN (('org', p_org), ('key', p_key), ('user', p_user), ('team', p_team), ('project', p_project), ('agent', p_agent))
            AND (bu.model IS NULL OR bu.model = p_model)
          ORDER BY bu.id
          FOR UPDATE OF bu
        LOOP
          -- a period that began after the stored one starts from zero; a stored period that is newer
          -- (another replica's clock is ahead) is never moved back
          base_spent := CASE WHEN b.cur_start > b.period_start THEN 0 ELSE b.spent_micros END;
          IF b.enforce THEN
            left_after := b.limit_micros - base_spent - b.reserved_micros - p_amount;
            IF left_after < 0 THEN
              IF refusal IS NULL OR left_after < refusal_left THEN
                refusal_left := left_after;
                refusal := jsonb_build_object('outcome', 'budget_exceeded', 'budgetId', b.id, 'name', b.name,
                  'scopeKind', b.scope_kind, 'scopeId', b.scope_id, 'model', b.model, 'limit', b.limit_micros,
                  'spent', base_spent, 'reserved', b.reserved_micros, 'resetsAt', budget_iso(b.cur_end));
              END IF;
            ELSIF min_left IS NULL OR left_after < min_left THEN
              min_left := left_after;
            END IF;
          END IF;
          ids := ids || b.id;
          starts := starts || greatest(b.cur_start, b.period_start);
        END LOOP;
        IF refusal IS NOT NULL THEN
          RETURN refusal;
        END IF;

        FOR rl IN
          SELECT * FROM rate_limits
          WHERE org_id = p_org
            AND (scope_kind, scope_id) IN (('org', p_org), ('key', p_key), ('user', p_user), ('team', p_team), ('project', p_project), ('agent', p_agent))
          ORDER BY id
          FOR UPDATE
        LOOP
          -- GCRA (the token bucket as one timestamp): each unit pushes the theoretical arrival time
          -- by the emission interval; the bucket holds 'burst' units
          units := CASE WHEN rl.metric = 'requests' THEN 1 ELSE p_rate_tokens END;
          emission := (60000000 + rl.per_minute - 1) / rl.per_minute;
          tolerance := rl.burst * emission;
          new_tat := greatest(rl.tat_us, now_us) + units * emission;
          IF new_tat - now_us > tolerance THEN
            RETURN jsonb_build_object('outcome', 'rate_limited', 'rateLimitId', rl.id, 'scopeKind', rl.scope_kind, 'scopeId', rl.scope_id,
              'metric', rl.metric, 'limit', rl.per_minute, 'burst', rl.burst,
              'used', least(rl.burst, (greatest(rl.tat_us, now_us) - now_us + emission - 1) / emission), 'requested', units,
              'retryAfterUs', CASE WHEN units * emission > tolerance THEN NULL ELSE new_tat - now_us - tolerance END);
          END IF;
          rl_ids := rl_ids || rl.id;
          rl_tats := rl_tats || new_tat;
          IF rl.metric = 'tokens' THEN
            token_rl_ids := token_rl_ids || rl.id;
          END IF;
        END LOOP;

        IF cardinality(ids) > 0 THEN
          UPDATE budgets bu
          SET spent_micros = CASE WHEN s.start > bu.period_start THEN 0 ELSE bu.spent_micros END,
              alerted_percent = CASE WHEN s.start > bu.period_start THEN 0 ELSE bu.alerted_percent END,
              period_start = s.start,
              reserved_micros = bu.reserved_micros + p_amount
          FROM unnest(ids, starts) AS s(id, start)
          WHERE bu.id = s.id;
        END IF;

        IF cardinality(rl_ids) > 0 THEN
          UPDATE rate_limits r SET tat_us = t.tat
          FROM unnest(rl_ids, rl_tats) AS t(id, tat)
          WHERE r.id = t.id;
        END IF;

        -- a concurrent authorisation of the same request fails here on the primary key and rolls
        -- everything back; the caller retries and gets the reservation that won
        INSERT INTO reservations (org_id, request_id, id, key_id, user_id, team_id, project_id, agent_id, model, provider, deployment,
          price_id, amount_micros, input_tokens, max_output_tokens, rate_tokens, budget_ids, token_rate_limit_ids, status, created_at, expires_at)
        VALUES (p_org, p_request, p_reservation, p_key, p_user, p_team, p_project, p_agent, p_model, p_provider, p_deployment,
          p_price, p_amount, p_input_tokens, p_max_output, p_rate_tokens, ids, token_rl_ids, 'held', p_now, p_expires);

        RETURN jsonb_build_object('outcome', 'reserved', 'reservationId', p_reservation, 'amount', p_amount, 'expiresAt', budget_iso(p_expires),
          'maxOutputTokens', p_max_output, 'remaining', min_left, 'budgets', cardinality(ids));
      END $$`);

    // Settle one request: one ledger row (or nothing, on a redelivery), its reservation released
    // from the budgets it was held on, its cost charged to every budget that applies, token rate
    // limits corrected to the actual tokens, and threshold crossings written to the outbox.
    await q.query(`
      CREATE FUNCTION budget_settle(
        p_org text, p_request text, p_now timestamptz, p_occurred timestamptz,
        p_key text, p_user text, p_team text, p_project text, p_agent text,
        p_model text, p_provider text, p_deployment text,
        p_input bigint, p_output bigint, p_cached bigint, p_cache_write bigint, p_reasoning bigint,
        p_cost bigint, p_reported bigint, p_price uuid, p_priced boolean, p_estimated boolean, p_source text)
      RETURNS jsonb LANGUAGE plpgsql AS $$
      DECLARE
        r reservations%ROWTYPE;
        has_reservation boolean;
        held boolean := false;
        is_late boolean := false;
        release_ids uuid[] := '{}';
        b record;
        rl record;
        base_spent bigint;
        new_spent bigint;
        new_alerted integer;
        t integer;
        events jsonb := '[]';
        event_id text;
        delta bigint;
        prior ledger_entries%ROWTYPE;
      BEGIN
        SELECT * INTO r FROM reservations WHERE org_id = p_org AND request_id = p_request FOR UPDATE;
        has_reservation := FOUND;
        IF has_reservation THEN
          held := r.status = 'held';
          is_late := r.status = 'expired';
        END IF;

        INSERT INTO ledger_entries (org_id, request_id, occurred_at, recorded_at, key_id, user_id, team_id, project_id, agent_id,
          model, provider, deployment, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
          cost_micros, reported_cost_micros, reserved_micros, price_id, status, estimated, late, source)
        VALUES (p_org, p_request, p_occurred, p_now, p_key, p_user, p_team, p_project, p_agent,
          p_model, p_provider, p_deployment, p_input, p_output, p_cached, p_cache_write, p_reasoning,
          p_cost, p_reported, CASE WHEN has_reservation THEN r.amount_micros END, p_price,
          CASE WHEN p_priced THEN 'priced' ELSE 'unpriced' END, p_estimated, is_late, p_source)
        ON CONFLICT (org_id, request_id) DO NOTHING;
        IF NOT FOUND THEN
          SELECT * INTO prior FROM ledger_entries WHERE org_id = p_org AND request_id = p_request;
          RETURN jsonb_build_object('outcome', 'duplicate', 'cost', prior.cost_micros, 'priced', prior.status = 'priced', 'late', prior.late, 'events', '[]'::jsonb);
        END IF;

        IF has_reservation THEN
          UPDATE reservations SET status = 'settled', settled_at = p_now WHERE org_id = p_org AND request_id = p_request;
          IF held THEN
            release_ids := r.budget_ids;
          END IF;
        END IF;

        FOR b IN
          SELECT bu.*, pb.period_start AS cur_start, pb.period_end AS cur_end,
                 ((bu.scope_kind, bu.scope_id) IN (('org', p_org), ('key', p_key), ('user', p_user), ('team', p_team), ('project', p_project), ('agent', p_agent))
                   AND (bu.model IS NULL OR bu.model = p_model)) AS applies
          FROM budgets bu, LATERAL budget_period_bounds(bu.period, bu.timezone, bu.anchor, bu.period_seconds, p_now) pb
          WHERE bu.org_id = p_org
            AND (bu.id = ANY (release_ids)
                 OR (bu.active
                     AND (bu.scope_kind, bu.scope_id) IN (('org', p_org), ('key', p_key), ('user', p_user), ('team', p_team), ('project', p_project), ('agent', p_agent))
                     AND (bu.model IS NULL OR bu.model = p_model)))
          ORDER BY bu.id
          FOR UPDATE OF bu
        LOOP
          base_spent := CASE WHEN b.cur_start > b.period_start THEN 0 ELSE b.spent_micros END;
          new_spent := base_spent + CASE WHEN b.applies AND b.active THEN p_cost ELSE 0 END;
          new_alerted := CASE WHEN b.cur_start > b.period_start THEN 0 ELSE b.alerted_percent END;
          IF b.applies AND b.active AND b.limit_micros > 0 THEN
            FOREACH t IN ARRAY b.thresholds LOOP
              IF t > new_alerted AND new_spent * 100 >= t::bigint * b.limit_micros THEN
                event_id := 'budget.threshold:' || b.id || ':' || budget_iso(greatest(b.cur_start, b.period_start)) || ':' || t;
                INSERT INTO outbox (id, org_id, subject, data, created_at)
                VALUES (event_id, p_org, 'budget.threshold', jsonb_strip_nulls(jsonb_build_object(
                  'budgetId', b.id, 'budgetName', b.name,
                  'scope', jsonb_build_object('kind', b.scope_kind, 'id', b.scope_id, 'model', b.model),
                  'thresholdPercent', t, 'spentMicros', new_spent, 'limitMicros', b.limit_micros, 'enforced', b.enforce,
                  'periodStart', budget_iso(greatest(b.cur_start, b.period_start)), 'periodEnd', budget_iso(b.cur_end))), p_now)
                ON CONFLICT (id) DO NOTHING;
                IF FOUND THEN
                  events := events || jsonb_build_array(event_id);
                END IF;
              END IF;
            END LOOP;
            SELECT coalesce(max(x), new_alerted) INTO new_alerted
            FROM unnest(b.thresholds) AS x WHERE new_spent * 100 >= x::bigint * b.limit_micros AND x > new_alerted;
          END IF;
          UPDATE budgets SET
            spent_micros = new_spent,
            alerted_percent = new_alerted,
            period_start = greatest(b.cur_start, b.period_start),
            reserved_micros = CASE WHEN b.id = ANY (release_ids) THEN greatest(0, b.reserved_micros - r.amount_micros) ELSE b.reserved_micros END
          WHERE id = b.id;
        END LOOP;

        IF held AND cardinality(r.token_rate_limit_ids) > 0 THEN
          -- the reservation took the prompt (and any declared output cap) from the token buckets; correct it to what was used
          delta := (p_input + p_output) - r.rate_tokens;
          FOR rl IN SELECT * FROM rate_limits WHERE id = ANY (r.token_rate_limit_ids) AND org_id = p_org ORDER BY id FOR UPDATE LOOP
            UPDATE rate_limits SET tat_us = rl.tat_us + delta * ((60000000 + rl.per_minute - 1) / rl.per_minute) WHERE id = rl.id;
          END LOOP;
        END IF;

        RETURN jsonb_build_object('outcome', 'settled', 'cost', p_cost, 'priced', p_priced, 'late', is_late, 'events', events);
      END $$`);

    // Release reservations whose requests never settled. Reservations are taken SKIP LOCKED (a
    // settlement in progress wins), budgets are then locked in id order like everywhere else.
    await q.query(`
      CREATE FUNCTION budget_expire_reservations(p_now timestamptz, p_limit integer)
      RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        r record;
        n integer := 0;
        ids uuid[] := '{}';
        amounts bigint[] := '{}';
      BEGIN
        FOR r IN
          SELECT org_id, request_id, amount_micros, budget_ids FROM reservations
          WHERE status = 'held' AND expires_at <= p_now
          ORDER BY expires_at
          LIMIT p_limit
          FOR UPDATE SKIP LOCKED
        LOOP
          UPDATE reservations SET status = 'expired' WHERE org_id = r.org_id AND request_id = r.request_id;
          ids := ids || r.budget_ids;
          amounts := amounts || array_fill(r.amount_micros, ARRAY[cardinality(r.budget_ids)]);
          n := n + 1;
        END LOOP;
        IF n > 0 THEN
          PERFORM 1 FROM budgets WHERE id = ANY (ids) ORDER BY id FOR UPDATE;
          UPDATE budgets bu SET reserved_micros = greatest(0, bu.reserved_micros - t.amount)
          FROM (SELECT id, sum(amount)::bigint AS amount FROM unnest(ids, amounts) AS u(id, amount) GROUP BY id) t
          WHERE bu.id = t.id;
        END IF;
        RETURN n;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION budget_expire_reservations(timestamptz, integer)`);
    await q.query(`DROP FUNCTION budget_settle`);
    await q.query(`DROP FUNCTION budget_authorize`);
    await q.query(`DROP FUNCTION budget_period_bounds`);
    await q.query(`DROP FUNCTION budget_iso`);
    for (const table of ['outbox', 'ledger_entries', 'reservations', 'rate_limits', 'budgets', 'org_settings', 'prices']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
