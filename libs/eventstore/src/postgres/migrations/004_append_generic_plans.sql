-- Plans for small appends. eventstore_append's two statements take the whole batch as one jsonb
-- parameter and are planned by PostgreSQL's plan cache: a "custom" plan per call (planned with that
-- call's values) or one "generic" plan kept for the connection. Under the default policy a statement
-- is planned afresh on each of its first five calls on a connection, and afterwards whenever the
-- generic plan's estimated cost is higher than the custom ones', which for batches of a few streams it
-- always is: every command (claim, resolve, block: one stream, one event) planned the six-CTE
-- statement again, which cost more than running it. Measured through node-postgres on one connection
-- with plan_cache_mode forced each way, rounds alternating (docs/BENCHMARKS.md, "Event store"),
-- server CPU per call (new streams, two small events each):
--   streams per call    1-2         5           10          20          40          150         400
--   custom plans        0.80-1.15   1.15-1.40   1.45-1.60   1.85-2.00   3.4-4.1     9.3-13.0    29-33 ms
--   generic plan        0.35-0.55   0.70-0.85   0.95-1.00   1.30-1.50   2.7-3.4     15.2-15.9   37-50 ms
-- So calls of fewer than 50 streams use the generic plan, and larger ones keep the default policy
-- (the split parts of a large appendMany hold ~130 scored transactions: unchanged). The choice is made
-- per call by a wrapper that keeps the name and the contract; its SET clause scopes the setting to the
-- call, so the caller's session and transaction never see it. The statements stay in
-- eventstore_append_statements (the body of 003, renamed).
ALTER FUNCTION eventstore_append(jsonb, boolean) RENAME TO eventstore_append_statements;

CREATE FUNCTION eventstore_append(p_batch jsonb, p_notify boolean)
RETURNS TABLE (stream_id text, outcome text, stream_version bigint)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = auto
AS $fn$
BEGIN
  IF jsonb_array_length(p_batch) < 50 THEN
    SET LOCAL plan_cache_mode = force_generic_plan;
  END IF;
  RETURN QUERY SELECT * FROM eventstore_append_statements(p_batch, p_notify);
END
$fn$;
