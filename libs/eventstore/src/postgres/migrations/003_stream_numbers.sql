-- Stream numbers: every stream gets a bigint from a sequence when its row is created, and the events'
-- per-stream indexes key on it instead of the text stream id. Uniqueness is unchanged (a number names
-- exactly one stream), but a new stream's number is the highest so far, so the events of new streams
-- (nearly every append here: one stream per transaction) go to the right-hand edge of both indexes
-- instead of a random leaf page each. Random leaf pages cost a cache miss, a full-page image in the WAL
-- after every checkpoint, and grow with the table; the right-hand edge costs neither. Measured before
-- this change: the two text indexes were ~30 % of the server's CPU per batched event (docs/BENCHMARKS.md,
-- "Event store"). stream_id stays on the events as the feed's column and for prefix filters.

-- Events written before this migration by other means than eventstore_append still get a stream row.
INSERT INTO eventstore_streams (stream_id, version)
SELECT e.stream_id, max(e.stream_version) FROM eventstore_events e GROUP BY e.stream_id
ON CONFLICT (stream_id) DO NOTHING;

ALTER TABLE eventstore_streams ADD COLUMN stream_no bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE eventstore_streams ADD CONSTRAINT eventstore_streams_stream_no_key UNIQUE (stream_no);

ALTER TABLE eventstore_events ADD COLUMN stream_no bigint;
UPDATE eventstore_events e SET stream_no = s.stream_no FROM eventstore_streams s WHERE s.stream_id = e.stream_id;
ALTER TABLE eventstore_events ALTER COLUMN stream_no SET NOT NULL;
ALTER TABLE eventstore_events DROP CONSTRAINT eventstore_events_stream_id_stream_version_key;
ALTER TABLE eventstore_events DROP CONSTRAINT eventstore_events_stream_id_event_id_key;
ALTER TABLE eventstore_events ADD CONSTRAINT eventstore_events_stream_no_stream_version_key
  UNIQUE (stream_no, stream_version);
ALTER TABLE eventstore_events ADD CONSTRAINT eventstore_events_stream_no_event_id_key
  UNIQUE (stream_no, event_id);

-- Same signature, contract and outcomes as 002; streams are now joined by number.
CREATE OR REPLACE FUNCTION eventstore_append(p_batch jsonb, p_notify boolean)
RETURNS TABLE (stream_id text, outcome text, stream_version bigint)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
DECLARE
  v_ids text[];
  v_nos bigint[];
  v_versions bigint[];
  v_created boolean[];
  v_streams text[];
  v_outcomes text[];
  v_result_versions bigint[];
BEGIN
  -- Lock every stream of the batch in one pass, in stream_id order, so concurrent batches queue
  -- behind each other instead of deadlocking. A stream that does not exist is created here already
  -- at its final version when its expectation allows appending to an empty stream (the common case
  -- of new transaction streams: no second write of the row), and takes the next stream number. For
  -- an existing row the returned version is the latest committed one, and later statements see
  -- everything its writers committed.
  WITH req AS (
    SELECT r.s, r.x, jsonb_array_length(r.e) AS n FROM jsonb_to_recordset(p_batch) AS r(s text, x jsonb, e jsonb)
  ),
  locked AS (
    INSERT INTO eventstore_streams AS s (stream_id, version)
    SELECT req.s,
           CASE WHEN req.x IN ('"no_stream"', '"any"', '0') THEN req.n ELSE 0 END
    FROM req ORDER BY req.s
    ON CONFLICT (stream_id) DO UPDATE SET version = s.version
    RETURNING s.stream_id, s.stream_no, s.version, (s.xmax = 0) AS created
  )
  SELECT array_agg(l.stream_id), array_agg(l.stream_no), array_agg(l.version), array_agg(l.created)
  INTO v_ids, v_nos, v_versions, v_created FROM locked l;

  WITH req AS (
    SELECT r.ord, r.s AS sid, c.no, r.x AS expected, r.e AS events, jsonb_array_length(r.e) AS n,
           c.created, CASE WHEN c.created THEN 0 ELSE c.version END AS current
    FROM ROWS FROM (jsonb_to_recordset(p_batch) AS (s text, x jsonb, e jsonb)) WITH ORDINALITY AS r(s, x, e, ord)
    JOIN unnest(v_ids, v_nos, v_versions, v_created) AS c(sid, no, version, created) ON c.sid = r.s
  ),
  ev AS (
    SELECT req.sid, req.no, e.n AS idx, (e.j->>'i')::uuid AS event_id, e.j
    FROM req, jsonb_array_elements(req.events) WITH ORDINALITY AS e(j, n)
  ),
  -- A stream created by this call holds no events yet: only existing ones can hold a retry.
  found AS (
    SELECT ev.sid, ev.idx, x.stream_version AS at
    FROM req
    JOIN ev ON ev.sid = req.sid
    JOIN eventstore_events x ON x.stream_no = ev.no AND x.event_id = ev.event_id
    WHERE NOT req.created
  ),
  decided AS (
    SELECT req.ord, req.sid, req.no, req.current, req.n, req.created,
      CASE
        WHEN count(f.idx) = 0 THEN
          CASE WHEN CASE
                      WHEN jsonb_typeof(req.expected) = 'number' THEN req.current = (req.expected)::bigint
                      WHEN req.expected = '"no_stream"' THEN req.current = 0
                      WHEN req.expected = '"stream_exists"' THEN req.current > 0
                      ELSE true
                    END
               THEN 'appended' ELSE 'conflict' END
        -- A retry: every id present, contiguous and in order, where the expectation put them.
        WHEN count(f.idx) < req.n OR min(f.at - f.idx) <> max(f.at - f.idx) THEN 'conflict'
        WHEN jsonb_typeof(req.expected) = 'number' THEN
          CASE WHEN min(f.at - f.idx) = (req.expected)::bigint THEN 'already-present' ELSE 'conflict' END
        WHEN req.expected = '"no_stream"' THEN
          CASE WHEN min(f.at - f.idx) = 0 THEN 'already-present' ELSE 'conflict' END
        ELSE 'already-present'
      END AS outcome
    FROM req LEFT JOIN found f ON f.sid = req.sid
    GROUP BY req.ord, req.sid, req.no, req.current, req.n, req.created, req.expected
  ),
  inserted AS (
    INSERT INTO eventstore_events (stream_id, stream_no, stream_version, event_id, type, schema_version, data, metadata)
    SELECT ev.sid, ev.no, d.current + ev.idx, ev.event_id, ev.j->>'t', (ev.j->>'v')::integer, ev.j->'d', ev.j->'m'
    FROM ev JOIN decided d ON d.sid = ev.sid
    WHERE d.outcome = 'appended'
    ORDER BY d.ord, ev.idx
  ),
  updated AS (
    UPDATE eventstore_streams s SET version = d.current + d.n
    FROM decided d
    WHERE s.stream_no = d.no AND d.outcome = 'appended' AND d.n > 0 AND NOT d.created
  )
  -- (the INSERT and UPDATE above run to completion though nothing reads them)
  SELECT array_agg(d.sid ORDER BY d.ord), array_agg(d.outcome ORDER BY d.ord),
         array_agg(CASE WHEN d.outcome = 'appended' THEN d.current + d.n ELSE d.current END ORDER BY d.ord)
  INTO v_streams, v_outcomes, v_result_versions
  FROM decided d;

  IF p_notify AND 'appended' = ANY(v_outcomes) THEN
    PERFORM pg_notify('eventstore_appended', '');
  END IF;

  RETURN QUERY SELECT * FROM unnest(v_streams, v_outcomes, v_result_versions);
END
$fn$;
