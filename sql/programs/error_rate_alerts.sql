-- Log error-rate alerts: a service whose log lines in a minute are at least half errors
-- (counting minutes with at least two lines).
-- Run: bin/brook sql sql/programs/error_rate_alerts.sql
SET 'execution.runtime-mode' = 'streaming';

CREATE TABLE logs (
  ts      TIMESTAMP(3),
  service STRING,
  level   STRING,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path'      = '${SCRIPT_DIR}/data/logs.csv',
  'format'    = 'csv'
);

SELECT window_start, window_end, service,
       COUNT(*) AS lines,
       COUNT(*) FILTER (WHERE level = 'ERROR') AS errors,
       CAST(COUNT(*) FILTER (WHERE level = 'ERROR') AS DOUBLE) / COUNT(*) AS error_rate
FROM TABLE(TUMBLE(TABLE logs, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, service
HAVING COUNT(*) >= 2
   AND CAST(COUNT(*) FILTER (WHERE level = 'ERROR') AS DOUBLE) / COUNT(*) >= 0.5;
