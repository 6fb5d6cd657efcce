-- Click-stream page counts per tumbling minute of event time.
-- Run: bin/brook sql sql/programs/page_counts_per_minute.sql
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

SELECT window_start, window_end, page, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, page;
