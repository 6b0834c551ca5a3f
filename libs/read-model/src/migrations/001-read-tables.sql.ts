// Migration 1: the read tables. Plain unqualified DDL, so the same statements build the live tables
// (search_path public) and a rebuild's shadow copies (search_path = the shadow schema).
// Money is numeric(19,4) (exact: a rebuild must equal the live tables to the cent); scores are
// double precision in [0, 1]; times are timestamptz taken from events, never now(), for the same reason.

/** Dropped by migration 3 (the statistics are written with the transactions); its down restores it. */
export const statisticsFactsTableV1 = `CREATE TABLE statistics_transaction_facts (
    transaction_id text PRIMARY KEY,
    facts jsonb NOT NULL,
    stream_version integer NOT NULL DEFAULT 0,
    alert_version integer NOT NULL DEFAULT 0
  )`;

export const readTablesV1: readonly string[] = [
  `CREATE TABLE transactions_enriched (
    transaction_id text PRIMARY KEY,
    customer_id text,
    merchant_id text,
    merchant_category text,
    country text,
    amount numeric(19,4),
    currency text,
    channel text,
    device text,
    occurred_at timestamptz,
    received_at timestamptz,
    risk_score double precision,
    decision text CHECK (decision IN ('APPROVE', 'REVIEW', 'BLOCK')),
    model_version text,
    policy_version integer,
    review_threshold double precision,
    block_threshold double precision,
    customer_blocked boolean,
    reasons jsonb NOT NULL DEFAULT '[]',
    scored_at timestamptz,
    status text NOT NULL DEFAULT 'received'
      CHECK (status IN ('received', 'approved', 'in_review', 'blocked', 'released')),
    status_changed_by text,
    status_reason text,
    alert_id text,
    chargeback boolean NOT NULL DEFAULT false,
    chargeback_at timestamptz,
    disposition text CHECK (disposition IN ('CONFIRMED_FRAUD', 'FALSE_POSITIVE', 'INCONCLUSIVE')),
    disposition_at timestamptz,
    label text CHECK (label IN ('fraud', 'legit')),
    stream_version integer NOT NULL DEFAULT 0,
    alert_version integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE INDEX transactions_enriched_by_time ON transactions_enriched (occurred_at DESC, transaction_id DESC)`,
  `CREATE INDEX transactions_enriched_by_customer ON transactions_enriched (customer_id, occurred_at DESC, transaction_id DESC)`,
  `CREATE INDEX transactions_enriched_by_decision ON transactions_enriched (decision, occurred_at DESC, transaction_id DESC)`,
  `CREATE INDEX transactions_enriched_by_status ON transactions_enriched (status, occurred_at DESC, transaction_id DESC)`,
  `CREATE INDEX transactions_enriched_by_score ON transactions_enriched (risk_score DESC, transaction_id DESC)`,

  `CREATE TABLE fraud_alerts (
    alert_id text PRIMARY KEY,
    transaction_id text NOT NULL,
    customer_id text NOT NULL,
    merchant_id text NOT NULL,
    amount numeric(19,4) NOT NULL,
    currency text NOT NULL,
    risk_score double precision NOT NULL,
    decision text NOT NULL CHECK (decision IN ('REVIEW', 'BLOCK')),
    reasons jsonb NOT NULL DEFAULT '[]',
    status text NOT NULL CHECK (status IN ('OPEN', 'IN_REVIEW', 'ESCALATED', 'RESOLVED')),
    assignee text,
    disposition text CHECK (disposition IN ('CONFIRMED_FRAUD', 'FALSE_POSITIVE', 'INCONCLUSIVE')),
    resolution_note text,
    resolved_by text,
    escalation_reason text,
    note_count integer NOT NULL DEFAULT 0,
    opened_at timestamptz NOT NULL,
    claimed_at timestamptz,
    escalated_at timestamptz,
    resolved_at timestamptz,
    expected_loss numeric(19,4) NOT NULL,
    version integer NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE INDEX fraud_alerts_by_loss ON fraud_alerts (expected_loss DESC, alert_id DESC)`,
  `CREATE INDEX fraud_alerts_by_opened ON fraud_alerts (opened_at DESC, alert_id DESC)`,
  `CREATE INDEX fraud_alerts_by_status_loss ON fraud_alerts (status, expected_loss DESC, alert_id DESC)`,
  `CREATE INDEX fraud_alerts_by_status_opened ON fraud_alerts (status, opened_at DESC, alert_id DESC)`,
  `CREATE INDEX fraud_alerts_by_assignee ON fraud_alerts (assignee, status, opened_at DESC) WHERE assignee IS NOT NULL`,
  `CREATE INDEX fraud_alerts_by_customer ON fraud_alerts (customer_id, opened_at DESC)`,
  `CREATE INDEX fraud_alerts_by_score ON fraud_alerts (risk_score DESC, alert_id DESC)`,

  `CREATE TABLE alert_timeline (
    alert_id text NOT NULL,
    version integer NOT NULL,
    type text NOT NULL,
    actor_id text NOT NULL,
    actor_role text NOT NULL,
    at timestamptz NOT NULL,
    details jsonb NOT NULL,
    event_id uuid NOT NULL,
    PRIMARY KEY (alert_id, version)
  )`,
  `CREATE INDEX alert_timeline_recent ON alert_timeline (at DESC, alert_id, version)`,

  `CREATE TABLE fraud_stats_minute (
    minute timestamptz PRIMARY KEY,
    transactions integer NOT NULL DEFAULT 0,
    scored integer NOT NULL DEFAULT 0,
    suspected integer NOT NULL DEFAULT 0,
    blocked integer NOT NULL DEFAULT 0,
    released integer NOT NULL DEFAULT 0,
    chargebacks integer NOT NULL DEFAULT 0,
    confirmed_fraud integer NOT NULL DEFAULT 0,
    false_positives integer NOT NULL DEFAULT 0,
    amount_total numeric(19,4) NOT NULL DEFAULT 0,
    amount_suspected numeric(19,4) NOT NULL DEFAULT 0,
    amount_blocked numeric(19,4) NOT NULL DEFAULT 0,
    amount_fraud numeric(19,4) NOT NULL DEFAULT 0,
    exposure numeric(19,4) NOT NULL DEFAULT 0
  )`,

  `CREATE TABLE score_histogram (
    bin_width numeric(4,2) NOT NULL CHECK (bin_width IN (0.05, 0.01)),
    bin integer NOT NULL,
    lower_bound double precision NOT NULL,
    upper_bound double precision NOT NULL,
    transactions integer NOT NULL DEFAULT 0,
    confirmed_fraud integer NOT NULL DEFAULT 0,
    false_positives integer NOT NULL DEFAULT 0,
    PRIMARY KEY (bin_width, bin)
  )`,

  ...['merchant', 'country', 'customer'].flatMap((dimension) => [
    `CREATE TABLE ${dimension}_risk (
      ${dimension}_id text PRIMARY KEY,
      transactions integer NOT NULL DEFAULT 0,
      suspected integer NOT NULL DEFAULT 0,
      blocked integer NOT NULL DEFAULT 0,
      chargebacks integer NOT NULL DEFAULT 0,
      confirmed_fraud integer NOT NULL DEFAULT 0,
      false_positives integer NOT NULL DEFAULT 0,
      amount_total numeric(19,4) NOT NULL DEFAULT 0,
      amount_suspected numeric(19,4) NOT NULL DEFAULT 0,
      amount_blocked numeric(19,4) NOT NULL DEFAULT 0,
      amount_fraud numeric(19,4) NOT NULL DEFAULT 0,
      exposure numeric(19,4) NOT NULL DEFAULT 0,
      last_seen_at timestamptz
    )`,
    `CREATE INDEX ${dimension}_risk_by_fraud ON ${dimension}_risk (confirmed_fraud DESC, suspected DESC)`,
    `CREATE INDEX ${dimension}_risk_by_exposure ON ${dimension}_risk (exposure DESC)`,
  ]),

  `CREATE TABLE labels (
    transaction_id text PRIMARY KEY,
    customer_id text,
    amount numeric(19,4),
    risk_score double precision,
    decision text,
    model_version text,
    source text NOT NULL CHECK (source IN ('disposition', 'chargeback')),
    is_fraud boolean NOT NULL,
    labelled_at timestamptz NOT NULL,
    occurred_at timestamptz
  )`,
  `CREATE INDEX labels_by_score ON labels (risk_score)`,
  `CREATE INDEX labels_by_time ON labels (labelled_at DESC)`,

  // The statistics projection's own memory: what each transaction currently contributes to the
  // counters, so a counter moves by (new contribution - old contribution) and a replayed event,
  // whose version is not above the stored one, moves nothing.
  statisticsFactsTableV1,

  `CREATE TABLE customer_blocklist (
    customer_id text PRIMARY KEY,
    blocked boolean NOT NULL,
    reason text NOT NULL,
    changed_by text NOT NULL,
    changed_at timestamptz NOT NULL,
    version integer NOT NULL
  )`,
  `CREATE INDEX customer_blocklist_blocked ON customer_blocklist (changed_at DESC) WHERE blocked`,

  `CREATE TABLE risk_policy (
    id text PRIMARY KEY CHECK (id = 'current'),
    version integer NOT NULL,
    review_threshold double precision NOT NULL,
    block_threshold double precision NOT NULL,
    reason text NOT NULL,
    changed_by text NOT NULL,
    changed_at timestamptz NOT NULL
  )`,

  `CREATE TABLE projection_checkpoints (
    name text PRIMARY KEY,
    checkpoint text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    events_applied bigint NOT NULL DEFAULT 0,
    last_event_at timestamptz,
    failed_event jsonb,
    error text,
    failed_at timestamptz
  )`,
];
