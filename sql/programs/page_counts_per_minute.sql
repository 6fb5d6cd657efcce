-- Click-stream page counts per tumbling minute of event time, over a Brook stream.
-- Run: bin/brook sql sql/programs/page_counts_per_minute.sql
SET 'execution.runtime-mode' = 'streaming';

CREATE CATALOG brook WITH ('type' = 'brook', 'root' = '${BROOK_ROOT}');

-- The stream example_clicks, a table in the brook catalog: recreated (emptied) on every run.
-- One shard keeps the clicks in the order they are loaded.
DROP TABLE IF EXISTS brook.`default`.example_clicks;
CREATE TABLE brook.`default`.example_clicks (
  user_id STRING,
  page    STRING,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) PARTITIONED BY (user_id) WITH ('format' = 'json', 'shards' = '1');

-- Load it with the clicks in data/clicks.csv (a producer would put them there).
CREATE TEMPORARY TABLE clicks_csv (user_id STRING, page STRING, ts TIMESTAMP(3)) WITH (
  'connector' = 'filesystem',
  'path'      = '${SCRIPT_DIR}/data/clicks.csv',
  'format'    = 'csv'
);
SET 'table.dml-sync' = 'true';
INSERT INTO brook.`default`.example_clicks SELECT * FROM clicks_csv;

-- The analytics, over what the stream holds now ('scan.bounded'), so the program ends.
CREATE TEMPORARY VIEW clicks AS
SELECT * FROM brook.`default`.example_clicks /*+ OPTIONS('scan.bounded' = 'true') */;

SELECT window_start, window_end, page, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, page;
