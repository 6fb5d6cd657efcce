-- A sliding (per-row) average: every reading with the average of its sensor's last three readings.
-- Run: bin/brook sql sql/programs/sliding_averages.sql
SET 'execution.runtime-mode' = 'streaming';

CREATE TABLE readings (
  sensor STRING,
  ts     TIMESTAMP(3),
  temp   DOUBLE,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path'      = '${SCRIPT_DIR}/data/readings.csv',
  'format'    = 'csv'
);

SELECT sensor, ts, temp,
       AVG(temp) OVER (PARTITION BY sensor ORDER BY ts
                       ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS avg_last_3
FROM readings;
