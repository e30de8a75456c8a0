-- flink-ddl demo: the connection statements of Confluent Cloud for Apache Flink, against the
-- default catalog (a SQLite file in your data directory; credentials are sealed in it).
-- It runs again without error: IF NOT EXISTS, OR REPLACE and IF EXISTS keep it repeatable.
--   cargo run --release -- -f examples/demo.sql

-- 1. Create connections. The credentials are stored encrypted and never printed.
CREATE CONNECTION IF NOT EXISTS openai_conn
  COMMENT 'chat completions'
  WITH (
    'type' = 'OPENAI',
    'endpoint' = 'https://api.openai.com/v1/chat/completions',
    'api-key' = 'sk-demo-not-a-real-key'
  );

CREATE OR REPLACE CONNECTION movies_mongo
  COMMENT 'the movies cluster'
  WITH (
    'type' = 'mongodb',
    'endpoint' = 'mongodb+srv://cluster0.example.mongodb.net',
    'username' = 'svc_movies',
    'password' = 'demo-not-a-real-password'
  );

-- 2. Look at them: Data is always <REDACTED>.
DESCRIBE CONNECTION EXTENDED openai_conn;
SHOW CONNECTIONS LIKE '%o%';

-- 3. Rotate a credential (ALTER changes credentials only), and print the statement that would
--    recreate the connection: the secret is masked, the user name is not.
ALTER CONNECTION openai_conn SET ('api-key' = 'sk-demo-rotated');
SHOW CREATE CONNECTION movies_mongo;

-- 4. A table that uses a connection: from now on DROP CONNECTION movies_mongo is refused,
--    naming the table (the README's second command shows it).
CREATE TABLE IF NOT EXISTS movies (
  title STRING,
  `year` INT,
  plot STRING
) WITH (
  'connector' = 'mongodb',
  'mongodb.connection' = 'movies_mongo',
  'mongodb.database' = 'sample_mflix',
  'mongodb.collection' = 'movies',
  'mongodb.index' = 'default'
);
SHOW TABLES;

-- 5. A connection no table uses can be dropped.
CREATE CONNECTION IF NOT EXISTS scratch_rest
  WITH ('type' = 'rest', 'endpoint' = 'https://api.example.com', 'token' = 'demo-token');
DROP CONNECTION IF EXISTS scratch_rest;
SHOW CONNECTIONS;
