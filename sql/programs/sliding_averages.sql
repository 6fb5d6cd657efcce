-- A sliding (per-row) average over a Brook stream: every reading with the average of its
-- sensor's last three readings.
-- Run: bin/brook sql sql/programs/sliding_averages.sql
SET 'execution.runtime-mode' = 'streaming';

CREATE CATALOG brook WITH ('type' = 'brook', 'root' = '${BROOK_ROOT}');

-- The stream example_readings, a table in the brook catalog: recreated (emptied) on every run.
-- One shard keeps the readings in the order they are loaded.
DROP TABLE IF EXISTS brook.`default`.example_readings;
CREATE TABLE brook.`default`.example_readings (
  sensor STRING,
  ts     TIMESTAMP(3),
  temp   DOUBLE,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) PARTITIONED BY (sensor) WITH ('format' = 'json', 'shards' = '1');

-- Load it with the readings in data/readings.csv (a producer would put them there).
CREATE TEMPORARY TABLE readings_csv (sensor STRING, ts TIMESTAMP(3), temp DOUBLE) WITH (
  'connector' = 'filesystem',
  'path'      = '${SCRIPT_DIR}/data/readings.csv',
  'format'    = 'csv'
);
SET 'table.dml-sync' = 'true';
INSERT INTO brook.`default`.example_readings SELECT * FROM readings_csv;

-- The analytics, over what the stream holds now ('scan.bounded'), so the program ends.
CREATE TEMPORARY VIEW readings AS
SELECT * FROM brook.`default`.example_readings /*+ OPTIONS('scan.bounded' = 'true') */;

SELECT sensor, ts, temp,
       AVG(temp) OVER (PARTITION BY sensor ORDER BY ts
                       ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS avg_last_3
FROM readings;
