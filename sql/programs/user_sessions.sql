-- Per-user sessions: a session ends after 30 seconds without a click.
-- Run: bin/brook sql sql/programs/user_sessions.sql
SET 'execution.runtime-mode' = 'streaming';

CREATE TABLE clicks (
  user_id STRING,
  page    STRING,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path'      = '${SCRIPT_DIR}/data/clicks.csv',
  'format'    = 'csv'
);

SELECT user_id, window_start AS session_start, window_end AS session_end, COUNT(*) AS clicks
FROM TABLE(SESSION(TABLE clicks PARTITION BY user_id, DESCRIPTOR(ts), INTERVAL '30' SECOND))
GROUP BY user_id, window_start, window_end;
