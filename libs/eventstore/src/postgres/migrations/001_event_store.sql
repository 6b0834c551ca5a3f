-- The event store's tables. Streams hold one row per stream (its version, the lock appends take);
-- events hold the log. The global feed is read in (transaction_id, global_position) order below the
-- oldest running transaction, so a transaction that commits late is never skipped.
CREATE TABLE eventstore_streams (
  stream_id text PRIMARY KEY,
  -- 1-based: the number of events in the stream; 0 for a row created by a batch that did not append.
  version bigint NOT NULL CHECK (version >= 0)
);

CREATE TABLE eventstore_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  stream_version bigint NOT NULL CHECK (stream_version >= 1),
  event_id uuid NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- The feed's order and its checkpoint.
  PRIMARY KEY (transaction_id, global_position),
  UNIQUE (stream_id, stream_version),
  -- Idempotent retries find their events by id; an id is never stored twice in one stream.
  UNIQUE (stream_id, event_id)
);

-- Subscription positions and the events a subscription set aside (onError 'dead-letter').
CREATE TABLE eventstore_checkpoints (
  subscription_id text PRIMARY KEY,
  checkpoint text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE eventstore_dead_letters (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id text NOT NULL,
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  stream_version bigint NOT NULL,
  event_type text NOT NULL,
  checkpoint text NOT NULL,
  error text NOT NULL,
  event jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX eventstore_dead_letters_by_subscription ON eventstore_dead_letters (subscription_id, id);
