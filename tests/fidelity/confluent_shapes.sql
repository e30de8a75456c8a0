-- Statement shapes of the Confluent Cloud for Apache Flink reference pages (SHOW, DESCRIBE,
-- CREATE TABLE, Data Types, CREATE / ALTER / DROP CONNECTION, CREATE MODEL), one statement per
-- shape, for the differential check against Apache Flink's parser (docs/fidelity.md). Written
-- for flink-ddl: every name and value is made up; only the syntax follows the pages. Shapes that
-- this dialect refuses are here too, so the check shows the rule that refuses them.

-- SHOW (reference/statements/show)
SHOW CATALOGS;
SHOW CURRENT CATALOG;
SHOW DATABASES;
SHOW CURRENT DATABASE;
SHOW TABLES;
SHOW TABLES LIKE 'ord%';
SHOW TABLES NOT LIKE 'tmp\_%';
SHOW TABLES ILIKE 'ORD%';
SHOW TABLES FROM shop_db;
SHOW TABLES IN shop_db;
SHOW TABLES FROM acme_env.shop_db;
SHOW TABLES IN `acme-env`.`shop-db` LIKE 'o%';
SHOW TABLES FROM shop_db NOT LIKE '%_v1';
SHOW TABLES IN acme_env.shop_db NOT ILIKE 'TMP%';
SHOW CREATE TABLE orders_v2;
SHOW CREATE TABLE acme_env.shop_db.orders_v2;
SHOW FUNCTIONS;
SHOW USER FUNCTIONS;
SHOW JOBS;
SHOW CONNECTIONS;
SHOW CONNECTIONS LIKE 'crm%';
SHOW CREATE CONNECTION crm_pg;
SHOW MODELS;
SHOW MODELS FROM shop_db;
SHOW MODELS IN acme_env.shop_db LIKE 'sent%';
SHOW CREATE MODEL sentiment_v1;

-- DESCRIBE (reference/statements/describe)
DESCRIBE orders_v2;
DESC orders_v2;
DESCRIBE EXTENDED orders_v2;
DESCRIBE acme_env.shop_db.orders_v2;
DESCRIBE `acme-env`.`shop-db`.`orders-v2`;
DESCRIBE CONNECTION crm_pg;
DESCRIBE CONNECTION EXTENDED crm_pg;
DESCRIBE MODEL sentiment_v1;

-- CREATE / ALTER / DROP CONNECTION (reference/statements/create-connection, alter-, drop-)
CREATE CONNECTION crm_pg
  COMMENT 'orders database'
  WITH ('type' = 'confluent_jdbc', 'endpoint' = 'jdbc:postgresql://db.example.net:5432/crm',
        'username' = 'svc_reader', 'password' = 'pw-0001');
CREATE CONNECTION IF NOT EXISTS vec_store
  WITH ('type' = 'pinecone', 'endpoint' = 'https://idx-07.example.io/query', 'api-key' = 'pk-0002');
CREATE OR REPLACE CONNECTION acme_env.shop_db.llm_conn
  WITH ('type' = 'openai', 'endpoint' = 'https://api.example.com/v1/chat', 'api-key' = 'sk-0003');
ALTER CONNECTION crm_pg SET ('password' = 'pw-0004');
ALTER CONNECTION IF EXISTS vec_store SET ('api-key' = 'pk-0005');
DROP CONNECTION crm_pg;
DROP CONNECTION IF EXISTS acme_env.shop_db.vec_store;

-- CREATE TABLE (reference/statements/create-table)
CREATE TABLE orders_v2 (
  order_id BIGINT NOT NULL,
  customer_id INT,
  amount DECIMAL(10, 2),
  placed_at TIMESTAMP_LTZ(3),
  PRIMARY KEY (order_id) NOT ENFORCED,
  WATERMARK FOR placed_at AS placed_at - INTERVAL '5' SECOND
) DISTRIBUTED BY HASH(order_id) INTO 4 BUCKETS
  WITH ('changelog.mode' = 'upsert', 'kafka.retention.time' = '7 d');
CREATE TABLE IF NOT EXISTS clicks_v2 (
  url STRING,
  `partition` INT METADATA VIRTUAL,
  `offset` BIGINT METADATA VIRTUAL,
  kafka_ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  host AS SUBSTRING(url FROM 9 FOR 12) COMMENT 'computed'
) COMMENT 'page clicks' DISTRIBUTED INTO 3 BUCKETS;
CREATE TABLE clicks_copy DISTRIBUTED BY (url) INTO 2 BUCKETS
  WITH ('value.format' = 'json-registry') LIKE clicks_v2 (EXCLUDING WATERMARKS INCLUDING GENERATED);
CREATE TABLE big_orders WITH ('scan.startup.mode' = 'earliest-offset')
  AS SELECT order_id, amount FROM orders_v2 WHERE amount > 100;
CREATE OR REPLACE TABLE big_orders (PRIMARY KEY (order_id) NOT ENFORCED)
  DISTRIBUTED BY (order_id) INTO 2 BUCKETS AS SELECT order_id, amount FROM orders_v2;
CREATE TABLE vectors_ext (doc_id STRING, body STRING, embedding ARRAY<FLOAT>)
  WITH ('connector' = 'pinecone', 'pinecone.connection' = 'vec_store');
CREATE TABLE part_old (k INT, v STRING) PARTITIONED BY (k) WITH ('connector' = 'confluent');
DROP TABLE orders_v2;
DROP TABLE IF EXISTS acme_env.shop_db.clicks_v2;

-- Data types (reference/datatypes), one column each
CREATE TABLE type_tour (
  c01 CHAR, c02 CHAR(4), c03 VARCHAR, c04 VARCHAR(40), c05 STRING,
  c06 BINARY, c07 BINARY(8), c08 VARBINARY, c09 VARBINARY(16), c10 BYTES,
  c11 TINYINT, c12 SMALLINT, c13 INT, c14 INTEGER, c15 BIGINT,
  c16 DECIMAL, c17 DEC(12), c18 NUMERIC(12, 4), c19 FLOAT, c20 DOUBLE, c21 DOUBLE PRECISION,
  c22 BOOLEAN, c23 DATE, c24 TIME, c25 TIME(3), c26 TIME(3) WITHOUT TIME ZONE,
  c27 TIMESTAMP, c28 TIMESTAMP(3), c29 TIMESTAMP(3) WITHOUT TIME ZONE,
  c30 TIMESTAMP_LTZ, c31 TIMESTAMP_LTZ(3), c32 TIMESTAMP(3) WITH LOCAL TIME ZONE,
  c33 ARRAY<INT>, c34 INT ARRAY, c35 MAP<STRING, BIGINT>, c36 MULTISET<STRING>, c37 STRING MULTISET,
  c38 ROW<a INT, b STRING 'the b field'>, c39 ROW(a INT, b STRING), c40 INT NOT NULL, c41 STRING NULL
);
CREATE TABLE type_intervals (i1 INTERVAL DAY TO SECOND(3), i2 INTERVAL YEAR TO MONTH);
CREATE TABLE type_zoned (z TIMESTAMP(3) WITH TIME ZONE);
CREATE TABLE type_null (n NULL);
CREATE TABLE type_variant (v VARIANT, w VARIANT NOT NULL);
CREATE TABLE type_bitmap (b BITMAP, c BITMAP NOT NULL);

-- Models (reference/statements/create-model), parsed once issue 17 lands
CREATE MODEL sentiment_v1
  INPUT (review STRING) OUTPUT (label STRING)
  COMMENT 'review sentiment'
  WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'llm_conn');
DROP MODEL IF EXISTS sentiment_v1;
