-- Orders per customer in stagger windows over a Brook stream: a customer's window opens at
-- their first order and closes one minute later (KDA's WINDOWED BY STAGGER); the next order
-- after it opens the next window. STAGGER_WINDOW is Brook's, registered by bin/brook sql.
-- Run: bin/brook sql sql/programs/stagger_window_orders.sql
SET 'execution.runtime-mode' = 'streaming';

CREATE CATALOG brook WITH ('type' = 'brook', 'root' = '${BROOK_ROOT}');

-- The stream example_orders, a table in the brook catalog: recreated (emptied) on every run.
-- One shard keeps the orders in the order they are loaded.
DROP TABLE IF EXISTS brook.`default`.example_orders;
CREATE TABLE brook.`default`.example_orders (
  user_id STRING,
  amount  INT,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) PARTITIONED BY (user_id) WITH ('format' = 'json', 'shards' = '1');

-- Load it with the orders in data/orders.csv (a producer would put them there).
CREATE TEMPORARY TABLE orders_csv (user_id STRING, amount INT, ts TIMESTAMP(3)) WITH (
  'connector' = 'filesystem',
  'path'      = '${SCRIPT_DIR}/data/orders.csv',
  'format'    = 'csv'
);
SET 'table.dml-sync' = 'true';
INSERT INTO brook.`default`.example_orders SELECT * FROM orders_csv;

-- The analytics, over what the stream holds now ('scan.bounded'), so the program ends.
CREATE TEMPORARY VIEW orders AS
SELECT * FROM brook.`default`.example_orders /*+ OPTIONS('scan.bounded' = 'true') */;

SELECT user_id, window_start, window_end, row_count AS orders, amount_sum AS total, amount_max AS largest
FROM STAGGER_WINDOW(
    input => TABLE orders PARTITION BY user_id,
    on_time => DESCRIPTOR(ts),
    window_size => INTERVAL '1' MINUTE);
