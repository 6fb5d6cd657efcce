-- The two most clicked pages of every minute (ties go to the page that sorts first).
-- Run: bin/brook sql sql/programs/top_pages_per_window.sql
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

CREATE TEMPORARY VIEW page_counts AS
SELECT window_start, window_end, page, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, page;

SELECT window_start, window_end, page, clicks, rank_in_window
FROM (
  SELECT *, ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end ORDER BY clicks DESC, page ASC) AS rank_in_window
  FROM page_counts)
WHERE rank_in_window <= 2;
