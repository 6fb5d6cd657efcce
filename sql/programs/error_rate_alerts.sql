-- Log error-rate alerts over a Brook stream: a service whose log lines in a minute are at
-- least half errors (counting minutes with at least two lines).
-- Run: bin/brook sql sql/programs/error_rate_alerts.sql
SET 'execution.runtime-mode' = 'streaming';

CREATE CATALOG brook WITH ('type' = 'brook', 'root' = '${BROOK_ROOT}');

-- The stream example_logs, a table in the brook catalog: recreated (emptied) on every run.
-- One shard keeps the log lines in the order they are loaded.
DROP TABLE IF EXISTS brook.`default`.example_logs;
CREATE TABLE brook.`default`.example_logs (
  ts      TIMESTAMP(3),
  service STRING,
  level   STRING,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) PARTITIONED BY (service) WITH ('format' = 'json', 'shards' = '1');

-- Load it with the log lines in data/logs.csv (a producer would put them there).
CREATE TEMPORARY TABLE logs_csv (ts TIMESTAMP(3), service STRING, level STRING) WITH (
  'connector' = 'filesystem',
  'path'      = '${SCRIPT_DIR}/data/logs.csv',
  'format'    = 'csv'
);
SET 'table.dml-sync' = 'true';
INSERT INTO brook.`default`.example_logs SELECT * FROM logs_csv;

-- The analytics, over what the stream holds now ('scan.bounded'), so the program ends.
CREATE TEMPORARY VIEW logs AS
SELECT * FROM brook.`default`.example_logs /*+ OPTIONS('scan.bounded' = 'true') */;

SELECT window_start, window_end, service,
       COUNT(*) AS lines,
       COUNT(*) FILTER (WHERE level = 'ERROR') AS errors,
       CAST(COUNT(*) FILTER (WHERE level = 'ERROR') AS DOUBLE) / COUNT(*) AS error_rate
FROM TABLE(TUMBLE(TABLE logs, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, service
HAVING COUNT(*) >= 2
   AND CAST(COUNT(*) FILTER (WHERE level = 'ERROR') AS DOUBLE) / COUNT(*) >= 0.5;
